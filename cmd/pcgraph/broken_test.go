package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// brokenDataset writes a dataset folder with the bundled manifest and the given source.
func brokenDataset(t *testing.T, source []byte) string {
	t.Helper()
	dir := t.TempDir()
	manifest, err := os.ReadFile(filepath.Join(bundled, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.tsv"), source, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// replaceLine returns data with its 1-based line n replaced.
func replaceLine(data []byte, n int, line string) []byte {
	lines := bytes.Split(data, []byte("\n"))
	lines[n-1] = []byte(line)
	return bytes.Join(lines, []byte("\n"))
}

func insertLine(data []byte, n int, line string) []byte {
	lines := bytes.Split(data, []byte("\n"))
	lines = append(lines[:n-1], append([][]byte{[]byte(line)}, lines[n-1:]...)...)
	return bytes.Join(lines, []byte("\n"))
}

func lineOf(data []byte, n int) string { return string(bytes.Split(data, []byte("\n"))[n-1]) }

// TestBrokenInputs feeds broken variants of the bundled file to `pcgraph load --replace`
// over a store that holds the good data: each is refused with its line and reason, and
// the store is left exactly as it was.
func TestBrokenInputs(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	// Line 20 of the file is 項番 13; line 19 is 項番 12.
	if !strings.HasPrefix(lineOf(orig, 20), "13\t") || !strings.HasPrefix(lineOf(orig, 19), "12\t") {
		t.Fatalf("the test's line numbers no longer fit the bundled file")
	}
	eucjp, err := encoding.ReplaceUnsupported(japanese.EUCJP.NewEncoder()).Bytes(orig)
	if err != nil {
		t.Fatal(err)
	}
	garbage := append(append([]byte{}, orig[:2000]...), []byte("\x00\x01\x02\xff\xfe binary\x00")...)
	garbage = append(garbage, orig[2000:]...)

	tests := []struct {
		name   string
		source []byte
		strict bool   // a row-level problem: refused only with --strict
		where  string // file:line that the message must name
		reason string
	}{
		{"truncated", orig[:len(orig)*2/3], false, "results.tsv:", "truncated file"},
		{"wrong column count", replaceLine(orig, 20, strings.Replace(lineOf(orig, 20), "\t", " ", 1)), true, "results.tsv:20", "wrong column count: expected 5, got 4"},
		{"unknown encoding", eucjp, false, "results.tsv:3", "unknown encoding"},
		{"stray header", insertLine(orig, 20, "項番\t提出者\t該当箇所\t意見\t考え方"), true, "results.tsv:20", "stray header"},
		{"binary garbage", garbage, false, "results.tsv:", "binary data"},
	}
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	before := mustRun(t, "export", "--store", spec)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := brokenDataset(t, tt.source)
			args := []string{"load", "--store", spec, "--replace", dir}
			if tt.strict {
				args = append(args, "--strict")
			}
			_, stderr, code := run(t, args...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tt.where) || !strings.Contains(stderr, tt.reason) {
				t.Errorf("stderr does not name %q with %q:\n%s", tt.where, tt.reason, stderr)
			}
			if !strings.Contains(stderr, "nothing was loaded") {
				t.Errorf("stderr does not say that nothing was loaded:\n%s", stderr)
			}
			if after := mustRun(t, "export", "--store", spec); after != before {
				t.Errorf("a refused load changed the store")
			}
			// check reports the same problem, and fails.
			out, _, code := run(t, "check", filepath.Join(dir, "results.tsv"))
			if code != 1 || !strings.Contains(out, tt.reason) {
				t.Errorf("check: exit %d, output %q; want exit 1 and %q", code, out, tt.reason)
			}
		})
	}
}

// TestLenientLoadSkipsAndSays: by default a row with a problem is left out, said so by
// line, and the rest is loaded; the summary's counts are exact.
func TestLenientLoadSkipsAndSays(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := brokenDataset(t, replaceLine(orig, 20, strings.Replace(lineOf(orig, 20), "\t", " ", 3)))
	spec := specFor(t, "bolt")
	out, stderr, code := run(t, "load", "--store", spec, dir)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "results.tsv:20: wrong column count: expected 5, got 2") || !strings.Contains(stderr, "(row left out)") {
		t.Errorf("stderr does not report the skipped row:\n%s", stderr)
	}
	if !strings.Contains(out, "106 comments") || !strings.Contains(out, "107 data rows: 106 comments, 0 group headings, 0 joined to the row above, 1 left out") {
		t.Errorf("stdout does not summarise the load as 106 comments of 107 rows with 1 left out:\n%s", out)
	}
	got := readBack(t, spec)
	if n := len(got[0].Comments); n != 106 {
		t.Errorf("store holds %d comments, want 106", n)
	}
}

// TestNumberingByPosition: a table whose 項番 cannot identify its rows (one empty, one
// repeated) loads every row, numbered by position, and says why.
func TestNumberingByPosition(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{
		"empty":     replaceLine(orig, 20, strings.TrimPrefix(lineOf(orig, 20), "13")),
		"duplicate": replaceLine(orig, 20, "12"+strings.TrimPrefix(lineOf(orig, 20), "13")),
	} {
		t.Run(name, func(t *testing.T) {
			dir := brokenDataset(t, src)
			out, stderr, code := run(t, "check", dir)
			if code != 0 || !strings.Contains(out, "comments are numbered by their position in the table (1 to 107)") || !strings.Contains(stderr, "107 data rows: 107 comments") {
				t.Errorf("check: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
		})
	}
}

func TestCheckBundled(t *testing.T) {
	out, stderr, code := run(t, "check", filepath.Join(bundled, "results.tsv"), bundled)
	if code != 0 || strings.Contains(out, "warning") || strings.Contains(out, "left out") {
		t.Errorf("check of the bundled data: exit %d, stdout %q, stderr %q; want exit 0 and no problems", code, out, stderr)
	}
	for _, want := range []string{`column 1 "項番" → number`, `column 4 "御意見の詳細" → comment`, `column 5 "御意見に対する考え方" → response`} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not show the mapping %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "107 data rows: 107 comments, 0 group headings, 0 joined to the row above, 0 left out; 1 consultation; ok") {
		t.Errorf("check does not summarise: %q", stderr)
	}
}

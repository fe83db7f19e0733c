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
		{"empty 項番", replaceLine(orig, 20, strings.TrimPrefix(lineOf(orig, 20), "13")), true, "results.tsv:20:1", "empty 項番"},
		{"duplicate 項番", replaceLine(orig, 20, "12"+strings.TrimPrefix(lineOf(orig, 20), "13")), true, "results.tsv:20:1", "duplicate 項番 12: line 19"},
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
// line, and the rest is loaded.
func TestLenientLoadSkipsAndSays(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := brokenDataset(t, replaceLine(orig, 20, "12"+strings.TrimPrefix(lineOf(orig, 20), "13")))
	spec := specFor(t, "bolt")
	out, stderr, code := run(t, "load", "--store", spec, dir)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "results.tsv:20:1: duplicate 項番 12: line 19 has it already (row left out)") {
		t.Errorf("stderr does not report the skipped row:\n%s", stderr)
	}
	if !strings.Contains(out, "106 comments") || !strings.Contains(out, "1 of 107 rows left out") {
		t.Errorf("stdout does not summarise the load as 106 comments with 1 row left out:\n%s", out)
	}
	got := readBack(t, spec)
	if n := len(got[0].Comments); n != 106 {
		t.Errorf("store holds %d comments, want 106", n)
	}
}

func TestCheckBundled(t *testing.T) {
	out, stderr, code := run(t, "check", filepath.Join(bundled, "results.tsv"), bundled)
	if code != 0 || out != "" {
		t.Errorf("check of the bundled data: exit %d, stdout %q, stderr %q; want exit 0 and no problems", code, out, stderr)
	}
	if !strings.Contains(stderr, "107 comments readable, ok") {
		t.Errorf("check does not summarise: %q", stderr)
	}
}

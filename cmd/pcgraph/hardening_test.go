package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const header = "項番\t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方\n"

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHostileInputs: inputs built to hurt give a clear error or a bounded, correct load,
// never a hang or a panic. Each is loaded into a store that holds the bundled data.
func TestHostileInputs(t *testing.T) {
	good := "1\t個人A\t—\t普通の意見です。\t御指摘の点については、今後の取組の参考とすることが適当と考えます。\n"
	var rows bytes.Buffer
	rows.WriteString(header)
	for i := 1; i <= 1_000_000; i++ {
		fmt.Fprintf(&rows, "%d\t個人A\t—\tx\ty\n", i)
	}
	nested := strings.Repeat("<div>", 80_000) + "深い" + strings.Repeat("</div>", 80_000) // under the 1 MiB cell limit

	tests := []struct {
		name   string
		data   []byte
		strict bool
		want   string // in the output
		loads  int    // comments loaded, when the load succeeds
	}{
		{"100 MB in one cell", []byte(header + good + "2\t個人B\t—\t" + strings.Repeat("あ", 100<<20/3) + "\t回答\n"), false,
			"cell 4 is 104857599 bytes; the limit is 1048576", 1},
		{"1 million rows", rows.Bytes(), false, "more than 200000 rows", 0},
		{"deeply nested HTML", []byte(header + good + "2\t個人B\t—\t" + nested + "\t回答\n"), false, "", 2},
		{"invalid UTF-8", []byte(header + good + "2\t個人B\t—\t\xff\xfe\xfd壊れた\t回答\n"), false, "unknown encoding", 0},
		{"NUL bytes", []byte(header + good + "2\t個人B\t—\tNUL\x00入り\t回答\n"), false, "binary data", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := specFor(t, "bolt")
			mustRun(t, "load", "--store", spec, bundled)
			before := mustRun(t, "export", "--store", spec)
			file := writeFile(t, "table.tsv", tc.data)
			out, stderr, code := run(t, "load", "--store", spec, "--slug", "hostile", "--title", "攻撃的な入力", file)
			all := out + stderr
			if tc.want != "" && !strings.Contains(all, tc.want) {
				t.Errorf("output does not say %q:\n%.2000s", tc.want, all)
			}
			if tc.loads == 0 {
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				if after := mustRun(t, "export", "--store", spec); after != before {
					t.Errorf("a refused load changed the store")
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d:\n%.2000s", code, all)
			}
			got := readBack(t, spec)
			n := -1
			for _, d := range got {
				if d.Consultation.Slug == "hostile" {
					n = len(d.Comments)
				}
			}
			if len(got) != 2 || n != tc.loads {
				t.Errorf("after the load: %d consultations, %d comments in the new one; want 2 and %d", len(got), n, tc.loads)
			}
		})
	}

	t.Run("taxonomy with a cycle", func(t *testing.T) {
		tax := writeFile(t, "taxonomy.yaml", []byte(`topics:
  - slug: a
    label: 甲
    kind: THEME
    broader: c
  - slug: b
    label: 乙
    kind: THEME
    broader: a
  - slug: c
    label: 丙
    kind: THEME
    broader: b
`))
		spec := specFor(t, "bolt")
		_, stderr, code := run(t, "load", "--store", spec, "--taxonomy", tax, bundled)
		if code != 1 || !strings.Contains(stderr, "cycle") || !strings.Contains(stderr, "taxonomy.yaml") {
			t.Errorf("exit %d, stderr %q; want 1 and an error naming the file and the cycle", code, stderr)
		}
	})
}

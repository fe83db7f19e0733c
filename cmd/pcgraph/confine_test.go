package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestStaysInItsFolder: a manifest naming a file outside its dataset folder (a
// source or taxonomy of ../../etc/passwd, an absolute path) is refused before anything is
// opened, and the error shows nothing of that file.
func TestManifestStaysInItsFolder(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("項番\tSECRET-LINE-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, key, value, want string }{
		{"relative source", "source", "../../../../../../../../.." + secret, "source"},
		{"absolute source", "source", secret, "source"},
		{"relative taxonomy", "taxonomy", "../" + filepath.Base(filepath.Dir(secret)) + "/secret.txt", "taxonomy"},
		{"absolute taxonomy", "taxonomy", secret, "taxonomy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			table, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "results.tsv"), table, 0o644); err != nil {
				t.Fatal(err)
			}
			manifest := map[string]string{"slug": "confined", "title": "閉じ込め", "source": "results.tsv"}
			manifest[tc.key] = tc.value
			var b strings.Builder
			for _, k := range []string{"slug", "title", "source", "taxonomy"} {
				if v, ok := manifest[k]; ok {
					b.WriteString(k + ": " + v + "\n")
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"check", "load"} {
				args := []string{cmd, dir}
				if cmd == "load" {
					args = []string{cmd, "--store", specFor(t, "bolt"), dir}
				}
				out, stderr, code := run(t, args...)
				all := out + stderr
				if code == 0 {
					t.Fatalf("%s: exit 0, want a refusal:\n%s", cmd, all)
				}
				if !strings.Contains(all, tc.want+" ") || !strings.Contains(all, "must be a file inside the dataset folder") {
					t.Errorf("%s: the error does not say the %s must stay in the folder:\n%s", cmd, tc.want, all)
				}
				if strings.Contains(all, "SECRET-LINE") {
					t.Errorf("%s: the error shows the outside file's contents:\n%s", cmd, all)
				}
			}
		})
	}
}

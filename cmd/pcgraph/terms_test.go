package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/loader"
)

// TestTerms: pcgraph terms lists recurring terms with the exact number of comments each is
// in, most frequent first, none that the taxonomy covers; a taxonomy given with --taxonomy
// that covers a term takes it off the list.
func TestTerms(t *testing.T) {
	res, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, c := range res.Datasets[0].Comments {
		texts = append(texts, c.Text)
	}
	out, stderr, code := run(t, "terms", "--min", "10", bundled)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("only %d terms in at least 10 comments:\n%s", len(lines), out)
	}
	if want := strconv.Itoa(len(lines)) + " terms in at least 10 of " + strconv.Itoa(len(texts)) + " comments"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not say %q", stderr, want)
	}
	last := 1 << 30
	found := map[string]bool{}
	for _, l := range lines {
		count, term, ok := strings.Cut(l, "\t")
		n, err := strconv.Atoi(count)
		if !ok || err != nil {
			t.Fatalf("line %q is not COUNT<TAB>TERM", l)
		}
		if n > last || n < 10 {
			t.Errorf("%q: counts out of order or under --min", l)
		}
		last = n
		found[term] = true
		in := 0
		for _, text := range texts {
			if strings.Contains(text, term) {
				in++
			}
		}
		if in < n { // a term inside a longer covered one is not counted there
			t.Errorf("%s: printed in %d comments, found in %d", term, n, in)
		}
	}
	for _, covered := range []string{"IoT", "NOTICE", "クラウド"} {
		if found[covered] {
			t.Errorf("%s is covered by the taxonomy but listed", covered)
		}
	}
	if !found["セキュリティ"] {
		t.Fatalf("セキュリティ (in most comments, no topic of its own) is not listed:\n%s", out)
	}
	tax := filepath.Join(t.TempDir(), "taxonomy.yaml")
	os.WriteFile(tax, []byte("topics:\n  - slug: security\n    label: セキュリティ\n    kind: THEME\n"), 0o644)
	out, stderr, code = run(t, "terms", "--min", "10", "--taxonomy", tax, bundled)
	if code != 0 || strings.Contains(out, "\tセキュリティ\n") {
		t.Errorf("with a taxonomy covering セキュリティ (exit %d, %s):\n%s", code, stderr, out)
	}
}

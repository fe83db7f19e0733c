package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/internal/storetest"
)

// update rewrites golden files under testdata/ instead of comparing with them.
var update = flag.Bool("update", false, "rewrite golden files")

// bundled is the dataset shipped with pcgraph.
const bundled = "../../data/mic-iot5g-security-2020"

// run runs pcgraph in process and returns its output and exit status.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

// mustRun runs pcgraph and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := run(t, args...)
	if code != 0 {
		t.Fatalf("pcgraph %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (refresh with -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (diff it; refresh with -update if the change is right):\n%s", name, firstDiff(string(want), got))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + a + "\n  got: " + b
		}
	}
	return "(same lines)"
}

// specFor gives a fresh store spec of a backend.
func specFor(t *testing.T, backend string) string { return storetest.Spec(t, backend) }

package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/synth"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds pcgraph once per test run, for tests that must run it as a process of
// its own (to kill it).
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pcgraph-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "pcgraph")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// synthVersion writes a synthetic consultation of n comments (slug synth-0001 for every
// n, so that loading another n replaces it) and returns its dataset folder.
func synthVersion(t *testing.T, n int) string {
	t.Helper()
	out := t.TempDir()
	if _, err := synth.Generate(synth.Options{Comments: n, Consultations: 1, Seed: uint64(n), Out: out}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(out, synth.Slug(0))
}

// TestKilledLoadLeavesOldOrNew kills `pcgraph load --replace` with SIGKILL at 20 random
// moments (seeded) while it replaces one version of a synthetic consultation with another. After
// each kill the store opens and `pcgraph stats` prints exactly the old version's counts
// or exactly the new one's, never a mixture.
func TestKilledLoadLeavesOldOrNew(t *testing.T) {
	bin := binary(t)
	versions := []string{synthVersion(t, 1000), synthVersion(t, 600)}
	spec := "bolt:" + filepath.Join(t.TempDir(), "store")
	stats := func() string {
		out, err := exec.Command(bin, "stats", "--json", "--store", spec).Output()
		if err != nil {
			t.Fatalf("the store does not open after a kill: %v", err)
		}
		return string(out)
	}
	load := func(v int) *exec.Cmd {
		return exec.Command(bin, "load", "--replace", "--store", spec, versions[v])
	}
	// The counts of each version, from loads that were not killed; and how long a load takes.
	want := make([]string, 2)
	var took time.Duration
	for v := range versions {
		start := time.Now()
		if out, err := load(v).CombinedOutput(); err != nil {
			t.Fatalf("load: %v\n%s", err, out)
		}
		took = max(took, time.Since(start))
		want[v] = stats()
	}
	if want[0] == want[1] {
		t.Fatal("the two versions have the same counts; the test could not tell them apart")
	}
	t.Logf("a full replace takes about %s", took.Round(time.Millisecond))

	rng := rand.New(rand.NewPCG(2026, 11))
	current := 1 // the store now holds version 1
	survived := 0
	for i := 0; i < 20; i++ {
		next := 1 - current
		cmd := load(next)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		got := stats()
		switch got {
		case want[current]:
			// killed before the commit: the old version
		case want[next]:
			current = next
			if err == nil {
				survived++
			}
		default:
			t.Fatalf("kill %d: the store holds neither version:\n%s", i, got)
		}
	}
	t.Logf("20 kills: %d loads finished before their kill; every other left the old or the new version", survived)

	// And serve starts on the store.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	serve := exec.CommandContext(ctx, bin, "serve", "--store", spec, "--addr", "127.0.0.1:0")
	var stderr syncBuffer
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(stderr.String(), "serving") && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	serve.Process.Signal(syscall.SIGTERM)
	serve.Wait()
	if !strings.Contains(stderr.String(), "serving 1 consultations") {
		t.Errorf("serve did not start on the store:\n%s", stderr.String())
	}
}

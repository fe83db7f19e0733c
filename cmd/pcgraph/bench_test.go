package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/bench"
	"github.com/pcgraph/pcgraph/internal/storetest"
)

// TestBenchEndToEnd runs `pcgraph bench` as a user would, at a small size, on every
// backend, with the peer on the test PostgreSQL, and checks its JSON: so that the
// benchmark cannot rot. (It fails, never skips, without PCGRAPH_TEST_POSTGRES.)
func TestBenchEndToEnd(t *testing.T) {
	dsn := storetest.NewDatabase(t)
	bin := binary(t)
	backends := []string{"bolt", "memory", "postgres"}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "bench", "--comments", "300", "--backends", strings.Join(backends, ","),
		"--peer-dsn", dsn, "--duration", "200ms", "--json", "--work", t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("pcgraph bench: %v\n%s", err, stderr.String())
	}
	t.Logf("pcgraph bench took %s", time.Since(start).Round(time.Millisecond))

	var r bench.Report
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("the output is not the report's JSON: %v\n%s", err, stdout.String())
	}
	// The contract's keys, as a generic reader sees them.
	var generic map[string]any
	if err := json.Unmarshal(mustJSON(t, r), &generic); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"results", "loads", "ratios", "rss_mib"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("no %q in the JSON", k)
		}
	}
	for _, k := range []string{"backend", "comments", "query", "system", "clients", "p50_ms", "p99_ms", "qps"} {
		if _, ok := generic["results"].([]any)[0].(map[string]any)[k]; !ok {
			t.Errorf("no %q in a result", k)
		}
	}

	type key struct {
		backend, query, system string
		clients                int
	}
	results := map[key]bench.Result{}
	for _, x := range r.Results {
		if x.Comments != 300 {
			t.Errorf("a result for %d comments", x.Comments)
		}
		results[key{x.Backend, x.Query, x.System, x.Clients}] = x
		if x.P50ms <= 0 || x.P50ms > x.P99ms || x.QPS <= 0 || x.Requests < 1 {
			t.Errorf("implausible result %+v", x)
		}
	}
	for _, b := range backends {
		for _, q := range bench.Questions {
			for _, c := range []int{1, 16} {
				for _, sys := range []string{"pcgraph", "peer", "limit"} {
					if _, ok := results[key{b, q, sys, c}]; !ok {
						t.Errorf("no result for %s %s %s with %d clients", b, q, sys, c)
					}
				}
				for _, vs := range []string{"peer", "limit"} {
					found := false
					for _, ra := range r.Ratios {
						if ra.Backend != b || ra.Query != q || ra.Clients != c || ra.Vs != vs || ra.Comments != 300 {
							continue
						}
						found = true
						want := results[key{b, q, "pcgraph", c}].P50ms / results[key{b, q, vs, c}].P50ms
						if math.Abs(ra.P50Ratio-want) > 1e-9*want {
							t.Errorf("ratio %+v, want %v", ra, want)
						}
					}
					if !found {
						t.Errorf("no ratio for %s %s with %d clients vs %s", b, q, c, vs)
					}
				}
			}
		}
		found := false
		for _, l := range r.Loads {
			if l.Backend == b && l.Comments == 300 {
				found = true
				if l.Seconds <= 0 || l.QuadsPerS <= 0 || l.Quads <= 0 || l.RSSMiB <= 0 {
					t.Errorf("implausible load %+v", l)
				}
				// A store is loaded by a `pcgraph load` child: its whole run includes the
				// writes, and its peak RSS is its own. Serve loads the memory backend itself.
				if b != "memory" && (l.CommandSeconds < l.Seconds || l.CommandRSSMiB <= 0 || l.VsPeer <= 0) {
					t.Errorf("implausible pcgraph load %+v", l)
				}
				if b == "memory" && (l.CommandSeconds != 0 || l.VsPeer != 0) {
					t.Errorf("the memory backend has no pcgraph load: %+v", l)
				}
				for _, p := range r.PeerLoads {
					if want := l.Seconds / (p.CopySeconds + p.IndexSeconds); b != "memory" && math.Abs(l.VsPeer-want) > 1e-9*want {
						t.Errorf("%s: load vs peer %v, want %v", b, l.VsPeer, want)
					}
				}
			}
		}
		if !found {
			t.Errorf("no load for %s", b)
		}
	}
	if r.RSSMiB <= 0 {
		t.Errorf("rss_mib %v", r.RSSMiB)
	}

	// Every system gave the same answer to every question (the run fails otherwise;
	// the report says what they were).
	answers := map[string]map[string]bool{}
	for _, a := range r.Answers {
		if answers[a.Query] == nil {
			answers[a.Query] = map[string]bool{}
		}
		answers[a.Query][fmt.Sprintf("%d %s", a.Count, a.Digest)] = true
	}
	for _, q := range bench.Questions {
		if len(answers[q]) != 1 {
			t.Errorf("%s: the systems answered %v", q, answers[q])
		}
	}
	if n := len(r.Answers); n != len(bench.Questions)*(2+len(backends)) {
		t.Errorf("%d answers recorded, want %d", n, len(bench.Questions)*(2+len(backends)))
	}

	// The table reads the same report.
	var table bytes.Buffer
	if err := r.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"== 300 comments, pcgraph on bolt", "== 300 comments, pcgraph on postgres", "two_hop", "×peer", "peak RSS"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, table.String())
		}
	}
	t.Logf("\n%s", table.String())
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBenchNeedsThePeer(t *testing.T) {
	t.Setenv("PCGRAPH_BENCH_POSTGRES", "")
	var stderr bytes.Buffer
	code := Main{Stdout: &bytes.Buffer{}, Stderr: &stderr}.Run(context.Background(), []string{"bench", "--comments", "100", "--backends", "memory"})
	if code == 0 || !strings.Contains(stderr.String(), "--peer-dsn") {
		t.Errorf("exit %d, stderr %q: want a failure that asks for --peer-dsn", code, stderr.String())
	}
	for _, args := range [][]string{
		{"bench", "--peer-dsn", "postgres://x/y", "--comments", "1000,zero"},
		{"bench", "--peer-dsn", "postgres://x/y", "--backends", "sqlite"},
		{"bench", "--peer-dsn", "host=x dbname=y", "--backends", "memory"},
	} {
		stderr.Reset()
		if code := (Main{Stdout: &bytes.Buffer{}, Stderr: &stderr}).Run(context.Background(), args); code == 0 {
			t.Errorf("%q: exit 0", args)
		}
	}
}

// serve's flags for the benchmark refuse what they cannot do, before serving anything.
func TestServeBenchFlagsRefuse(t *testing.T) {
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--store", "memory", "--addr", "127.0.0.1:0", "--pprof", "0.0.0.0:0"}, "loopback"},
		{[]string{"serve", "--store", "memory", "--addr", "127.0.0.1:0", "--load", empty}, "manifest.yaml"},
	} {
		var stderr bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		code := Main{Stdout: &bytes.Buffer{}, Stderr: &stderr}.Run(ctx, c.args)
		cancel()
		if code == 0 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want a failure mentioning %q", c.args, code, stderr.String(), c.want)
		}
	}
}

package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/bench"
	"github.com/pcgraph/pcgraph/graph"
)

// runBench measures pcgraph against a PostgreSQL peer and an in-process limit: see
// package bench.
func runBench(m Main, ctx context.Context, args []string) error {
	fs := m.flags("bench")
	comments := fs.String("comments", "1000,10000,100000", "corpus sizes, in comments (comma-separated)")
	backends := fs.String("backends", strings.Join(bench.Backends, ","), "pcgraph's stores to measure (comma-separated): bolt, memory, postgres")
	peerDSN := fs.String("peer-dsn", os.Getenv("PCGRAPH_BENCH_POSTGRES"), "a postgres://… URL of a server where the benchmark may create databases: the peer's tables, and the postgres backend's store (default $PCGRAPH_BENCH_POSTGRES)")
	consultations := fs.Int("consultations", 0, "consultations per corpus (default: comments/1000, between 1 and 100)")
	seed := fs.Uint64("seed", 1, "the synthetic corpus's seed")
	duration := fs.Duration("duration", 0, "how long each measurement runs (default 3s, unless --iterations is given)")
	iterations := fs.Int("iterations", 0, "stop each measurement after this many questions (with --duration: whichever comes first)")
	clients := fs.String("clients", "1,16", "concurrent clients per measurement (comma-separated)")
	search := fs.String("search", bench.DefaultSearchText, "the full-text search's text")
	asJSON := fs.Bool("json", false, "print one JSON object (results, loads, ratios, rss_mib) instead of tables")
	keep := fs.String("keep", "", "keep the corpora and stores in this folder (and the databases); a later run with the same folder reuses the corpora")
	work := fs.String("work", "", "the folder for corpora and stores (default: a temporary folder, removed afterwards)")
	profile := fs.String("profile", "", "write a CPU profile of the server for each question (at the most clients) into this folder")
	quiet := fs.Bool("quiet", false, "do not report progress on stderr")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return graph.Errorf(graph.EINVALID, "bench takes no arguments, got %q", pos)
	}
	cfg := bench.Config{
		PeerDSN: *peerDSN, Consultations: *consultations, Seed: *seed,
		Budget:     bench.Budget{Duration: *duration, Iterations: *iterations},
		SearchText: *search, WorkDir: *work, ProfileDir: *profile, Log: m.Stderr,
	}
	if *quiet {
		cfg.Log = io.Discard
	}
	var err error
	if cfg.Comments, err = intList("comments", *comments); err != nil {
		return err
	}
	if cfg.Clients, err = intList("clients", *clients); err != nil {
		return err
	}
	for _, b := range strings.Split(*backends, ",") {
		if b = strings.TrimSpace(b); b != "" {
			cfg.Backends = append(cfg.Backends, b)
		}
	}
	if len(cfg.Backends) == 0 {
		return graph.Errorf(graph.EINVALID, "--backends: name at least one of %s", strings.Join(bench.Backends, ", "))
	}
	if *keep != "" {
		if *work != "" && *work != *keep {
			return graph.Errorf(graph.EINVALID, "give --keep or --work, not both")
		}
		cfg.WorkDir, cfg.Keep = *keep, true
	}
	if *peerDSN == "" {
		return graph.Errorf(graph.EINVALID, "the peer needs a PostgreSQL server: pass --peer-dsn postgres://… or set $PCGRAPH_BENCH_POSTGRES (`eval \"$(bash scripts/start-postgres.sh /tmp/pgbench 54331)\"` starts one and prints its URL)")
	}
	report, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return report.WriteJSON(m.Stdout)
	}
	return report.WriteTable(m.Stdout)
}

// intList parses a comma-separated list of positive numbers (1000,10k,1e5 are not
// accepted: plain digits, with _ allowed as a separator).
func intList(name, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n < 1 {
			return nil, graph.Errorf(graph.EINVALID, "--%s: %q is not a positive number", name, f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "--%s: give at least one number", name)
	}
	return out, nil
}

// Package bench measures pcgraph against the two references it should be judged by, on
// the same synthetic data in one run:
//
//   - pcgraph: the corpus loaded into a store (bbolt, memory or PostgreSQL) the way
//     `pcgraph load` does, then `pcgraph serve` as a child process, asked over HTTP by
//     1 and 16 concurrent clients (load time, quads/s, latency, throughput, peak RSS);
//   - the peer (peer.go): what a researcher would otherwise use — the same records in
//     ordinary indexed PostgreSQL tables, loaded with COPY, asked in hand-written SQL
//     through pgx;
//   - the limit (limit.go): a plain in-memory Go index asked in process — the floor.
//
// The five questions (answer.go) are answered by all three, and their answers are
// compared before anything is timed: a comparison of different answers would be
// meaningless, so any disagreement fails the run. Every timed response is checked too.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// Backends pcgraph can be benchmarked on.
var Backends = []string{"bolt", "memory", "postgres"}

// Config says what to run.
type Config struct {
	Comments      []int    // corpus sizes
	Backends      []string // of pcgraph: bolt, memory, postgres
	PeerDSN       string   // postgres://… of a server where databases may be created (the peer; the postgres backend)
	Consultations int      // per corpus; 0: DefaultConsultations(n)
	Seed          uint64
	Budget        Budget // per measurement
	Clients       []int  // concurrent clients per measurement; default 1 and 16
	SearchText    string // default DefaultSearchText
	Exe           string // the pcgraph binary to run `serve` with; default this program
	WorkDir       string // where the corpora and stores go; default a temporary folder, removed afterwards
	Keep          bool   // keep WorkDir's corpora and stores, and the databases
	ProfileDir    string // when set, a CPU profile of the server per question (most clients) is written here
	Log           io.Writer
}

func (c *Config) defaults() error {
	if len(c.Comments) == 0 {
		c.Comments = []int{1000, 10000, 100000}
	}
	if len(c.Backends) == 0 {
		c.Backends = slices.Clone(Backends)
	}
	for _, b := range c.Backends {
		if !slices.Contains(Backends, b) {
			return fmt.Errorf("unknown backend %q (want %s)", b, strings.Join(Backends, ", "))
		}
	}
	for _, n := range c.Comments {
		if n < 1 {
			return fmt.Errorf("--comments: %d is not a number of comments", n)
		}
	}
	if c.PeerDSN == "" {
		return fmt.Errorf("the peer needs a PostgreSQL server: pass --peer-dsn postgres://… (or set $PCGRAPH_BENCH_POSTGRES); `eval \"$(bash scripts/start-postgres.sh /tmp/pgbench 54331)\"` starts one")
	}
	if _, err := DatabaseURL(c.PeerDSN, "x"); err != nil {
		return fmt.Errorf("--peer-dsn: %w", err)
	}
	if c.Budget.Duration <= 0 && c.Budget.Iterations <= 0 {
		c.Budget.Duration = 3 * time.Second
	}
	if len(c.Clients) == 0 {
		c.Clients = []int{1, 16}
	}
	if c.SearchText == "" {
		c.SearchText = DefaultSearchText
	}
	if c.Exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		c.Exe = exe
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return nil
}

// Run runs the benchmark and returns its report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	work := cfg.WorkDir
	if work == "" {
		dir, err := os.MkdirTemp("", "pcgraph-bench-")
		if err != nil {
			return nil, err
		}
		work = dir
		if !cfg.Keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	if cfg.ProfileDir != "" {
		if err := os.MkdirAll(cfg.ProfileDir, 0o755); err != nil {
			return nil, err
		}
	}
	r := &Report{Config: ReportConfig{
		Comments: cfg.Comments, Backends: cfg.Backends, Seed: cfg.Seed, Clients: cfg.Clients,
		Duration: cfg.Budget.Duration.String(), Iterations: cfg.Budget.Iterations, SearchText: cfg.SearchText,
		CPUs: runtime.NumCPU(), GoVersion: runtime.Version(),
	}}
	maxClients := slices.Max(cfg.Clients)
	peer, err := OpenPeer(ctx, cfg.PeerDSN, maxClients, cfg.Keep)
	if err != nil {
		return nil, err
	}
	defer peer.Close()
	logf(cfg.Log, "peer: database %s", peer.Name())
	for _, n := range cfg.Comments {
		if err := runSize(ctx, cfg, work, n, peer, r); err != nil {
			return r, err
		}
	}
	r.finish()
	return r, nil
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "bench: "+format+"\n", args...)
}

// runSize runs everything for one corpus size.
func runSize(ctx context.Context, cfg Config, work string, n int, peer *Peer, r *Report) error {
	k := cfg.Consultations
	if k <= 0 {
		k = DefaultConsultations(n)
	}
	corpus, err := MakeCorpus(filepath.Join(work, fmt.Sprintf("corpus-%d", n)), n, k, cfg.Seed)
	if err != nil {
		return err
	}
	if corpus.Reused {
		logf(cfg.Log, "%s: reused %s, parsed in %s", corpus, corpus.Dir, corpus.Parsed.Round(time.Millisecond))
	} else {
		logf(cfg.Log, "%s: generated in %s, parsed in %s", corpus, corpus.Generated.Round(time.Millisecond), corpus.Parsed.Round(time.Millisecond))
	}

	// The references: built, loaded and made to agree before anything is timed.
	start := time.Now()
	limit, err := NewLimit(corpus.Datasets)
	if err != nil {
		return err
	}
	limitBuild := time.Since(start)
	pl, err := peer.Load(ctx, corpus.Datasets)
	if err != nil {
		return err
	}
	logf(cfg.Log, "%d: limit built in %s; peer loaded %d rows: COPY %s, indexes %s", n, limitBuild.Round(time.Millisecond), pl.Rows, pl.Copy.Round(time.Millisecond), pl.Indexes.Round(time.Millisecond))
	r.PeerLoads = append(r.PeerLoads, PeerLoadRow{Comments: n, Rows: pl.Rows, CopySeconds: pl.Copy.Seconds(), IndexSeconds: pl.Indexes.Seconds(),
		RowsPerS: float64(pl.Rows) / pl.Copy.Seconds(), LimitBuildSeconds: limitBuild.Seconds()})
	ref := map[string]Answer{}
	for _, q := range Questions {
		la, err := limit.Answer(ctx, q, cfg.SearchText)
		if err != nil {
			return err
		}
		pa, err := peer.Answer(ctx, q, cfg.SearchText)
		if err != nil {
			return err
		}
		if !la.Equal(pa) {
			return fmt.Errorf("%d comments, %s: the peer and the limit disagree: peer %s (%s), limit %s (%s)", n, q, pa, pa.Digest, la, la.Digest)
		}
		ref[q] = la
		r.Answers = append(r.Answers, AnswerRow{Comments: n, Query: q, System: "peer", Count: pa.Count, Digest: pa.Digest, Detail: pa.Detail},
			AnswerRow{Comments: n, Query: q, System: "limit", Count: la.Count, Digest: la.Digest, Detail: la.Detail})
		logf(cfg.Log, "%d: %s: %s", n, q, la)
	}

	var refs []Result
	for _, sys := range []string{"peer", "limit"} {
		for _, q := range Questions {
			var op func(context.Context) error
			if sys == "peer" {
				op, err = peer.Op(q, cfg.SearchText)
			} else {
				op, err = limit.Op(q, cfg.SearchText)
			}
			if err != nil {
				return err
			}
			for _, c := range cfg.Clients {
				s, err := Measure(ctx, c, cfg.Budget, op)
				if err != nil {
					return fmt.Errorf("%d comments, %s %s, %d clients: %w", n, sys, q, c, err)
				}
				refs = append(refs, resultOf("", n, q, sys, s))
				logf(cfg.Log, "%d: %-6s %-8s %2d clients: p50 %s p99 %s, %.0f/s", n, sys, q, c, s.P50, s.P99, s.QPS)
			}
		}
	}

	// The stores are loaded by `pcgraph load` from the corpus's folders: the parsed
	// corpus and the limit are not needed any more, and go before a load or a server that
	// needs the memory starts.
	corpus.Datasets, limit = nil, nil
	debug.FreeOSMemory()
	for _, b := range cfg.Backends {
		if err := runBackend(ctx, cfg, work, corpus, b, ref, r); err != nil {
			return fmt.Errorf("%d comments on %s: %w", n, b, err)
		}
		for _, x := range refs {
			x.Backend = b
			r.Results = append(r.Results, x)
		}
	}
	return nil
}

// runBackend loads the corpus into one backend, serves it and asks the questions.
func runBackend(ctx context.Context, cfg Config, work string, corpus *Corpus, backend string, ref map[string]Answer, r *Report) (err error) {
	n := corpus.Comments
	var spec string
	var args []string
	switch backend {
	case "memory":
		// A child cannot see a memory store loaded elsewhere: it loads the corpus itself.
		spec = "memory"
		for _, d := range corpus.Dirs {
			args = append(args, "--load", d)
		}
	case "bolt":
		dir := filepath.Join(work, fmt.Sprintf("store-bolt-%d", n))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		spec = "bolt:" + dir
		if !cfg.Keep {
			defer os.RemoveAll(dir)
		}
	case "postgres":
		name := randomName(fmt.Sprintf("pcgraph_bench_%d_", n))
		if err := CreateDatabase(ctx, cfg.PeerDSN, name); err != nil {
			return err
		}
		if !cfg.Keep {
			defer DropDatabase(context.WithoutCancel(ctx), cfg.PeerDSN, name)
		}
		if spec, err = DatabaseURL(cfg.PeerDSN, name); err != nil {
			return err
		}
	}
	var load StoreLoad
	if backend != "memory" {
		logf(cfg.Log, "%d/%s: pcgraph load of %d consultations", n, backend, len(corpus.Dirs))
		if load, err = LoadStore(ctx, cfg.Exe, spec, corpus.Dirs); err != nil {
			return err
		}
	}
	if cfg.ProfileDir != "" {
		args = append(args, "--pprof", "127.0.0.1:0")
	}
	logf(cfg.Log, "%d/%s: starting pcgraph serve", n, backend)
	srv, err := StartServer(ctx, cfg.Exe, append([]string{"--store", spec}, args...), nil)
	if err != nil {
		return err
	}
	defer func() {
		if stopErr := srv.Stop(); err == nil && stopErr != nil {
			err = fmt.Errorf("pcgraph serve: %w\n%s", stopErr, srv.Tail())
		}
	}()
	if backend == "memory" {
		load = srv.Load
	}
	if load.Comments != n {
		return fmt.Errorf("%d comments were loaded, not %d", load.Comments, n)
	}
	logf(cfg.Log, "%d/%s: loaded %d quads in %s (%.0f quads/s; the command took %s, peak RSS %d MiB); serving after %s", n, backend, load.Quads, load.Write.Round(time.Millisecond), load.QuadsPerSecond(), load.Wall.Round(time.Millisecond), load.PeakRSS>>20, srv.Ready.Round(time.Millisecond))

	client := NewClient(srv.URL, slices.Max(cfg.Clients))
	defer client.Close()
	pc := NewPcgraph(client, cfg.SearchText)
	for _, q := range Questions {
		a, err := pc.Answer(ctx, q)
		if err != nil {
			return fmt.Errorf("%w\n%s", err, srv.Tail())
		}
		r.Answers = append(r.Answers, AnswerRow{Backend: backend, Comments: n, Query: q, System: "pcgraph", Count: a.Count, Digest: a.Digest, Detail: a.Detail})
		if !a.Equal(ref[q]) {
			return fmt.Errorf("%s: pcgraph answers %s (%s), the peer and the limit %s (%s)", q, a, a.Digest, ref[q], ref[q].Digest)
		}
	}
	for _, q := range Questions {
		op, err := pc.Op(q)
		if err != nil {
			return err
		}
		for _, c := range cfg.Clients {
			var profErr chan error
			if cfg.ProfileDir != "" && c == slices.Max(cfg.Clients) && cfg.Budget.Duration >= time.Second {
				profErr = make(chan error, 1)
				path := filepath.Join(cfg.ProfileDir, fmt.Sprintf("%s-%d-%s.pprof", backend, n, q))
				go func() { profErr <- srv.Profile(ctx, cfg.Budget.Duration, path) }()
			}
			s, err := Measure(ctx, c, cfg.Budget, op)
			if err != nil {
				return fmt.Errorf("%d clients: %w\n%s", c, err, srv.Tail())
			}
			if profErr != nil {
				if err := <-profErr; err != nil {
					return err
				}
			}
			r.Results = append(r.Results, resultOf(backend, n, q, "pcgraph", s))
			logf(cfg.Log, "%d/%s: pcgraph %-8s %2d clients: p50 %s p99 %s, %.0f/s", n, backend, q, c, s.P50, s.P99, s.QPS)
		}
	}
	rss, err := srv.PeakRSS()
	if err != nil {
		return err
	}
	r.Loads = append(r.Loads, LoadRow{
		Backend: backend, Comments: n, Seconds: load.Write.Seconds(), QuadsPerS: load.QuadsPerSecond(),
		Quads: load.Quads, Consultations: load.Consultations, ReadySeconds: srv.Ready.Seconds(), RSSMiB: float64(rss) / (1 << 20),
		CommandSeconds: load.Wall.Seconds(), CommandRSSMiB: float64(load.PeakRSS) / (1 << 20),
	})
	return nil
}

func resultOf(backend string, n int, q, system string, s Sample) Result {
	return Result{Backend: backend, Comments: n, Query: q, System: system, Clients: s.Clients,
		P50ms: ms(s.P50), P99ms: ms(s.P99), QPS: s.QPS, Requests: s.N}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/pcgraph/pcgraph/data"
	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/campaign"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/ingest"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

// limitFlags adds the request limits to fs.
func limitFlags(fs *flag.FlagSet) *server.Limits {
	l := server.DefaultLimits
	fs.Int64Var(&l.MaxBodyBytes, "max-body", l.MaxBodyBytes, "largest request body, in bytes")
	fs.IntVar(&l.MaxTokens, "max-tokens", l.MaxTokens, "most parser tokens in a query")
	fs.IntVar(&l.MaxDepth, "max-depth", l.MaxDepth, "deepest field nesting (introspection excluded)")
	fs.IntVar(&l.MaxAliases, "max-aliases", l.MaxAliases, "most aliased fields in a query")
	fs.IntVar(&l.MaxComplexity, "max-complexity", l.MaxComplexity, "highest query complexity `N` (a connection's selection counts as many times as its first: argument asks for)")
	fs.DurationVar(&l.Timeout, "timeout", l.Timeout, "longest time a request may run")
	fs.IntVar(&l.MaxConcurrent, "max-concurrent", l.MaxConcurrent, "requests served at once; more get 503 with Retry-After")
	fs.Func("allow-host", "also answer requests whose Host is this `name` (loopback names and IP addresses always are); repeatable; * for any", func(h string) error {
		l.AllowHosts = append(l.AllowHosts, h)
		return nil
	})
	return &l
}

func runServe(m Main, ctx context.Context, args []string) error {
	fs := m.flags("serve")
	spec := storeFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on (loopback unless you mean otherwise)")
	limits := limitFlags(fs)
	refreshEvery := fs.Duration("refresh-every", 0, "check the store this often and rebuild the view when another server changed it (for replicas on a shared PostgreSQL or its standby); 0: never")
	adminToken := fs.String("admin-token", "", "enable the admin endpoints (/admin/…) with this bearer token; also read from $PCGRAPH_ADMIN_TOKEN")
	var load []string
	fs.Func("load", "load this dataset folder (or every dataset folder inside it) into the store before serving, replacing what is there; repeatable", func(dir string) error {
		load = append(load, dir)
		return nil
	})
	threshold := fs.Float64("campaign-threshold", campaign.DefaultThreshold, "least Jaccard similarity (0 to 1, of 4-character shingles) for two comments by different submitters to be one campaign (form letter)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiler (/debug/pprof/) on this separate loopback address, e.g. 127.0.0.1:6060; off by default")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *adminToken == "" {
		*adminToken = os.Getenv("PCGRAPH_ADMIN_TOKEN")
	}
	if *adminToken != "" && len(*adminToken) < 16 {
		return graph.Errorf(graph.EINVALID, "the admin token must be at least 16 characters")
	}
	if *threshold <= 0 || *threshold > 1 {
		return graph.Errorf(graph.EINVALID, "the campaign threshold must be above 0 and at most 1 (got %v)", *threshold)
	}
	if *pprofAddr != "" {
		if err := servePprof(m, *pprofAddr); err != nil {
			return err
		}
	}
	st, model, err := openModel(ctx, m, *spec, true, index.Options{Campaigns: campaign.Options{Threshold: *threshold}}, load...)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	handler := server.New(model, st, *limits)
	if *adminToken != "" {
		handler.EnableAdmin(*adminToken)
		fmt.Fprintln(m.Stderr, "pcgraph: admin endpoints enabled at /admin/ (bearer token)")
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	v := model.View()
	fmt.Fprintf(m.Stderr, "pcgraph: serving %d consultations, %d comments from %s at http://%s/ (GraphiQL), /explore (topic-network explorer), /export/ (network files), /graphql, /api/v2/query, /healthz, /metrics\n",
		len(v.Index.Consultations()), v.Index.NumComments(), st.Backend(), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if *refreshEvery > 0 {
		go refreshLoop(ctx, model, *refreshEvery)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Finish the requests in flight, then stop.
	shutdown, cancel := context.WithTimeout(context.Background(), limits.Timeout+5*time.Second)
	defer cancel()
	slog.Info("pcgraph: shutting down")
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openModel opens the store, loads the dataset folders load into it (replacing), then the
// bundled datasets when it is empty (and seed is set: serve), and builds the read model
// from what the store holds, with opts. Without seed the store must exist and hold data
// (openData).
func openModel(ctx context.Context, m Main, spec string, seed bool, opts index.Options, load ...string) (_ *store.Store, _ *readmodel.Model, err error) {
	var st *store.Store
	if seed {
		st, err = openStore(ctx, spec)
	} else {
		st, err = openData(ctx, spec)
	}
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			st.Close()
		}
	}()
	model := readmodel.New(st)
	model.IndexOptions = opts
	model.AutoMemoryLimit = m.AutoMemoryLimit
	if len(load) > 0 {
		if err := loadDirs(ctx, m, st, load); err != nil {
			return nil, nil, err
		}
	}
	ids, err := st.Consultations(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) == 0 && seed {
		var srcs []ingest.Source
		for _, dir := range data.BundledDirs() {
			srcs = append(srcs, ingest.Source{FS: data.Bundled(), Path: dir})
		}
		_, err := ingest.Load(ctx, st, nil, ingest.Request{Sources: srcs,
			Written: func(w store.Written, _ *loader.Result, _ bool) {
				fmt.Fprintf(m.Stderr, "pcgraph: the store was empty: loaded the bundled %s (%d comments)\n", w.Consultation.ID, w.Comments)
			}})
		if err != nil {
			return nil, nil, err
		}
	}
	if _, err := model.Refresh(ctx); err != nil {
		return nil, nil, err
	}
	return st, model, nil
}

// refreshLoop picks up what other servers write to a shared store.
func refreshLoop(ctx context.Context, model *readmodel.Model, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if changed, err := model.RefreshIfChanged(ctx); err != nil {
				slog.Error("pcgraph: refresh", "err", err)
			} else if changed {
				v := model.View()
				slog.Info("pcgraph: the store changed; serving the new data", "generation", v.Generation, "comments", v.Index.NumComments())
			}
		}
	}
}

// loadDirs writes the dataset folders dirs (a folder with a manifest, or a folder of such
// folders) into st, replacing what is there, and says what each write took as
// `pcgraph load` does (pcgraph bench reads these lines).
func loadDirs(ctx context.Context, m Main, st *store.Store, dirs []string) error {
	all, err := ingest.Expand(dirs)
	if err != nil {
		return err
	}
	// No model: openModel builds the view once, after the loads and the seed.
	rep, err := ingest.Load(ctx, st, nil, ingest.Request{
		Sources: ingest.Paths(all),
		Replace: true,
		Read: func(_ ingest.Source, res *loader.Result, _ error) {
			if res != nil {
				reportProblems(m, res, false)
			}
		},
		Written: writtenLine(m.Stderr, "pcgraph: "),
	})
	if err != nil {
		return err
	}
	writeTotal(m.Stderr, "pcgraph: ", rep)
	return nil
}

// servePprof serves net/http/pprof on its own listener, which must be on loopback: the
// profiler shows the program's internals and costs CPU while it samples.
func servePprof(m Main, addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return graph.Errorf(graph.EINVALID, "--pprof %q: %v", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return graph.Errorf(graph.EINVALID, "--pprof %q: the profiler is served on loopback only (127.0.0.1:PORT)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	fmt.Fprintf(m.Stderr, "pcgraph: profiler at http://%s/debug/pprof/\n", ln.Addr())
	go (&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
	return nil
}

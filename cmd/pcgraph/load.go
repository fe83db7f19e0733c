package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
)

// datasetFlags are the flags that say how to read sources.
type datasetFlags struct {
	strict     *bool
	taxonomy   *string
	orgAliases *string
	splitBy    string
	manifest   loader.Manifest
}

func addDatasetFlags(m Main, name string) (*datasetFlags, func(args []string) ([]string, error), *flag.FlagSet) {
	fs := m.flags(name)
	df := &datasetFlags{
		strict:     fs.Bool("strict", false, "refuse a whole file when any row has a problem (default: leave such rows out and report them)"),
		taxonomy:   fs.String("taxonomy", "", "a topic taxonomy YAML file to use instead of the embedded one"),
		orgAliases: fs.String("org-aliases", "", "a curated organization alias YAML file to use instead of the embedded one (`extends: default` adds to it)"),
	}
	fs.StringVar(&df.manifest.Slug, "slug", "", "for a bare source file: the consultation's slug")
	fs.StringVar(&df.manifest.Title, "title", "", "for a bare source file: the draft's title")
	fs.StringVar(&df.manifest.Ministry, "ministry", "", "for a bare source file: the ministry")
	fs.StringVar(&df.manifest.Deadline, "deadline", "", "for a bare source file: the comment deadline (YYYY-MM-DD)")
	fs.StringVar(&df.manifest.Format, "format", "", "for a bare source file: tsv, csv, xlsx, docx, html or pdf (default: told from the content)")
	fs.StringVar(&df.splitBy, "split-by", "", "the header of a column whose values split the table into one consultation each (slug-1, slug-2 …); overrides the manifest's split_by")
	return df, func(args []string) ([]string, error) { return parse(fs, args) }, fs
}

// options builds the loader options, reading the taxonomy file when one is given.
func (df *datasetFlags) options() (loader.Options, error) {
	opts := loader.Options{Strict: *df.strict, Manifest: df.manifest, SplitBy: df.splitBy}
	if *df.taxonomy != "" {
		data, err := os.ReadFile(*df.taxonomy)
		if err != nil {
			return opts, &graph.Error{Code: graph.EINVALID, File: *df.taxonomy, Message: err.Error()}
		}
		tax, err := loader.ReadTaxonomy(*df.taxonomy, data)
		if err != nil {
			return opts, err
		}
		opts.Taxonomy = tax
	}
	if *df.orgAliases != "" {
		data, err := os.ReadFile(*df.orgAliases)
		if err != nil {
			return opts, &graph.Error{Code: graph.EINVALID, File: *df.orgAliases, Message: err.Error()}
		}
		a, err := loader.ReadOrgAliases(*df.orgAliases, data)
		if err != nil {
			return opts, err
		}
		opts.OrgAliases = a
	}
	return opts, nil
}

func isNQuads(path string) bool {
	return strings.HasSuffix(path, ".nq") || strings.HasSuffix(path, ".nquads")
}

func runLoad(m Main, ctx context.Context, args []string) error {
	df, parseArgs, fs := addDatasetFlags(m, "load")
	spec := storeFlag(fs)
	replace := fs.Bool("replace", false, "replace consultations that are already loaded (atomically)")
	paths, err := parseArgs(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return graph.Errorf(graph.EINVALID, "name at least one dataset (a folder with %s, or a source file)", loader.ManifestFile)
	}
	opts, err := df.options()
	if err != nil {
		return err
	}
	p := newProgress(m)
	defer tuneGCForLoad()()

	// Read everything first: a broken file stops the load before anything is written.
	// Files are read in parallel; problems are reported in the order they were named.
	var sources []string
	for _, path := range paths {
		if !isNQuads(path) {
			sources = append(sources, path)
		}
	}
	read, readErrs := readResults(sources, opts)
	var results []*loader.Result
	var failed error
	for i, path := range sources {
		p.say("read %s", path)
		res, err := read[i], readErrs[i]
		if res != nil {
			reportProblems(m, res, *df.strict)
		}
		if err != nil {
			var pe *loader.ProblemsError
			if !errors.As(err, &pe) {
				fmt.Fprintf(m.Stderr, "%s\n", err)
			}
			failed = err
			continue
		}
		results = append(results, res)
	}
	if failed != nil {
		fmt.Fprintln(m.Stderr, "nothing was loaded")
		return exitError(1)
	}

	s, err := openStore(ctx, *spec)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, path := range paths {
		if !isNQuads(path) {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			return &graph.Error{Code: graph.EINVALID, File: path, Message: err.Error()}
		}
		p.say("importing %s", path)
		ids, err := s.ImportNQuads(ctx, path, f, *replace)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "imported %s: %s\n", path, strings.Join(ids, ", "))
	}
	p.say("writing %d consultations", len(results))
	if err := writeResults(ctx, m.Stdout, "", s, results, *replace); err != nil {
		return err
	}
	p.done()
	return nil
}

// reportProblems prints every problem, saying what happened to its row.
func reportProblems(m Main, res *loader.Result, strict bool) {
	for _, w := range res.Warnings {
		fmt.Fprintf(m.Stderr, "%s (warning: loaded)\n", w.Error())
	}
	for _, pr := range res.Problems {
		what := "row left out"
		if strict {
			what = "error"
		}
		fmt.Fprintf(m.Stderr, "%s (%s)\n", pr.Error(), what)
	}
}

// progress shows what a long load is doing, on a terminal only.
type progress struct {
	m     Main
	on    bool
	start time.Time
}

func newProgress(m Main) *progress {
	f, ok := m.Stderr.(*os.File)
	return &progress{m: m, on: ok && term.IsTerminal(int(f.Fd())), start: time.Now()}
}

func (p *progress) say(format string, args ...any) {
	if p.on {
		fmt.Fprintf(p.m.Stderr, "\r\033[K[%5.1fs] %s…", time.Since(p.start).Seconds(), fmt.Sprintf(format, args...))
	}
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.m.Stderr, "\r\033[K")
	}
}

// tuneGCForLoad lets a load's heap grow to five times what is live (GOGC=400) before
// collecting, within a soft limit of 3 GiB: writing a consultation allocates a great
// deal that dies at once, and with Go's default the collector took a sixth of the CPU
// time of a 10,000-comment load (11.8 s → 9.8 s of CPU). GOGC or GOMEMLIMIT in the
// environment take precedence. It returns the function that restores the settings
// (tests run loads in process).
func tuneGCForLoad() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(3 << 30)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// writeResults writes the loaded consultations to st (WriteAll: several to a
// transaction) and says, on w, what each write changed and then what writing took in
// all (pcgraph bench reads these lines from serve --load).
func writeResults(ctx context.Context, w io.Writer, prefix string, st *store.Store, results []*loader.Result, replace bool) error {
	var datasets []*graph.Dataset
	last := map[*graph.Dataset]*loader.Result{} // the last dataset of each result
	for _, res := range results {
		datasets = append(datasets, res.Datasets...)
		if n := len(res.Datasets); n > 0 {
			last[res.Datasets[n-1]] = res
		}
	}
	start := time.Now()
	quads := 0
	err := st.WriteAll(ctx, datasets, replace, func(d *graph.Dataset, wr store.WriteResult) {
		quads += wr.Added + wr.Deleted
		fmt.Fprintf(w, "%sloaded %s: %d comments, %d quads (+%d −%d)\n", prefix,
			d.Consultation.ID, len(d.Comments), wr.Total, wr.Added, wr.Deleted)
		if res := last[d]; res != nil && res.Table != nil {
			if line := accounting(res.Table.Counts); line != "" {
				fmt.Fprintf(w, "%s  %s: %s\n", prefix, d.Consultation.Source, line)
			}
		}
	})
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(w, "%swrote %d consultations, %d quads changed, in %s (%.0f quads/s)\n",
		prefix, len(datasets), quads, took.Round(time.Millisecond), float64(quads)/max(took.Seconds(), 1e-9))
	return nil
}

// readResults reads the datasets at paths with the loader, several at once (each file
// is independent), returning the results in the order of paths; a failure's error is
// at its index. Problems are left for the caller to report, in order.
func readResults(paths []string, opts loader.Options) ([]*loader.Result, []error) {
	results := make([]*loader.Result, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, path := range paths {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = loader.Load(path, opts)
		})
	}
	wg.Wait()
	return results, errs
}

// accounting says what became of a file's data rows, when not every row is a comment:
// the counts add up to the data rows exactly.
func accounting(c loader.Counts) string {
	if c.Headings == 0 && c.Joined == 0 && c.LeftOut == 0 {
		return ""
	}
	return fmt.Sprintf("%d data rows: %d comments, %d group headings, %d joined to the row above, %d left out (see above)",
		c.DataRows, c.Comments, c.Headings, c.Joined, c.LeftOut)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/ingest"
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

	// A folder of dataset folders stands for each of them, as with serve --load.
	var sources []string
	for _, path := range paths {
		if !isNQuads(path) {
			sources = append(sources, path)
		}
	}
	sources, err = ingest.Expand(sources)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *spec)
	if err != nil {
		return err
	}
	defer s.Close()
	// All or none: the consultations of every file are written in one WriteStream, and a
	// broken file stops the load and puts back what was written before it. Files are
	// read a few at a time ahead of the writer; problems are reported in the order they
	// were named.
	req := ingest.Request{Sources: ingest.Paths(sources), Options: opts, Replace: *replace}
	req.Read = func(src ingest.Source, res *loader.Result, err error) {
		p.say("read %s", src.Path)
		if res != nil {
			reportProblems(m, res, *df.strict)
		}
		var pe *loader.ProblemsError
		if err != nil && !errors.As(err, &pe) {
			fmt.Fprintf(m.Stderr, "%s\n", err)
		}
	}
	req.Written = writtenLine(m.Stdout, "")
	p.say("reading %d sources", len(sources))
	rep, err := ingest.Load(ctx, s, nil, req)
	if ingest.IsRead(err) {
		fmt.Fprintln(m.Stderr, "nothing was loaded")
		return exitError(1)
	}
	if err != nil {
		return err
	}
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
		fmt.Fprintf(m.Stdout, "imported %s: %d consultations (%s)\n", path, len(ids), strings.Join(ids, ", "))
	}
	writeTotal(m.Stdout, "", rep)
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
// collecting, within a soft limit of loadMemoryLimit: writing a consultation allocates a
// great deal that dies at once, and with Go's default the collector took a sixth of the
// CPU time of a 10,000-comment load (11.8 s → 9.8 s of CPU). The limit is what keeps a
// large table within a laptop's memory: what a load holds live is the parsed table and
// one bulk transaction (store/chunked.go), under a gigabyte at 156,000 comments, but
// with a limit of 3 GiB the heap grew to it and a 40,000-comment load peaked at 3.3 GB
// resident (1.8 GB with this limit, 34 s → 35 s). GOGC or GOMEMLIMIT in the environment
// take precedence. It returns the function that restores the settings (tests run loads
// in process).
func tuneGCForLoad() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(loadMemoryLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// loadMemoryLimit is the soft memory limit of a load (tuneGCForLoad).
const loadMemoryLimit = 1200 << 20

// writtenLine says, on w, what each write changed, with the accounting of a file's
// rows after its last consultation.
func writtenLine(w io.Writer, prefix string) func(store.Written, *loader.Result, bool) {
	return func(wr store.Written, res *loader.Result, last bool) {
		fmt.Fprintf(w, "%sloaded %s: %d comments, %d quads (+%d −%d)\n", prefix,
			wr.Consultation.ID, wr.Comments, wr.Total, wr.Added, wr.Deleted)
		if last && res.Table != nil {
			if line := accounting(res.Table.Counts); line != "" {
				fmt.Fprintf(w, "%s  %s: %s\n", prefix, wr.Consultation.Source, line)
			}
		}
	}
}

// writeTotal says what writing took in all (pcgraph bench reads this line from serve
// --load); nothing when nothing was written.
func writeTotal(w io.Writer, prefix string, rep *ingest.Report) {
	if rep == nil || rep.Consultations == 0 {
		return
	}
	fmt.Fprintf(w, "%swrote %d consultations, %d quads changed, in %s (%.0f quads/s)\n",
		prefix, rep.Consultations, rep.Quads, rep.Took.Round(time.Millisecond), float64(rep.Quads)/max(rep.Took.Seconds(), 1e-9))
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

// Package synth writes realistic synthetic consultations for benchmarks: dataset folders
// (manifest.yaml + results.tsv) that `pcgraph load` reads like any ministry's table.
//
// Realistic means shaped like the bundled 総務省 table, measured from it at run time
// rather than copied into constants, so that the corpus follows the data if the bundled
// table is corrected or replaced: who comments (organizations, individuals, 個人(多数))
// and how often, which sections they comment on, how long and in which words (real
// sentences recombined, so the real topic aliases occur at their real frequencies and
// together), how the ministry answers (real response phrases, so the classifier finds the
// real disposition mix, several dispositions on one response included), which cells are
// HTML, and the quirks of the source: the header repeated at every PDF page break with a
// blank line before it, Ⅳ(1) next to IV(1), ポット化, C&Cサーバ and C&Cサーバー.
//
// What one consultation cannot show is invented, and says so: how consultation sizes
// vary (sizes.go) and how organizations recur across consultations (orgs.go).
//
// Output is a pure function of Options: the same seed gives the same bytes, on any
// machine and with any number of cores. Every random choice comes from a PCG stream
// (math/rand/v2) derived from the seed — one for the plan, one per consultation — and
// never from the global generator, so consultations can be written in parallel.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/pcgraph/pcgraph/graph"
)

// Options say what to generate.
type Options struct {
	Comments      int    // comments in all, spread over the consultations; at least Consultations
	Consultations int    // dataset folders synth-0001 …; at least 1
	Seed          uint64 // the same seed gives the same bytes
	Out           string // the folder to write into; created if missing
}

// Stats describe what was written.
type Stats struct {
	Consultations []ConsultationStats
	Comments      int   // over all consultations
	Submitters    int   // over all consultations (labels are per consultation)
	Organizations int   // distinct organization names
	Recurring     int   // organizations that comment in two or more consultations
	Bytes         int64 // of all files written
}

// ConsultationStats describe one dataset folder.
type ConsultationStats struct {
	Slug          string // synth-0001
	Dir           string // Out/synth-0001
	Comments      int
	Submitters    int   // distinct 意見提出者 labels: organizations, individuals, 個人(多数)
	Organizations int   // submitters that are organizations
	Bytes         int64 // manifest.yaml and results.tsv
}

// Generate writes o.Consultations dataset folders Out/synth-0001 … holding o.Comments
// comments in all. Out may exist, but may hold nothing except the folders this run
// writes (which are overwritten): a stale synth-0009 from an earlier, bigger run would
// otherwise be loaded by `pcgraph load DIR/*` as part of this corpus.
func Generate(o Options) (Stats, error) {
	m, err := bundledModel()
	if err != nil {
		return Stats{}, err
	}
	if err := o.validate(m); err != nil {
		return Stats{}, err
	}
	slugs := make([]string, o.Consultations)
	for i := range slugs {
		slugs[i] = Slug(i)
	}
	if err := prepareOut(o.Out, slugs); err != nil {
		return Stats{}, err
	}
	p := newPlan(m, o)

	// Consultations are independent once planned: write them on every core. Each has its
	// own random stream, so the bytes do not depend on the order they are written in.
	stats := make([]ConsultationStats, len(p.consultations))
	errs := make([]error, len(p.consultations))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(p.consultations)) {
		wg.Go(func() {
			for k := range next {
				stats[k], errs[k] = writeConsultation(m, o, p.consultations[k], filepath.Join(o.Out, slugs[k]))
			}
		})
	}
	for k := range p.consultations {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return Stats{}, err
		}
	}

	st := Stats{Consultations: stats}
	for _, c := range stats {
		st.Comments += c.Comments
		st.Submitters += c.Submitters
		st.Bytes += c.Bytes
	}
	st.Organizations, st.Recurring = p.organizationCounts()
	return st, nil
}

// Slug is the slug of the i-th (0-based) consultation: synth-0001, synth-0002, …
func Slug(i int) string { return fmt.Sprintf("synth-%04d", i+1) }

func (o Options) validate(m *model) error {
	switch {
	case o.Comments < 1:
		return graph.Errorf(graph.EINVALID, "--comments must be at least 1, got %d", o.Comments)
	case o.Consultations < 1:
		return graph.Errorf(graph.EINVALID, "--consultations must be at least 1, got %d", o.Consultations)
	case o.Consultations > 9999:
		return graph.Errorf(graph.EINVALID, "--consultations must be at most 9999 (slugs synth-0001 … synth-9999), got %d", o.Consultations)
	case o.Comments < o.Consultations:
		return graph.Errorf(graph.EINVALID, "--comments (%d) must be at least --consultations (%d): every consultation needs a comment", o.Comments, o.Consultations)
	case o.Comments > o.Consultations*m.maxRows:
		return graph.Errorf(graph.EINVALID, "--comments %d do not fit in %d consultations: the loader takes at most %d rows per table; ask for at least %d consultations",
			o.Comments, o.Consultations, m.maxRows, (o.Comments+m.maxRows-1)/m.maxRows)
	case o.Out == "":
		return graph.Errorf(graph.EINVALID, "--out is required: the folder to write the dataset folders into")
	}
	return nil
}

// prepareOut creates out, and refuses it when it holds anything but the folders to write.
func prepareOut(out string, slugs []string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return &graph.Error{Code: graph.EINVALID, File: out, Message: "cannot create the output folder: " + err.Error()}
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return &graph.Error{Code: graph.EINVALID, File: out, Message: "cannot read the output folder: " + err.Error()}
	}
	for _, e := range entries {
		if !e.IsDir() || !slices.Contains(slugs, e.Name()) {
			return &graph.Error{Code: graph.EINVALID, File: out, Message: fmt.Sprintf(
				"the output folder holds %s, which is not one of the %d dataset folders this run writes; use an empty or new folder, so that `pcgraph load %s/*` reads this corpus only",
				e.Name(), len(slugs), out)}
		}
	}
	return nil
}

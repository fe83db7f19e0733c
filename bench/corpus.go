package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/synth"
)

// Corpus is one size of synthetic data: the dataset folders synth wrote, and the
// datasets the loader builds from them — the same records every system is given.
type Corpus struct {
	Comments      int
	Consultations int
	Dir           string           // holds the dataset folders synth-0001 …
	Dirs          []string         // the dataset folders, in order
	Datasets      []*graph.Dataset // loader.Load of each folder, in the same order
	Generated     time.Duration    // synth (0 when an earlier run's corpus was reused)
	Parsed        time.Duration    // loader.Load of every folder
	Reused        bool
}

// DefaultConsultations is how many consultations n comments are spread over when the
// caller does not say: one per 1000 comments, between 1 and 100.
func DefaultConsultations(n int) int { return min(max(n/1000, 1), 100) }

// MakeCorpus writes (or, when dir holds the same corpus from an earlier run, reuses) n
// comments in k consultations under dir, then reads them with the loader as
// `pcgraph load` does.
func MakeCorpus(dir string, n, k int, seed uint64) (*Corpus, error) {
	c := &Corpus{Comments: n, Consultations: k, Dir: dir}
	// The marker sits beside dir: synth wants dir to hold nothing but its folders.
	marker := strings.TrimSuffix(dir, string(filepath.Separator)) + ".done"
	want := fmt.Sprintf("comments=%d consultations=%d seed=%d\n", n, k, seed)
	if got, err := os.ReadFile(marker); err == nil && string(got) == want {
		c.Reused = true
	} else {
		os.Remove(marker)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		start := time.Now()
		if _, err := synth.Generate(synth.Options{Comments: n, Consultations: k, Seed: seed, Out: dir}); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		c.Generated = time.Since(start)
		if err := os.WriteFile(marker, []byte(want), 0o644); err != nil {
			return nil, err
		}
	}
	dirs, err := DatasetDirs(dir)
	if err != nil {
		return nil, err
	}
	c.Dirs = dirs
	start := time.Now()
	for _, d := range dirs {
		res, err := loader.Load(d, loader.Options{})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", d, err)
		}
		if len(res.Problems) > 0 {
			return nil, fmt.Errorf("load %s: %d rows left out, first: %v", d, len(res.Problems), res.Problems[0])
		}
		c.Datasets = append(c.Datasets, res.Datasets...)
	}
	c.Parsed = time.Since(start)
	got := 0
	for _, d := range c.Datasets {
		got += len(d.Comments)
	}
	if got != n {
		return nil, fmt.Errorf("the corpus in %s has %d comments, not %d", dir, got, n)
	}
	return c, nil
}

// DatasetDirs lists the dataset folders (with a manifest) directly inside dir, by name.
func DatasetDirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(p, loader.ManifestFile)); e.IsDir() && err == nil {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("no dataset folder in %s", dir)
	}
	return out, nil
}

// String describes the corpus.
func (c *Corpus) String() string {
	return fmt.Sprintf("%d comments in %d consultations", c.Comments, len(c.Datasets))
}

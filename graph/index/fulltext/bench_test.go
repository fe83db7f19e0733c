package fulltext

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// Synthetic corpus: consultations of benchPerConsultation comments whose texts are
// sentences of the bundled consultation's comments and responses, shuffled and
// recombined, so that vocabulary, lengths and term frequencies stay realistic. The
// benchmarks use benchConsultations of them (10k comments); the ...100k ones use
// bigConsultations (100k comments, the first ten the same), the size at which the
// previous, general-purpose search engine took most of a 12 GiB server.
const (
	benchConsultations   = 10
	bigConsultations     = 100
	benchPerConsultation = 1000
)

var benchData struct {
	mu     sync.Mutex
	ds     []*graph.Dataset // generated so far
	r      *rand.Rand
	cs, rs []string       // the sentences of comments and responses
	x      map[int]*Index // by number of consultations
}

func sentences(texts []string) []string {
	var out []string
	for _, t := range texts {
		for _, s := range strings.SplitAfter(t, "。") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func pick(r *rand.Rand, pool []string, lo, hi int) string {
	n := lo + r.IntN(hi-lo+1)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = pool[r.IntN(len(pool))]
	}
	return strings.Join(parts, "")
}

// benchCorpus is the synthetic corpus of benchConsultations consultations.
func benchCorpus(tb testing.TB) []*graph.Dataset { return synthCorpus(tb, benchConsultations) }

// synthCorpus is the synthetic corpus of n consultations.
func synthCorpus(tb testing.TB, n int) []*graph.Dataset {
	benchData.mu.Lock()
	defer benchData.mu.Unlock()
	if benchData.r == nil {
		seed := realDataset(tb)
		var ct, rt []string
		for _, c := range seed.Comments {
			ct = append(ct, c.Text)
			rt = append(rt, c.Response.Text)
		}
		benchData.cs, benchData.rs = sentences(ct), sentences(rt)
		benchData.r = rand.New(rand.NewPCG(1, 2))
	}
	for k := len(benchData.ds); k < n; k++ {
		texts := make([][2]string, benchPerConsultation)
		for i := range texts {
			texts[i] = [2]string{pick(benchData.r, benchData.cs, 1, 8), pick(benchData.r, benchData.rs, 1, 3)}
		}
		benchData.ds = append(benchData.ds, dataset(fmt.Sprintf("synth-%02d", k), nil, texts...))
	}
	return benchData.ds[:n:n]
}

// benchIndex is the index of the synthetic corpus of n consultations, built once.
func benchIndex(b *testing.B, n int) *Index {
	ds := synthCorpus(b, n)
	benchData.mu.Lock()
	defer benchData.mu.Unlock()
	if benchData.x[n] == nil {
		x, err := Build(ds)
		if err != nil {
			b.Fatalf("Build: %v", err)
		}
		if benchData.x == nil {
			benchData.x = map[int]*Index{}
		}
		benchData.x[n] = x
	}
	return benchData.x[n]
}

// BenchmarkBuild indexes the whole synthetic corpus (10k comments, 10 consultations).
func BenchmarkBuild(b *testing.B) { benchBuild(b, benchConsultations) }

// BenchmarkBuild100k indexes 100k comments in 100 consultations.
func BenchmarkBuild100k(b *testing.B) { benchBuild(b, bigConsultations) }

func benchBuild(b *testing.B, consultations int) {
	ds := synthCorpus(b, consultations)
	n := 0
	for _, d := range ds {
		n += len(d.Comments)
	}
	for b.Loop() {
		x, err := Build(ds)
		if err != nil {
			b.Fatal(err)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "comments")
	b.ReportMetric(retainedMiB(b, ds), "MiB-retained")
}

// BenchmarkRebuildOne re-indexes one changed consultation of ten.
func BenchmarkRebuildOne(b *testing.B) {
	ds := benchCorpus(b)
	prev := benchIndex(b, benchConsultations)
	changed := *ds[3]
	changed.Comments = append([]graph.Comment(nil), changed.Comments...)
	changed.Comments[0].Text += " 追記"
	next := append([]*graph.Dataset(nil), ds...)
	next[3] = &changed
	for b.Loop() {
		x, err := Rebuild(prev, next)
		if err != nil {
			b.Fatal(err)
		}
		if s := x.Stats(); s.Indexed != 1 {
			b.Fatalf("Rebuild stats %+v, want 1 indexed", s)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs one page of 20 hits (with snippets) per query, over 10k comments.
func BenchmarkSearch(b *testing.B) { benchSearch(b, benchConsultations) }

// BenchmarkSearch100k is BenchmarkSearch over 100k comments (the deep page is deeper).
func BenchmarkSearch100k(b *testing.B) { benchSearch(b, bigConsultations) }

func benchSearch(b *testing.B, consultations int) {
	x := benchIndex(b, consultations)
	for _, bc := range []struct {
		name, query string
		offset      int
	}{
		{"rare", "トラストサービス", 0},
		{"bench", "責任共有モデル", 0}, // pcgraph bench's search
		{"common", "IoT", 0},
		{"very-common", "考え", 0},
		{"two-words", "電子署名 検討", 0},
		{"one-kanji", "署", 0},
		{"deep-page", "考え", 500 * consultations},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			_, total, err := x.Search(ctx, bc.query, bc.offset, 20)
			if err != nil || total == 0 {
				b.Fatalf("Search(%q) = total %d, %v", bc.query, total, err)
			}
			for b.Loop() {
				if _, _, err := x.Search(ctx, bc.query, bc.offset, 20); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// retainedMiB measures the heap an Index of ds keeps.
func retainedMiB(b *testing.B, ds []*graph.Dataset) float64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	x, err := Build(ds)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	defer x.Close()
	return float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / (1 << 20)
}

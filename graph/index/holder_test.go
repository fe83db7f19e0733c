package index

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// TestHolder: readers that take one snapshot per request see either the old graph or
// the new one, never a mix, while a writer swaps snapshots (run with -race).
func TestHolder(t *testing.T) {
	a := mustFixture(t)
	r := rand.New(rand.NewPCG(1, 2))
	b, err := Build(genDatasets(r, genConfig{consultations: 3, comments: 50, submitters: 10, orgs: 5,
		taxonomy: genTaxonomy(r, 8), words: textWords, textWords: 5}))
	if err != nil {
		t.Fatal(err)
	}
	h := NewHolder(a)
	if h.Load() != a {
		t.Fatal("Load after NewHolder(a) is not a")
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var requests atomic.Int64
	errs := make(chan string, 16)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				s := h.Load() // one request
				all, err := s.Comments(nil)
				if err != nil {
					errs <- err.Error()
					return
				}
				bs, err := s.Count(nil, []Dimension{DimConsultation})
				if err != nil {
					errs <- err.Error()
					return
				}
				total := 0
				for _, b := range bs {
					total += b.Count
				}
				if total != len(all) || total != s.NumComments() || (s != a && s != b) {
					errs <- "a request saw a mix of snapshots"
					return
				}
				if _, err := s.Organizations(&OrganizationFilter{Comments: &Quantifier{Some: &CommentFilter{Dispositions: []graph.Disposition{graph.FutureWork}}}}); err != nil {
					errs <- err.Error()
					return
				}
				requests.Add(1)
			}
		}()
	}
	for i := range 200 {
		next := a
		if i%2 == 0 {
			next = b
		}
		if old := h.Swap(next); old != a && old != b {
			t.Errorf("Swap returned %p, neither snapshot", old)
		}
	}
	for requests.Load() < 100 {
		h.Swap(a)
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if old := h.Swap(nil); old != a {
		t.Errorf("Swap(nil) returned %p, want the last snapshot", old)
	}
	if h.Load() != Empty() {
		t.Error("after Swap(nil), Load is not the empty snapshot")
	}
}

package store_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bbolt" // Cayley's own bbolt backend, as a reader
	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

// cayleyQuads opens the bbolt store in dir with Cayley's own backend (not pcgraph's
// opening of it) and returns every quad it holds outside the padding graph, as N-Quads
// lines, with the count its statistics give.
func cayleyQuads(t *testing.T, dir string) ([]string, int64) {
	t.Helper()
	qs, err := cgraph.NewQuadStore("bbolt", dir, nil)
	if err != nil {
		t.Fatalf("Cayley cannot open the store: %v", err)
	}
	defer qs.Close()
	ctx := context.Background()
	var out []string
	typed := 0
	it := qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		if q.Label == quad.IRI(store.NodePrefix+"padding") {
			continue
		}
		out = append(out, q.NQuad())
		if q.Predicate == quad.IRI(store.RDFType) && q.Object == quad.IRI(store.ClassConsultation) {
			typed++
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	st, err := qs.Stats(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	// Every consultation node is found through Cayley's object index as well.
	class, err := qs.ValueOf(quad.IRI(store.ClassConsultation))
	if err != nil || class == nil {
		t.Fatalf("Cayley finds no consultation class node: %v", err)
	}
	n := 0
	ci := qs.QuadIterator(quad.Object, class).Iterate()
	for ci.Next(ctx) {
		n++
	}
	ci.Close()
	if want := typed; n != want || n == 0 {
		t.Errorf("Cayley's object index gives %d quads typed consultation, the log %d", n, want)
	}
	sort.Strings(out)
	return out, st.Quads.Value
}

func encoded(ds ...*graph.Dataset) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range ds {
		for _, q := range store.Encode(d, 1) {
			if l := q.NQuad(); !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestBulkStoreReadByCayley: a store written by pcgraph's bulk path reads back through
// Cayley's own bbolt quad store, every quad there and counted, and stays consistent
// when Cayley's own delete path later drops a consultation that shares values.
func TestBulkStoreReadByCayley(t *testing.T) {
	ctx := context.Background()
	defer store.SetChunkQuads(500)() // several bulk transactions per consultation
	dir := filepath.Join(t.TempDir(), "store")
	s, err := store.Open(ctx, "bolt:"+dir)
	if err != nil {
		t.Fatal(err)
	}
	a, b := fixture("a", 40), fixture("b", 25)
	if err := s.WriteAll(ctx, []*graph.Dataset{a, b}, false, func(*graph.Dataset, store.WriteResult) {}); err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, size := cayleyQuads(t, dir)
	want := encoded(a, b)
	if !equalLines(t, got, want) || size != int64(len(want)) {
		t.Errorf("Cayley counts %d quads, want %d", size, len(want))
	}

	// Drop a through Cayley's ApplyDeltas: the values b shares must stay, a's own go.
	if s, err = store.Open(ctx, "bolt:"+dir); err != nil {
		t.Fatal(err)
	}
	if err := s.Drop(ctx, a.Consultation.ID); err != nil {
		t.Fatalf("Drop: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, size = cayleyQuads(t, dir)
	want = encoded(b)
	if !equalLines(t, got, want) || size != int64(len(want)) {
		t.Errorf("after dropping a, Cayley counts %d quads, want %d", size, len(want))
	}
	qs, err := cgraph.NewQuadStore("bbolt", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer qs.Close()
	if v, _ := qs.ValueOf(quad.IRI(store.NodePrefix + a.Comments[0].ID)); v != nil {
		t.Errorf("a's comment node is still stored after the drop (reference counts wrong)")
	}
	if v, _ := qs.ValueOf(quad.IRI(store.NodePrefix + graph.TopicID("e-seal"))); v == nil {
		t.Errorf("the topic b shares was removed with a")
	}
}

func equalLines(t *testing.T, got, want []string) bool {
	t.Helper()
	g := map[string]bool{}
	for _, l := range got {
		g[l] = true
	}
	ok := len(got) == len(want)
	missing := 0
	for _, l := range want {
		if !g[l] {
			if missing++; missing <= 3 {
				t.Errorf("Cayley does not read %s", l)
			}
			ok = false
		}
	}
	if len(got) != len(want) {
		t.Errorf("Cayley reads %d quads, want %d", len(got), len(want))
	}
	return ok
}

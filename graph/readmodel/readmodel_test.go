package readmodel_test

import (
	"context"
	"testing"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
)

// TestRefreshServesWhatIsStored: the view is built from the store, a refresh after a
// replace swaps in the new data, and a view taken before keeps answering from the old.
func TestRefreshServesWhatIsStored(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := loader.Load("../../data/mic-iot5g-security-2020", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := readmodel.New(st)
	if n := m.View().Index.NumComments(); n != 0 || m.View().Generation != 0 {
		t.Fatalf("a new model serves %d comments (generation %d), want an empty view", n, m.View().Generation)
	}
	// Loaded but not refreshed: the view does not change by itself.
	if _, err := st.Write(ctx, res.Datasets[0], false); err != nil {
		t.Fatal(err)
	}
	if n := m.View().Index.NumComments(); n != 0 {
		t.Errorf("the view changed before Refresh: %d comments", n)
	}
	v1, err := m.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Generation != 1 || v1.Index.NumComments() != 107 || m.View() != v1 {
		t.Fatalf("after Refresh: generation %d, %d comments, current view is it: %v", v1.Generation, v1.Index.NumComments(), m.View() == v1)
	}

	smaller := *res.Datasets[0]
	smaller.Comments = smaller.Comments[:50]
	if _, err := st.Write(ctx, &smaller, true); err != nil {
		t.Fatal(err)
	}
	v2, err := m.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Generation != 2 || v2.Index.NumComments() != 50 {
		t.Errorf("after a replace: generation %d, %d comments; want 2 and 50", v2.Generation, v2.Index.NumComments())
	}
	// A request that took v1 still gets v1's answers, search included.
	if v1.Index.NumComments() != 107 {
		t.Errorf("the old view changed: %d comments", v1.Index.NumComments())
	}
	if _, total, err := v1.Search.Search(ctx, "トラストサービス", 0, 5); err != nil || total == 0 {
		t.Errorf("searching the old view: %d hits, %v", total, err)
	}
	_, total2, err := v2.Search.Search(ctx, "研究開発", 0, 5)
	_, total1, _ := v1.Search.Search(ctx, "研究開発", 0, 5)
	if err != nil || total2 >= total1 {
		t.Errorf("search of the new view finds %d (%v), the old %d: the new one has fewer comments", total2, err, total1)
	}
}

package index

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// The organization sets a snapshot keeps are those it would compute: asked again, after
// more filters than it keeps have pushed them out, and after a caller changed its copy.
func TestOrganizationSetsCached(t *testing.T) {
	s := mustFixture(t)
	names := func(f *OrganizationFilter) []string {
		t.Helper()
		orgs, err := s.Organizations(f)
		if err != nil {
			t.Fatalf("Organizations(%s): %v", describe(f), err)
		}
		return ids(orgs, func(o *graph.Organization) string { return o.ID })
	}
	trust := flagship
	first := names(trust)
	if len(first) == 0 || len(first) == len(s.orgs) {
		t.Fatalf("the filter selects %d of %d organizations: pick one that selects some", len(first), len(s.orgs))
	}
	set, err := s.OrganizationSet(trust)
	if err != nil {
		t.Fatal(err)
	}
	set.Clear()
	if got := names(trust); !slices.Equal(got, first) {
		t.Errorf("after a caller cleared its set: %v, want %v", got, first)
	}
	if n := len(s.orgSets.keys); n != 1 {
		t.Errorf("the snapshot keeps %d sets after one filter, want 1", n)
	}
	for i := range setCacheSize + 3 {
		f := &OrganizationFilter{Comments: &Quantifier{Some: &CommentFilter{Text: fmt.Sprint(i)}}}
		want, err := s.organizationSet(f)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			got, err := s.orgSet(f)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equals(want) {
				t.Errorf("filter %d: %v, computed %v", i, got.ToArray(), want.ToArray())
			}
		}
	}
	if n, m := len(s.orgSets.keys), len(s.orgSets.sets); n != setCacheSize || m != setCacheSize {
		t.Errorf("the snapshot keeps %d keys and %d sets, want %d", n, m, setCacheSize)
	}
	if _, ok := s.orgSets.sets[string(trust.AppendKey(nil))]; ok {
		t.Error("the oldest filter's set is still kept")
	}
	if got := names(trust); !slices.Equal(got, first) {
		t.Errorf("computed again: %v, want %v", got, first)
	}
}

package index

import (
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// Two filters share a memoised or cached set exactly when they select by the same
// values: every field of a filter is part of its key.
func TestFilterKeyCoversEveryField(t *testing.T) {
	if n := reflect.TypeFor[CommentFilter]().NumField(); n != 12 {
		t.Fatalf("CommentFilter has %d fields: make AppendKey cover the new ones, then update this count", n)
	}
	if n := reflect.TypeFor[OrganizationFilter]().NumField(); n != 2 {
		t.Fatalf("OrganizationFilter has %d fields: make AppendKey cover the new ones, then update this count", n)
	}
	if n := reflect.TypeFor[Quantifier]().NumField(); n != 3 {
		t.Fatalf("Quantifier has %d fields: make AppendKey cover the new ones, then update this count", n)
	}
	page := 3
	yes, no := true, false
	filters := []CommentFilter{
		{},
		{Consultation: "consultation/a"},
		{Submitter: "consultation/a"},
		{SubmitterKind: graph.SubmitterKind("ORGANIZATION")},
		{Organization: "organization/a"},
		{Section: "section/a"},
		{Topics: []string{"topic/a"}},
		{Topics: []string{"topic/a", "topic/b"}},
		{Topics: []string{"topic/a;topic/b"}},
		{Topics: []string{"topic/a"}, TopicMatch: MatchAll},
		{Dispositions: []graph.Disposition{graph.FutureWork}},
		{PageRef: &page},
		{Text: "a"},
		{Text: `a";`},
		{Consultation: `";"`},
		{Campaign: "campaign/a/1"},
		{InCampaign: &yes},
		{InCampaign: &no},
		{Text: "a", InCampaign: &no},
	}
	seen := map[string]int{}
	for i := range filters {
		k := string(filters[i].AppendKey(nil))
		if j, ok := seen[k]; ok {
			t.Errorf("filters %d (%+v) and %d (%+v) share the key %q", j, filters[j], i, filters[i], k)
		}
		seen[k] = i
	}
	again := CommentFilter{Topics: []string{"topic/a", "topic/b"}}
	if string(again.AppendKey(nil)) != string(filters[7].AppendKey(nil)) {
		t.Error("equal filters have different keys")
	}
	var none *CommentFilter
	if string(none.AppendKey(nil)) != string(filters[0].AppendKey(nil)) {
		t.Error("a nil filter and an empty one select the same comments but have different keys")
	}

	orgFilters := []*OrganizationFilter{
		nil,
		{},
		{Name: "a"},
		{Name: "a-"},
		{Comments: &Quantifier{}},
		{Comments: &Quantifier{Some: &CommentFilter{}}},
		{Comments: &Quantifier{None: &CommentFilter{}}},
		{Comments: &Quantifier{All: &CommentFilter{}}},
		{Comments: &Quantifier{Some: &CommentFilter{Text: "a"}}},
		{Comments: &Quantifier{Some: &CommentFilter{Text: "a"}, None: &CommentFilter{Text: "a"}}},
		{Comments: &Quantifier{Some: &CommentFilter{Text: "a)(-"}}},
		{Name: "a", Comments: &Quantifier{Some: &CommentFilter{}}},
	}
	seenOrg := map[string]int{}
	for i, f := range orgFilters {
		k := string(f.AppendKey(nil))
		if j, ok := seenOrg[k]; ok {
			t.Errorf("organization filters %d (%s) and %d (%s) share the key %q", j, describe(orgFilters[j]), i, describe(f), k)
		}
		seenOrg[k] = i
	}
}

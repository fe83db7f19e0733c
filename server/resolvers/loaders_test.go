package resolvers

import (
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
)

// Two filters share a memoised set exactly when they select by the same values: every
// field of index.CommentFilter is part of the key.
func TestFilterKeyCoversEveryField(t *testing.T) {
	if n := reflect.TypeFor[index.CommentFilter]().NumField(); n != 12 {
		t.Fatalf("index.CommentFilter has %d fields: make filterKey cover the new ones, then update this count", n)
	}
	page := 3
	yes, no := true, false
	filters := []index.CommentFilter{
		{},
		{Consultation: "consultation/a"},
		{Submitter: "consultation/a"},
		{SubmitterKind: graph.SubmitterKind("ORGANIZATION")},
		{Organization: "organization/a"},
		{Section: "section/a"},
		{Topics: []string{"topic/a"}},
		{Topics: []string{"topic/a", "topic/b"}},
		{Topics: []string{"topic/a;topic/b"}},
		{Topics: []string{"topic/a"}, TopicMatch: index.MatchAll},
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
		k := string(filterKey(nil, &filters[i]))
		if j, ok := seen[k]; ok {
			t.Errorf("filters %d (%+v) and %d (%+v) share the key %q", j, filters[j], i, filters[i], k)
		}
		seen[k] = i
	}
	again := index.CommentFilter{Topics: []string{"topic/a", "topic/b"}}
	if string(filterKey(nil, &again)) != string(filterKey(nil, &filters[7])) {
		t.Error("equal filters have different keys")
	}
}

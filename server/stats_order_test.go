package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestStatKeyOrder: StatKey.order puts sections in document order for a client that
// sorts a pivot itself (pandas sorts labels as text: "III-10 …" before "III-2 …"): sorted
// by order, the bundled table's sections come as `sections` lists them, and "(none)" after
// every section.
func TestStatKeyOrder(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	r := post(t, ts, `{ sections { id }
	  commentStats(groupBy: [SECTION, DISPOSITION]) { keys { dimension value label order } count } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("commentStats: %s", errorMessages(r))
	}
	var data struct {
		Sections     []struct{ ID string }
		CommentStats []struct {
			Keys []struct {
				Dimension, Value, Label string
				Order                   int
			}
		}
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	var draft []string
	for _, s := range data.Sections {
		draft = append(draft, s.ID)
	}
	type key struct {
		value, label string
		order        int
	}
	var sections []key
	dispositionOrder := map[string]int{}
	for _, b := range data.CommentStats {
		s, d := b.Keys[0], b.Keys[1]
		if k := (key{s.Value, s.Label, s.Order}); !slices.Contains(sections, k) {
			sections = append(sections, k)
		}
		if o, seen := dispositionOrder[d.Value]; seen && o != d.Order {
			t.Errorf("disposition %q has orders %d and %d", d.Value, o, d.Order)
		}
		dispositionOrder[d.Value] = d.Order
	}
	shuffled := slices.Clone(sections)
	slices.SortFunc(shuffled, func(a, b key) int { return strings.Compare(a.label, b.label) }) // as text
	if slices.Equal(shuffled, sections) {
		t.Fatal("the section labels sort as text in document order already: the test shows nothing")
	}
	slices.SortStableFunc(shuffled, func(a, b key) int { return a.order - b.order })
	var got []string
	for _, k := range shuffled {
		got = append(got, k.value)
	}
	var want []string
	for _, id := range draft {
		if slices.Contains(got, id) {
			want = append(want, id)
		}
	}
	if want = append(want, ""); !slices.Equal(got, want) { // "(none)" last
		t.Errorf("sections sorted by order:\n%v\nwant the draft's order, (none) last:\n%v", got, want)
	}
	if none := shuffled[len(shuffled)-1]; none.order != len(draft) {
		t.Errorf(`"(none)" has order %d, want %d (the number of sections)`, none.order, len(draft))
	}
	if o := dispositionOrder; !(o["REVISED"] == 0 && o["UNCHANGED"] == 1 && o["AGREEMENT"] == 2 && o["FUTURE_WORK"] == 3) {
		t.Errorf("disposition orders %v: want declaration order (REVISED 0, UNCHANGED 1, AGREEMENT 2, FUTURE_WORK 3 …)", o)
	}
}

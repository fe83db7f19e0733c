package server_test

import (
	"math"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/server"
)

// kindCounts are, per submitter kind ("" for comments without a submitter), the
// bundled table's comments, and those answered REVISED, FUTURE_WORK, and either: the
// reference for responsiveness and fraction, counted with plain loops.
type kindCounts struct{ comments, revised, future, responsive int }

func countByKind(d *graph.Dataset) map[string]*kindCounts {
	kinds := map[string]string{}
	for _, s := range d.Submitters {
		kinds[s.ID] = string(s.Kind)
	}
	out := map[string]*kindCounts{}
	for _, c := range d.Comments {
		k := kinds[c.Submitter]
		if out[k] == nil {
			out[k] = &kindCounts{}
		}
		n := out[k]
		n.comments++
		r, f := hasDisposition(c, graph.Revised), hasDisposition(c, graph.FutureWork)
		if r {
			n.revised++
		}
		if f {
			n.future++
		}
		if r || f {
			n.responsive++
		}
	}
	return out
}

// TestResponsivenessByKind: responsiveness(groupBy: SUBMITTER_KIND) gives each kind's
// comments and how many were answered REVISED, FUTURE_WORK or either, as the loader's
// dataset says, with share = responsive / comments.
func TestResponsivenessByKind(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	var data struct {
		Responsiveness []struct {
			Key                                       struct{ Value, Label string }
			Comments, Revised, FutureWork, Responsive int
			Share                                     float64
		}
	}
	query(t, ts, `{ responsiveness(groupBy: SUBMITTER_KIND) {
	  key { value label } comments revised futureWork responsive share } }`, nil, &data)
	want := countByKind(dataset(t))
	if len(data.Responsiveness) != len(want) {
		t.Fatalf("%d groups, want %d (%v)", len(data.Responsiveness), len(want), want)
	}
	total := 0
	for _, g := range data.Responsiveness {
		w := want[g.Key.Value]
		if w == nil {
			t.Fatalf("unexpected group %q", g.Key.Value)
		}
		if got := (kindCounts{g.Comments, g.Revised, g.FutureWork, g.Responsive}); got != *w {
			t.Errorf("%s: got %+v, want %+v", g.Key.Label, got, *w)
		}
		if math.Abs(g.Share-float64(w.responsive)/float64(w.comments)) > 1e-12 {
			t.Errorf("%s: share %v, want %d/%d", g.Key.Label, g.Share, w.responsive, w.comments)
		}
		total += g.Comments
	}
	if total != len(dataset(t).Comments) {
		t.Errorf("groups hold %d comments, want %d", total, len(dataset(t).Comments))
	}
	if want[string(graph.KindOrganization)].responsive == 0 {
		t.Error("no organization's comment was answered REVISED or FUTURE_WORK: the test shows nothing")
	}

	// A filter narrows the comments; an unknown dimension is an error.
	query(t, ts, `{ responsiveness(groupBy: SUBMITTER_KIND, filter: {dispositions: [REVISED]}) {
	  key { value } comments responsive share } }`, nil, &data)
	for _, g := range data.Responsiveness {
		if g.Responsive != g.Comments || g.Share != 1 {
			t.Errorf("REVISED only, %s: %d of %d responsive (share %v)", g.Key.Value, g.Responsive, g.Comments, g.Share)
		}
	}
	if r := post(t, ts, `{ responsiveness(groupBy: COLOUR) { share } }`, nil); len(r.Errors) == 0 {
		t.Error("an unknown dimension was accepted")
	}
}

// TestStatFraction: each commentStats bucket's fraction is its count over its group's
// (the comments of that submitter kind), checked against the loader's dataset; with one
// dimension the group is every comment.
func TestStatFraction(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	type bucket struct {
		Keys     []struct{ Value string }
		Count    int
		Fraction float64
	}
	var data struct{ ByKind, Kind []bucket }
	query(t, ts, `{ byKind: commentStats(groupBy: [SUBMITTER_KIND, DISPOSITION]) { keys { value } count fraction }
	  kind: commentStats(groupBy: [SUBMITTER_KIND]) { keys { value } count fraction } }`, nil, &data)
	want := countByKind(dataset(t))
	d := dataset(t)
	for _, b := range data.ByKind {
		w := want[b.Keys[0].Value]
		if w == nil {
			t.Fatalf("unexpected kind %q", b.Keys[0].Value)
		}
		if math.Abs(b.Fraction-float64(b.Count)/float64(w.comments)) > 1e-12 {
			t.Errorf("%v: fraction %v, want %d/%d", b.Keys, b.Fraction, b.Count, w.comments)
		}
		if b.Keys[1].Value == string(graph.Revised) && b.Count != w.revised {
			t.Errorf("%v: count %d, want %d", b.Keys, b.Count, w.revised)
		}
	}
	for _, b := range data.Kind {
		if math.Abs(b.Fraction-float64(b.Count)/float64(len(d.Comments))) > 1e-12 {
			t.Errorf("%v: fraction %v, want %d/%d", b.Keys, b.Fraction, b.Count, len(d.Comments))
		}
	}
}

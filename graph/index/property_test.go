package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// corpusValues are the values random filters draw from.
type corpusValues struct {
	consultations, submitters, orgs, sections, topics []string
	orgNames                                          []string
}

func valuesOf(ds []*graph.Dataset) corpusValues {
	var v corpusValues
	seen := map[string]bool{}
	for _, d := range ds {
		v.consultations = append(v.consultations, d.Consultation.ID)
		for _, s := range d.Submitters {
			v.submitters = append(v.submitters, s.ID)
		}
		for _, o := range d.Organizations {
			if !seen[o.ID] {
				seen[o.ID] = true
				v.orgs = append(v.orgs, o.ID)
				v.orgNames = append(v.orgNames, o.Name)
			}
		}
		for _, s := range d.Sections {
			v.sections = append(v.sections, s.ID)
		}
		for _, t := range d.Topics {
			if !seen[t.ID] {
				seen[t.ID] = true
				v.topics = append(v.topics, t.ID)
			}
		}
	}
	return v
}

func pickOne[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// genFilter returns a random valid comment filter; each field is set with probability
// p/10. A nil filter comes out now and then.
func genFilter(r *rand.Rand, v corpusValues, p int) *CommentFilter {
	if r.IntN(20) == 0 {
		return nil
	}
	set := func() bool { return r.IntN(10) < p }
	f := &CommentFilter{}
	if set() {
		f.Consultation = pickOne(r, v.consultations)
	}
	if set() {
		f.Submitter = pickOne(r, v.submitters)
	}
	if set() {
		f.SubmitterKind = pickOne(r, submitterKinds)
	}
	if set() && len(v.orgs) > 0 {
		f.Organization = pickOne(r, v.orgs)
	}
	if set() && len(v.sections) > 0 {
		f.Section = pickOne(r, v.sections)
	}
	if set() {
		for range 1 + r.IntN(3) {
			f.Topics = append(f.Topics, pickOne(r, v.topics))
		}
		f.TopicMatch = pickOne(r, []Match{"", MatchAny, MatchAll})
	}
	if set() {
		for range 1 + r.IntN(2) {
			f.Dispositions = append(f.Dispositions, pickOne(r, graph.Dispositions))
		}
	}
	if set() {
		p := 1 + r.IntN(9) // page 9 is never cited
		f.PageRef = &p
	}
	if set() {
		w := pickOne(r, textWords)
		switch r.IntN(4) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = strings.ToLower(w)
		case 2: // a part of a word
			rs := []rune(w)
			w = string(rs[r.IntN(len(rs)):])
		}
		f.Text = w
	}
	return f
}

func genQuantifier(r *rand.Rand, v corpusValues) *Quantifier {
	if r.IntN(5) == 0 {
		return nil
	}
	q := &Quantifier{}
	sub := func() *CommentFilter {
		if r.IntN(8) == 0 {
			return &CommentFilter{} // every comment
		}
		f := genFilter(r, v, 2)
		if f == nil {
			f = &CommentFilter{}
		}
		return f
	}
	for q.Some == nil && q.None == nil && q.All == nil && r.IntN(6) > 0 {
		if r.IntN(2) == 0 {
			q.Some = sub()
		}
		if r.IntN(3) == 0 {
			q.None = sub()
		}
		if r.IntN(3) == 0 {
			q.All = sub()
		}
	}
	return q
}

// describe prints a filter readably in failure messages.
func describe(x any) string {
	switch f := x.(type) {
	case *CommentFilter:
		if f == nil {
			return "nil"
		}
		var parts []string
		add := func(k string, v any, set bool) {
			if set {
				parts = append(parts, fmt.Sprintf("%s:%v", k, v))
			}
		}
		add("consultation", f.Consultation, f.Consultation != "")
		add("submitter", f.Submitter, f.Submitter != "")
		add("kind", f.SubmitterKind, f.SubmitterKind != "")
		add("organization", f.Organization, f.Organization != "")
		add("section", f.Section, f.Section != "")
		add("topics", f.Topics, len(f.Topics) > 0)
		add("match", f.TopicMatch, f.TopicMatch != "")
		add("dispositions", f.Dispositions, len(f.Dispositions) > 0)
		if f.PageRef != nil {
			add("page", *f.PageRef, true)
		}
		add("text", fmt.Sprintf("%q", f.Text), f.Text != "")
		return "{" + strings.Join(parts, " ") + "}"
	case *Quantifier:
		if f == nil {
			return "nil"
		}
		var parts []string
		for _, p := range []struct {
			k string
			f *CommentFilter
		}{{"some", f.Some}, {"none", f.None}, {"all", f.All}} {
			if p.f != nil {
				parts = append(parts, p.k+":"+describe(p.f))
			}
		}
		return "{" + strings.Join(parts, " ") + "}"
	case *SubmitterFilter:
		return fmt.Sprintf("{consultation:%q kind:%q comments:%s}", f.Consultation, f.Kind, describe(f.Comments))
	case *OrganizationFilter:
		return fmt.Sprintf("{name:%q comments:%s}", f.Name, describe(f.Comments))
	}
	return fmt.Sprint(x)
}

func ids[T any](xs []*T, id func(*T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

// diffIDs explains the first difference between two ID lists.
func diffIDs(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("first difference at %d: got %q, want %q (got %d, want %d in all)", i, got[i], want[i], len(got), len(want))
		}
	}
	return fmt.Sprintf("got %d, want %d; got %v, want %v", len(got), len(want), got, want)
}

func formatBuckets(bs []Bucket) string {
	var b strings.Builder
	for _, x := range bs {
		for _, k := range x.Keys {
			fmt.Fprintf(&b, "%s=%q(%s) ", k.Dimension, k.Value, k.Label)
		}
		fmt.Fprintf(&b, "→ %d\n", x.Count)
	}
	return b.String()
}

// formatOrders prints the Order of every key of bs, bucket by bucket.
func formatOrders(bs []Bucket) string {
	var b strings.Builder
	for _, x := range bs {
		for _, k := range x.Keys {
			fmt.Fprintf(&b, "%d ", k.Order)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestAgainstReference compares the index with the brute-force reference on random
// corpora and random filters, quantifiers and counts: results must be equal, in order.
func TestAgainstReference(t *testing.T) {
	const seeds, filtersPerSeed = 12, 150
	var nonEmpty, total struct{ comments, submitters, orgs, counts int }
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			ds := genDatasets(r, genConfig{
				consultations: 2 + r.IntN(3), comments: 10 + r.IntN(40), submitters: 3 + r.IntN(12),
				orgs: 4 + r.IntN(6), taxonomy: genTaxonomy(r, 4+r.IntN(10)), words: textWords, textWords: 6,
				shuffle: true,
			})
			s, err := Build(ds)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			ref := newReference(ds)
			v := valuesOf(ds)
			for i := range filtersPerSeed {
				f := genFilter(r, v, 3)
				got, err := s.Comments(f)
				if err != nil {
					t.Fatalf("filter %d Comments(%s): %v", i, describe(f), err)
				}
				want := ref.Comments(f)
				gotIDs := ids(got, func(c *graph.Comment) string { return c.ID })
				if !slices.Equal(gotIDs, want) {
					t.Errorf("filter %d Comments(%s): %s", i, describe(f), diffIDs(gotIDs, want))
				}
				total.comments++
				if len(want) > 0 {
					nonEmpty.comments++
				}
				set, err := s.CommentSet(f)
				if err != nil || int(set.GetCardinality()) != len(want) {
					t.Errorf("filter %d CommentSet(%s) = %d positions, %v; want %d", i, describe(f), set.GetCardinality(), err, len(want))
				}

				sf := &SubmitterFilter{Comments: genQuantifier(r, v)}
				if r.IntN(3) == 0 {
					sf.Consultation = pickOne(r, v.consultations)
				}
				if r.IntN(4) == 0 {
					sf.Kind = pickOne(r, submitterKinds)
				}
				gotSubs, err := s.Submitters(sf)
				if err != nil {
					t.Fatalf("filter %d Submitters(%s): %v", i, describe(sf), err)
				}
				wantSubs := ref.Submitters(sf)
				if g := ids(gotSubs, func(s *graph.Submitter) string { return s.ID }); !slices.Equal(g, wantSubs) {
					t.Errorf("filter %d Submitters(%s): %s", i, describe(sf), diffIDs(g, wantSubs))
				}
				total.submitters++
				if len(wantSubs) > 0 && len(wantSubs) < len(v.submitters) {
					nonEmpty.submitters++
				}

				of := &OrganizationFilter{Comments: genQuantifier(r, v)}
				if r.IntN(4) == 0 && len(v.orgNames) > 0 {
					name := []rune(pickOne(r, v.orgNames))
					of.Name = strings.ToLower(string(name[:1+r.IntN(len(name))]))
				}
				gotOrgs, err := s.Organizations(of)
				if err != nil {
					t.Fatalf("filter %d Organizations(%s): %v", i, describe(of), err)
				}
				wantOrgs := ref.Organizations(of)
				if g := ids(gotOrgs, func(o *graph.Organization) string { return o.ID }); !slices.Equal(g, wantOrgs) {
					t.Errorf("filter %d Organizations(%s): %s", i, describe(of), diffIDs(g, wantOrgs))
				}
				// Asked again, from the snapshot's cache (setcache.go).
				if again, err := s.OrganizationsByComments(of); err != nil || len(again) != len(gotOrgs) {
					t.Errorf("filter %d OrganizationsByComments(%s) = %d organizations, %v; Organizations found %d", i, describe(of), len(again), err, len(gotOrgs))
				}
				total.orgs++
				if len(wantOrgs) > 0 && len(wantOrgs) < len(v.orgs) {
					nonEmpty.orgs++
				}

				var groupBy []Dimension
				switch i % 3 {
				case 0:
					groupBy = []Dimension{Dimensions[(i/3)%len(Dimensions)]}
				case 1:
					perm := r.Perm(len(Dimensions))
					groupBy = []Dimension{Dimensions[perm[0]], Dimensions[perm[1]]}
				case 2:
					perm := r.Perm(len(Dimensions))
					groupBy = []Dimension{Dimensions[perm[0]], Dimensions[perm[1]], Dimensions[perm[2]]}[:r.IntN(4)]
				}
				gotCount, err := s.Count(f, groupBy)
				if err != nil {
					t.Fatalf("filter %d Count(%s, %v): %v", i, describe(f), groupBy, err)
				}
				wantCount := ref.Count(f, groupBy)
				if g, w := formatBuckets(gotCount)+formatOrders(gotCount), formatBuckets(wantCount)+formatOrders(wantCount); g != w || len(gotCount) != len(wantCount) {
					t.Errorf("filter %d Count(%s, %v):\ngot:\n%swant:\n%s", i, describe(f), groupBy, g, w)
				}
				if i%2 == 0 { // the same with combinations counted in a map
					oldDense, oldPacked := denseLimit, packedLimit
					denseLimit = 0
					if i%4 == 0 {
						packedLimit = 0 // tuples as keys
					}
					gotSparse, err := s.Count(f, groupBy)
					denseLimit, packedLimit = oldDense, oldPacked
					if g, w := formatBuckets(gotSparse)+formatOrders(gotSparse), formatBuckets(wantCount)+formatOrders(wantCount); err != nil || g != w || len(gotSparse) != len(wantCount) {
						t.Errorf("filter %d Count(%s, %v) in a map: %v\ngot:\n%swant:\n%s", i, describe(f), groupBy, err, g, w)
					}
				}
				total.counts++
				if len(wantCount) > 1 {
					nonEmpty.counts++
				}
			}
			checkLookups(t, s, ref, ds)
		})
	}
	// The generator must produce interesting cases: not only empty or full results.
	t.Logf("non-trivial results: %+v of %+v", nonEmpty, total)
	for _, c := range []struct {
		what     string
		got, all int
	}{{"comments", nonEmpty.comments, total.comments}, {"submitters", nonEmpty.submitters, total.submitters},
		{"organizations", nonEmpty.orgs, total.orgs}, {"counts", nonEmpty.counts, total.counts}} {
		if c.got*5 < c.all {
			t.Errorf("only %d of %d %s results were non-trivial: the generator is too weak", c.got, c.all, c.what)
		}
	}
}

// checkLookups compares the relationship lookups with the reference.
func checkLookups(t *testing.T, s *Snapshot, ref *reference, ds []*graph.Dataset) {
	t.Helper()
	for _, topic := range ref.allTopics {
		var want []string
		for _, sub := range ref.allSubs {
			for _, c := range ref.comments {
				if c.Submitter == sub.ID && ref.about(c, topic.ID) {
					want = append(want, sub.ID)
					break
				}
			}
		}
		got := ids(s.TopicSubmitters(topic.ID), func(s *graph.Submitter) string { return s.ID })
		if !slices.Equal(got, want) {
			t.Errorf("TopicSubmitters(%q): %s", topic.ID, diffIDs(got, want))
		}
		set, err := s.CommentsOf(topic.ID)
		if err != nil {
			t.Fatalf("CommentsOf(%q): %v", topic.ID, err)
		}
		wantC := ref.Comments(&CommentFilter{Topics: []string{topic.ID}})
		if gotC := ids(s.materialize(set), func(c *graph.Comment) string { return c.ID }); !slices.Equal(gotC, wantC) {
			t.Errorf("CommentsOf(%q): %s", topic.ID, diffIDs(gotC, wantC))
		}
	}
	for _, c := range ref.comments {
		want := -1
		for _, o := range ref.comments {
			if c.Response.TextID != "" && o.Response.TextID == c.Response.TextID {
				want++
			}
		}
		want = max(want, 0)
		if got, ok := s.SharedWithCount(c.Response.ID); !ok || got != want {
			t.Errorf("SharedWithCount(%q) = %d, %v; want %d", c.Response.ID, got, ok, want)
		}
	}
	for _, d := range ds {
		for page := 1; page <= 9; page++ {
			id := graph.PageID(d.Consultation.Slug, page)
			set, err := s.CommentsOf(id)
			if err != nil {
				t.Fatalf("CommentsOf(%q): %v", id, err)
			}
			want := ref.Comments(&CommentFilter{Consultation: d.Consultation.ID, PageRef: &page})
			if got := ids(s.materialize(set), func(c *graph.Comment) string { return c.ID }); !slices.Equal(got, want) {
				t.Errorf("CommentsOf(%q): %s", id, diffIDs(got, want))
			}
		}
	}
	gotSecs, err := s.Sections("")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(gotSecs, func(s *graph.Section) string { return s.ID }), ids(ref.allSecs, func(s *graph.Section) string { return s.ID }); !slices.Equal(got, want) {
		t.Errorf("Sections(\"\"): %s", diffIDs(got, want))
	}
	for _, c := range ref.allConsult {
		secs, err := s.Sections(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, sec := range ref.allSecs {
			if sec.Consultation == c.ID {
				want = append(want, sec.ID)
			}
		}
		if got := ids(secs, func(s *graph.Section) string { return s.ID }); !slices.Equal(got, want) {
			t.Errorf("Sections(%q): %s", c.ID, diffIDs(got, want))
		}
	}
	// Paging through every comment, three at a time, gives them all in order.
	all, _ := s.CommentSet(nil)
	var paged []string
	after := ""
	for {
		page, more, err := s.CommentPage(all, after, 3)
		if err != nil {
			t.Fatalf("CommentPage(after %q): %v", after, err)
		}
		for _, c := range page {
			paged = append(paged, c.ID)
		}
		if !more {
			break
		}
		after = page[len(page)-1].ID
	}
	if want := ref.Comments(nil); !slices.Equal(paged, want) {
		t.Errorf("paging by 3: %s", diffIDs(paged, want))
	}
}

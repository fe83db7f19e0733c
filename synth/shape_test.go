package synth

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/data"
	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// shape is what the tests compare between the bundled table and a synthetic corpus:
// shares of comments unless said otherwise.
type shape struct {
	comments       int
	dispositions   map[graph.Disposition]float64 // a comment counts once per disposition
	multiple       float64                       // responses with two or more dispositions
	kinds          map[graph.SubmitterKind]float64
	perSubmitter   float64 // comments per submitter
	repeaters      float64 // share of submitters with two or more comments
	htmlComments   float64
	htmlResponses  float64
	pageRefs       float64
	meanRunes      float64            // of a comment's plain text
	topics         map[string]float64 // mentioned in the comment's own text
	sections       map[string]float64 // by section code; "" for general comments
	distinctAnswer float64            // distinct response texts per comment
	surfaces       map[string]int     // comments whose text has the surface form
}

// quirkSurfaces are surface forms whose presence the tests check.
var quirkSurfaces = []string{"ポット化", "C&Cサーバ", "C&Cサーバー", "C&Cサーバ15", "Mirai"}

// shapeOf measures datasets.
func shapeOf(ds ...*graph.Dataset) shape {
	s := shape{
		dispositions: map[graph.Disposition]float64{}, kinds: map[graph.SubmitterKind]float64{},
		topics: map[string]float64{}, sections: map[string]float64{}, surfaces: map[string]int{},
	}
	submitters := 0
	repeaters := 0
	texts := 0
	for _, d := range ds {
		kind := map[string]graph.SubmitterKind{}
		code := map[string]string{}
		for _, x := range d.Submitters {
			kind[x.ID] = x.Kind
		}
		for _, x := range d.Sections {
			code[x.ID] = x.Code
		}
		per := map[string]int{}
		answers := map[string]bool{}
		for _, c := range d.Comments {
			s.comments++
			per[c.Submitter]++
			answers[c.Response.Text] = true
			s.kinds[kind[c.Submitter]]++
			s.sections[code[c.Section]]++
			for _, a := range c.Response.Dispositions {
				s.dispositions[a.Disposition]++
			}
			if len(c.Response.Dispositions) > 1 {
				s.multiple++
			}
			if loader.IsHTML(c.HTML) {
				s.htmlComments++
			}
			if loader.IsHTML(c.Response.HTML) {
				s.htmlResponses++
			}
			if len(c.PageRefs) > 0 {
				s.pageRefs++
			}
			s.meanRunes += float64(utf8.RuneCountInString(c.Text))
			seen := map[string]bool{}
			for _, m := range c.Mentions {
				if m.Via == graph.ViaComment && !seen[m.Topic] {
					seen[m.Topic] = true
					s.topics[m.Topic]++
				}
			}
			for _, q := range quirkSurfaces {
				if containsSurface(c.HTML, q) {
					s.surfaces[q]++
				}
			}
		}
		submitters += len(per)
		for _, n := range per {
			if n > 1 {
				repeaters++
			}
		}
		texts += len(answers)
	}
	n := float64(s.comments)
	for _, m := range []map[graph.Disposition]float64{s.dispositions} {
		for k := range m {
			m[k] /= n
		}
	}
	for k := range s.kinds {
		s.kinds[k] /= n
	}
	for _, m := range []map[string]float64{s.topics, s.sections} {
		for k := range m {
			m[k] /= n
		}
	}
	s.multiple /= n
	s.htmlComments /= n
	s.htmlResponses /= n
	s.pageRefs /= n
	s.meanRunes /= n
	s.perSubmitter = n / float64(submitters)
	s.repeaters = float64(repeaters) / float64(submitters)
	s.distinctAnswer = float64(texts) / n
	return s
}

// containsSurface reports whether a raw cell has the form q not as part of a longer one
// that the list also has (C&Cサーバ in C&Cサーバー).
func containsSurface(cell, q string) bool {
	for rest := cell; ; {
		i := strings.Index(rest, q)
		if i < 0 {
			return false
		}
		rest = rest[i+len(q):]
		if q == "C&Cサーバ" && strings.HasPrefix(rest, "ー") {
			continue
		}
		return true
	}
}

// bundledShape measures the bundled table.
func bundledShape() (shape, error) {
	res, err := loader.LoadFS(data.Bundled(), bundledDir, loader.Options{})
	if err != nil {
		return shape{}, err
	}
	return shapeOf(res.Datasets[0]), nil
}

// String shows a shape for a test log and for the README's comparison.
func (s shape) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "comments %d; per submitter %.2f, repeaters %.2f; html %.3f/%.3f; page refs %.3f; mean runes %.0f; distinct answers %.3f; multi-disposition %.3f\n",
		s.comments, s.perSubmitter, s.repeaters, s.htmlComments, s.htmlResponses, s.pageRefs, s.meanRunes, s.distinctAnswer, s.multiple)
	for _, d := range graph.Dispositions {
		fmt.Fprintf(&b, "  %s %.3f", d, s.dispositions[d])
	}
	b.WriteString("\n ")
	for _, k := range []graph.SubmitterKind{graph.KindOrganization, graph.KindIndividual, graph.KindGroup} {
		fmt.Fprintf(&b, " %s %.3f", k, s.kinds[k])
	}
	b.WriteString("\n  topics:")
	for _, t := range slices.Sorted(maps.Keys(s.topics)) {
		fmt.Fprintf(&b, " %s %.3f", strings.TrimPrefix(t, "topic/"), s.topics[t])
	}
	b.WriteString("\n  sections:")
	for _, k := range slices.Sorted(maps.Keys(s.sections)) {
		fmt.Fprintf(&b, " %q %.3f", k, s.sections[k])
	}
	fmt.Fprintf(&b, "\n  surfaces: %v\n", s.surfaces)
	return b.String()
}

// near reports whether got is within tol of want, relative to want but at least an
// absolute floor (rare values vary more).
func near(got, want, rel, floor float64) bool {
	return math.Abs(got-want) <= math.Max(rel*want, floor)
}

func TestShapesFollowTheBundledTable(t *testing.T) {
	want, err := bundledShape()
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			st, _ := generate(t, Options{Comments: 5000, Consultations: 5, Seed: seed})
			ds := loadAll(t, st)
			got := shapeOf(ds...)
			t.Logf("bundled: %v\nsynthetic: %v", want, got)

			for _, d := range graph.Dispositions {
				if !near(got.dispositions[d], want.dispositions[d], 0, 0.03) {
					t.Errorf("%s: %.3f of the comments, the bundled table %.3f (tolerance 0.03)", d, got.dispositions[d], want.dispositions[d])
				}
			}
			scalars := []struct {
				name            string
				got, want       float64
				relative, floor float64
			}{
				{"responses with several dispositions", got.multiple, want.multiple, 0, 0.03},
				{"organization share", got.kinds[graph.KindOrganization], want.kinds[graph.KindOrganization], 0, 0.02},
				{"individual share", got.kinds[graph.KindIndividual], want.kinds[graph.KindIndividual], 0, 0.02},
				{"個人(多数) share", got.kinds[graph.KindGroup], want.kinds[graph.KindGroup], 0, 0.01},
				{"comments per submitter", got.perSubmitter, want.perSubmitter, 0.2, 0},
				{"submitters with several comments", got.repeaters, want.repeaters, 0, 0.1},
				{"HTML comments", got.htmlComments, want.htmlComments, 0, 0.05},
				{"HTML responses", got.htmlResponses, want.htmlResponses, 0, 0.05},
				{"comments with page references", got.pageRefs, want.pageRefs, 0, 0.05},
				{"mean comment length (runes)", got.meanRunes, want.meanRunes, 0.1, 0},
			}
			for _, s := range scalars {
				if !near(s.got, s.want, s.relative, s.floor) {
					t.Errorf("%s: %.3f, the bundled table %.3f (tolerance %.0f%% or %.3f)", s.name, s.got, s.want, 100*s.relative, s.floor)
				}
			}
			for code, share := range want.sections {
				if !near(got.sections[code], share, 0.25, 0.01) {
					t.Errorf("section %q: %.3f of the comments, the bundled table %.3f", code, got.sections[code], share)
				}
			}
			for topic, share := range want.topics {
				switch {
				case got.topics[topic] == 0:
					t.Errorf("%s: never mentioned; the bundled table mentions it in %.3f of its comments", topic, share)
				case share >= 0.03 && !near(got.topics[topic], share, 0.3, 0.015):
					t.Errorf("%s: mentioned in %.3f of the comments, the bundled table %.3f (tolerance 30%% or 0.015)", topic, got.topics[topic], share)
				}
			}
			if got.distinctAnswer < 0.25 {
				t.Errorf("only %.3f distinct responses per comment: one-off responses are not varied (the bundled table has %.3f)", got.distinctAnswer, want.distinctAnswer)
			}
		})
	}
}

func TestQuirksAndTopicsArePresent(t *testing.T) {
	st, _ := generate(t, Options{Comments: 2000, Consultations: 4, Seed: 3})
	ds := loadAll(t, st)
	s := shapeOf(ds...)
	for _, q := range quirkSurfaces {
		if s.surfaces[q] == 0 {
			t.Errorf("no comment writes %s (the bundled table has it in %d)", q, s.surfaces[q])
		}
	}
	// Topic matching must see what a researcher would search for: the typo ポット化 as a
	// botnet, C&Cサーバ and C&Cサーバー as command-and-control servers.
	evidence := map[[2]string]int{}
	for _, d := range ds {
		for _, c := range d.Comments {
			for _, m := range c.Mentions {
				if m.Via == graph.ViaComment {
					evidence[[2]string{m.Topic, m.Surface}]++
				}
			}
		}
	}
	for _, e := range [][2]string{
		{"topic/botnet", "ポット化"},
		{"topic/cc-server", "C&Cサーバ"},
		{"topic/cc-server", "C&Cサーバー"},
		{"topic/e-seal", "eシール"},
		{"topic/trust-services", "トラストサービス"},
	} {
		if evidence[e] == 0 {
			t.Errorf("no comment mentions %s as %q", e[0], e[1])
		}
	}
}

func TestOrganizationsRecurAcrossConsultations(t *testing.T) {
	st, _ := generate(t, Options{Comments: 3000, Consultations: 6, Seed: 5})
	ds := loadAll(t, st)
	in := map[string]int{}
	for _, d := range ds {
		for _, o := range d.Organizations {
			in[o.ID]++
		}
	}
	recurring := 0
	for _, n := range in {
		if n > 1 {
			recurring++
		}
	}
	if len(in) != st.Organizations || recurring != st.Recurring {
		t.Errorf("the loader finds %d organizations, %d in several consultations; Stats say %d and %d", len(in), recurring, st.Organizations, st.Recurring)
	}
	if recurring < len(in)/10 {
		t.Errorf("%d of %d organizations comment in several consultations; want at least a tenth, for the cross-consultation question", recurring, len(in))
	}
	// An organization behaves alike wherever it comments (one persona): the topics it
	// raises overlap from one consultation to the next.
	topics := map[string]map[string]map[string]bool{} // organization → consultation → topics
	for _, d := range ds {
		org := map[string]string{}
		for _, s := range d.Submitters {
			org[s.ID] = s.Organization
		}
		for _, c := range d.Comments {
			o := org[c.Submitter]
			if o == "" || in[o] < 2 {
				continue
			}
			if topics[o] == nil {
				topics[o] = map[string]map[string]bool{}
			}
			if topics[o][c.Consultation] == nil {
				topics[o][c.Consultation] = map[string]bool{}
			}
			for _, m := range c.Mentions {
				topics[o][c.Consultation][m.Topic] = true
			}
		}
	}
	again := 0
	for _, per := range topics {
		count := map[string]int{}
		for _, ts := range per {
			for tp := range ts {
				count[tp]++
			}
		}
		for _, n := range count {
			if n > 1 {
				again++
				break
			}
		}
	}
	if again < len(topics)/2 {
		t.Errorf("%d of %d recurring organizations raise a topic again in another consultation; want most", again, len(topics))
	}
}

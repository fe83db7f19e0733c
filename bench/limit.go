package bench

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
)

// Limit is the floor pcgraph's answers are compared with: the same datasets in plain Go
// maps and slices (no bitmaps, no GraphQL, no HTTP, no store), answering the five
// questions in process as directly as one can. Nothing is cached between questions:
// every answer is computed from the index, as pcgraph computes its answers from its
// read model.
type Limit struct {
	comments []lcomment // in API order: consultation slug, then 項番

	orgs    []lorg         // by name, then ID (the API's order)
	orgByID map[string]int // organization ID → index in orgs
	byOrg   [][]int32      // organization → its comments, ascending

	topics   []ltopic       // by ID
	topicIdx map[string]int // topic ID → index in topics
	byTopic  [][]int32      // topic → the comments that mention it (via COMMENT or SECTION), ascending

	sections []lsection // in API order (consultation slug, then code); a comment's sec indexes this
}

type lsection struct{ id, label string }

type lcomment struct {
	id     string
	org    int32   // -1: not by an organization
	sec    int32   // -1: general comment
	disp   uint8   // bit i: graph.Dispositions[i]
	topics []int32 // via COMMENT or SECTION
	// mentions are all its topics (RESPONSE too), in the order first mentioned, each with
	// the via of every mention of it: what the API's Comment.topics lists.
	mentions []lmention
	text     string // folded comment text
	rtext    string // folded response text
}

type lmention struct {
	topic int32
	vias  []graph.MentionVia
}

type lorg struct{ id, name string }

type ltopic struct {
	id, label string
	narrower  []int
}

// fold makes text comparable regardless of width and case: NFKC, then case folding.
func fold(s string) string { return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(s))) }

// NewLimit indexes datasets.
func NewLimit(datasets []*graph.Dataset) (*Limit, error) {
	ds := slices.Clone(datasets)
	slices.SortFunc(ds, func(a, b *graph.Dataset) int { return strings.Compare(a.Consultation.Slug, b.Consultation.Slug) })
	l := &Limit{orgByID: map[string]int{}, topicIdx: map[string]int{}}

	// Topics and organizations repeat across datasets: the first by slug wins.
	for _, d := range ds {
		for _, t := range d.Topics {
			if _, ok := l.topicIdx[t.ID]; !ok {
				l.topicIdx[t.ID] = -1
				l.topics = append(l.topics, ltopic{id: t.ID, label: t.Label})
			}
		}
		for _, o := range d.Organizations {
			if _, ok := l.orgByID[o.ID]; !ok {
				l.orgByID[o.ID] = -1
				l.orgs = append(l.orgs, lorg{id: o.ID, name: o.Name})
			}
		}
	}
	slices.SortFunc(l.topics, func(a, b ltopic) int { return strings.Compare(a.id, b.id) })
	for i, t := range l.topics {
		l.topicIdx[t.id] = i
	}
	for _, d := range ds {
		for _, t := range d.Topics {
			if t.Broader == "" {
				continue
			}
			i, b := l.topicIdx[t.ID], l.topicIdx[t.Broader]
			if !slices.Contains(l.topics[b].narrower, i) {
				l.topics[b].narrower = append(l.topics[b].narrower, i)
			}
		}
	}
	slices.SortFunc(l.orgs, func(a, b lorg) int { return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.id, b.id)) })
	for i, o := range l.orgs {
		l.orgByID[o.id] = i
	}

	secIdx := map[string]int{}
	for _, d := range ds {
		secs := slices.Clone(d.Sections)
		slices.SortFunc(secs, func(a, b graph.Section) int {
			return cmp.Or(index.CompareCodes(a.Code, b.Code), strings.Compare(a.ID, b.ID))
		})
		for _, s := range secs {
			secIdx[s.ID] = len(l.sections)
			label := s.Code
			if s.Title != "" {
				label += " " + s.Title
			}
			l.sections = append(l.sections, lsection{s.ID, label})
		}
	}

	l.byOrg = make([][]int32, len(l.orgs))
	l.byTopic = make([][]int32, len(l.topics))
	for _, d := range ds {
		orgOf := map[string]int32{}
		for _, s := range d.Submitters {
			orgOf[s.ID] = -1
			if s.Organization != "" {
				orgOf[s.ID] = int32(l.orgByID[s.Organization])
			}
		}
		comments := make([]*graph.Comment, len(d.Comments))
		for i := range d.Comments {
			comments[i] = &d.Comments[i]
		}
		slices.SortFunc(comments, func(a, b *graph.Comment) int { return cmp.Compare(a.Number, b.Number) })
		for _, c := range comments {
			i := int32(len(l.comments))
			lc := lcomment{id: c.ID, org: -1, sec: -1, text: fold(c.Text), rtext: fold(c.Response.Text)}
			if o, ok := orgOf[c.Submitter]; ok {
				lc.org = o
			}
			if c.Section != "" {
				s, ok := secIdx[c.Section]
				if !ok {
					return nil, fmt.Errorf("limit: comment %s: unknown section %s", c.ID, c.Section)
				}
				lc.sec = int32(s)
			}
			for _, a := range c.Response.Dispositions {
				lc.disp |= 1 << slices.Index(graph.Dispositions, a.Disposition)
			}
			for _, m := range c.Mentions {
				t, ok := l.topicIdx[m.Topic]
				if !ok {
					return nil, fmt.Errorf("limit: comment %s: unknown topic %s", c.ID, m.Topic)
				}
				k := slices.IndexFunc(lc.mentions, func(x lmention) bool { return x.topic == int32(t) })
				if k < 0 {
					k = len(lc.mentions)
					lc.mentions = append(lc.mentions, lmention{topic: int32(t)})
				}
				lc.mentions[k].vias = append(lc.mentions[k].vias, m.Via)
				if m.Via != graph.ViaComment && m.Via != graph.ViaSection {
					continue
				}
				if !slices.Contains(lc.topics, int32(t)) {
					lc.topics = append(lc.topics, int32(t))
					l.byTopic[t] = append(l.byTopic[t], i)
				}
			}
			if lc.org >= 0 {
				l.byOrg[lc.org] = append(l.byOrg[lc.org], i)
			}
			l.comments = append(l.comments, lc)
		}
	}
	return l, nil
}

// Answer answers question q.
func (l *Limit) Answer(ctx context.Context, q, searchText string) (Answer, error) {
	switch q {
	case Flagship:
		return flagshipAnswer(l.flagship()), nil
	case TwoHop:
		return twoHopAnswer(l.twoHop()), nil
	case Stats:
		return statsAnswer(l.stats()), nil
	case Network:
		return networkAnswer(l.network()), nil
	case Search:
		total, hits := l.search(fold(searchText))
		return searchAnswer(total, len(hits)), nil
	}
	return Answer{}, fmt.Errorf("unknown question %q", q)
}

// FlagshipPage is how many organizations a page of the flagship question holds
// (gqlFlagship's first).
const FlagshipPage = 100

// Encode answers question q as the API's JSON: the `data` of each response the API
// sends for it (several pages for the flagship question, one response otherwise). The
// search is not encoded: its ranking and snippets are the full-text index's own, and a
// limit that computed them would be that index.
func (l *Limit) Encode(q string) ([][]byte, error) {
	switch q {
	case Flagship:
		return l.encodeFlagship(l.flagship(), FlagshipPage), nil
	case TwoHop:
		return [][]byte{l.encodeTwoHop(l.topOrganizations())}, nil
	case Stats:
		return [][]byte{l.encodeStats(l.stats())}, nil
	case Network:
		return [][]byte{l.encodeNetwork(l.network())}, nil
	}
	return nil, fmt.Errorf("the limit does not encode question %q", q)
}

// Op returns the measured operation for question q: the same computation as Answer,
// and the encoding of the API's JSON (Encode), without reducing the result to an Answer.
func (l *Limit) Op(q, searchText string) (func(context.Context) error, error) {
	switch q {
	case Flagship, TwoHop, Stats, Network:
		return func(context.Context) error {
			pages, err := l.Encode(q)
			for _, p := range pages {
				sink.Add(int64(len(p)))
			}
			return err
		}, nil
	case Search:
		folded := fold(searchText)
		return func(context.Context) error { n, _ := l.search(folded); sink.Add(int64(n)); return nil }, nil
	}
	return nil, fmt.Errorf("unknown question %q", q)
}

// sink keeps the compiler from discarding the limit's work.
var sink atomic.Int64

var futureWork = uint8(1) << slices.Index(graph.Dispositions, FlagshipDisposition)

// flagship: the topic and its narrower topics, their comments with the disposition, the
// organizations of those comments, by name.
func (l *Limit) flagship() []orgRow {
	root, ok := l.topicIdx[FlagshipTopic]
	if !ok {
		return nil
	}
	hit := make([]bool, len(l.orgs))
	stack := []int{root}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = append(stack[:len(stack)-1], l.topics[t].narrower...)
		for _, c := range l.byTopic[t] {
			if cm := &l.comments[c]; cm.disp&futureWork != 0 && cm.org >= 0 {
				hit[cm.org] = true
			}
		}
	}
	var out []orgRow
	for i, h := range hit {
		if h {
			out = append(out, orgRow{l.orgs[i].id, l.orgs[i].name})
		}
	}
	return out
}

// twoHop: the organizations with the most comments (ties by ID), then their first
// comments and those comments' topics.
func (l *Limit) twoHop() []twoHopOrg {
	top := l.topOrganizations()
	out := make([]twoHopOrg, len(top))
	for k, o := range top {
		cs := l.byOrg[o]
		r := twoHopOrg{ID: l.orgs[o].id, Name: l.orgs[o].name, Count: len(cs), Comments: make([]twoHopComment, 0, min(len(cs), TwoHopComments))}
		for _, c := range cs[:min(len(cs), TwoHopComments)] {
			cm := &l.comments[c]
			tc := twoHopComment{ID: cm.id, Topics: make([]string, len(cm.topics))}
			for j, t := range cm.topics {
				tc.Topics[j] = l.topics[t].id
			}
			r.Comments = append(r.Comments, tc)
		}
		out[k] = r
	}
	return out
}

// topOrganizations returns the TwoHopOrganizations organizations with the most comments
// (ties by ID), most first.
func (l *Limit) topOrganizations() []int {
	top := make([]int, 0, TwoHopOrganizations+1)
	before := func(a, b int) bool { // a ranks before b
		na, nb := len(l.byOrg[a]), len(l.byOrg[b])
		return na > nb || na == nb && l.orgs[a].id < l.orgs[b].id
	}
	for o := range l.orgs {
		if len(l.byOrg[o]) == 0 || len(top) == TwoHopOrganizations && !before(o, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && before(o, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, o)
		if len(top) > TwoHopOrganizations {
			top = top[:TwoHopOrganizations]
		}
	}
	return top
}

// stats: a count per (section, disposition), over every comment.
func (l *Limit) stats() []statRow {
	nd := len(graph.Dispositions)
	counts := make([]int, (len(l.sections)+1)*nd) // the last row: general comments
	for i := range l.comments {
		c := &l.comments[i]
		row := len(l.sections)
		if c.sec >= 0 {
			row = int(c.sec)
		}
		for d := range nd {
			if c.disp&(1<<d) != 0 {
				counts[row*nd+d]++
			}
		}
	}
	var out []statRow
	for i, n := range counts {
		if n == 0 {
			continue
		}
		sec, label := "", index.NoneLabel
		if row := i / nd; row < len(l.sections) {
			sec, label = l.sections[row].id, l.sections[row].label
		}
		out = append(out, statRow{Section: sec, label: label, Disposition: string(graph.Dispositions[i%nd]), Count: n})
	}
	return out
}

// network: topic weights and co-occurrence counts over every comment.
func (l *Limit) network() ([]netNode, []netEdge) {
	nt := len(l.topics)
	weight := make([]int, nt)
	pairs := map[[2]int32]int{}
	for i := range l.comments {
		ts := l.comments[i].topics
		for a, t := range ts {
			weight[t]++
			for _, u := range ts[a+1:] {
				if t < u {
					pairs[[2]int32{t, u}]++
				} else {
					pairs[[2]int32{u, t}]++
				}
			}
		}
	}
	var nodes []netNode
	for t, w := range weight {
		if w > 0 {
			nodes = append(nodes, netNode{ID: l.topics[t].id, Label: cmp.Or(l.topics[t].label, l.topics[t].id), Weight: w})
		}
	}
	edges := make([]netEdge, 0, len(pairs))
	for p, w := range pairs { // topics are by ID, so p[0] < p[1] is Source < Target
		edges = append(edges, netEdge{Source: l.topics[p[0]].id, Target: l.topics[p[1]].id, Weight: w})
	}
	slices.SortFunc(edges, func(a, b netEdge) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Target, b.Target))
	})
	return nodes, edges
}

// search: a substring scan of the folded texts; the first hits in API order.
func (l *Limit) search(q string) (total int, first []string) {
	if q == "" {
		return 0, nil
	}
	for i := range l.comments {
		c := &l.comments[i]
		if strings.Contains(c.text, q) || strings.Contains(c.rtext, q) {
			total++
			if len(first) < SearchFirst {
				first = append(first, c.id)
			}
		}
	}
	return total, first
}

package store

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
)

// node is what the quads of one named graph say about one subject: each predicate, with
// its values in the order stored. A node has a handful of predicates, so a slice searched
// in order is cheaper to build and to read than a map of its own: at 100,000 comments
// there are about two million nodes, and their maps were a fifth of decoding the store.
type node []prop

// prop is one predicate of a node and its values.
type prop struct {
	p  string
	vs []quad.Value
}

// get returns the values of predicate p.
func (n node) get(p string) []quad.Value {
	for i := range n {
		if n[i].p == p {
			return n[i].vs
		}
	}
	return nil
}

// nodeSet is the nodes of one named graph, by subject ID: each a window of one arena of
// props, since a subject's quads mostly come together (a node whose quads do not is
// moved to the end of the arena when it grows).
type nodeSet struct {
	index map[string]int32
	spans [][2]int32 // each node's window of props
	props []prop
}

func (ns *nodeSet) get(id string) node {
	if i, ok := ns.index[id]; ok {
		sp := ns.spans[i]
		return ns.props[sp[0]:sp[1]:sp[1]]
	}
	return nil
}

// addIn adds the value one holds (a one-element window of the caller's arena) to
// predicate p of subject s.
func (ns *nodeSet) addIn(s, p string, one []quad.Value) {
	k, ok := ns.index[s]
	if !ok {
		k = int32(len(ns.spans))
		ns.index[s] = k
		ns.spans = append(ns.spans, [2]int32{int32(len(ns.props)), int32(len(ns.props))})
	}
	sp := &ns.spans[k]
	n := ns.props[sp[0]:sp[1]]
	for j := range n {
		if n[j].p == p {
			n[j].vs = append(n[j].vs, one[0])
			return
		}
	}
	if int(sp[1]) != len(ns.props) { // not the last window: move it to the end
		start := len(ns.props)
		ns.props = append(ns.props, n...)
		sp[0], sp[1] = int32(start), int32(len(ns.props))
	}
	ns.props = append(ns.props, prop{p, one})
	sp[1]++
}

func (n node) str(p string) string {
	if vs := n.get(p); len(vs) > 0 {
		if s, ok := vs[0].(quad.String); ok {
			return string(s)
		}
		return quad.StringOf(vs[0])
	}
	return ""
}

func (n node) int(p string) int {
	if vs := n.get(p); len(vs) > 0 {
		switch v := vs[0].(type) {
		case quad.Int:
			return int(v)
		case quad.TypedString:
			i, _ := strconv.Atoi(string(v.Value))
			return i
		}
	}
	return 0
}

func (n node) ref(p string) string {
	if vs := n.get(p); len(vs) > 0 {
		return idOf(vs[0])
	}
	return ""
}

func (n node) refs(p string) []string {
	var out []string
	for _, v := range n.get(p) {
		if id := idOf(v); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func (n node) strs(p string) []string {
	var out []string
	for _, v := range n.get(p) {
		if s, ok := v.(quad.String); ok {
			out = append(out, string(s))
		}
	}
	sort.Strings(out)
	return out
}

func (n node) is(class string) bool {
	for _, v := range n.get(RDFType) {
		if v == quad.IRI(class) {
			return true
		}
	}
	return false
}

// byOrder returns the IDs of the evidence nodes linked by p, in their stored order: the
// number that ends the ID (stores written before 2026-11 also have an order quad, which
// says the same).
func byOrder(n node, p string) []string {
	ids := n.refs(p)
	sort.Slice(ids, func(i, j int) bool { return evidenceOrder(ids[i]) < evidenceOrder(ids[j]) })
	return ids
}

func evidenceOrder(id string) int {
	i, _ := strconv.Atoi(id[strings.LastIndexByte(id, '/')+1:])
	return i
}

// Decode rebuilds the dataset of consultation id from the quads of its named graph. It
// is the inverse of Encode: Decode(Encode(d)) equals d when d is in canonical order. It
// also returns the revision found on the consultation node.
func Decode(id string, quads []quad.Quad) (*graph.Dataset, int64, error) {
	nodes := &nodeSet{index: make(map[string]int32, len(quads)/4), props: make([]prop, 0, len(quads))}
	// Most predicates of a node have one value: each first value is a one-element window
	// of one arena instead of a slice of its own (a second value grows out of the window).
	arena := make([]quad.Value, len(quads))
	for i, q := range quads {
		s := idOf(q.Subject)
		if s == "" {
			continue
		}
		arena[i] = q.Object
		nodes.addIn(s, string(q.Predicate.(quad.IRI)), arena[i:i+1:i+1])
	}
	cn := nodes.get(id)
	if cn == nil || !cn.is(ClassConsultation) {
		return nil, 0, graph.Errorf(graph.ENOTFOUND, "consultation %q is not in the store", id)
	}
	d := &graph.Dataset{Consultation: graph.Consultation{
		ID:       id,
		Slug:     cn.str(PredSlug),
		Title:    cn.str(PredTitle),
		Ministry: cn.str(PredMinistry),
		Deadline: cn.str(PredDeadline),
		Source:   cn.str(PredSourceFile),
		Format:   cn.str(PredFormat),
	}}
	revision := int64(cn.int(PredRevision))

	orgs := map[string]bool{}
	for _, sid := range sorted(cn.refs(PredHasSubmitter)) {
		n := nodes.get(sid)
		s := graph.Submitter{
			ID: sid, Consultation: n.ref(PredConsultationOf), Label: n.str(PredLabel),
			Name: n.str(PredName), Kind: graph.SubmitterKind(n.str(PredKind)),
			Organization: n.ref(PredIsOrganization), Raw: n.str(PredRaw),
		}
		d.Submitters = append(d.Submitters, s)
		if s.Organization != "" && !orgs[s.Organization] {
			orgs[s.Organization] = true
			d.Organizations = append(d.Organizations, graph.Organization{ID: s.Organization, Name: nodes.get(s.Organization).str(PredName)})
		}
	}
	sort.Slice(d.Organizations, func(i, j int) bool { return d.Organizations[i].ID < d.Organizations[j].ID })

	for _, sid := range sorted(cn.refs(PredHasSection)) {
		n := nodes.get(sid)
		d.Sections = append(d.Sections, graph.Section{
			ID: sid, Consultation: n.ref(PredConsultationOf), Code: n.str(PredCode),
			Chapter: n.str(PredChapter), Title: n.str(PredTitle), Parent: n.ref(PredPartOf),
		})
	}
	for _, tid := range sorted(cn.refs(PredUsesTopic)) {
		n := nodes.get(tid)
		d.Topics = append(d.Topics, graph.Topic{
			ID: tid, Slug: n.str(PredSlug), Label: n.str(PredLabel), LabelEn: n.str(PredLabelEn),
			Kind: graph.TopicKind(n.str(PredKind)), Aliases: n.strs(PredAlias),
			Broader: n.ref(PredBroader), Sections: n.strs(PredTopicForSection),
		})
	}
	for _, mid := range cn.refs(PredHas) {
		m, err := decodeComment(nodes, mid, d.Consultation.Source)
		if err != nil {
			return nil, 0, err
		}
		d.Comments = append(d.Comments, m)
	}
	sort.Slice(d.Comments, func(i, j int) bool { return d.Comments[i].Number < d.Comments[j].Number })
	return d, revision, nil
}

func decodeComment(nodes *nodeSet, id, source string) (graph.Comment, error) {
	n := nodes.get(id)
	if n == nil || !n.is(ClassComment) {
		return graph.Comment{}, fmt.Errorf("store: comment %q is linked but has no quads", id)
	}
	m := graph.Comment{
		ID: id, Consultation: n.ref(PredConsultationOf), Number: n.int(PredNumber),
		Submitter: n.ref(PredSubmittedBy), Section: n.ref(PredAbout),
		Text: n.str(PredText), HTML: n.str(PredHTML),
		Source: graph.Source{File: n.str(PredSourceFile), Line: n.int(PredSourceLine)},
	}
	if n.get(PredSourceFile) == nil {
		m.Source.File = source
	}
	rid := n.ref(PredAnsweredBy)
	r := nodes.get(rid)
	m.Response = graph.Response{ID: rid, Text: r.str(PredText), HTML: r.str(PredHTML), TextID: r.ref(PredSameTextAs)}
	// Equal strings decoded twice are two copies; pointing Text at HTML keeps one (most
	// cells are plain text, so most cells are then held once in the read model).
	if m.Response.Text == m.Response.HTML {
		m.Response.Text = m.Response.HTML
	}
	if m.Text == m.HTML {
		m.Text = m.HTML
	}
	if cells := n.strs(PredRawCell); len(cells) > 0 {
		var err error
		if m.Source.Cells, err = rawCells(cells, m.HTML, m.Response.HTML); err != nil {
			return graph.Comment{}, fmt.Errorf("store: comment %q: %v", id, err)
		}
	}
	var err error
	if m.Attributes, err = attributes(n.strs(PredAttribute)); err != nil {
		return graph.Comment{}, fmt.Errorf("store: comment %q: %v", id, err)
	}
	m.Heading = n.str(PredHeading)
	m.Response.SameAs, m.Response.SameAsSurface = r.ref(PredSameAs), r.str(PredSameAsSurface)
	for _, pid := range byOrder(n, PredHasPageRef) {
		p := nodes.get(pid)
		m.PageRefs = append(m.PageRefs, graph.PageRef{
			Page: nodes.get(p.ref(PredPage)).int(PredNumber), Lines: p.str(PredLines), Surface: p.str(PredSurface),
		})
	}
	for _, tid := range byOrder(n, PredHasMention) {
		t := nodes.get(tid)
		m.Mentions = append(m.Mentions, graph.TopicMention{
			Topic: t.ref(PredTopic), Via: graph.MentionVia(t.str(PredVia)), Surface: t.str(PredSurface),
		})
	}
	for _, aid := range byOrder(r, PredHasAssignment) {
		a := nodes.get(aid)
		m.Response.Dispositions = append(m.Response.Dispositions, graph.DispositionAssignment{
			Disposition: graph.Disposition(strings.TrimPrefix(a.ref(PredDisposition), "disposition/")),
			Evidence:    a.str(PredEvidence),
		})
	}
	for _, sid := range byOrder(r, PredHasSectionRef) {
		s := nodes.get(sid)
		m.Response.SectionRefs = append(m.Response.SectionRefs, graph.SectionRef{Section: s.ref(PredSection), Surface: s.str(PredSurface)})
	}
	return m, nil
}

func sorted(ids []string) []string {
	sort.Strings(ids)
	return ids
}

// Stores written before tables of other layouts could be loaded mark the cells that equal
// the comment's or the response's HTML by the bundled layout's column number alone: "3"
// and "4". rawCells still reads them; nothing writes them now.
const (
	legacyCellHTML         = 3
	legacyCellResponseHTML = 4
)

// rawCells puts a comment's raw cells back together from their stored form
// ("<column>\t<text>", or "<column>=C" / "<column>=R" for the cell that equals the
// comment's or the response's HTML, or a legacy bare column). The strings are shared with
// the HTML fields: at 100k comments separate copies cost hundreds of MiB.
func rawCells(stored []string, html, responseHTML string) ([]string, error) {
	cells := make([]string, len(stored))
	have := make([]bool, len(cells))
	for _, c := range stored {
		i, text, tab := strings.Cut(c, "\t")
		mark := ""
		if !tab {
			i, mark, _ = strings.Cut(i, "=")
		}
		k, err := strconv.Atoi(i)
		if err != nil || k < 0 || k >= len(cells) || have[k] || (!tab && mark == "" && k != legacyCellHTML && k != legacyCellResponseHTML) || (mark != "" && mark != "C" && mark != "R") {
			return nil, fmt.Errorf("malformed raw cell %q", c)
		}
		switch {
		case mark == "C":
			text = html
		case mark == "R":
			text = responseHTML
		case k == legacyCellHTML && (!tab || text == html):
			text = html
		case k == legacyCellResponseHTML && (!tab || text == responseHTML):
			text = responseHTML
		}
		cells[k], have[k] = text, true
	}
	return cells, nil
}

// attributes puts a comment's attributes back in order from "<order>\t<name>\t<value>".
func attributes(stored []string) ([]graph.Attribute, error) {
	if len(stored) == 0 {
		return nil, nil
	}
	out := make([]graph.Attribute, len(stored))
	have := make([]bool, len(stored))
	for _, s := range stored {
		i, rest, ok1 := strings.Cut(s, "\t")
		name, value, ok2 := strings.Cut(rest, "\t")
		k, err := strconv.Atoi(i)
		if !ok1 || !ok2 || err != nil || k < 0 || k >= len(out) || have[k] {
			return nil, fmt.Errorf("malformed attribute %q", s)
		}
		out[k], have[k] = graph.Attribute{Name: name, Value: value}, true
	}
	return out, nil
}

package index

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/pcgraph/pcgraph/graph"
)

// reference answers the same questions as a Snapshot by brute force: plain loops over
// every comment, following parent links one by one. It assumes valid filters.
type reference struct {
	comments   []*graph.Comment // ordered by consultation slug, then number
	cons       map[string]*graph.Consultation
	subs       map[string]*graph.Submitter
	orgs       map[string]*graph.Organization
	sections   map[string]*graph.Section
	topics     map[string]*graph.Topic
	allSubs    []*graph.Submitter
	allOrgs    []*graph.Organization
	allSecs    []*graph.Section
	allTopics  []*graph.Topic
	allConsult []*graph.Consultation
	campaignOf map[string]*refCampaign // comment ID → campaign
	allCamps   []*refCampaign
}

func newReference(ds []*graph.Dataset) *reference {
	r := &reference{
		cons: map[string]*graph.Consultation{}, subs: map[string]*graph.Submitter{},
		orgs: map[string]*graph.Organization{}, sections: map[string]*graph.Section{},
		topics: map[string]*graph.Topic{},
	}
	sorted := slices.Clone(ds)
	slices.SortFunc(sorted, func(a, b *graph.Dataset) int { return strings.Compare(a.Consultation.Slug, b.Consultation.Slug) })
	for _, d := range sorted {
		r.cons[d.Consultation.ID] = &d.Consultation
		r.allConsult = append(r.allConsult, &d.Consultation)
		for i := range d.Comments {
			r.comments = append(r.comments, &d.Comments[i])
		}
		for i := range d.Submitters {
			r.subs[d.Submitters[i].ID] = &d.Submitters[i]
			r.allSubs = append(r.allSubs, &d.Submitters[i])
		}
		for i := range d.Organizations {
			if r.orgs[d.Organizations[i].ID] == nil {
				r.orgs[d.Organizations[i].ID] = &d.Organizations[i]
				r.allOrgs = append(r.allOrgs, &d.Organizations[i])
			}
		}
		for i := range d.Sections {
			r.sections[d.Sections[i].ID] = &d.Sections[i]
			r.allSecs = append(r.allSecs, &d.Sections[i])
		}
		for i := range d.Topics {
			if r.topics[d.Topics[i].ID] == nil {
				r.topics[d.Topics[i].ID] = &d.Topics[i]
				r.allTopics = append(r.allTopics, &d.Topics[i])
			}
		}
	}
	slices.SortFunc(r.comments, func(a, b *graph.Comment) int {
		return cmp.Or(strings.Compare(r.cons[a.Consultation].Slug, r.cons[b.Consultation].Slug), cmp.Compare(a.Number, b.Number))
	})
	slices.SortFunc(r.allSubs, r.compareSubmitters)
	slices.SortFunc(r.allOrgs, func(a, b *graph.Organization) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	slices.SortFunc(r.allSecs, r.compareSections)
	slices.SortFunc(r.allTopics, func(a, b *graph.Topic) int { return strings.Compare(a.ID, b.ID) })
	r.campaignOf, r.allCamps = refCampaigns(r)
	return r
}

func (r *reference) compareSubmitters(a, b *graph.Submitter) int {
	return cmp.Or(strings.Compare(r.cons[a.Consultation].Slug, r.cons[b.Consultation].Slug), strings.Compare(a.Label, b.Label))
}

// compareSections orders by consultation slug, then by code: each part of the code is
// turned into a number (a Roman numeral I…X, a decimal) or, failing that, sorts after
// the numbers by its text.
func (r *reference) compareSections(a, b *graph.Section) int {
	if c := strings.Compare(r.cons[a.Consultation].Slug, r.cons[b.Consultation].Slug); c != 0 {
		return c
	}
	type part struct {
		num  int
		text string
	}
	parts := func(code string) []part {
		var ps []part
		for _, p := range strings.Split(code, "-") {
			if i := slices.Index(romans, p); i >= 0 {
				ps = append(ps, part{num: i + 1})
			} else if n, err := strconv.Atoi(p); err == nil {
				ps = append(ps, part{num: n})
			} else {
				ps = append(ps, part{num: 1 << 30, text: p})
			}
		}
		return ps
	}
	return slices.CompareFunc(parts(a.Code), parts(b.Code), func(x, y part) int {
		return cmp.Or(cmp.Compare(x.num, y.num), strings.Compare(x.text, y.text))
	})
}

// refFold is NFKC + case folding + NFKC, written out again.
func refFold(s string) string {
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(s)))
}

// sectionWithin reports whether section id is anc or below it.
func (r *reference) sectionWithin(id, anc string) bool {
	for id != "" {
		if id == anc {
			return true
		}
		id = r.sections[id].Parent
	}
	return false
}

// topicWithin reports whether topic id is anc or narrower.
func (r *reference) topicWithin(id, anc string) bool {
	for id != "" {
		if id == anc {
			return true
		}
		id = r.topics[id].Broader
	}
	return false
}

func (r *reference) about(c *graph.Comment, topic string) bool {
	for _, m := range c.Mentions {
		if m.Via != graph.ViaResponse && r.topicWithin(m.Topic, topic) {
			return true
		}
	}
	return false
}

func (r *reference) match(c *graph.Comment, f *CommentFilter) bool {
	if f == nil {
		return true
	}
	sub := r.subs[c.Submitter]
	if f.Consultation != "" && c.Consultation != f.Consultation {
		return false
	}
	if f.Submitter != "" && c.Submitter != f.Submitter {
		return false
	}
	if f.SubmitterKind != "" && (sub == nil || sub.Kind != f.SubmitterKind) {
		return false
	}
	if f.Organization != "" && (sub == nil || sub.Organization != f.Organization) {
		return false
	}
	if f.Section != "" && !r.sectionWithin(c.Section, f.Section) {
		return false
	}
	if len(f.Topics) > 0 {
		n := 0
		for _, t := range f.Topics {
			if r.about(c, t) {
				n++
			}
		}
		if f.TopicMatch == MatchAll && n < len(f.Topics) || n == 0 {
			return false
		}
	}
	if len(f.Dispositions) > 0 {
		found := false
		for _, a := range c.Response.Dispositions {
			if slices.Contains(f.Dispositions, a.Disposition) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if f.PageRef != nil {
		found := false
		for _, p := range c.PageRefs {
			if p.Page == *f.PageRef {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if rc := r.campaignOf[c.ID]; f.Campaign != "" && (rc == nil || rc.id != f.Campaign) ||
		f.InCampaign != nil && *f.InCampaign != (rc != nil) {
		return false
	}
	if f.Text != "" && !strings.Contains(refFold(c.Text), refFold(f.Text)) {
		return false
	}
	return true
}

func (r *reference) Comments(f *CommentFilter) []string {
	var ids []string
	for _, c := range r.comments {
		if r.match(c, f) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// quantified checks q against the comments of an owner.
func (r *reference) quantified(q *Quantifier, owned []*graph.Comment) bool {
	if q == nil {
		return true
	}
	count := func(f *CommentFilter) int {
		n := 0
		for _, c := range owned {
			if r.match(c, f) {
				n++
			}
		}
		return n
	}
	if q.Some != nil && count(q.Some) == 0 {
		return false
	}
	if q.None != nil && count(q.None) > 0 {
		return false
	}
	if q.All != nil && (len(owned) == 0 || count(q.All) < len(owned)) {
		return false
	}
	return true
}

func (r *reference) Submitters(f *SubmitterFilter) []string {
	var ids []string
	for _, s := range r.allSubs {
		if f != nil {
			if f.Consultation != "" && s.Consultation != f.Consultation {
				continue
			}
			if f.Kind != "" && s.Kind != f.Kind {
				continue
			}
			var owned []*graph.Comment
			for _, c := range r.comments {
				if c.Submitter == s.ID {
					owned = append(owned, c)
				}
			}
			if !r.quantified(f.Comments, owned) {
				continue
			}
		}
		ids = append(ids, s.ID)
	}
	return ids
}

func (r *reference) Organizations(f *OrganizationFilter) []string {
	var ids []string
	for _, o := range r.allOrgs {
		if f != nil {
			if f.Name != "" && !strings.Contains(refFold(o.Name), refFold(f.Name)) {
				continue
			}
			var owned []*graph.Comment
			for _, c := range r.comments {
				if s := r.subs[c.Submitter]; s != nil && s.Organization == o.ID {
					owned = append(owned, c)
				}
			}
			if !r.quantified(f.Comments, owned) {
				continue
			}
		}
		ids = append(ids, o.ID)
	}
	return ids
}

// keys returns a comment's keys for one dimension, and each key's rank in the
// dimension's order (none last).
func (r *reference) keys(c *graph.Comment, d Dimension) []Key {
	sub := r.subs[c.Submitter]
	secKey := func(id string) Key {
		s := r.sections[id]
		label := s.Code
		if s.Title != "" {
			label = s.Code + " " + s.Title
		}
		return Key{d, id, label, 0}
	}
	var ks []Key
	switch d {
	case DimConsultation:
		ks = append(ks, Key{d, c.Consultation, r.cons[c.Consultation].Title, 0})
	case DimSection:
		if c.Section != "" {
			ks = append(ks, secKey(c.Section))
		}
	case DimChapter:
		if id := c.Section; id != "" {
			for r.sections[id].Parent != "" {
				id = r.sections[id].Parent
			}
			ks = append(ks, secKey(id))
		}
	case DimTopic:
		for _, m := range c.Mentions {
			k := Key{d, m.Topic, r.topics[m.Topic].Label, 0}
			if m.Via != graph.ViaResponse && !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	case DimDisposition:
		for _, a := range c.Response.Dispositions {
			k := Key{d, string(a.Disposition), graph.Labels["Disposition"][string(a.Disposition)], 0}
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	case DimSubmitter:
		if sub != nil {
			label := sub.Label
			if sub.Name != "" {
				label += "(" + sub.Name + ")"
			}
			ks = append(ks, Key{d, sub.ID, label, 0})
		}
	case DimSubmitterKind:
		if sub != nil {
			ks = append(ks, Key{d, string(sub.Kind), graph.Labels["SubmitterKind"][string(sub.Kind)], 0})
		}
	case DimOrganization:
		if sub != nil && sub.Organization != "" {
			ks = append(ks, Key{d, sub.Organization, r.orgs[sub.Organization].Name, 0})
		}
	case DimCampaign:
		ks = r.campaignKey(c)
	}
	if len(ks) == 0 {
		ks = append(ks, Key{d, "", "(none)", 0})
	}
	for i := range ks {
		ks[i].Order = r.rank(d, ks[i].Value)
	}
	return ks
}

// rank places a value in its dimension's order; none is last.
func (r *reference) rank(d Dimension, value string) int {
	if value == "" {
		return r.values(d)
	}
	switch d {
	case DimConsultation:
		return slices.IndexFunc(r.allConsult, func(c *graph.Consultation) bool { return c.ID == value })
	case DimSection, DimChapter:
		return slices.IndexFunc(r.allSecs, func(s *graph.Section) bool { return s.ID == value })
	case DimTopic:
		return slices.IndexFunc(r.allTopics, func(t *graph.Topic) bool { return t.ID == value })
	case DimDisposition:
		return slices.Index(graph.Dispositions, graph.Disposition(value))
	case DimSubmitter:
		return slices.IndexFunc(r.allSubs, func(s *graph.Submitter) bool { return s.ID == value })
	case DimSubmitterKind:
		return slices.Index([]graph.SubmitterKind{graph.KindOrganization, graph.KindIndividual, graph.KindGroup}, graph.SubmitterKind(value))
	case DimOrganization:
		return slices.IndexFunc(r.allOrgs, func(o *graph.Organization) bool { return o.ID == value })
	case DimCampaign:
		return slices.IndexFunc(r.allCamps, func(c *refCampaign) bool { return c.id == value })
	}
	panic("unknown dimension " + string(d))
}

// values is how many values dimension d has: the position of none, after every one.
func (r *reference) values(d Dimension) int {
	switch d {
	case DimConsultation:
		return len(r.allConsult)
	case DimSection, DimChapter:
		return len(r.allSecs)
	case DimTopic:
		return len(r.allTopics)
	case DimDisposition:
		return len(graph.Dispositions)
	case DimSubmitter:
		return len(r.allSubs)
	case DimSubmitterKind:
		return 3
	case DimOrganization:
		return len(r.allOrgs)
	case DimCampaign:
		return len(r.allCamps)
	}
	panic("unknown dimension " + string(d))
}

func (r *reference) Count(f *CommentFilter, dims []Dimension) []Bucket {
	if len(dims) == 0 {
		return []Bucket{{Keys: []Key{}, Count: len(r.Comments(f))}}
	}
	counts := map[string]*Bucket{}
	var order []*Bucket
	for _, c := range r.comments {
		if !r.match(c, f) {
			continue
		}
		combos := [][]Key{nil}
		for _, d := range dims {
			var next [][]Key
			for _, combo := range combos {
				for _, k := range r.keys(c, d) {
					next = append(next, append(slices.Clone(combo), k))
				}
			}
			combos = next
		}
		for _, combo := range combos {
			var id strings.Builder
			for _, k := range combo {
				id.WriteString(k.Value + "\x00")
			}
			b := counts[id.String()]
			if b == nil {
				b = &Bucket{Keys: combo}
				counts[id.String()] = b
				order = append(order, b)
			}
			b.Count++
		}
	}
	slices.SortFunc(order, func(a, b *Bucket) int {
		for i := range dims {
			if c := cmp.Compare(r.rank(dims[i], a.Keys[i].Value), r.rank(dims[i], b.Keys[i].Value)); c != 0 {
				return c
			}
		}
		return 0
	})
	out := []Bucket{}
	for _, b := range order {
		out = append(out, *b)
	}
	return out
}

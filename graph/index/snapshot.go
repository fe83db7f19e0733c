// Package index is pcgraph's read model: an immutable in-memory snapshot of the knowledge
// graph, built from the datasets read back from the store, that answers the API's
// filters, quantifiers and grouped counts as set algebra over posting lists.
//
// # Positions and order
//
// Build interns every node into a dense uint32 position, in the order the API lists
// nodes:
//
//   - consultations by slug;
//   - comments by consultation slug, then 項番 (Comment.Number);
//   - submitters by consultation slug, then label;
//   - organizations by name;
//   - sections by consultation slug, then code in natural order (I-1 < I-2 < III-2 <
//     III-10 < IV-1 < OTHER: a Roman or decimal numeral compares as a number, and a
//     section comes before its sub-sections);
//   - topics by ID.
//
// Posting lists are roaring bitmaps of comment positions, so iterating a result set
// yields comments in API order, and a set can be counted or paged without
// materialising it (see CommentSet and CommentPage).
//
// # Semantics
//
// A comment is about a topic when it has a TopicMention of that topic, or of a narrower
// one (transitively), found via COMMENT or SECTION. Mentions found via RESPONSE are
// evidence shown to users but never count for topic filters, topic counts or a topic's
// comments and submitters.
//
// A comment is in a section when its section is that section or one of its
// sub-sections (transitively, following Section.Parent).
//
// Text and names match as substrings after NFKC normalisation and case folding, so
// width and case do not matter (ＩｏＴ finds IoT, ｾｷｭﾘﾃｨ finds セキュリティ).
//
// Quantifiers (some, none, all) constrain submitters and organizations by their comments
// and are computed as set algebra: see Quantifier. Count groups comments by dimensions,
// multi-valued ones (TOPIC, DISPOSITION) counting a comment once per value: see Count.
//
// Unknown IDs in a filter (consultation, submitter, organization, section, topic) are
// errors with code graph.EINVALID rather than filters that match nothing, so that a typo
// in a notebook is reported instead of producing a plausible empty table. So are
// invalid enum values (kind, disposition, topic match, dimension) and page numbers
// below 1. Lookups by ID report absence with ok == false (or ENOTFOUND for CommentsOf).
//
// # Concurrency
//
// A Snapshot is never modified after Build returns: any number of goroutines may use it.
// The *graph.X values it returns point into the datasets given to Build and are shared:
// callers must not modify them (nor the datasets after Build). Bitmaps returned by its
// methods are fresh copies that the caller owns. graph/readmodel publishes the current
// snapshot.
package index

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// Snapshot is an immutable, indexed view of a set of consultations. Build makes one.
type Snapshot struct {
	consultations []*graph.Consultation
	comments      []*graph.Comment
	submitters    []*graph.Submitter
	orgs          []*graph.Organization
	sections      []*graph.Section
	topics        []*graph.Topic

	ids        map[string]ref    // node ID → kind and position
	consBySlug map[string]uint32 // consultation slug → position

	// Per comment (indexed by comment position).
	cCons     []uint32
	cSub      []int32  // -1: no submitter
	cOrg      []int32  // -1: not written by an organization
	cSec      []int32  // -1: general comment
	cDisp     []uint8  // bit i: graph.Dispositions[i]
	cTopicOff []uint32 // len n+1: cTopics[cTopicOff[c]:cTopicOff[c+1]] are c's direct topics
	cTopics   []uint32 // topic positions, ascending, via COMMENT or SECTION
	cText     []string // folded Comment.Text, or Comment.Text itself where cLower is set
	cLower    []bool   // cText[i] folds by lowering its ASCII capitals (kept unfolded: saves a copy)
	cRText    []int32  // response text position, -1 when Response.TextID is empty

	// Per submitter.
	sLabel []string // SubmitterLabel
	sKind  []uint8  // index into submitterKinds
	sOrg   []int32
	sCons  []uint32

	// Per section.
	secCons     []uint32
	secParent   []int32
	secChapter  []uint32 // the top-level ancestor (itself for a chapter)
	secChildren [][]uint32
	secLabel    []string // code and title

	// Per topic.
	tBroader  []int32
	tNarrower [][]uint32

	// Per organization.
	oSubs [][]uint32 // submitter positions, ascending
	oName []string   // folded name

	// Posting lists of comment positions.
	all      *roaring.Bitmap
	byCons   []*roaring.Bitmap
	bySub    []*roaring.Bitmap
	byOrg    []*roaring.Bitmap
	bySec    []*roaring.Bitmap // including sub-sections
	byTopic  []*roaring.Bitmap // including narrower topics; COMMENT and SECTION mentions only
	byDisp   []*roaring.Bitmap // parallel to graph.Dispositions
	byKind   []*roaring.Bitmap // parallel to submitterKinds
	byPage   map[int]*roaring.Bitmap
	byRText  []*roaring.Bitmap
	rtextIDs map[string]uint32

	// Submitter sets.
	subAll     *roaring.Bitmap
	subsByCons []*roaring.Bitmap
	subsByKind []*roaring.Bitmap
	// Organization sets.
	orgAll        *roaring.Bitmap
	orgByComments []uint32 // organization positions, most comments first (rankOrganizations)
	orgSets       setCache // the sets of the last organization filters asked for

	campIdx  campaignIndex // campaigns (form letters), derived on first use: use camp()
	campOnce func()
}

// ref locates a node: its kind and its position among the nodes of that kind.
type ref struct {
	kind kind
	pos  uint32
}

type kind uint8

const (
	kConsultation kind = iota + 1
	kComment
	kResponse
	kSubmitter
	kOrganization
	kSection
	kTopic
)

// submitterKinds is the order of SubmitterKind values in counts.
var submitterKinds = []graph.SubmitterKind{graph.KindOrganization, graph.KindIndividual, graph.KindGroup}

func kindIndex(k graph.SubmitterKind) int { return slices.Index(submitterKinds, k) }

func dispositionIndex(d graph.Disposition) int { return slices.Index(graph.Dispositions, d) }

var empty = mustBuild(nil)

func mustBuild(ds []*graph.Dataset) *Snapshot {
	s, err := Build(ds)
	if err != nil {
		panic(err)
	}
	return s
}

// Empty returns a snapshot with no consultations.
func Empty() *Snapshot { return empty }

// BuildWith indexes datasets (one per consultation, in any order) into a snapshot.
//
// Topics and organizations may be repeated in several datasets: they are merged by ID,
// and when two datasets define the same ID differently, the definition of the dataset
// whose consultation slug sorts first wins. Build checks that the datasets are
// consistent — unique IDs, every reference (consultation, submitter, organization,
// section, section parent, topic, broader topic) resolves, no cycles among sections or
// topics, known submitter kinds and dispositions, pages numbered from 1 — and returns a
// *graph.Error with code graph.EINVALID naming the first problem otherwise. Responses'
// SectionRefs are not checked: the index does not use them.
//
// Build is deterministic: the same datasets, in any order, give the same snapshot. It
// keeps pointers into the datasets, which must not be modified afterwards.
func BuildWith(datasets []*graph.Dataset, opts Options) (*Snapshot, error) {
	n := 0
	for _, d := range datasets {
		if d != nil {
			n += 1 + 2*len(d.Comments) + len(d.Submitters) + len(d.Sections) + len(d.Organizations) + len(d.Topics)
		}
	}
	b := &builder{s: &Snapshot{
		ids:        make(map[string]ref, n),
		consBySlug: make(map[string]uint32),
		byPage:     make(map[int]*roaring.Bitmap),
		rtextIDs:   make(map[string]uint32),
	}}
	if err := b.build(datasets); err != nil {
		return nil, err
	}
	b.startCampaigns(opts.Campaigns)
	return b.s, nil
}

type builder struct {
	s  *Snapshot
	ds []*graph.Dataset // sorted by consultation slug
}

func invalid(format string, args ...any) error { return graph.Errorf(graph.EINVALID, format, args...) }

func (b *builder) add(id string, k kind, pos uint32, what string) error {
	if id == "" {
		return invalid("%s without an ID", what)
	}
	if old, dup := b.s.ids[id]; dup {
		if old.kind == k {
			return invalid("duplicate %s ID %q", what, id)
		}
		return invalid("ID %q names two nodes of different kinds", id)
	}
	b.s.ids[id] = ref{k, pos}
	return nil
}

func (b *builder) build(datasets []*graph.Dataset) error {
	s := b.s
	for i, d := range datasets {
		if d == nil {
			return invalid("dataset %d is nil", i)
		}
	}
	b.ds = slices.Clone(datasets)
	slices.SortStableFunc(b.ds, func(x, y *graph.Dataset) int {
		return cmp.Or(strings.Compare(x.Consultation.Slug, y.Consultation.Slug),
			strings.Compare(x.Consultation.ID, y.Consultation.ID))
	})
	for i, d := range b.ds {
		c := &d.Consultation
		if err := b.add(c.ID, kConsultation, uint32(i), "consultation"); err != nil {
			return err
		}
		if c.Slug == "" {
			return invalid("consultation %q has no slug", c.ID)
		}
		if _, dup := s.consBySlug[c.Slug]; dup {
			return invalid("two consultations have the slug %q", c.Slug)
		}
		s.consBySlug[c.Slug] = uint32(i)
		s.consultations = append(s.consultations, c)
	}
	for _, step := range []func() error{b.topics, b.organizations, b.sections, b.submitters, b.comments} {
		if err := step(); err != nil {
			return err
		}
	}
	b.postings()
	return nil
}

// topics merges the taxonomies (first definition by consultation slug wins), orders
// topics by ID and links broader and narrower topics.
func (b *builder) topics() error {
	s := b.s
	seen := make(map[string]bool)
	for _, d := range b.ds {
		for i := range d.Topics {
			t := &d.Topics[i]
			if t.ID == "" {
				return invalid("consultation %q: topic without an ID", d.Consultation.ID)
			}
			if !seen[t.ID] {
				seen[t.ID] = true
				s.topics = append(s.topics, t)
			}
		}
	}
	slices.SortFunc(s.topics, func(x, y *graph.Topic) int { return strings.Compare(x.ID, y.ID) })
	for i, t := range s.topics {
		if err := b.add(t.ID, kTopic, uint32(i), "topic"); err != nil {
			return err
		}
	}
	s.tBroader = make([]int32, len(s.topics))
	s.tNarrower = make([][]uint32, len(s.topics))
	for i, t := range s.topics {
		s.tBroader[i] = -1
		if t.Broader == "" {
			continue
		}
		r, ok := s.ids[t.Broader]
		if !ok || r.kind != kTopic {
			return invalid("topic %q: unknown broader topic %q", t.ID, t.Broader)
		}
		s.tBroader[i] = int32(r.pos)
		s.tNarrower[r.pos] = append(s.tNarrower[r.pos], uint32(i))
	}
	for i, t := range s.topics {
		if hasCycle(s.tBroader, i) {
			return invalid("topic %q is its own broader topic (cycle)", t.ID)
		}
	}
	return nil
}

// hasCycle reports whether following parent links from i never reaches a root.
func hasCycle(parent []int32, i int) bool {
	p := parent[i]
	for steps := 0; p >= 0; steps++ {
		if steps > len(parent) {
			return true
		}
		p = parent[p]
	}
	return false
}

func (b *builder) organizations() error {
	s := b.s
	seen := make(map[string]bool)
	for _, d := range b.ds {
		for i := range d.Organizations {
			o := &d.Organizations[i]
			if o.ID == "" {
				return invalid("consultation %q: organization without an ID", d.Consultation.ID)
			}
			if !seen[o.ID] {
				seen[o.ID] = true
				s.orgs = append(s.orgs, o)
			}
		}
	}
	slices.SortFunc(s.orgs, func(x, y *graph.Organization) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	fold := newFolder()
	for i, o := range s.orgs {
		if err := b.add(o.ID, kOrganization, uint32(i), "organization"); err != nil {
			return err
		}
		s.oName = append(s.oName, fold.fold(o.Name))
	}
	s.oSubs = make([][]uint32, len(s.orgs))
	return nil
}

func (b *builder) sections() error {
	s := b.s
	var cons []uint32
	for ci, d := range b.ds {
		start := len(s.sections)
		for i := range d.Sections {
			sec := &d.Sections[i]
			if sec.Consultation != d.Consultation.ID {
				return invalid("section %q belongs to consultation %q, found in %q", sec.ID, sec.Consultation, d.Consultation.ID)
			}
			s.sections = append(s.sections, sec)
		}
		slices.SortFunc(s.sections[start:], func(x, y *graph.Section) int {
			return cmp.Or(compareCodes(x.Code, y.Code), strings.Compare(x.ID, y.ID))
		})
		for range len(s.sections) - start {
			cons = append(cons, uint32(ci))
		}
	}
	s.secCons = cons
	for i, sec := range s.sections {
		if err := b.add(sec.ID, kSection, uint32(i), "section"); err != nil {
			return err
		}
		label := sec.Code
		if sec.Title != "" {
			label += " " + sec.Title
		}
		s.secLabel = append(s.secLabel, label)
	}
	s.secParent = make([]int32, len(s.sections))
	s.secChildren = make([][]uint32, len(s.sections))
	for i, sec := range s.sections {
		s.secParent[i] = -1
		if sec.Parent == "" {
			continue
		}
		r, ok := s.ids[sec.Parent]
		if !ok || r.kind != kSection || cons[r.pos] != cons[i] {
			return invalid("section %q: unknown parent section %q", sec.ID, sec.Parent)
		}
		s.secParent[i] = int32(r.pos)
		s.secChildren[r.pos] = append(s.secChildren[r.pos], uint32(i))
	}
	s.secChapter = make([]uint32, len(s.sections))
	for i, sec := range s.sections {
		if hasCycle(s.secParent, i) {
			return invalid("section %q is its own parent (cycle)", sec.ID)
		}
		root := int32(i)
		for s.secParent[root] >= 0 {
			root = s.secParent[root]
		}
		s.secChapter[i] = uint32(root)
	}
	return nil
}

func (b *builder) submitters() error {
	s := b.s
	for ci, d := range b.ds {
		start := len(s.submitters)
		for i := range d.Submitters {
			sub := &d.Submitters[i]
			if sub.Consultation != d.Consultation.ID {
				return invalid("submitter %q belongs to consultation %q, found in %q", sub.ID, sub.Consultation, d.Consultation.ID)
			}
			s.submitters = append(s.submitters, sub)
		}
		slices.SortFunc(s.submitters[start:], func(x, y *graph.Submitter) int {
			return cmp.Or(strings.Compare(x.Label, y.Label), strings.Compare(x.ID, y.ID))
		})
		for range len(s.submitters) - start {
			s.sCons = append(s.sCons, uint32(ci))
		}
	}
	s.sKind = make([]uint8, len(s.submitters))
	s.sOrg = make([]int32, len(s.submitters))
	for i, sub := range s.submitters {
		if err := b.add(sub.ID, kSubmitter, uint32(i), "submitter"); err != nil {
			return err
		}
		k := kindIndex(sub.Kind)
		if k < 0 {
			return invalid("submitter %q: invalid kind %q", sub.ID, sub.Kind)
		}
		s.sKind[i] = uint8(k)
		s.sLabel = append(s.sLabel, SubmitterLabel(sub))
		s.sOrg[i] = -1
		if sub.Organization != "" {
			r, ok := s.ids[sub.Organization]
			if !ok || r.kind != kOrganization {
				return invalid("submitter %q: unknown organization %q", sub.ID, sub.Organization)
			}
			s.sOrg[i] = int32(r.pos)
			s.oSubs[r.pos] = append(s.oSubs[r.pos], uint32(i))
		}
	}
	return nil
}

// comments indexes every comment: its position in table order, its IDs, the positions
// of what it refers to, its dispositions, response text and topics, and its folded text.
// A reference to nothing known, or to another consultation's node, is an error.
func (b *builder) comments() error {
	s := b.s
	if err := b.orderComments(); err != nil {
		return err
	}
	n := len(s.comments)
	s.cSub = make([]int32, n)
	s.cOrg = make([]int32, n)
	s.cSec = make([]int32, n)
	s.cDisp = make([]uint8, n)
	s.cText = make([]string, n)
	s.cRText = make([]int32, n)
	s.cTopicOff = make([]uint32, 1, n+1)
	var topics []uint32
	for i, c := range s.comments {
		if err := b.commentIDs(i, c); err != nil {
			return err
		}
		if err := b.commentRefs(i, c); err != nil {
			return err
		}
		if err := b.commentResponse(i, c); err != nil {
			return err
		}
		if err := checkPageRefs(c); err != nil {
			return err
		}
		var err error
		if topics, err = b.commentTopics(c, topics[:0]); err != nil {
			return err
		}
	}
	s.cLower = make([]bool, n)
	foldTexts(s.comments, s.cText, s.cLower)
	return nil
}

// orderComments lists every comment, consultation by consultation and in table order
// (項番) within one, with its consultation's position.
func (b *builder) orderComments() error {
	s := b.s
	n := 0
	for _, d := range b.ds {
		n += len(d.Comments)
	}
	s.comments = make([]*graph.Comment, 0, n)
	s.cCons = make([]uint32, 0, n)
	for ci, d := range b.ds {
		start := len(s.comments)
		for i := range d.Comments {
			c := &d.Comments[i]
			if c.Consultation != d.Consultation.ID {
				return invalid("comment %q belongs to consultation %q, found in %q", c.ID, c.Consultation, d.Consultation.ID)
			}
			s.comments = append(s.comments, c)
			s.cCons = append(s.cCons, uint32(ci))
		}
		slices.SortStableFunc(s.comments[start:], func(x, y *graph.Comment) int {
			return cmp.Or(cmp.Compare(x.Number, y.Number), strings.Compare(x.ID, y.ID))
		})
	}
	return nil
}

// commentIDs makes comment i and its response findable by ID.
func (b *builder) commentIDs(i int, c *graph.Comment) error {
	pos := uint32(i)
	if err := b.add(c.ID, kComment, pos, "comment"); err != nil {
		return err
	}
	if c.Response.ID != "" {
		return b.add(c.Response.ID, kResponse, pos, "response")
	}
	return nil
}

// commentRefs resolves comment i's submitter (and so organization) and section, which
// must be of its own consultation; -1 stands for none.
func (b *builder) commentRefs(i int, c *graph.Comment) error {
	s := b.s
	s.cSub[i], s.cOrg[i], s.cSec[i] = -1, -1, -1
	if c.Submitter != "" {
		r, ok := s.ids[c.Submitter]
		if !ok || r.kind != kSubmitter || s.sCons[r.pos] != s.cCons[i] {
			return invalid("comment %q: unknown submitter %q", c.ID, c.Submitter)
		}
		s.cSub[i] = int32(r.pos)
		s.cOrg[i] = s.sOrg[r.pos]
	}
	if c.Section != "" {
		r, ok := s.ids[c.Section]
		if !ok || r.kind != kSection || s.sections[r.pos].Consultation != c.Consultation {
			return invalid("comment %q: unknown section %q", c.ID, c.Section)
		}
		s.cSec[i] = int32(r.pos)
	}
	return nil
}

// checkPageRefs refuses a page reference to no page (pages are numbered from 1).
func checkPageRefs(c *graph.Comment) error {
	for _, p := range c.PageRefs {
		if p.Page < 1 {
			return invalid("comment %q: page reference %q to page %d (pages are numbered from 1)", c.ID, p.Surface, p.Page)
		}
	}
	return nil
}

// commentResponse records comment i's dispositions as a bit set and numbers its
// response text (-1 for none): responses that share a text share the number.
func (b *builder) commentResponse(i int, c *graph.Comment) error {
	s := b.s
	for _, a := range c.Response.Dispositions {
		d := dispositionIndex(a.Disposition)
		if d < 0 {
			return invalid("comment %q: invalid disposition %q", c.ID, a.Disposition)
		}
		s.cDisp[i] |= 1 << d
	}
	s.cRText[i] = -1
	if t := c.Response.TextID; t != "" {
		rt, ok := s.rtextIDs[t]
		if !ok {
			rt = uint32(len(s.rtextIDs))
			s.rtextIDs[t] = rt
		}
		s.cRText[i] = int32(rt)
	}
	return nil
}

// commentTopics appends the next comment's topics to s.cTopics: the topics it mentions
// directly, in its text or by its section. A topic mentioned only in the response does
// not make the comment one about the topic: every count and filter by topic reads this
// list, so this is the one place that rule is written. buf is scratch space, returned
// for reuse.
func (b *builder) commentTopics(c *graph.Comment, buf []uint32) ([]uint32, error) {
	s := b.s
	for _, m := range c.Mentions {
		r, ok := s.ids[m.Topic]
		if !ok || r.kind != kTopic {
			return buf, invalid("comment %q: mention of unknown topic %q", c.ID, m.Topic)
		}
		switch m.Via {
		case graph.ViaComment, graph.ViaSection:
			buf = append(buf, r.pos)
		case graph.ViaResponse:
		default:
			return buf, invalid("comment %q: mention of %q via %q (want COMMENT, SECTION or RESPONSE)", c.ID, m.Topic, m.Via)
		}
	}
	slices.Sort(buf)
	buf = slices.Compact(buf)
	s.cTopics = append(s.cTopics, buf...)
	s.cTopicOff = append(s.cTopicOff, uint32(len(s.cTopics)))
	return buf, nil
}

// foldTexts folds the comments' texts into out, on every processor: folding is most of
// the work of Build. A text whose folding would only lower ASCII capitals (most of
// them: IoT, NICT …) is kept as it is, flagged in lower, rather than copied.
func foldTexts(comments []*graph.Comment, out []string, lower []bool) {
	const chunk = 2048
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(comments)+chunk-1)/chunk) {
		wg.Go(func() {
			f := newFolder()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(comments) {
					return
				}
				for i := lo; i < min(lo+chunk, len(comments)); i++ {
					t := comments[i].Text
					if ok, upper := inertText(t); ok {
						out[i], lower[i] = t, upper
						continue
					}
					out[i] = f.fold(t)
				}
			}
		})
	}
	wg.Wait()
}

// postings builds the posting lists from the per-comment arrays.
func (b *builder) postings() {
	s := b.s
	n := len(s.comments)
	lists := func(k int) [][]uint32 { return make([][]uint32, k) }
	byCons, bySub, byOrg := lists(len(s.consultations)), lists(len(s.submitters)), lists(len(s.orgs))
	bySec, byTopic := lists(len(s.sections)), lists(len(s.topics))
	byDisp, byKind, byRText := lists(len(graph.Dispositions)), lists(len(submitterKinds)), lists(len(s.rtextIDs))
	byPage := make(map[int][]uint32)
	// appendOnce appends c unless it was the last one appended (a comment reaches an
	// ancestor topic once per mentioned descendant).
	appendOnce := func(l []uint32, c uint32) []uint32 {
		if len(l) > 0 && l[len(l)-1] == c {
			return l
		}
		return append(l, c)
	}
	for i := range n {
		c := uint32(i)
		byCons[s.cCons[i]] = append(byCons[s.cCons[i]], c)
		if sub := s.cSub[i]; sub >= 0 {
			bySub[sub] = append(bySub[sub], c)
			byKind[s.sKind[sub]] = append(byKind[s.sKind[sub]], c)
		}
		if o := s.cOrg[i]; o >= 0 {
			byOrg[o] = append(byOrg[o], c)
		}
		for sec := s.cSec[i]; sec >= 0; sec = s.secParent[sec] {
			bySec[sec] = append(bySec[sec], c)
		}
		for _, t := range s.cTopics[s.cTopicOff[i]:s.cTopicOff[i+1]] {
			for a := int32(t); a >= 0; a = s.tBroader[a] {
				byTopic[a] = appendOnce(byTopic[a], c)
			}
		}
		for d := range byDisp {
			if s.cDisp[i]&(1<<d) != 0 {
				byDisp[d] = append(byDisp[d], c)
			}
		}
		for _, p := range s.comments[i].PageRefs {
			byPage[p.Page] = appendOnce(byPage[p.Page], c)
		}
		if rt := s.cRText[i]; rt >= 0 {
			byRText[rt] = append(byRText[rt], c)
		}
	}
	bitmaps := func(ls [][]uint32) []*roaring.Bitmap {
		out := make([]*roaring.Bitmap, len(ls))
		for i, l := range ls {
			out[i] = bitmapOf(l)
		}
		return out
	}
	s.all = roaring.New()
	s.all.AddRange(0, uint64(n))
	s.byCons, s.bySub, s.byOrg = bitmaps(byCons), bitmaps(bySub), bitmaps(byOrg)
	s.bySec, s.byTopic = bitmaps(bySec), bitmaps(byTopic)
	s.byDisp, s.byKind, s.byRText = bitmaps(byDisp), bitmaps(byKind), bitmaps(byRText)
	for p, l := range byPage {
		s.byPage[p] = bitmapOf(l)
	}

	ns := len(s.submitters)
	s.subAll = roaring.New()
	s.subAll.AddRange(0, uint64(ns))
	subsByCons, subsByKind := lists(len(s.consultations)), lists(len(submitterKinds))
	for i := range ns {
		subsByCons[s.sCons[i]] = append(subsByCons[s.sCons[i]], uint32(i))
		subsByKind[s.sKind[i]] = append(subsByKind[s.sKind[i]], uint32(i))
	}
	s.subsByCons, s.subsByKind = bitmaps(subsByCons), bitmaps(subsByKind)
	s.orgAll = roaring.New()
	s.orgAll.AddRange(0, uint64(len(s.orgs)))
	s.rankOrganizations()
}

// bitmapOf returns a compressed bitmap of the ascending positions l.
func bitmapOf(l []uint32) *roaring.Bitmap {
	bm := roaring.New()
	bm.AddMany(l)
	bm.RunOptimize()
	return bm
}

// compareCodes orders section codes in document order: first by the kind of the
// outermost part (INTRO, parts and chapters, (n) items, CLOSING, annexes, pages, OTHER,
// verbatim TEXT-… sections), then part by part (parts are separated by "-"); a part
// that is a decimal or Roman numeral compares by value and before any other part, a
// part of letters and a number (PART2, P12, ANNEX1, (3)) by the letters then the number,
// other parts as strings, and a code comes before the codes it is a prefix of
// (III < III-1 < III-2 < III-10 < IV < OTHER).
func compareCodes(a, b string) int {
	fa, _, _ := strings.Cut(a, "-")
	fb, _, _ := strings.Cut(b, "-")
	if c := cmp.Compare(codeRank(fa), codeRank(fb)); c != 0 {
		return c
	}
	for a != "" && b != "" {
		var pa, pb string
		pa, a, _ = strings.Cut(a, "-")
		pb, b, _ = strings.Cut(b, "-")
		va, oka := numeral(pa)
		vb, okb := numeral(pb)
		switch {
		case oka && okb:
			if c := cmp.Compare(va, vb); c != 0 {
				return c
			}
		case oka:
			return -1
		case okb:
			return 1
		}
		la, na, oka := lettersAndNumber(pa)
		lb, nb, okb := lettersAndNumber(pb)
		if oka && okb && la == lb {
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
		}
		if c := strings.Compare(pa, pb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// codeRank places the outermost part of a code in the document: the loader's codes for
// the introduction, parts, chapters, items, closing, annexes, pages, その他 and sections
// kept verbatim.
func codeRank(first string) int {
	switch {
	case first == "INTRO":
		return 0
	case strings.HasPrefix(first, "PART"):
		return 1
	case strings.HasPrefix(first, "("):
		return 3
	case first == "CLOSING":
		return 4
	case first == "OTHER":
		return 7
	case strings.HasPrefix(first, "TEXT"):
		return 8
	}
	if _, ok := numeral(first); ok {
		return 2
	}
	if l, _, ok := lettersAndNumber(first); ok && l == "P" {
		return 6
	}
	return 5 // annexes: ANNEX1, ATTACHMENT2 …
}

// lettersAndNumber splits PART2, P12, ANNEX1 or (3) into its letters and its number.
func lettersAndNumber(s string) (string, int, bool) {
	t := strings.Trim(s, "()")
	i := strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(t[i:])
	if err != nil {
		return "", 0, false
	}
	return t[:i], n, true
}

// numeral returns the value of a decimal or (upper-case) Roman numeral.
func numeral(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if s == "" {
		return 0, false
	}
	val := func(r byte) int {
		switch r {
		case 'I':
			return 1
		case 'V':
			return 5
		case 'X':
			return 10
		case 'L':
			return 50
		case 'C':
			return 100
		case 'D':
			return 500
		case 'M':
			return 1000
		}
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		v := val(s[i])
		if v == 0 {
			return 0, false
		}
		if i+1 < len(s) && v < val(s[i+1]) {
			n -= v
		} else {
			n += v
		}
	}
	return n, true
}

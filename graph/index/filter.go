package index

import (
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// Match says how the topics of a CommentFilter combine.
type Match string

const (
	MatchAny Match = "ANY" // about at least one of the topics (the default)
	MatchAll Match = "ALL" // about every one of the topics
)

// CommentFilter selects comments. A zero-value field does not filter (an empty Topics
// or Dispositions list included); the fields that are set combine with AND. A nil
// *CommentFilter selects every comment.
type CommentFilter struct {
	Consultation  string              // consultation ID
	Submitter     string              // submitter ID
	SubmitterKind graph.SubmitterKind // the kind of the comment's submitter
	Organization  string              // organization ID: the comments of all its submitters, in every consultation
	// Section is a section ID; it selects the comments about that section or any of its
	// sub-sections (III includes III-5 includes III-5-2). General comments are in no
	// section.
	Section string
	// Topics are topic IDs. A comment is about a topic when it mentions it or a narrower
	// topic (transitively) via COMMENT or SECTION; RESPONSE mentions do not count.
	// TopicMatch says whether a comment must be about any (ANY, the default) or all
	// (ALL) of them.
	Topics     []string
	TopicMatch Match
	// Dispositions selects comments whose response has at least one of them.
	Dispositions []graph.Disposition
	// PageRef selects the comments that refer to that page of the draft (1-based). Page
	// numbers are per draft: combine with Consultation to mean one draft's page.
	PageRef *int
	// Text selects the comments whose text contains it, compared after NFKC
	// normalisation and case folding (so width- and case-insensitive).
	Text string
	// Campaign selects the comments of that campaign (campaigns.go); InCampaign, when
	// set, those in some campaign (true) or in none (false).
	Campaign   string
	InCampaign *bool
}

// filterError returns an EINVALID error whose message is prefixed with the path of the
// offending filter field ("comments.some: unknown topic …").
func filterError(path, format string, args ...any) error {
	e := graph.Errorf(graph.EINVALID, format, args...)
	if path != "" {
		e.Message = path + ": " + e.Message
	}
	return e
}

// lookup returns the position of the node id when it is of kind k.
func (s *Snapshot) lookup(k kind, id string) (uint32, bool) {
	r, ok := s.ids[id]
	if !ok || r.kind != k {
		return 0, false
	}
	return r.pos, true
}

// CommentSet returns the positions of the comments f selects, in API order (consultation
// slug, then 項番). Use it to count or page without materialising comments; CommentAt
// and CommentPage turn positions into comments. The bitmap is the caller's.
func (s *Snapshot) CommentSet(f *CommentFilter) (*roaring.Bitmap, error) {
	return s.commentSet(f, "")
}

// Comments returns the comments f selects, ordered by consultation slug, then 項番.
func (s *Snapshot) Comments(f *CommentFilter) ([]*graph.Comment, error) {
	set, err := s.CommentSet(f)
	if err != nil {
		return nil, err
	}
	return s.materialize(set), nil
}

func (s *Snapshot) materialize(set *roaring.Bitmap) []*graph.Comment {
	out := make([]*graph.Comment, 0, set.GetCardinality())
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, c := range buf[:n] {
			out = append(out, s.comments[c])
		}
	}
	return out
}

func (s *Snapshot) commentSet(f *CommentFilter, path string) (*roaring.Bitmap, error) {
	if f == nil {
		return s.all.Clone(), nil
	}
	var and []*roaring.Bitmap // the result is their intersection
	if f.Consultation != "" {
		i, ok := s.lookup(kConsultation, f.Consultation)
		if !ok {
			return nil, filterError(path, "unknown consultation %q", f.Consultation)
		}
		and = append(and, s.byCons[i])
	}
	if f.Submitter != "" {
		i, ok := s.lookup(kSubmitter, f.Submitter)
		if !ok {
			return nil, filterError(path, "unknown submitter %q", f.Submitter)
		}
		and = append(and, s.bySub[i])
	}
	if f.SubmitterKind != "" {
		k := kindIndex(f.SubmitterKind)
		if k < 0 {
			return nil, filterError(path, "invalid submitter kind %q (want ORGANIZATION, INDIVIDUAL or GROUP)", f.SubmitterKind)
		}
		and = append(and, s.byKind[k])
	}
	if f.Organization != "" {
		i, ok := s.lookup(kOrganization, f.Organization)
		if !ok {
			return nil, filterError(path, "unknown organization %q", f.Organization)
		}
		and = append(and, s.byOrg[i])
	}
	if f.Section != "" {
		i, ok := s.lookup(kSection, f.Section)
		if !ok {
			return nil, filterError(path, "unknown section %q", f.Section)
		}
		and = append(and, s.bySec[i])
	}
	switch f.TopicMatch {
	case "", MatchAny, MatchAll:
	default:
		return nil, filterError(path, "invalid topic match %q (want ANY or ALL)", f.TopicMatch)
	}
	if len(f.Topics) > 0 {
		topics := make([]*roaring.Bitmap, 0, len(f.Topics))
		for _, id := range f.Topics {
			i, ok := s.lookup(kTopic, id)
			if !ok {
				return nil, filterError(path, "unknown topic %q", id)
			}
			topics = append(topics, s.byTopic[i])
		}
		if f.TopicMatch == MatchAll {
			and = append(and, topics...)
		} else {
			and = append(and, roaring.FastOr(topics...))
		}
	}
	if len(f.Dispositions) > 0 {
		disps := make([]*roaring.Bitmap, 0, len(f.Dispositions))
		for _, d := range f.Dispositions {
			i := dispositionIndex(d)
			if i < 0 {
				return nil, filterError(path, "invalid disposition %q (want one of %s)", d, joinDispositions())
			}
			disps = append(disps, s.byDisp[i])
		}
		and = append(and, roaring.FastOr(disps...))
	}
	if f.PageRef != nil {
		p := *f.PageRef
		if p < 1 {
			return nil, filterError(path, "invalid page reference %d (pages are numbered from 1)", p)
		}
		bm, ok := s.byPage[p]
		if !ok {
			return roaring.New(), nil
		}
		and = append(and, bm)
	}
	and, err := s.campaignFilter(f, path, and)
	if err != nil {
		return nil, err
	}
	set := intersect(s.all, and)
	if f.Text != "" {
		set = s.filterText(set, newFolder().fold(f.Text))
	}
	return set, nil
}

// intersect returns a new bitmap: the intersection of sets, or a copy of all when there
// are none. Smaller sets go first, so intermediate results stay small.
func intersect(all *roaring.Bitmap, sets []*roaring.Bitmap) *roaring.Bitmap {
	switch len(sets) {
	case 0:
		return all.Clone()
	case 1:
		return sets[0].Clone()
	}
	slices.SortStableFunc(sets, func(a, b *roaring.Bitmap) int {
		return compareUint64(a.GetCardinality(), b.GetCardinality())
	})
	out := roaring.And(sets[0], sets[1])
	for _, bm := range sets[2:] {
		if out.IsEmpty() {
			break
		}
		out.And(bm)
	}
	return out
}

func compareUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// filterText keeps the comments of set whose folded text contains the folded query q.
// It scans the candidates: the other filters are applied first to keep the scan short.
func (s *Snapshot) filterText(set *roaring.Bitmap, q string) *roaring.Bitmap {
	if q == "" {
		return set
	}
	var keep []uint32
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, c := range buf[:n] {
			t := s.cText[c]
			if s.cLower[c] && containsLowered(t, q) || !s.cLower[c] && strings.Contains(t, q) {
				keep = append(keep, c)
			}
		}
	}
	return bitmapOf(keep)
}

func joinDispositions() string {
	var b strings.Builder
	for i, d := range graph.Dispositions {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(d))
	}
	return b.String()
}

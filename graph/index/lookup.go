package index

import (
	"cmp"
	"sort"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// Node returns the node with that ID: a *graph.Consultation, *graph.Comment,
// *graph.Response, *graph.Submitter, *graph.Organization, *graph.Section or *graph.Topic.
func (s *Snapshot) Node(id string) (any, bool) {
	r, ok := s.ids[id]
	if !ok {
		return nil, false
	}
	switch r.kind {
	case kConsultation:
		return s.consultations[r.pos], true
	case kComment:
		return s.comments[r.pos], true
	case kResponse:
		return &s.comments[r.pos].Response, true
	case kSubmitter:
		return s.submitters[r.pos], true
	case kOrganization:
		return s.orgs[r.pos], true
	case kSection:
		return s.sections[r.pos], true
	case kTopic:
		return s.topics[r.pos], true
	}
	return nil, false
}

func get[T any](s *Snapshot, k kind, id string, nodes []*T) (*T, bool) {
	i, ok := s.lookup(k, id)
	if !ok {
		return nil, false
	}
	return nodes[i], true
}

// Consultation returns the consultation with that ID.
func (s *Snapshot) Consultation(id string) (*graph.Consultation, bool) {
	return get(s, kConsultation, id, s.consultations)
}

// Comment returns the comment with that ID.
func (s *Snapshot) Comment(id string) (*graph.Comment, bool) {
	return get(s, kComment, id, s.comments)
}

// Submitter returns the submitter with that ID.
func (s *Snapshot) Submitter(id string) (*graph.Submitter, bool) {
	return get(s, kSubmitter, id, s.submitters)
}

// Organization returns the organization with that ID.
func (s *Snapshot) Organization(id string) (*graph.Organization, bool) {
	return get(s, kOrganization, id, s.orgs)
}

// Section returns the section with that ID.
func (s *Snapshot) Section(id string) (*graph.Section, bool) {
	return get(s, kSection, id, s.sections)
}

// Topic returns the topic with that ID.
func (s *Snapshot) Topic(id string) (*graph.Topic, bool) {
	return get(s, kTopic, id, s.topics)
}

// Response returns the response with that ID.
func (s *Snapshot) Response(id string) (*graph.Response, bool) {
	c, ok := s.ResponseComment(id)
	if !ok {
		return nil, false
	}
	return &c.Response, true
}

// ResponseComment returns the comment that the response with that ID answers.
func (s *Snapshot) ResponseComment(id string) (*graph.Comment, bool) {
	return get(s, kResponse, id, s.comments)
}

// Consultations returns every consultation, ordered by slug.
func (s *Snapshot) Consultations() []*graph.Consultation {
	return append([]*graph.Consultation(nil), s.consultations...)
}

// Topics returns the whole taxonomy, ordered by ID.
func (s *Snapshot) Topics() []*graph.Topic {
	return append([]*graph.Topic(nil), s.topics...)
}

// Sections returns the sections of a consultation, or of every consultation when
// consultationID is empty, ordered by consultation slug, then code in natural order
// (I-1 < I-2 < III-2 < III-10 < IV-1 < OTHER). An unknown consultation is an EINVALID
// error.
func (s *Snapshot) Sections(consultationID string) ([]*graph.Section, error) {
	if consultationID == "" {
		return append([]*graph.Section(nil), s.sections...), nil
	}
	c, ok := s.lookup(kConsultation, consultationID)
	if !ok {
		return nil, filterError("", "unknown consultation %q", consultationID)
	}
	lo := sort.Search(len(s.sections), func(i int) bool { return s.secCons[i] >= c })
	hi := sort.Search(len(s.sections), func(i int) bool { return s.secCons[i] > c })
	return append([]*graph.Section(nil), s.sections[lo:hi]...), nil
}

// SectionChildren returns the sections directly under a section, in natural order.
func (s *Snapshot) SectionChildren(id string) []*graph.Section {
	i, ok := s.lookup(kSection, id)
	if !ok {
		return nil
	}
	return pick(s.sections, s.secChildren[i])
}

// TopicNarrower returns the topics whose broader topic is this one, ordered by ID.
func (s *Snapshot) TopicNarrower(id string) []*graph.Topic {
	i, ok := s.lookup(kTopic, id)
	if !ok {
		return nil
	}
	return pick(s.topics, s.tNarrower[i])
}

// OrganizationSubmitters returns the submitters of an organization, in every
// consultation, ordered by consultation slug, then label.
func (s *Snapshot) OrganizationSubmitters(id string) []*graph.Submitter {
	i, ok := s.lookup(kOrganization, id)
	if !ok {
		return nil
	}
	return pick(s.submitters, s.oSubs[i])
}

// TopicSubmitters returns the submitters with at least one comment about the topic (that
// is, mentioning it or a narrower topic via COMMENT or SECTION), ordered by consultation
// slug, then label.
func (s *Snapshot) TopicSubmitters(id string) []*graph.Submitter {
	i, ok := s.lookup(kTopic, id)
	if !ok {
		return nil
	}
	var out []*graph.Submitter
	s.submitterOwners().ownersOf(s.byTopic[i]).Iterate(func(p uint32) bool {
		out = append(out, s.submitters[p])
		return true
	})
	return out
}

// SharedWithCount returns how many other responses have the same text as this one: the
// same Response.TextID, anywhere in the snapshot. TextIDs are minted per consultation
// (responsetext/<slug>/<hash>), so in practice this counts within the consultation: a
// boilerplate answer is boilerplate of one ministry's table. A response without a
// TextID shares with none. ok is false for an unknown response.
func (s *Snapshot) SharedWithCount(responseID string) (n int, ok bool) {
	i, ok := s.lookup(kResponse, responseID)
	if !ok {
		return 0, false
	}
	rt := s.cRText[i]
	if rt < 0 {
		return 0, true
	}
	return int(s.byRText[rt].GetCardinality()) - 1, true
}

// CommentsOf returns the positions of the comments of a node, in API order:
//
//   - consultation/…: its comments;
//   - submitter/…: the comments it submitted;
//   - organization/…: the comments of all its submitters;
//   - section/…: the comments about it or its sub-sections;
//   - topic/…: the comments about it or a narrower topic (COMMENT or SECTION mentions);
//   - disposition/X: the comments whose response has disposition X;
//   - page/<slug>/<n>: the comments of that consultation that refer to page n;
//   - responsetext/…: the comments whose response has that text.
//
// Any other ID is an ENOTFOUND error.
func (s *Snapshot) CommentsOf(id string) (*roaring.Bitmap, error) {
	if r, ok := s.ids[id]; ok {
		switch r.kind {
		case kConsultation:
			return s.byCons[r.pos].Clone(), nil
		case kSubmitter:
			return s.bySub[r.pos].Clone(), nil
		case kOrganization:
			return s.byOrg[r.pos].Clone(), nil
		case kSection:
			return s.bySec[r.pos].Clone(), nil
		case kTopic:
			return s.byTopic[r.pos].Clone(), nil
		}
	}
	if rt, ok := s.rtextIDs[id]; ok {
		return s.byRText[rt].Clone(), nil
	}
	switch graph.Kind(id) {
	case "disposition":
		if d := dispositionIndex(graph.Disposition(strings.TrimPrefix(id, "disposition/"))); d >= 0 {
			return s.byDisp[d].Clone(), nil
		}
	case "page":
		rest := strings.TrimPrefix(id, "page/")
		if k := strings.LastIndexByte(rest, '/'); k >= 0 {
			c, okc := s.consBySlug[rest[:k]]
			p, err := strconv.Atoi(rest[k+1:])
			if okc && err == nil && p >= 1 {
				if bm, ok := s.byPage[p]; ok {
					return roaring.And(bm, s.byCons[c]), nil
				}
				return roaring.New(), nil
			}
		}
	}
	return nil, graph.Errorf(graph.ENOTFOUND, "no node %q with comments", id)
}

// NumComments returns the number of comments in the snapshot.
func (s *Snapshot) NumComments() int { return len(s.comments) }

// CommentAt returns the comment at a position of a comment set.
func (s *Snapshot) CommentAt(pos uint32) *graph.Comment { return s.comments[pos] }

// CommentRefs returns what the comment at pos refers to, by position: its direct topics
// (those it mentions via COMMENT or SECTION, not through a narrower topic; ascending, each
// once; TopicAt turns them into topics), its submitter (SubmitterAt; -1 for none) and its
// section (SectionAt; -1 for a general comment). It lets a caller that counts over many
// comments, such as the topic network, work on integers rather than on ID strings. The
// topics slice belongs to the snapshot: do not modify it.
func (s *Snapshot) CommentRefs(pos uint32) (topics []uint32, submitter, section int32) {
	t := s.cTopics[s.cTopicOff[pos]:s.cTopicOff[pos+1]:s.cTopicOff[pos+1]]
	return t, s.cSub[pos], s.cSec[pos]
}

// TopicAt returns the topic at a position given by CommentRefs.
func (s *Snapshot) TopicAt(pos uint32) *graph.Topic { return s.topics[pos] }

// SectionAt returns the section at a position given by CommentRefs.
func (s *Snapshot) SectionAt(pos uint32) *graph.Section { return s.sections[pos] }

// SubmitterAt returns the submitter at a position of a submitter set.
func (s *Snapshot) SubmitterAt(pos uint32) *graph.Submitter { return s.submitters[pos] }

// OrganizationAt returns the organization at a position of an organization set.
func (s *Snapshot) OrganizationAt(pos uint32) *graph.Organization { return s.orgs[pos] }

// CommentPage returns up to first comments of set that come after the comment afterID
// in API order (from the start when afterID is empty), and whether set has more after
// them. afterID need not be in this snapshot: a cursor taken from an older snapshot
// resumes at the place its comment would have (comment IDs are
// comment/<slug>/<number>, which is the sort key). A malformed afterID or a negative
// first is an EINVALID error.
func (s *Snapshot) CommentPage(set *roaring.Bitmap, afterID string, first int) (page []*graph.Comment, hasNext bool, err error) {
	if first < 0 {
		return nil, false, filterError("", "first must not be negative (got %d)", first)
	}
	start := uint32(0)
	if afterID != "" {
		if i, ok := s.lookup(kComment, afterID); ok {
			start = i + 1
		} else {
			rest, ok := strings.CutPrefix(afterID, "comment/")
			k := strings.LastIndexByte(rest, '/')
			if !ok || k < 0 {
				return nil, false, filterError("", "invalid cursor %q", afterID)
			}
			slug := rest[:k]
			n, err := strconv.Atoi(rest[k+1:])
			if err != nil {
				return nil, false, filterError("", "invalid cursor %q", afterID)
			}
			start = uint32(sort.Search(len(s.comments), func(i int) bool {
				c := s.comments[i]
				return cmp.Or(strings.Compare(s.consultations[s.cCons[i]].Slug, slug), cmp.Compare(c.Number, n)) > 0
			}))
		}
	}
	it := set.Iterator()
	it.AdvanceIfNeeded(start)
	for len(page) < first && it.HasNext() {
		page = append(page, s.comments[it.Next()])
	}
	return page, it.HasNext(), nil
}

func pick[T any](nodes []*T, pos []uint32) []*T {
	out := make([]*T, len(pos))
	for i, p := range pos {
		out[i] = nodes[p]
	}
	return out
}

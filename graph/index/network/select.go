package network

import (
	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
)

// Select builds the topic network of the comments f selects in s, with nodes labelled by
// Labels(s): what the GraphQL field topicNetwork answers and what /export/ and
// `pcgraph export` write. A bad filter (an unknown ID, an invalid enum value) is the
// index's EINVALID error.
func Select(s *index.Snapshot, f *index.CommentFilter, opts Options) (Network, error) {
	set, err := s.CommentSet(f)
	if err != nil {
		return Network{}, err
	}
	// The same as Build(s.Comments(f), Labels(s), opts), but read off the snapshot's
	// positions (index.Snapshot.CommentRefs): no ID is hashed per comment.
	n := int(set.GetCardinality())
	k := corpus{off: make([]int32, 1, n+1)}
	var topics, subs, secs dense // snapshot position → dense index
	if opts.Submitters {
		k.sub = make([]int32, 0, n)
	}
	if opts.Sections {
		k.sec = make([]int32, 0, n)
	}
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for m := it.NextMany(buf); m > 0; m = it.NextMany(buf) {
		for _, c := range buf[:m] {
			ts, sub, sec := s.CommentRefs(c) // topics ascending, each once
			for _, t := range ts {
				i, ok := topics.of(t)
				if !ok {
					k.topics = append(k.topics, s.TopicAt(t).ID)
				}
				k.top = append(k.top, i)
			}
			k.off = append(k.off, int32(len(k.top)))
			if opts.Submitters {
				i := int32(-1)
				if sub >= 0 {
					var ok bool
					if i, ok = subs.of(uint32(sub)); !ok {
						k.submitters = append(k.submitters, s.SubmitterAt(uint32(sub)).ID)
					}
				}
				k.sub = append(k.sub, i)
			}
			if opts.Sections {
				i := int32(-1)
				if sec >= 0 {
					var ok bool
					if i, ok = secs.of(uint32(sec)); !ok {
						k.sections = append(k.sections, s.SectionAt(uint32(sec)).ID)
					}
				}
				k.sec = append(k.sec, i)
			}
		}
	}
	return k.network(Labels(s), opts), nil
}

// dense numbers snapshot positions of one kind 0, 1, 2… in the order they are first met.
type dense struct {
	index []int32 // position → 1 + dense index; 0 when not met yet
	n     int32
}

// of returns p's dense index, and whether p had been met before.
func (d *dense) of(p uint32) (int32, bool) {
	if int(p) >= len(d.index) {
		d.index = append(d.index, make([]int32, int(p)+1-len(d.index)+len(d.index)/2)...)
	}
	if i := d.index[p]; i > 0 {
		return i - 1, true
	}
	d.n++
	d.index[p] = d.n
	return d.n - 1, false
}

// Include adds the nodes of kind k to the network the options describe (the GraphQL
// argument include: [NetworkNodeKind!]): SUBMITTER sets Submitters, SECTION sets
// Sections, TOPIC changes nothing (topics are always nodes). Any other value is an
// EINVALID error.
func (o *Options) Include(k NodeKind) error {
	switch k {
	case Topic:
	case Submitter:
		o.Submitters = true
	case Section:
		o.Sections = true
	default:
		return graph.Errorf(graph.EINVALID, "invalid node kind %q to include (want SUBMITTER or SECTION)", string(k))
	}
	return nil
}

// Labels labels network nodes for people: a topic by its Japanese label, a submitter as
// 法人F(name), a section by its code and title.
func Labels(s *index.Snapshot) Labeler {
	return func(id string) string {
		if t, ok := s.Topic(id); ok {
			return t.Label
		}
		if sub, ok := s.Submitter(id); ok {
			return index.SubmitterLabel(sub)
		}
		if sec, ok := s.Section(id); ok {
			if sec.Title == "" {
				return sec.Code
			}
			return sec.Code + " " + sec.Title
		}
		return id
	}
}

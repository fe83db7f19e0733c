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
	comments, err := s.Comments(f)
	if err != nil {
		return Network{}, err
	}
	return Build(comments, Labels(s), opts), nil
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

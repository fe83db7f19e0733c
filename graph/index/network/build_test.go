package network

import "github.com/pcgraph/pcgraph/graph"

// The tests build networks from fixtures of graph.Comments; the product builds them from
// the index's positions (Select). Build is kept here, beside the tests that use it, and
// TestSelectReference checks that both count the same.

// Build computes the topic network of comments, as Select does over the index. See the package documentation for what is
// counted and how the measures are defined.
func Build(comments []*graph.Comment, label Labeler, opts Options) Network {
	k := corpus{off: make([]int32, 1, len(comments)+1)}
	topics := newInterner(&k.topics)
	subs, secs := newInterner(&k.submitters), newInterner(&k.sections)
	var seen []int32 // seen[t]: len(k.off) when the current comment last met topic t
	for _, cm := range comments {
		if cm == nil {
			continue
		}
		c := int32(len(k.off))
		for _, m := range cm.Mentions {
			if m.Topic == "" || (m.Via != graph.ViaComment && m.Via != graph.ViaSection) {
				continue
			}
			t := topics.of(m.Topic)
			if int(t) == len(seen) {
				seen = append(seen, 0)
			}
			if seen[t] == c {
				continue // a topic mentioned several times counts once
			}
			seen[t] = c
			k.top = append(k.top, t)
		}
		k.off = append(k.off, int32(len(k.top)))
		if opts.Submitters {
			k.sub = append(k.sub, subs.of(cm.Submitter))
		}
		if opts.Sections {
			k.sec = append(k.sec, secs.of(cm.Section))
		}
	}
	return k.network(label, opts)
}

// interner gives dense indexes to the IDs of one kind of node.
type interner struct {
	index map[string]int32
	ids   *[]string
}

func newInterner(ids *[]string) interner {
	return interner{index: make(map[string]int32), ids: ids}
}

// of returns id's index, -1 for the empty ID.
func (in interner) of(id string) int32 {
	if id == "" {
		return -1
	}
	i, ok := in.index[id]
	if !ok {
		i = int32(len(*in.ids))
		in.index[id] = i
		*in.ids = append(*in.ids, id)
	}
	return i
}

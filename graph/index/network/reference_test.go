package network

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// TestReference checks that Build gives exactly what the straightforward implementation
// it replaced (refBuild, below: maps keyed by ID strings and by node pairs) gives, on
// random corpora, with every option.
func TestReference(t *testing.T) {
	corpora := []struct {
		name     string
		comments []*graph.Comment
	}{
		{"fixture", fixture()},
		{"1.5k", synthetic(1500, 80, 200, 40, 3)},
		{"1.5k many topics", synthetic(1500, 400, 300, 100, 5)},
		{"with nils and blanks", withBlanks(synthetic(2000, 50, 100, 20, 9))},
	}
	for _, c := range corpora {
		for _, opts := range []Options{
			{}, {MinWeight: 3}, {Submitters: true}, {Sections: true},
			{Submitters: true, Sections: true}, {MinWeight: 4, Submitters: true, Sections: true},
			{Submitters: true, Sections: true, SkipBetweenness: true, SkipCommunities: true},
		} {
			t.Run(fmt.Sprintf("%s/%+v", c.name, opts), func(t *testing.T) {
				want := refBuild(c.comments, labels, opts)
				got := Build(c.comments, labels, opts)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("Build differs from refBuild: %s", firstDifference(want, got))
				}
			})
		}
	}
}

// withBlanks returns comments with some nil comments, comments without submitter, and
// mentions of the empty topic added.
func withBlanks(comments []*graph.Comment) []*graph.Comment {
	rnd := rand.New(rand.NewPCG(4, 5))
	var out []*graph.Comment
	for _, c := range comments {
		switch rnd.IntN(10) {
		case 0:
			out = append(out, nil)
		case 1:
			cc := *c
			cc.Submitter = ""
			c = &cc
		case 2:
			cc := *c
			cc.Mentions = append(slices.Clip(cc.Mentions), mention("", graph.ViaComment))
			c = &cc
		}
		out = append(out, c)
	}
	return out
}

// refAcc accumulates one node while counting.
type refAcc struct {
	id     string
	kind   NodeKind
	weight int
	pos    int // index in the output, once sorted
}

// refCounter counts nodes and edges over the comments.
type refCounter struct {
	index map[string]int // node ID → index in nodes
	nodes []*refAcc
	edges map[[2]int]int // node indexes, smaller first → weight
}

func (c *refCounter) node(id string, kind NodeKind) int {
	i, ok := c.index[id]
	if !ok {
		i = len(c.nodes)
		c.index[id] = i
		c.nodes = append(c.nodes, &refAcc{id: id, kind: kind})
	}
	c.nodes[i].weight++
	return i
}

func (c *refCounter) link(i, j int) {
	if i > j {
		i, j = j, i
	}
	c.edges[[2]int{i, j}]++
}

// refBuild is the Build before comments were counted over dense integers: it computes the topic network of comments. See the package documentation for what is
// counted and how the measures are defined.
func refBuild(comments []*graph.Comment, label Labeler, opts Options) Network {
	minWeight := max(opts.MinWeight, 1)
	c := refCounter{index: make(map[string]int), edges: make(map[[2]int]int)}
	var topics []int // the current comment's topics, as node indexes
	for _, cm := range comments {
		if cm == nil {
			continue
		}
		topics = topics[:0]
		for _, m := range cm.Mentions {
			if m.Topic == "" || (m.Via != graph.ViaComment && m.Via != graph.ViaSection) {
				continue
			}
			if i, ok := c.index[m.Topic]; ok && slices.Contains(topics, i) {
				continue
			}
			topics = append(topics, c.node(m.Topic, Topic))
		}
		for a, i := range topics {
			for _, j := range topics[a+1:] {
				c.link(i, j)
			}
		}
		if opts.Submitters && cm.Submitter != "" {
			s := c.node(cm.Submitter, Submitter)
			for _, t := range topics {
				c.link(s, t)
			}
		}
		if opts.Sections && cm.Section != "" {
			s := c.node(cm.Section, Section)
			for _, t := range topics {
				c.link(s, t)
			}
		}
	}
	return c.refNetwork(label, minWeight, opts)
}

// refNetwork keeps what weighs at least minWeight, sorts it and computes the measures.
func (c *refCounter) refNetwork(label Labeler, minWeight int, opts Options) Network {
	kept := make([]*refAcc, 0, len(c.nodes))
	for _, n := range c.nodes {
		if n.weight >= minWeight {
			kept = append(kept, n)
		}
	}
	slices.SortFunc(kept, func(a, b *refAcc) int {
		return cmp.Or(cmp.Compare(a.kind.rank(), b.kind.rank()), cmp.Compare(a.id, b.id))
	})
	nodes := make([]Node, len(kept))
	for i, n := range kept {
		n.pos = i
		l := ""
		if label != nil {
			l = label(n.id)
		}
		if l == "" {
			l = n.id
		}
		nodes[i] = Node{ID: n.id, Label: l, Kind: n.kind, Weight: n.weight}
	}

	var links []link // by output positions
	for k, w := range c.edges {
		if w < minWeight {
			continue
		}
		a, b := c.nodes[k[0]], c.nodes[k[1]]
		if a.weight < minWeight || b.weight < minWeight {
			continue // cannot happen (edge weight ≤ node weight), but never dangle
		}
		links = append(links, link{a.pos, b.pos, w})
	}
	edges := make([]Edge, len(links))
	for i, l := range links {
		s, t := nodes[l.u].ID, nodes[l.v].ID
		if s > t {
			s, t = t, s
		}
		edges[i] = Edge{Source: s, Target: t, Weight: l.w}
		nodes[l.u].Degree++
		nodes[l.v].Degree++
		nodes[l.u].WeightedDegree += l.w
		nodes[l.v].WeightedDegree += l.w
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
	})
	measure(nodes, links, opts)
	return Network{Nodes: nodes, Edges: edges}
}

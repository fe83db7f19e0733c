// Package network projects a set of comments onto a topic network: the graph behind the
// GraphQL field topicNetwork(filter, minWeight), for "which topics appear together, and
// which submitters share topics?" (docs/ARCHITECTURE.md, "Questions"; type Network in
// schema/network.graphqls).
//
// The caller (the resolver over the read model) selects the comments; Build counts
// co-occurrences among them and computes, with gonum, each node's degree, weighted degree,
// betweenness centrality and Louvain community. The result is a plain value, sorted, and
// the same for the same set of comments whatever their order.
//
// # What is counted
//
// A comment is about a topic when it has a graph.TopicMention of that topic found in the
// comment's own text (graph.ViaComment) or through its section (graph.ViaSection). A mention
// found only in the ministry's response (graph.ViaResponse) does not count: the network shows
// what submitters raised, not what the ministry answered. A topic mentioned several times
// by one comment counts once for it.
//
//   - Topic node weight: the number of comments about the topic.
//   - Topic–topic edge weight: the number of comments about both topics (co-occurrence).
//   - With Options.Submitters: a SUBMITTER node per submitter of the comments, weighing the
//     number of its comments (all of them, including those about no topic), and a
//     submitter–topic edge weighing the number of that submitter's comments about the topic.
//   - With Options.Sections: a SECTION node per section the comments are about, weighing the
//     number of its comments, and a section–topic edge weighing the number of the section's
//     comments about the topic. General comments (no section, "—") add no section node.
//
// Submitters and sections are never linked to each other, nor submitters to submitters: a
// submitter–submitter "shares topics" relation is read off the network as two submitter
// nodes joined through a topic.
//
// Comments are assumed distinct (as a filtered comment set is): a comment passed twice is
// counted twice.
//
// # MinWeight
//
// An edge is kept when its weight is at least MinWeight; a node is kept when its own weight
// is at least MinWeight, whether or not it keeps an edge. Every edge weight is at most the
// weight of either of its ends (a comment about two topics is a comment about each), so a
// kept edge always has both ends kept, and a heavy but isolated node — a topic often raised
// but never alongside another — stays visible. MinWeight below 1 means 1: every topic,
// submitter and section of the comments is a node, every co-occurrence an edge.
//
// # Measures
//
// All measures are computed on the kept network (after MinWeight):
//
//   - Degree: the number of kept edges at the node; WeightedDegree: the sum of their weights.
//   - Betweenness: gonum's network.Betweenness, i.e. unweighted (every edge has length 1),
//     raw (not normalised) and counting each unordered pair {s, t} once:
//     C_B(v) = Σ_{s<t, s≠v≠t} σ_st(v)/σ_st. This is networkx's
//     betweenness_centrality(G, normalized=False); divide by (n-1)(n-2)/2 for the normalised
//     value. Hop distance is used rather than 1/weight because edge weights here measure
//     similarity (shared comments), not length: with 1/weight distances a single heavy
//     edge reroutes every shortest path and ties — and so the measure's meaning of "how many
//     routes between topics pass through here" — almost vanish; hop betweenness is also
//     what a researcher gets by default in networkx or Gephi, and can be checked by hand.
//   - Community: Louvain modularity communities (gonum community.Modularize, resolution 1,
//     on the edge weights, with a fixed random seed so the result is reproducible), numbered
//     0 for the largest community, ties broken by the community whose first node comes first
//     in the output order (kind, then ID). A node without edges is a community of its own.
//
// Options.SkipBetweenness and Options.SkipCommunities leave those fields 0, for callers
// that were not asked for them: betweenness is O(nodes·edges) and dominates Build once
// submitters are nodes (about a second for 10,000 comments by 500 submitters on 2 cores;
// topics alone take some 20 ms).
//
// # Order and determinism
//
// Nodes are sorted by kind (TOPIC, SUBMITTER, SECTION) then ID; edges by Source then Target,
// with Source < Target. Nodes and Edges are never nil, so an empty network is {[], []}.
// The gonum graph handed to the algorithms iterates nodes and neighbours in output order
// (gonum's own simple graphs iterate maps, which makes betweenness sums differ in their
// last bits from run to run), so the same comments, in any order, give an identical
// Network, bit for bit.
package network

// NodeKind says what a network node stands for. The values are those of the GraphQL enum
// NetworkNodeKind.
type NodeKind string

const (
	Topic     NodeKind = "TOPIC"
	Submitter NodeKind = "SUBMITTER"
	Section   NodeKind = "SECTION"
)

// rank orders node kinds in the output: topics first, then submitters, then sections.
func (k NodeKind) rank() int {
	switch k {
	case Topic:
		return 0
	case Submitter:
		return 1
	default:
		return 2
	}
}

// Options selects what Build adds to the topic network.
type Options struct {
	// MinWeight drops edges, and nodes, whose weight is below it (see the package
	// documentation). Values below 1 mean 1, which keeps everything.
	MinWeight int
	// Submitters adds a node per submitter, linked to the topics of its comments.
	Submitters bool
	// Sections adds a node per section, linked to the topics of its comments.
	Sections bool
	// SkipBetweenness leaves Betweenness 0. Betweenness is most of Build's time on large
	// networks (O(nodes·edges): about a second with 500 submitters); a resolver that was
	// not asked for the betweenness field can skip it.
	SkipBetweenness bool
	// SkipCommunities leaves Community 0 (Louvain not run).
	SkipCommunities bool
}

// Node is a node of the network: a topic, a submitter or a section.
type Node struct {
	ID             string // topic, submitter or section ID
	Label          string // from the Labeler; the ID when it gives none
	Kind           NodeKind
	Weight         int     // number of comments about the topic / by the submitter / on the section
	Degree         int     // number of kept edges
	WeightedDegree int     // sum of the kept edges' weights
	Betweenness    float64 // raw, unweighted, each unordered pair once
	Community      int     // Louvain community; 0 is the largest
}

// Edge is an undirected edge; Source < Target.
type Edge struct {
	Source, Target string
	Weight         int // number of comments linking the two ends
}

// Network is the result of Build.
type Network struct {
	Nodes []Node
	Edges []Edge
}

// Labeler gives a node's label from its ID: a topic's Japanese label, a submitter's label
// and name (法人F セキュアIoTプラットフォーム協議会), a section's code and title. An empty label,
// or a nil Labeler, leaves the ID as the label.
type Labeler func(id string) (label string)

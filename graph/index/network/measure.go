package network

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sync"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	gnet "gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// link is a kept edge between the nodes at output positions u and v.
type link struct{ u, v, w int }

// louvainSeed seeds Louvain's node shuffling, so that the same network always gets the
// same communities. Any constant would do; changing it may renumber or (on graphs with
// near-equal partitions) regroup communities.
var louvainSeed = [2]uint64{0x70636772, 0x61706821} // "pcgr", "aph!"

// ordered is a gonum weighted undirected graph whose Nodes and From iterate in ascending
// node ID. gonum's simple graphs iterate over maps, in random order; both Brandes'
// betweenness (floating-point sums over predecessors) and Louvain (which node is shuffled
// where, which community is found first) depend on that order, so without this the last
// bits of a betweenness, or even a community, could change from one request to the next.
type ordered struct {
	*simple.WeightedUndirectedGraph
	nodes []gg.Node   // by ID
	adj   [][]gg.Node // adj[id]: neighbours by ID
}

func (g *ordered) Nodes() gg.Nodes { return iterator.NewOrderedNodes(g.nodes) }

func (g *ordered) From(id int64) gg.Nodes {
	if id < 0 || id >= int64(len(g.adj)) || len(g.adj[id]) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedNodes(g.adj[id])
}

// newOrdered builds the gonum graph of n nodes (IDs 0…n-1, the output positions) and links.
func newOrdered(n int, links []link) *ordered {
	g := &ordered{
		WeightedUndirectedGraph: simple.NewWeightedUndirectedGraph(0, 0),
		nodes:                   make([]gg.Node, n),
		adj:                     make([][]gg.Node, n),
	}
	for i := range n {
		g.nodes[i] = simple.Node(i)
		g.AddNode(g.nodes[i])
	}
	for _, l := range links {
		g.SetWeightedEdge(simple.WeightedEdge{F: g.nodes[l.u], T: g.nodes[l.v], W: float64(l.w)})
		g.adj[l.u] = append(g.adj[l.u], g.nodes[l.v])
		g.adj[l.v] = append(g.adj[l.v], g.nodes[l.u])
	}
	for _, a := range g.adj {
		slices.SortFunc(a, func(x, y gg.Node) int { return cmp.Compare(x.ID(), y.ID()) })
	}
	return g
}

// measure sets Betweenness and Community of nodes (in output order) from the kept links,
// unless opts skips them. Betweenness and Louvain only read the graph, so they run
// side by side.
func measure(nodes []Node, links []link, opts Options) {
	if len(nodes) == 0 || len(links) == 0 {
		// No paths and no modularity: betweenness 0, every node a community of its own.
		if !opts.SkipCommunities {
			for i := range nodes {
				nodes[i].Community = i
			}
		}
		return
	}
	if opts.SkipBetweenness && opts.SkipCommunities {
		return // nothing to measure: do not build the gonum graph
	}
	g := newOrdered(len(nodes), links)
	var wg sync.WaitGroup
	if !opts.SkipBetweenness {
		wg.Go(func() {
			// gonum sums over the ordered pairs (s, t) and (t, s) of an undirected graph:
			// halve it to count each unordered pair once.
			for id, b := range gnet.Betweenness(g) {
				nodes[id].Betweenness = b / 2
			}
		})
	}
	if !opts.SkipCommunities {
		communities(g, nodes)
	}
	wg.Wait()
}

// communities sets Community from Louvain over g, whose node IDs are positions in nodes.
func communities(g *ordered, nodes []Node) {
	src := rand.NewPCG(louvainSeed[0], louvainSeed[1])
	var groups [][]int // node positions, each group ascending
	for _, c := range community.Modularize(g, 1, src).Communities() {
		members := make([]int, len(c))
		for i, n := range c {
			members[i] = int(n.ID())
		}
		slices.Sort(members)
		groups = append(groups, members)
	}
	// 0 for the largest community; among equal sizes, the one whose first node comes
	// first in the output.
	slices.SortFunc(groups, func(a, b []int) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a[0], b[0]))
	})
	for k, members := range groups {
		for _, i := range members {
			nodes[i].Community = k
		}
	}
}

package network

import (
	"cmp"
	"slices"
	"strings"
)

// corpus is the comments to count, reduced to dense integers: each distinct topic,
// submitter and section ID is interned once, to an index into topics, submitters or
// sections. Select reads the snapshot's positions (the tests' Build interns the IDs
// of graph.Comments). Counting then never hashes a string nor a pair.
type corpus struct {
	topics, submitters, sections []string // IDs by dense index

	off []int32 // len(comments)+1: top[off[c]:off[c+1]] are comment c's topics, each once
	top []int32
	sub []int32 // per comment: its submitter, -1 for none; nil unless Options.Submitters
	sec []int32 // per comment: its section, -1 for none; nil unless Options.Sections
}

// rawEdge is a counted edge between nodes a and b, numbered as in corpus.network:
// topics first, then submitters, then sections.
type rawEdge struct{ a, b, w int32 }

// network counts the nodes and edges of k, keeps what weighs at least Options.MinWeight,
// sorts it and computes the measures.
//
// Edges are counted per node: the comments are grouped (counting sort) by topic, by
// submitter and by section, and the topics of each group's comments are tallied in a
// slice indexed by topic, so that the work is linear in the topic pairs and the memory in
// the mentions.
func (k *corpus) network(label Labeler, opts Options) Network {
	minWeight := int32(max(opts.MinWeight, 1))
	nT, nS, nC := len(k.topics), len(k.submitters), len(k.sections)
	weight := make([]int32, nT+nS+nC)
	for _, t := range k.top {
		weight[t]++
	}
	for _, s := range k.sub {
		if s >= 0 {
			weight[nT+int(s)]++
		}
	}
	for _, s := range k.sec {
		if s >= 0 {
			weight[nT+nS+int(s)]++
		}
	}

	var edges []rawEdge
	tally := make([]int32, nT)
	touched := make([]int32, 0, nT)
	flush := func(a int32) {
		for _, t := range touched {
			if w := tally[t]; w >= minWeight {
				edges = append(edges, rawEdge{a, t, w})
			}
			tally[t] = 0
		}
		touched = touched[:0]
	}
	count := func(c int32, above int32) {
		for _, t := range k.top[k.off[c]:k.off[c+1]] {
			if t > above {
				if tally[t] == 0 {
					touched = append(touched, t)
				}
				tally[t]++
			}
		}
	}

	// Topic–topic: each pair once, from its smaller topic.
	if len(k.top) > 0 {
		groups, members := k.groupByTopic(weight[:nT])
		for a := range nT {
			for _, c := range members[groups[a]:groups[a+1]] {
				count(c, int32(a))
			}
			flush(int32(a))
		}
	}
	// Submitter–topic and section–topic.
	for _, own := range []struct {
		of   []int32
		base int
		n    int
	}{{k.sub, nT, nS}, {k.sec, nT + nS, nC}} {
		if own.n == 0 || len(k.top) == 0 {
			continue
		}
		groups, members := groupBy(own.of, weight[own.base:own.base+own.n])
		for s := range own.n {
			for _, c := range members[groups[s]:groups[s+1]] {
				count(c, -1)
			}
			flush(int32(own.base + s))
		}
	}
	return k.output(label, weight, minWeight, edges, opts)
}

// groupByTopic returns the comments by topic: those about topic t are
// members[groups[t]:groups[t+1]], ascending. sizes are the topics' weights.
func (k *corpus) groupByTopic(sizes []int32) (groups, members []int32) {
	groups = offsets(sizes)
	next := slices.Clone(groups[:len(sizes)])
	members = make([]int32, len(k.top))
	for c := range int32(len(k.off) - 1) {
		for _, t := range k.top[k.off[c]:k.off[c+1]] {
			members[next[t]] = c
			next[t]++
		}
	}
	return groups, members
}

// groupBy returns the comments by owner (submitter or section; of[c] is comment c's, -1
// for none): those of owner s are members[groups[s]:groups[s+1]], ascending. sizes are
// the owners' weights.
func groupBy(of []int32, sizes []int32) (groups, members []int32) {
	groups = offsets(sizes)
	next := slices.Clone(groups[:len(sizes)])
	members = make([]int32, groups[len(sizes)])
	for c, s := range of {
		if s >= 0 {
			members[next[s]] = int32(c)
			next[s]++
		}
	}
	return groups, members
}

// offsets returns the running sums of sizes, from 0: len(sizes)+1 values.
func offsets(sizes []int32) []int32 {
	off := make([]int32, len(sizes)+1)
	for i, n := range sizes {
		off[i+1] = off[i] + n
	}
	return off
}

// output keeps the nodes that weigh at least minWeight, sorts nodes and edges, sets the
// degrees and computes the measures. Nodes are numbered as in network; edges are already
// those that weigh at least minWeight.
func (k *corpus) output(label Labeler, weight []int32, minWeight int32, raw []rawEdge, opts Options) Network {
	nT, nS := len(k.topics), len(k.submitters)
	type kept struct {
		node int32
		id   string
		kind NodeKind
	}
	var keep []kept
	for _, kind := range []struct {
		ids  []string
		base int
		kind NodeKind
	}{{k.topics, 0, Topic}, {k.submitters, nT, Submitter}, {k.sections, nT + nS, Section}} {
		start := len(keep)
		for i, id := range kind.ids {
			if weight[kind.base+i] >= minWeight {
				keep = append(keep, kept{int32(kind.base + i), id, kind.kind})
			}
		}
		slices.SortFunc(keep[start:], func(a, b kept) int { return strings.Compare(a.id, b.id) })
	}

	pos := make([]int32, len(weight)) // node → 1 + output position; 0 when not kept
	nodes := make([]Node, len(keep))
	for i, n := range keep {
		pos[n.node] = int32(i) + 1
		l := ""
		if label != nil {
			l = label(n.id)
		}
		if l == "" {
			l = n.id
		}
		nodes[i] = Node{ID: n.id, Label: l, Kind: n.kind, Weight: int(weight[n.node])}
	}

	// Edges are sorted by (Source, Target), Source < Target: by the ranks of their ends
	// among the kept IDs in string order (ties, possible only between nodes of different
	// kinds, broken by output position).
	byID := make([]int32, len(nodes)) // rank → output position
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(a, b int32) int {
		return cmp.Or(strings.Compare(nodes[a].ID, nodes[b].ID), cmp.Compare(a, b))
	})
	rank := make([]uint32, len(nodes))
	for r, p := range byID {
		rank[p] = uint32(r)
	}
	type ranked struct {
		key uint64 // smaller rank << 32 | larger rank
		w   int32
	}
	sorted := make([]ranked, 0, len(raw))
	links := make([]link, 0, len(raw)) // by output positions
	for _, e := range raw {
		u, v := pos[e.a]-1, pos[e.b]-1
		if u < 0 || v < 0 {
			continue // cannot happen (edge weight ≤ node weight), but never dangle
		}
		links = append(links, link{int(u), int(v), int(e.w)})
		ru, rv := rank[u], rank[v]
		if ru > rv {
			ru, rv = rv, ru
		}
		sorted = append(sorted, ranked{uint64(ru)<<32 | uint64(rv), e.w})
		w := int(e.w)
		nodes[u].Degree++
		nodes[v].Degree++
		nodes[u].WeightedDegree += w
		nodes[v].WeightedDegree += w
	}
	slices.SortFunc(sorted, func(a, b ranked) int { return cmp.Compare(a.key, b.key) })
	edges := make([]Edge, len(sorted))
	for i, e := range sorted {
		edges[i] = Edge{Source: nodes[byID[e.key>>32]].ID, Target: nodes[byID[uint32(e.key)]].ID, Weight: int(e.w)}
	}
	measure(nodes, links, opts)
	return Network{Nodes: nodes, Edges: edges}
}

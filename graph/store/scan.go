package store

import (
	"context"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
)

// Reading everything back is what a server does when it starts. Walking each named graph
// from its consultation node (readQuads) costs a key-value lookup per quad and four more
// for its values; at 100,000 comments (8 million quads) that is minutes. scanGraphs reads
// the same quads in one sequential pass over the store instead, keeps them as small
// integer tuples, and looks up each distinct value once, in sorted batches.

// scanned is one quad as indexes into a scan's value table.
type scanned struct{ s, p, o uint32 }

// scan is the result of one pass: the quads of each wanted named graph, and the values
// they refer to.
type scan struct {
	values []quad.Value
	graphs map[string][]scanned // by consultation ID
}

// scanBatch is how many values are looked up at once.
const scanBatch = 4096

// scanGraphs reads the quads of the named graphs of ids in one pass over the store.
func (s *Store) scanGraphs(ctx context.Context, ids []string) (*scan, error) {
	labels := make(map[cgraph.Ref]string, len(ids))
	for _, id := range ids {
		ref, err := s.qs.ValueOf(iri(id))
		if err != nil {
			return nil, err
		}
		if ref != nil {
			labels[ref] = id
		}
	}
	var refsOf []cgraph.Ref
	index := map[cgraph.Ref]uint32{}
	intern := func(r cgraph.Ref) uint32 {
		if i, ok := index[r]; ok {
			return i
		}
		i := uint32(len(refsOf))
		index[r] = i
		refsOf = append(refsOf, r)
		return i
	}
	out := &scan{graphs: make(map[string][]scanned, len(ids))}
	it := s.qs.QuadsAllIterator().Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q := it.Result()
		l, err := s.qs.QuadDirection(q, quad.Label)
		if err != nil {
			return nil, err
		}
		id, ok := labels[l]
		if !ok {
			continue // another graph's, or padding
		}
		var t [3]uint32
		for i, dir := range [3]quad.Direction{quad.Subject, quad.Predicate, quad.Object} {
			r, err := s.qs.QuadDirection(q, dir)
			if err != nil {
				return nil, err
			}
			t[i] = intern(r)
		}
		out.graphs[id] = append(out.graphs[id], scanned{t[0], t[1], t[2]})
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	index = nil
	values, err := s.valuesOf(ctx, refsOf)
	if err != nil {
		return nil, err
	}
	out.values = values
	return out, nil
}

// valuesOf looks up the values of refs, in batches sorted by ref where the store can
// (its keys are in that order), keeping refs' order in the result.
func (s *Store) valuesOf(ctx context.Context, rs []cgraph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(rs))
	namer, batch := s.qs.(refs.BatchNamer)
	if !batch {
		for i, r := range rs {
			v, err := s.qs.NameOf(r)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return refKey(rs[order[a]]) < refKey(rs[order[b]]) })
	for start := 0; start < len(order); start += scanBatch {
		end := min(start+scanBatch, len(order))
		batchRefs := make([]cgraph.Ref, 0, end-start)
		for _, i := range order[start:end] {
			batchRefs = append(batchRefs, rs[i])
		}
		vs, err := namer.ValuesOf(ctx, batchRefs)
		if err != nil {
			return nil, err
		}
		for k, i := range order[start:end] {
			if vs[k] == nil {
				return nil, graph.Errorf(graph.EINTERNAL, "a stored quad refers to a missing value")
			}
			out[i] = vs[k]
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// refKey orders the refs of a key-value store by their key (the ID of the value in the
// store's log); other stores' refs keep their order.
func refKey(r cgraph.Ref) int64 {
	if v, ok := r.(ckv.Int64Value); ok {
		return int64(v)
	}
	return 0
}

// quads returns the quads of one scanned named graph.
func (sc *scan) quads(id string) []quad.Quad {
	var label quad.Value = iri(id) // boxed once, not once per quad
	ts := sc.graphs[id]
	out := make([]quad.Quad, len(ts))
	for i, t := range ts {
		out[i] = quad.Quad{Subject: sc.values[t.s], Predicate: sc.values[t.p], Object: sc.values[t.o], Label: label}
	}
	return out
}

package store

import (
	"slices"
	"strconv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Cayley's KV backends (bbolt) lose added quads when one ApplyDeltas both adds and
// deletes quads of a node whose reference count goes down overall: the added quad is
// written with that node missing. A replace does exactly that (the consultation node
// loses edges to dropped comments and gains a new revision), so for KV stores the
// write is padded: placeholder quads, in a label no reader follows, keep every node
// of an added quad from going down in the same transaction. A second transaction,
// with deletions only, removes them. Readers never see the placeholders, and a crash
// between the two leaves only unreachable placeholder quads behind.

const (
	padLabel     = quad.IRI(NodePrefix + "padding")
	padPredicate = quad.IRI(Vocab + "pad")
)

// padDeltas returns the placeholder quads that keep the node counts of deltas from
// going down for any node of an added quad.
func padDeltas(id string, rev int64, deltas []cgraph.Delta) []quad.Quad {
	if !slices.ContainsFunc(deltas, func(d cgraph.Delta) bool { return d.Action == cgraph.Delete }) {
		return nil // nothing goes down
	}
	net := map[string]int{}
	inAdded := map[string]quad.Value{}
	for _, d := range deltas {
		n := 1
		if d.Action == cgraph.Delete {
			n = -1
		}
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			k := string(quad.HashOf(v))
			net[k] += n
			if n > 0 {
				inAdded[k] = v
			}
		}
	}
	var pads []quad.Quad
	for k, v := range inAdded {
		for i := 0; i < -net[k]; i++ {
			pads = append(pads, quad.Quad{
				Subject:   quad.IRI(NodePrefix + "pad/" + id + "/" + strconv.FormatInt(rev, 10) + "/" + strconv.Itoa(len(pads))),
				Predicate: padPredicate,
				Object:    v,
				Label:     padLabel,
			})
		}
	}
	return pads
}

// applyPadded applies deltas to a KV quad store in two transactions: the deltas with
// their placeholders, then the removal of the placeholders.
func applyPadded(qs cgraph.QuadStore, id string, rev int64, deltas []cgraph.Delta) error {
	pads := padDeltas(id, rev, deltas)
	if len(pads) == 0 {
		return qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{})
	}
	all := make([]cgraph.Delta, 0, len(deltas)+len(pads))
	all = append(all, deltas...)
	for _, q := range pads {
		all = append(all, cgraph.Delta{Quad: q, Action: cgraph.Add})
	}
	if err := qs.ApplyDeltas(all, cgraph.IgnoreOpts{}); err != nil {
		return err
	}
	del := make([]cgraph.Delta, len(pads))
	for i, q := range pads {
		del[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
	}
	return qs.ApplyDeltas(del, cgraph.IgnoreOpts{IgnoreMissing: true})
}

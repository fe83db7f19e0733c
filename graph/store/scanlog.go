package store

import (
	"context"
	"slices"
	"strings"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/pcgraph/pcgraph/graph"
)

// readAllBolt reads every consultation of a bbolt store in one read transaction: a
// consistent snapshot, read in key order with one cursor. Cayley's all-quads iterator
// (scan.go) does the same work with a transaction and a lookup per hundred entries and
// another per value; this is several times faster, which is what a server starting on
// a large store waits for.
//
// It reads Cayley's key-value layout (graph/kv, pinned in go.mod): the bucket "log"
// holds every node and quad as a proto Primitive, keyed by ID; a node has a Value, a
// quad the IDs of its four values, and a removed quad is kept, marked Deleted. Values
// always have smaller IDs than the quads that use them (a write creates the nodes
// first), so one pass in ID order sees every value before its quads.
// TestReadAllEqualsRead holds it to what the Cayley API reads.
func (s *Store) readAllBolt(ctx context.Context) ([]*graph.Dataset, error) {
	var out []*graph.Dataset
	err := s.bolt.View(func(tx *bolt.Tx) error {
		log := tx.Bucket([]byte("log"))
		if log == nil {
			return nil // a store nothing was ever written to
		}
		values := map[uint64]quad.Value{}
		labels := map[uint64]string{} // node ID → consultation ID, for the nodes that are consultations
		graphs := map[uint64][][3]uint64{}
		var order []uint64 // labels in the order first seen
		var p cproto.Primitive
		c := log.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%65536 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				releaseMapped(s.bolt, tx)
			}
			if err := proto.Unmarshal(v, &p); err != nil {
				return graph.Errorf(graph.EINTERNAL, "store log entry %x: %v", k, err)
			}
			if p.Deleted {
				continue
			}
			if p.IsNode() {
				val, err := pquads.UnmarshalValue(p.Value)
				if err != nil {
					return graph.Errorf(graph.EINTERNAL, "store value %d: %v", p.ID, err)
				}
				values[p.ID] = val
				if iri, ok := val.(quad.IRI); ok {
					if id := idOf(iri); strings.HasPrefix(id, "consultation/") && !strings.Contains(id[len("consultation/"):], "/") {
						labels[p.ID] = id
					}
				}
				continue
			}
			if _, ok := labels[p.Label]; !ok {
				continue // another graph's quad, or padding (kvpad.go)
			}
			if _, seen := graphs[p.Label]; !seen {
				order = append(order, p.Label)
			}
			graphs[p.Label] = append(graphs[p.Label], [3]uint64{p.Subject, p.Predicate, p.Object})
		}
		releaseMapped(s.bolt, tx)
		for _, l := range order {
			id := labels[l]
			label := values[l]
			qs := make([]quad.Quad, 0, len(graphs[l]))
			for _, t := range graphs[l] {
				q := quad.Quad{Subject: values[t[0]], Predicate: values[t[1]], Object: values[t[2]], Label: label}
				if q.Subject == nil || q.Predicate == nil || q.Object == nil {
					return graph.Errorf(graph.EINTERNAL, "a quad of %s refers to a missing value", id)
				}
				qs = append(qs, q)
			}
			delete(graphs, l)
			d, _, err := Decode(id, qs)
			if graph.ErrorCode(err) == graph.ENOTFOUND {
				continue // quads without their consultation node: not a stored consultation
			}
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *graph.Dataset) int { return strings.Compare(a.Consultation.ID, b.Consultation.ID) })
	return out, err
}

package store

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

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
	l := &logScan{values: map[uint32]quad.Value{}, labels: map[uint32]string{}, graphs: map[uint32][]triple{}}
	err := s.bolt.View(func(tx *bolt.Tx) error {
		defer releaseMapped(s.bolt, tx)
		return l.read(ctx, s.bolt, tx)
	})
	if err != nil {
		return nil, err
	}
	return l.decode()
}

// logScan is what one pass over the log keeps: the values by ID, and the triples of
// each consultation's named graph.
type logScan struct {
	values map[uint32]quad.Value
	labels map[uint32]string // node ID → consultation ID, for the nodes that are consultations
	graphs map[uint32][]triple
	order  []uint32 // labels in the order first seen
}

// read walks the bucket "log" with one cursor, checking ctx and releasing the pages
// read so far every 65536 entries.
func (l *logScan) read(ctx context.Context, db *bolt.DB, tx *bolt.Tx) error {
	log := tx.Bucket([]byte("log"))
	if log == nil {
		return nil // a store nothing was ever written to
	}
	var p cproto.Primitive
	c := log.Cursor()
	n := 0
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			releaseMapped(db, tx)
		}
		if err := proto.Unmarshal(v, &p); err != nil {
			return graph.Errorf(graph.EINTERNAL, "store log entry %x: %v", k, err)
		}
		if err := l.entry(&p); err != nil {
			return err
		}
	}
	return nil
}

// entry keeps one log entry: a node's value (noting the consultations), or a quad of a
// consultation's graph. Removed quads, other graphs' quads and padding are skipped.
func (l *logScan) entry(p *cproto.Primitive) error {
	if p.Deleted {
		return nil
	}
	if p.ID > math.MaxUint32 {
		return errLargeLog
	}
	if p.IsNode() {
		val, err := pquads.UnmarshalValue(p.Value)
		if err != nil {
			return graph.Errorf(graph.EINTERNAL, "store value %d: %v", p.ID, err)
		}
		l.values[uint32(p.ID)] = val
		if iri, ok := val.(quad.IRI); ok {
			if id := idOf(iri); strings.HasPrefix(id, "consultation/") && !strings.Contains(id[len("consultation/"):], "/") {
				l.labels[uint32(p.ID)] = id
			}
		}
		return nil
	}
	g := uint32(p.Label)
	if _, ok := l.labels[g]; !ok || uint64(g) != p.Label {
		return nil // another graph's quad, or padding (kvpad.go)
	}
	if _, seen := l.graphs[g]; !seen {
		l.order = append(l.order, g)
	}
	l.graphs[g] = append(l.graphs[g], triple{uint32(p.Subject), uint32(p.Predicate), uint32(p.Object)})
	return nil
}

// decode decodes the consultations scanned, sorted by ID. Decoding is most of the rest
// of the work, and consultations decode independently: one worker per core, after the
// read transaction has ended.
func (l *logScan) decode() ([]*graph.Dataset, error) {
	decoded := make([]*graph.Dataset, len(l.order))
	errs := make([]error, len(l.order))
	lists := make([][]triple, len(l.order)) // each let go once decoded
	for i, label := range l.order {
		lists[i] = l.graphs[label]
	}
	l.graphs = nil
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf []quad.Quad // reused: Decode keeps the values, not the slice
			for i := range next {
				decoded[i], buf, errs[i] = decodeScanned(l.labels[l.order[i]], l.values, lists[i], buf)
				lists[i] = nil
			}
		})
	}
	for i := range l.order {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []*graph.Dataset
	for i, d := range decoded {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if d != nil {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *graph.Dataset) int { return strings.Compare(a.Consultation.ID, b.Consultation.ID) })
	return out, nil
}

// triple is a quad of a scanned named graph: the IDs of its subject, predicate and
// object.
type triple struct{ s, p, o uint32 }

// errLargeLog says a store has more entries than readAllBolt's 32-bit IDs hold (some
// billions); ReadAll then reads through Cayley's API instead.
var errLargeLog = errors.New("store log IDs exceed 32 bits")

// decodeScanned decodes the quads of consultation id, given as value IDs, building them
// in buf (returned for the next call: a consultation's quads are megabytes, and a fresh
// slice for each is zeroed and faulted in again). It returns nil for quads without their
// consultation node (not a stored consultation).
func decodeScanned(id string, values map[uint32]quad.Value, ts []triple, buf []quad.Quad) (*graph.Dataset, []quad.Quad, error) {
	var label quad.Value = iri(id) // boxed once, not once per quad
	qs := slices.Grow(buf[:0], len(ts))[:len(ts)]
	for i, t := range ts {
		q := quad.Quad{Subject: values[t.s], Predicate: values[t.p], Object: values[t.o], Label: label}
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			return nil, qs, graph.Errorf(graph.EINTERNAL, "a quad of %s refers to a missing value", id)
		}
		qs[i] = q
	}
	d, _, err := Decode(id, qs)
	clear(qs) // let the values go with the datasets
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, qs, nil
	}
	return d, qs, err
}

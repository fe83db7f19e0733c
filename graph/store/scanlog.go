package store

import (
	"context"
	"encoding/binary"
	"errors"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/pcgraph/pcgraph/graph"
)

// readAllBolt reads every consultation of a bbolt store: a consistent snapshot, read in
// key order. Cayley's all-quads iterator (scan.go) does the same work with a transaction
// and a lookup per hundred entries and another per value; this is several times faster,
// which is what a server starting on a large store waits for.
//
// It reads Cayley's key-value layout (graph/kv, pinned in go.mod): the bucket "log"
// holds every node and quad as a proto Primitive, keyed by ID; a node has a Value, a
// quad the IDs of its four values, and a removed quad is kept, marked Deleted.
// TestReadAllEqualsRead holds it to what the Cayley API reads.
//
// Walking the log and unmarshalling its entries is most of a start-up: one reader per
// core each walks a range of IDs, in its own read transaction (a bbolt transaction is
// not for several goroutines). The transactions see the same store when they have the
// same ID; a write committed between their starts makes them read again.
func (s *Store) readAllBolt(ctx context.Context) ([]*graph.Dataset, error) {
	for {
		l, same, err := s.scanLog(ctx, scanParts())
		if err != nil {
			return nil, err
		}
		if same {
			return l.decode()
		}
	}
}

// scanLog reads the log in n ranges at once; same reports that every range was read
// from the same version of the store.
func (s *Store) scanLog(ctx context.Context, n int) (l *logScan, same bool, err error) {
	var last uint64
	err = s.bolt.View(func(tx *bolt.Tx) error {
		if log := tx.Bucket([]byte("log")); log != nil {
			if k, _ := log.Cursor().Last(); len(k) == 8 {
				last = binary.BigEndian.Uint64(k)
			}
		}
		return nil
	})
	if err != nil || last == 0 {
		return &logScan{}, true, err // a store nothing was ever written to
	}
	if last > math.MaxUint32 {
		return nil, false, errLargeLog
	}
	n = max(1, min(n, int(last/scanRange))) // a small store in one range
	parts := make([]logPart, n)
	txs := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range parts {
		p := &parts[i]
		p.from, p.to = last*uint64(i)/uint64(n)+1, last*uint64(i+1)/uint64(n)
		p.slot, p.graphs = make([]uint32, p.to-p.from+1), map[uint32]int{}
		wg.Go(func() {
			errs[i] = s.bolt.View(func(tx *bolt.Tx) error {
				defer releaseMapped(s.bolt, tx)
				txs[i] = tx.ID()
				return p.read(ctx, s.bolt, tx)
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	for _, id := range txs {
		if id != txs[0] {
			return nil, false, nil
		}
	}
	return joinParts(parts), true, nil
}

// scanParts is how many ranges readAllBolt reads at once: one per core.
var scanParts = func() int { return runtime.GOMAXPROCS(0) }

// scanRange is the fewest IDs of a range: a smaller store is read in fewer.
var scanRange uint64 = 1 << 16

// logScan is what a pass over the log keeps: the values by ID, and the triples of each
// consultation's named graph.
type logScan struct {
	parts  []*logPart            // their values, by ID range (valueOf)
	starts []uint32              // the first ID of each part
	labels map[uint32]string     // node ID → consultation ID, for the nodes that are consultations
	graphs map[uint32][][]triple // label → its triples, a list per part
	order  []uint32              // labels in the order first seen
}

// valueOf returns the value of node id.
func (l *logScan) valueOf(id uint32) quad.Value {
	i, found := slices.BinarySearch(l.starts, id)
	if !found {
		i--
	}
	if i < 0 {
		return nil
	}
	return l.parts[i].valueOf(id)
}

// logPart is what one reader keeps of the IDs from..to (inclusive): the values, the
// consultations among them, and the quads of every graph (a quad's graph may be a node of
// another range: only the joined scan can tell which graphs are consultations).
//
// The values are held by ID in two slices, not a map: the IDs of a range are dense (one
// per node or quad), and at 100,000 comments the map's inserts and lookups of 2.5 million
// values were a tenth of a start-up.
type logPart struct {
	from, to uint64
	slot     []uint32     // by ID-from: 1 + the index of the node's value in vals; 0 if not a node
	vals     []quad.Value // the nodes' values, in ID order
	labels   map[uint32]string
	graphs   map[uint32]int // graph ID → index in order and lists
	order    []uint32       // graph IDs, in the order first seen
	lists    [][]triple     // the triples of each graph of order
	lastG    uint32         // the graph of the entry before (quads come a graph at a time)
	lastI    int
}

// valueOf returns the value of node id, which is in the part's range.
func (l *logPart) valueOf(id uint32) quad.Value {
	if uint64(id) < l.from || uint64(id) > l.to {
		return nil
	}
	if k := l.slot[uint64(id)-l.from]; k != 0 {
		return l.vals[k-1]
	}
	return nil
}

// joinParts puts the parts together, keeping only the consultations' graphs.
func joinParts(parts []logPart) *logScan {
	l := &logScan{labels: map[uint32]string{}, graphs: map[uint32][][]triple{}}
	for i := range parts {
		l.parts = append(l.parts, &parts[i])
		l.starts = append(l.starts, uint32(parts[i].from))
		maps.Copy(l.labels, parts[i].labels)
	}
	for i := range parts {
		for j, g := range parts[i].order {
			if _, ok := l.labels[g]; !ok {
				continue // another graph's quads, or padding (kvpad.go)
			}
			if _, seen := l.graphs[g]; !seen {
				l.order = append(l.order, g)
			}
			l.graphs[g] = append(l.graphs[g], parts[i].lists[j])
		}
		parts[i].graphs, parts[i].lists = nil, nil
	}
	return l
}

// read walks the part's range of the bucket "log" with one cursor, checking ctx and
// releasing the pages read so far every 65536 entries.
func (l *logPart) read(ctx context.Context, db *bolt.DB, tx *bolt.Tx) error {
	log := tx.Bucket([]byte("log"))
	if log == nil {
		return nil
	}
	var p primitive
	c := log.Cursor()
	n := 0
	for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, l.from)); k != nil && binary.BigEndian.Uint64(k) <= l.to; k, v = c.Next() {
		if n++; n%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			releaseMapped(db, tx)
		}
		if err := p.unmarshal(v); err != nil {
			return graph.Errorf(graph.EINTERNAL, "store log entry %x: %v", k, err)
		}
		if err := l.entry(&p); err != nil {
			return err
		}
	}
	return nil
}

// entry keeps one log entry: a node's value (noting the consultations), or a quad of a
// named graph. Removed quads are skipped.
func (l *logPart) entry(p *primitive) error {
	if p.deleted {
		return nil
	}
	if p.id > math.MaxUint32 {
		return errLargeLog
	}
	if p.isNode() {
		if p.id < l.from || p.id > l.to {
			return graph.Errorf(graph.EINTERNAL, "store log entry with ID %d outside the keys %d..%d read", p.id, l.from, l.to)
		}
		val, err := unmarshalValue(p.value)
		if err != nil {
			return graph.Errorf(graph.EINTERNAL, "store value %d: %v", p.id, err)
		}
		l.vals = append(l.vals, val)
		l.slot[p.id-l.from] = uint32(len(l.vals))
		if iri, ok := val.(quad.IRI); ok {
			if id := idOf(iri); strings.HasPrefix(id, "consultation/") && !strings.Contains(id[len("consultation/"):], "/") {
				if l.labels == nil {
					l.labels = map[uint32]string{}
				}
				l.labels[uint32(p.id)] = id
			}
		}
		return nil
	}
	g := uint32(p.label)
	if g == 0 || uint64(g) != p.label {
		return nil // a quad of the default graph, or of a graph no 32-bit ID names
	}
	if g != l.lastG { // lastG starts at 0, which no graph has
		i, seen := l.graphs[g]
		if !seen {
			i = len(l.order)
			l.graphs[g] = i
			l.order = append(l.order, g)
			l.lists = append(l.lists, nil)
		}
		l.lastG, l.lastI = g, i
	}
	l.lists[l.lastI] = append(l.lists[l.lastI], triple{uint32(p.subject), uint32(p.predicate), uint32(p.object)})
	return nil
}

// decode decodes the consultations scanned, sorted by ID. Decoding is most of the rest
// of the work, and consultations decode independently: one worker per core, after the
// read transaction has ended.
func (l *logScan) decode() ([]*graph.Dataset, error) {
	decoded := make([]*graph.Dataset, len(l.order))
	errs := make([]error, len(l.order))
	lists := make([][][]triple, len(l.order)) // each let go once decoded
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
				decoded[i], buf, errs[i] = decodeScanned(l.labels[l.order[i]], l.valueOf, lists[i], buf)
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

// decodeScanned decodes the quads of consultation id, given as value IDs (a list per
// part of the log), building them in buf (returned for the next call: a consultation's
// quads are megabytes, and a fresh slice for each is zeroed and faulted in again). It
// returns nil for quads without their consultation node (not a stored consultation).
func decodeScanned(id string, valueOf func(uint32) quad.Value, lists [][]triple, buf []quad.Quad) (*graph.Dataset, []quad.Quad, error) {
	var label quad.Value = iri(id) // boxed once, not once per quad
	n := 0
	for _, ts := range lists {
		n += len(ts)
	}
	qs := slices.Grow(buf[:0], n)
	for _, ts := range lists {
		for _, t := range ts {
			q := quad.Quad{Subject: valueOf(t.s), Predicate: valueOf(t.p), Object: valueOf(t.o), Label: label}
			if q.Subject == nil || q.Predicate == nil || q.Object == nil {
				return nil, qs, graph.Errorf(graph.EINTERNAL, "a quad of %s refers to a missing value", id)
			}
			qs = append(qs, q)
		}
	}
	d, _, err := Decode(id, qs)
	clear(qs) // let the values go with the datasets
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, qs, nil
	}
	return d, qs, err
}

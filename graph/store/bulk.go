package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"maps"
	"slices"
	"time"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// Adding a named graph through Cayley's ApplyDeltas costs a lookup and a put per quad
// and per value in the order the quads come, then rewrites every index list it touched;
// most of a load is spent there (206 s for 100,000 comments). A write that only adds —
// a new consultation, or a replace that drops nothing — is instead written here, straight
// into Cayley's key-value layout on the bbolt file (graph/kv, pinned in go.mod; the same
// layout scanlog.go reads), every bucket's keys put in sorted order so that bbolt appends
// instead of shifting:
//
//   - "log": every node and quad as a proto Primitive keyed by its 8-byte big-endian ID;
//     IDs come from meta/horizon, nodes first (in hash order, as Cayley does), then quads;
//   - "v"+hash[0:2]: a value's hash → its node ID (uvarint);
//   - "n"+hash[0:2]: a value's hash → how many quad directions refer to it (uvarint);
//   - one bucket per quad index in meta/indexes (by default "sp" and "ops"): the
//     directions' IDs, big-endian → the IDs of the quads with them (uvarints, ascending);
//   - meta/size: the number of live quads.
//
// A bulkWriter may spread one write over several transactions (chunked.go). The log and
// the index lists it writes as the quads come, but the value buckets only once, at the
// end: there are 2 × 65,536 of them, and a transaction's values fall in nearly all, so
// a transaction that wrote them would rewrite (and hold in memory) a page of each —
// over a gigabyte once a store holds a few million values (bulk_rollback.go says how a
// write cut short is undone).
//
// TestBulkStoreReadByCayley opens a store written this way with Cayley's own bbolt
// backend and reads every quad back.

// bulkNode is one distinct value of the quads of one transaction.
type bulkNode struct {
	hash   refs.ValueHash
	val    quad.Value
	logged []byte // val as the log holds it (pquads.MarshalValue)
	id     uint64
	fresh  bool   // given its ID in this transaction: its log entry is to be written
	refs   uint64 // quad directions of this transaction that refer to it
}

// nodeRef is what a bulkWriter knows of a value its quads refer to.
type nodeRef struct {
	id      uint64
	refs    uint64 // quad directions added by the writer that refer to it
	written uint64 // how many of refs its "n" entry counts already
	fresh   bool   // the writer gave it its ID
	valued  bool   // its "v" entry is written
}

// valueRef is a nodeRef with its hash, as value buckets are written: in hash order.
type valueRef struct {
	hash refs.ValueHash
	*nodeRef
}

// bulkWriter adds quads to the Cayley store, in one or more transactions.
type bulkWriter struct {
	nodes map[refs.ValueHash]*nodeRef // every value the quads added so far refer to
	added map[quad.Value]int          // quads added, by label
	start uint64                      // the horizon before the first transaction
	began bool
}

func newBulkWriter() *bulkWriter {
	return &bulkWriter{nodes: map[refs.ValueHash]*nodeRef{}, added: map[quad.Value]int{}}
}

var (
	bucketLog  = []byte("log")
	bucketMeta = []byte("meta")
)

// bulkWrite adds quads to the Cayley store on tx and returns how many it added, by
// label: a quad that is already stored, live, is left as it is.
func bulkWrite(tx *bolt.Tx, quads []quad.Quad) (map[quad.Value]int, error) {
	w := newBulkWriter()
	if err := w.write(tx, quads); err != nil {
		return nil, err
	}
	if err := w.writeValues(tx, w.unwritten(false)); err != nil {
		return nil, err
	}
	return w.added, nil
}

// write adds quads' log entries and index lists on tx (their value buckets wait for
// writeValues).
func (w *bulkWriter) write(tx *bolt.Tx, quads []quad.Quad) error {
	p, err := prepare(quads)
	if err != nil {
		return err
	}
	return w.apply(tx, p)
}

// prepared is a transaction's quads as values and links, worked out without the store:
// a chunked write prepares the next transaction's while the last one runs.
type prepared struct {
	of     [][4]*bulkNode // the distinct quads, by their values' nodes
	sorted []*bulkNode    // the distinct values, in hash order, with their log values
}

// prepare hashes quads' values (once per value: hashing is SHA-1), drops repeated
// quads and marshals each value for the log.
func prepare(quads []quad.Quad) (*prepared, error) {
	nodes := make(map[refs.ValueHash]*bulkNode, len(quads)/2)
	byValue := make(map[quad.Value]*bulkNode, len(quads)/2) // hashing is SHA-1: once per value
	of := make([][4]*bulkNode, len(quads))
	for i, q := range quads {
		for d, dir := range quad.Directions {
			v := q.Get(dir)
			if v == nil {
				continue
			}
			n := byValue[v]
			if n == nil {
				h := refs.HashOf(v)
				if n = nodes[h]; n == nil {
					n = &bulkNode{hash: h, val: v}
					nodes[h] = n
				}
				byValue[v] = n
			}
			of[i][d] = n
		}
	}
	byValue = nil
	distinct := make(map[[4]*bulkNode]bool, len(quads))
	of = slices.DeleteFunc(of, func(q [4]*bulkNode) bool {
		dup := distinct[q]
		distinct[q] = true
		return dup
	})
	distinct = nil
	sorted := slices.SortedFunc(maps.Values(nodes), func(a, b *bulkNode) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	for _, n := range sorted {
		var err error
		if n.logged, err = pquads.MarshalValue(n.val); err != nil {
			return nil, err
		}
	}
	return &prepared{of: of, sorted: sorted}, nil
}

// apply writes prepared quads on tx.
func (w *bulkWriter) apply(tx *bolt.Tx, p *prepared) error {
	of, sorted := p.of, p.sorted
	var fresh []*bulkNode
	for _, n := range sorted {
		if r := w.nodes[n.hash]; r != nil {
			n.id = r.id
			continue
		}
		if id := storedUvarint(tx, 'v', n.hash); id != 0 {
			n.id = id
			continue
		}
		n.fresh = true
		fresh = append(fresh, n)
	}

	// The quads to add: all but those already stored (only possible when every one of
	// their values is).
	indexes, err := quadIndexes(tx)
	if err != nil {
		return err
	}
	added := make([]int, 0, len(of))
	for i := range of {
		stored, err := storedQuad(tx, of[i])
		if err != nil {
			return err
		}
		if !stored {
			added = append(added, i)
		}
	}
	if len(added) == 0 {
		return nil
	}

	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	horizon := metaInt(meta, "horizon") // every ID above it is new in this transaction
	if !w.began {
		w.start, w.began = uint64(horizon), true
	}
	logb, err := tx.CreateBucketIfNotExists(bucketLog)
	if err != nil {
		return err
	}
	// The log's keys are new IDs, above every stored one: they only ever append, and
	// bbolt's default split at half a page would leave every page of it half empty.
	logb.FillPercent = 1
	now := time.Now().UnixNano()
	next := uint64(horizon)
	putLog := func(p *cproto.Primitive) error {
		buf, err := proto.Marshal(p)
		if err != nil {
			return err
		}
		return logb.Put(idKey(p.ID), buf)
	}

	// New nodes: their log entries.
	for _, n := range fresh {
		next++
		n.id = next
		if err := putLog(&cproto.Primitive{ID: n.id, Value: n.logged, Timestamp: now}); err != nil {
			return err
		}
	}

	// New quads, numbered in the order of the first index so that its keys come in
	// order of ID: their log entries, then each index's entries, key by key in order.
	ents := make([]indexEntry, len(added))
	dirs := make([][4]uint64, len(added)) // subject, predicate, object, label IDs
	for j, i := range added {
		for d, n := range of[i] {
			if n != nil {
				dirs[j][d] = n.id
				n.refs++
			}
		}
	}
	ids := make([]uint64, len(added)) // by position in dirs
	for x, ind := range indexes {
		for j := range ents {
			ents[j] = indexEntry{id: ids[j]}
			if x == 0 {
				ents[j].id = uint64(j) // a position until the quad has its ID
			}
			for k, d := range ind.Dirs {
				ents[j].key[k] = dirs[j][d-quad.Subject]
			}
		}
		slices.SortFunc(ents, compareEntries)
		if x == 0 {
			for k := range ents {
				next++
				j := ents[k].id
				ids[j], ents[k].id = next, next
				d := dirs[j]
				p := &cproto.Primitive{ID: next, Subject: d[0], Predicate: d[1], Object: d[2], Label: d[3], Timestamp: now}
				if err := putLog(p); err != nil {
					return err
				}
			}
		}
		if err := appendLists(tx, ind, ents, uint64(horizon)); err != nil {
			return err
		}
	}

	// What the value buckets will need: every value referred to, with its count.
	for _, n := range sorted {
		if n.refs == 0 {
			continue
		}
		r := w.nodes[n.hash]
		if r == nil {
			r = &nodeRef{id: n.id, fresh: n.fresh}
			w.nodes[n.hash] = r
		}
		r.refs += n.refs
	}
	if err := putMetaInt(meta, "horizon", int64(next)); err != nil {
		return err
	}
	if err := putMetaInt(meta, "size", metaInt(meta, "size")+int64(len(added))); err != nil {
		return err
	}
	for _, i := range added {
		if l := of[i][3]; l != nil {
			w.added[l.val]++
		}
	}
	return nil
}

// unwritten returns, in hash order, the values whose buckets do not yet say what the
// writer wrote: with freshOnly, only values new to the store whose "v" entry is
// missing (they can be written in any transaction before the last); otherwise every
// value whose "n" count is behind as well.
func (w *bulkWriter) unwritten(freshOnly bool) []valueRef {
	var out []valueRef
	for h, r := range w.nodes {
		if freshOnly && !(r.fresh && !r.valued) || r.written == r.refs && r.valued == r.fresh {
			continue
		}
		out = append(out, valueRef{h, r})
	}
	slices.SortFunc(out, func(a, b valueRef) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	return out
}

// writeValues writes the "n" and "v" entries of vals (in hash order) on tx: a value the
// writer made gets its ID and count; another, its count raised by what the writer added.
func (w *bulkWriter) writeValues(tx *bolt.Tx, vals []valueRef) error {
	// The counts first: on a new store this creates the "n…" buckets before the "v…"
	// ones, which sort after them, at the end of the root bucket.
	if err := putByHash(tx, 'n', vals, func(v valueRef) uint64 {
		if v.fresh && !v.valued {
			return v.refs
		}
		return storedUvarint(tx, 'n', v.hash) + v.refs - v.written
	}); err != nil {
		return err
	}
	var fresh []valueRef
	for _, v := range vals {
		if v.fresh && !v.valued {
			fresh = append(fresh, v)
		}
	}
	if err := putByHash(tx, 'v', fresh, func(v valueRef) uint64 { return v.id }); err != nil {
		return err
	}
	for _, v := range vals {
		v.written, v.valued = v.refs, v.fresh
	}
	return nil
}

// storedQuad reports whether the quad of nodes is stored, live. Cayley's default
// indexes include one on object, predicate and subject, whose list holds the few quads
// (of any label) with those three values.
func storedQuad(tx *bolt.Tx, nodes [4]*bulkNode) (bool, error) {
	for _, n := range nodes {
		if n != nil && n.fresh {
			return false, nil
		}
	}
	p := &cproto.Primitive{}
	for d, dir := range quad.Directions {
		if n := nodes[d]; n != nil {
			p.SetDirection(dir, n.id)
		}
	}
	ind := ckv.QuadIndex{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}}
	key := ind.KeyFor(p)
	b := tx.Bucket(key[0])
	var ids []uint64
	if b != nil {
		ids = uvarints(b.Get(key[1]))
	} else if log := tx.Bucket(bucketLog); log != nil {
		// A store without that index (written by Cayley before 0.7.6): look at every quad.
		return scanForQuad(log, p)
	}
	log := tx.Bucket(bucketLog)
	for _, id := range ids {
		var q cproto.Primitive
		if v := log.Get(idKey(id)); v == nil {
			continue
		} else if err := proto.Unmarshal(v, &q); err != nil {
			return false, err
		}
		if !q.Deleted && q.IsSameLink(p) {
			return true, nil
		}
	}
	return false, nil
}

// uvarints decodes an index list.
func uvarints(v []byte) []uint64 {
	var ids []uint64
	for len(v) > 0 {
		id, n := binary.Uvarint(v)
		if n <= 0 {
			break
		}
		ids = append(ids, id)
		v = v[n:]
	}
	return ids
}

// scanForQuad looks for a live quad like p in the whole log.
func scanForQuad(log *bolt.Bucket, p *cproto.Primitive) (bool, error) {
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var q cproto.Primitive
		if err := proto.Unmarshal(v, &q); err != nil {
			return false, err
		}
		if !q.IsNode() && !q.Deleted && q.IsSameLink(p) {
			return true, nil
		}
	}
	return false, nil
}

// quadIndexes returns the store's quad indexes as Cayley records them (meta/indexes),
// or the ones Cayley assumes for a store that does not say.
func quadIndexes(tx *bolt.Tx) ([]ckv.QuadIndex, error) {
	var out []ckv.QuadIndex
	if meta := tx.Bucket(bucketMeta); meta != nil {
		if v := meta.Get([]byte("indexes")); v != nil {
			if err := json.Unmarshal(v, &out); err != nil {
				return nil, err
			}
		}
	}
	if len(out) == 0 {
		out = []ckv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}, {Dirs: []quad.Direction{quad.Object}}}
	}
	return out, nil
}

// indexEntry is one quad in one index: the IDs of the index's directions, in its order,
// and the quad's ID.
type indexEntry struct {
	key [4]uint64
	id  uint64
}

func compareEntries(a, b indexEntry) int {
	for i := range a.key {
		if c := cmp.Compare(a.key[i], b.key[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.id, b.id)
}

// appendLists appends the IDs of ents, sorted, to the lists of index ind, one put per
// key. A key with an ID above horizon (a node new in this write) has no list yet.
func appendLists(tx *bolt.Tx, ind ckv.QuadIndex, ents []indexEntry, horizon uint64) error {
	if len(ents) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(ind.KeyFor(&cproto.Primitive{})[0])
	if err != nil {
		return err
	}
	n := len(ind.Dirs)
	for start := 0; start < len(ents); {
		end := start + 1
		for end < len(ents) && ents[end].key == ents[start].key {
			end++
		}
		key := make([]byte, 0, 8*n)
		for _, v := range ents[start].key[:n] {
			key = binary.BigEndian.AppendUint64(key, v)
		}
		var old []byte
		if slices.Max(ents[start].key[:n]) <= horizon {
			old = b.Get(key)
		}
		buf := make([]byte, len(old), len(old)+binary.MaxVarintLen64*(end-start))
		copy(buf, old)
		for _, e := range ents[start:end] {
			buf = binary.AppendUvarint(buf, e.id)
		}
		if err := b.Put(key, buf); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// putByHash puts value(n) as a uvarint under each value's hash in its prefix+hash[0:2]
// bucket; nodes are in hash order, so each bucket's keys come sorted.
func putByHash(tx *bolt.Tx, prefix byte, nodes []valueRef, value func(valueRef) uint64) error {
	var b *bolt.Bucket
	var cur [2]byte
	for i, n := range nodes {
		if i == 0 || n.hash[0] != cur[0] || n.hash[1] != cur[1] {
			cur = [2]byte{n.hash[0], n.hash[1]}
			var err error
			if b, err = tx.CreateBucketIfNotExists(valueBucket(prefix, n.hash)); err != nil {
				return err
			}
		}
		key := append([]byte(nil), n.hash[:]...)
		if err := b.Put(key, binary.AppendUvarint(nil, value(n))); err != nil {
			return err
		}
	}
	return nil
}

// storedUvarint reads the uvarint under hash in its prefix bucket (0 when absent).
func storedUvarint(tx *bolt.Tx, prefix byte, h refs.ValueHash) uint64 {
	if b := tx.Bucket(valueBucket(prefix, h)); b != nil {
		if v := b.Get(h[:]); v != nil {
			x, _ := binary.Uvarint(v)
			return x
		}
	}
	return 0
}

func valueBucket(prefix byte, h refs.ValueHash) []byte { return []byte{prefix, h[0], h[1]} }

func idKey(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// metaInt reads one of Cayley's little-endian meta counters (0 when absent).
func metaInt(meta *bolt.Bucket, key string) int64 {
	if v := meta.Get([]byte(key)); len(v) == 8 {
		return int64(binary.LittleEndian.Uint64(v))
	}
	return 0
}

// putMetaInt writes one of those counters.
func putMetaInt(meta *bolt.Bucket, key string, v int64) error {
	return meta.Put([]byte(key), binary.LittleEndian.AppendUint64(nil, uint64(v)))
}

package store

import (
	"encoding/binary"
	"fmt"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// A write of several transactions (chunked.go) is marked in the store from its first
// transaction to its last: meta/pcgraph_bulk holds the horizon it started from. Until
// its last transaction its consultations are not published, and the values it made
// may have log entries but no "v" entries yet — so it must not be left so: a write
// that fails is undone at once (rollbackBulk), and one cut short by a crash is undone
// when the store is next opened (openBolt). Undoing is exact because everything the
// write added has an ID above the mark, and the only entries it changed for older IDs
// are index lists (whose IDs above the mark are cut off) — the counts of values that
// were stored before it are raised only by its last transaction, with the mark's
// removal.

var bulkMark = []byte("pcgraph_bulk")

// markBulk records, on tx, that a write from horizon start is under way.
func markBulk(tx *bolt.Tx, start uint64) error {
	return tx.Bucket(bucketMeta).Put(bulkMark, binary.BigEndian.AppendUint64(nil, start))
}

// unmarkBulk records that the write is whole.
func unmarkBulk(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(bulkMark) }

// rollbackEntries bounds how many log entries one undoing transaction removes.
var rollbackEntries = 1 << 18

// rollbackBulk undoes the marked write, if any, in transactions of at most
// rollbackEntries log entries, from the last ID down: each leaves the store consistent,
// and a crash in between leaves the mark for the next open. It returns how many
// quads it removed.
func rollbackBulk(db *bolt.DB) (removed int, err error) {
	// Every open comes here: a read transaction says whether there is anything to undo,
	// so a store without a mark is not written (nor synced) just by being opened.
	var marked bool
	if err := db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			marked = meta.Get(bulkMark) != nil
		}
		return nil
	}); err != nil || !marked {
		return 0, err
	}
	for {
		done := false
		err := db.Update(func(tx *bolt.Tx) error {
			defer releaseMapped(db, tx)
			n, last, err := rollbackSome(tx)
			removed += n
			done = last
			return err
		})
		if err != nil {
			return removed, fmt.Errorf("undo a write cut short: %w", err)
		}
		if done {
			return removed, nil
		}
	}
}

// rollbackSome removes up to rollbackEntries of the marked write's log entries, with
// their index and value entries; last reports that the write is wholly undone.
func rollbackSome(tx *bolt.Tx) (quads int, last bool, err error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, true, nil
	}
	mark := meta.Get(bulkMark)
	if len(mark) != 8 {
		return 0, true, nil
	}
	start := binary.BigEndian.Uint64(mark)
	logb := tx.Bucket(bucketLog)
	if logb == nil {
		return 0, true, unmarkBulk(tx)
	}
	indexes, err := quadIndexes(tx)
	if err != nil {
		return 0, false, err
	}
	var gone [][]byte
	c := logb.Cursor()
	for k, v := c.Last(); k != nil && binary.BigEndian.Uint64(k) > start; k, v = c.Prev() {
		if len(gone) == rollbackEntries {
			break
		}
		gone = append(gone, k)
		var p cproto.Primitive
		if err := proto.Unmarshal(v, &p); err != nil {
			return quads, false, err
		}
		if p.IsNode() {
			val, err := pquads.UnmarshalValue(p.Value)
			if err != nil {
				return quads, false, err
			}
			h := refs.HashOf(val)
			if storedUvarint(tx, 'v', h) == p.ID { // written for this node: it had no other
				for _, prefix := range []byte{'v', 'n'} {
					if err := tx.Bucket(valueBucket(prefix, h)).Delete(h[:]); err != nil {
						return quads, false, err
					}
				}
			}
			continue
		}
		quads++
		for _, ind := range indexes {
			if err := cutList(tx, ind.KeyFor(&p), start); err != nil {
				return quads, false, err
			}
		}
	}
	for _, k := range gone {
		if err := logb.Delete(k); err != nil {
			return quads, false, err
		}
	}
	if err := putMetaInt(meta, "size", metaInt(meta, "size")-int64(quads)); err != nil {
		return quads, false, err
	}
	if len(gone) < rollbackEntries {
		return quads, true, unmarkBulk(tx)
	}
	return quads, false, nil
}

// cutList drops the IDs above start from the index list under key (the whole entry
// when none is left).
func cutList(tx *bolt.Tx, key [][]byte, start uint64) error {
	b := tx.Bucket(key[0])
	if b == nil {
		return nil
	}
	v := b.Get(key[1])
	keep := 0
	for rest := v; len(rest) > 0; {
		id, n := binary.Uvarint(rest)
		if n <= 0 || id > start { // ascending: the rest is above start too
			break
		}
		rest = rest[n:]
		keep += n
	}
	switch {
	case v == nil || keep == len(v):
		return nil
	case keep == 0:
		return b.Delete(key[1])
	}
	return b.Put(key[1], append([]byte(nil), v[:keep]...))
}

package store

import (
	"context"
	"slices"
	"time"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/pcgraph/pcgraph/graph"
)

// New consultations are written to bbolt by one bulkWriter (bulk.go) in transactions of
// about chunkQuads quads each: small consultations share a transaction, and a table of
// 150,000 comments is split over several, so that its 11 million quads (and a
// transaction's dirty pages for them) are never in memory at once. The value buckets
// of all of them are written after the last of their quads, in transactions of about
// chunkQuads/4 values, each covering a range of hashes; then one last transaction
// publishes them.
//
// Readers do not see a consultation half written: the quads that make it one — its
// rdf:type and revision — go in the last transaction, with the counts of the values
// that were stored before, and until then Consultations, Read and ReadAll pass over it
// (Decode finds no consultation). A write that fails part-way is undone, and one cut
// short by a crash is undone when the store is next opened (bulk_rollback.go).

// chunkQuads is about how many quads go to one transaction (a comment is not split).
// With the value buckets written once at the end, a transaction costs little more than
// its quads, so they are kept small: at 1<<18 the 156,000-comment table's load peaked at
// 1.94 GB resident and wrote in 3 min 28 s; at 1<<20, 2.88 GB and 3 min 1 s.
var chunkQuads = 1 << 18

// bulkBatch gathers the quads of new consultations for the bulk writer.
type bulkBatch struct {
	s       *Store
	ctx     context.Context
	w       *bulkWriter        // nil until the batch writes
	quads   []quad.Quad        // for the next transaction
	publish []quad.Quad        // for the last
	pending []string           // consultations being written
	added   map[quad.Value]int // quads committed, by consultation label
	// inflight is the transaction of the last spill, running while the next quads are
	// encoded and prepared (nil when none): a load's CPU was one goroutine's, and most
	// of its time.
	inflight chan spilled
	spans    []span // when each spill's transaction ran, once waited for
}

// add encodes d, new to the store, as revision 1, writing whenever a transaction's
// worth of quads has gathered.
func (b *bulkBatch) add(d *graph.Dataset) error {
	id := d.Consultation.ID
	e := &encoder{label: iri(id), quads: b.quads}
	start := len(e.quads)
	e.header(d, 1)
	// The two quads that publish the consultation, held back for the last transaction.
	publish := []quad.Quad{
		{Subject: iri(id), Predicate: quad.IRI(RDFType), Object: quad.IRI(ClassConsultation), Label: e.label},
		{Subject: iri(id), Predicate: quad.IRI(PredRevision), Object: quad.Int(1), Label: e.label},
	}
	e.quads = append(e.quads[:start], slices.DeleteFunc(e.quads[start:], func(q quad.Quad) bool { return slices.Contains(publish, q) })...)
	b.publish = append(b.publish, publish...)
	b.pending = append(b.pending, id)
	for i := range d.Comments {
		e.comment(&d.Comments[i], d.Consultation.Source)
		if len(e.quads) >= chunkQuads && i < len(d.Comments)-1 {
			b.quads = e.quads
			if err := b.spill(); err != nil {
				return err
			}
			e.quads = b.quads
		}
	}
	b.quads = e.quads
	if len(b.quads) >= chunkQuads {
		return b.spill()
	}
	return nil
}

// update runs fn in a write transaction of consultations pending.
func (b *bulkBatch) update(pending []string, fn func(tx *bolt.Tx) error) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	for _, id := range pending {
		if err := writeHook(id); err != nil {
			return err
		}
	}
	return b.s.bolt.Update(func(tx *bolt.Tx) error {
		// The pages of the file the write read stay in the page cache, not in the
		// process's memory (release_linux.go): a large store's would be gigabytes.
		defer releaseMapped(b.s.bolt, tx)
		return fn(tx)
	})
}

// spill writes the quads gathered so far, unpublished: it prepares them, waits for the
// last spill's transaction, and starts theirs, which wait reports on.
func (b *bulkBatch) spill() error {
	if len(b.quads) == 0 {
		return nil
	}
	p, err := prepare(b.quads)
	b.quads = b.quads[:0:0]
	if err != nil {
		return err
	}
	if err := b.wait(); err != nil {
		return err
	}
	if b.w == nil {
		b.w = newBulkWriter()
	}
	w, pending, done := b.w, slices.Clone(b.pending), make(chan spilled, 1)
	b.inflight = done
	from := time.Now()
	b.spans = append(b.spans, span{from: from, to: from})
	go func() {
		err := b.update(pending, func(tx *bolt.Tx) error {
			marked := w.began
			if err := w.apply(tx, p); err != nil {
				return err
			}
			if !marked && w.began {
				return markBulk(tx, w.start)
			}
			return nil
		})
		done <- spilled{err, time.Now()}
	}()
	return nil
}

// wait waits for the transaction of the last spill and returns its error.
func (b *bulkBatch) wait() error {
	if b.inflight == nil {
		return nil
	}
	r := <-b.inflight
	b.inflight = nil
	b.spans[len(b.spans)-1].to = r.end
	return r.err
}

// spilled is how a spill's transaction ended, and when.
type spilled struct {
	err error
	end time.Time
}

// flush writes what is left, then the value buckets, then publishes the batch's
// consultations.
func (b *bulkBatch) flush() error {
	if len(b.pending) == 0 {
		return nil
	}
	if err := b.spill(); err != nil {
		return err
	}
	if err := b.wait(); err != nil {
		return err
	}
	if b.w == nil {
		b.w = newBulkWriter()
	}
	w := b.w
	fresh := w.unwritten(true)
	part := max(chunkQuads/4, 1)
	for len(fresh) > 0 {
		n := min(part, len(fresh))
		if err := b.update(b.pending, func(tx *bolt.Tx) error { return w.writeValues(tx, fresh[:n]) }); err != nil {
			return err
		}
		fresh = fresh[n:]
	}
	err := b.update(b.pending, func(tx *bolt.Tx) error {
		marked := w.began
		if err := w.write(tx, b.publish); err != nil {
			return err
		}
		if err := w.writeValues(tx, w.unwritten(false)); err != nil {
			return err
		}
		if marked {
			return unmarkBulk(tx)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for l, n := range w.added {
		b.added[l] += n
	}
	b.w, b.publish, b.pending = nil, nil, nil
	return nil
}

// abort undoes what the batch wrote of its consultations, after a failure.
func (b *bulkBatch) abort() error {
	b.wait() // its error is the one being handled, or one more reason to undo
	if b.w == nil || !b.w.began {
		return nil
	}
	b.w, b.quads, b.publish, b.pending = nil, nil, nil, nil
	_, err := rollbackBulk(b.s.bolt)
	return err
}

// result is what writing consultation id added.
func (b *bulkBatch) result(id string) WriteResult {
	n := b.added[iri(id)]
	return WriteResult{Added: n, Total: n, Revision: 1}
}

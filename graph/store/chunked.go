package store

import (
	"context"
	"slices"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/pcgraph/pcgraph/graph"
)

// New consultations are written to bbolt in batches of about chunkQuads quads, one bulk
// transaction (bulk.go) each: small consultations share a transaction, and a table of
// 150,000 comments is split over several, so that its 11 million quads (and a
// transaction's dirty pages for them) are never in memory at once. Each transaction
// rewrites the pages of every value bucket it touches, so fewer, larger ones cost less.
//
// Readers do not see a consultation half written: the quads that make it one — its
// rdf:type and revision — go in the transaction with its last comments, and until then
// Consultations, Read and ReadAll pass over it (Decode finds no consultation). Every
// quad written before is reachable from the consultation node by edges written with it
// (the header goes first), so a failure part-way drops them again (restore), and a
// crash leaves a graph without its type, which the next write of the consultation takes
// as not stored and replaces.

// chunkQuads is about how many quads go to one transaction (a comment is not split).
var chunkQuads = 1 << 20

// bulkBatch gathers the quads of new consultations for the next bulk transaction.
type bulkBatch struct {
	s       *Store
	ctx     context.Context
	quads   []quad.Quad
	pending []string           // consultations with quads in quads
	added   map[quad.Value]int // quads committed, by consultation label
}

// add encodes d, new to the store, as revision 1, committing whenever the batch is full.
func (b *bulkBatch) add(d *graph.Dataset) error {
	id := d.Consultation.ID
	e := &encoder{label: iri(id), quads: b.quads}
	start := len(e.quads)
	e.header(d, 1)
	// The two quads that publish the consultation, held back for its last transaction.
	publish := []quad.Quad{
		{Subject: iri(id), Predicate: quad.IRI(RDFType), Object: quad.IRI(ClassConsultation), Label: e.label},
		{Subject: iri(id), Predicate: quad.IRI(PredRevision), Object: quad.Int(1), Label: e.label},
	}
	e.quads = append(e.quads[:start], slices.DeleteFunc(e.quads[start:], func(q quad.Quad) bool { return slices.Contains(publish, q) })...)
	b.pending = append(b.pending, id)
	for i := range d.Comments {
		e.comment(&d.Comments[i], d.Consultation.Source)
		if len(e.quads) >= chunkQuads && i < len(d.Comments)-1 {
			b.quads = e.quads
			if err := b.flush(); err != nil {
				return err
			}
			b.pending = []string{id}
			e.quads = b.quads
		}
	}
	b.quads = append(e.quads, publish...)
	if len(b.quads) >= chunkQuads {
		return b.flush()
	}
	return nil
}

// flush commits the batch.
func (b *bulkBatch) flush() error {
	if len(b.quads) == 0 {
		return nil
	}
	if err := b.ctx.Err(); err != nil {
		return err
	}
	for _, id := range b.pending {
		if err := writeHook(id); err != nil {
			return err
		}
	}
	err := b.s.bolt.Update(func(tx *bolt.Tx) error {
		// The pages of the file the write read stay in the page cache, not in the
		// process's memory (release_linux.go): a large store's would be gigabytes.
		defer releaseMapped(b.s.bolt, tx)
		counts, err := bulkWrite(tx, b.quads)
		for l, n := range counts {
			b.added[l] += n
		}
		return err
	})
	b.quads, b.pending = b.quads[:0:0], nil
	return err
}

// result is what writing consultation id added.
func (b *bulkBatch) result(id string) WriteResult {
	n := b.added[iri(id)]
	return WriteResult{Added: n, Total: n, Revision: 1}
}

package store

import (
	"context"
	"errors"
	"slices"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/pcgraph/pcgraph/graph"
)

// A new consultation is written to bbolt in chunks of comments, one bulk transaction
// (bulk.go) each, so that a table of 150,000 comments never has its 11 million quads
// (and a transaction's dirty pages for them) in memory at once. Readers do not see a
// consultation half written: the quads that make it one — its rdf:type and revision —
// go in the last transaction, and until then Consultations, Read and ReadAll pass over
// it (Decode finds no consultation). Every quad written before is reachable from the
// consultation node by edges written with it (the header goes first), so a failure
// part-way drops them again (restore), and a crash leaves a graph without its type,
// which the next write of the consultation takes as not stored and replaces.

// chunkComments is how many comments go to one transaction.
var chunkComments = 5000

// writeChunked writes d, not stored yet, as revision 1. The caller holds mu.
func (s *Store) writeChunked(ctx context.Context, d *graph.Dataset) (res WriteResult, err error) {
	id := d.Consultation.ID
	defer graph.Wrap(&err, "write %s", id)
	e := &encoder{label: iri(id)}
	e.header(d, 1)
	// The two quads that publish the consultation, held back for the last transaction.
	publish := []quad.Quad{
		{Subject: iri(id), Predicate: quad.IRI(graph.RDFType), Object: quad.IRI(graph.ClassConsultation), Label: e.label},
		{Subject: iri(id), Predicate: quad.IRI(graph.PredRevision), Object: quad.Int(1), Label: e.label},
	}
	e.quads = slices.DeleteFunc(e.quads, func(q quad.Quad) bool { return slices.Contains(publish, q) })
	written := false
	commit := func(quads []quad.Quad) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeHook(id); err != nil {
			return err
		}
		written = true
		return s.bolt.Update(func(tx *bolt.Tx) error {
			// The pages of the file the write read stay in the page cache, not in the
			// process's memory (release_linux.go): a large store's would be gigabytes.
			defer releaseMapped(s.bolt, tx)
			n, err := bulkWrite(tx, quads)
			res.Added += n
			return err
		})
	}
	defer func() {
		if err != nil && written {
			if uerr := s.restore(context.WithoutCancel(ctx), id, nil); uerr != nil {
				err = errors.Join(err, uerr)
			}
			res = WriteResult{}
		}
	}()
	for i := 0; i < len(d.Comments); i += chunkComments {
		for j := i; j < min(i+chunkComments, len(d.Comments)); j++ {
			e.comment(&d.Comments[j], d.Consultation.Source)
		}
		if err := commit(e.quads); err != nil {
			return WriteResult{}, err
		}
		e.quads = e.quads[:0:0]
	}
	if err := commit(append(e.quads, publish...)); err != nil {
		return WriteResult{}, err
	}
	res.Total, res.Revision = res.Added, 1
	return res, nil
}

package store

import (
	"context"
	"errors"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
)

// Written is what a write reports of one consultation once every write of the call has
// committed. It names the dataset rather than holding it: WriteStream lets each dataset
// go as soon as it is written, so that a load holds one table at a time, not all.
type Written struct {
	Consultation graph.Consultation
	Comments     int
	WriteResult
}

// WriteAll stores datasets as WriteStream does; report is called with each dataset and
// what its write changed.
func (s *Store) WriteAll(ctx context.Context, datasets []*graph.Dataset, replace bool, report func(*graph.Dataset, WriteResult)) error {
	i, j := 0, 0
	next := func() (*graph.Dataset, error) {
		if i == len(datasets) {
			return nil, nil
		}
		i++
		return datasets[i-1], nil
	}
	_, err := s.WriteStream(ctx, next, replace, func(w Written) {
		report(datasets[j], w.WriteResult)
		j++
	})
	return err
}

// WriteStream stores the datasets next returns, until it returns nil, as Write does, all
// or nothing: when one fails (an invalid dataset, a cancelled context, the disk, or an
// error from next — a table that could not be read), the consultations written before it
// are put back as they were — dropped when they were new, their old graph restored quad
// for quad (revision included) when they were replaced — and the error is returned.
// report is called for each dataset, in order, once all have committed. Writers wait for
// the whole call; a reader of a bbolt or PostgreSQL store may see the consultations
// written so far until they are put back (not those new to a bbolt store: chunked.go).
// It returns the time spent writing, that is the call's without the time it only waited
// for next (a bulk transaction may run meanwhile: that time is writing).
//
// Consultations new to a bbolt store are written in bulk transactions of about a quarter
// of a million quads (chunked.go, bulk.go); every other write is one transaction of its
// own. A transaction holds its pages in memory until it commits: a whole folder of tables
// in one would hold gigabytes.
func (s *Store) WriteStream(ctx context.Context, next func() (*graph.Dataset, error), replace bool, report func(Written)) (time.Duration, error) {
	start := time.Now()
	var waits []span
	s.mu.Lock()
	defer s.mu.Unlock()
	type before struct {
		id  string
		old []quad.Quad
	}
	var undo []before // in the order written
	var written []Written
	batched := map[string]bool{}
	batch := &bulkBatch{s: s, ctx: ctx, added: map[quad.Value]int{}}
	err := func() error {
		for {
			t := time.Now()
			d, err := next()
			waits = append(waits, span{t, time.Now()})
			if err != nil || d == nil {
				return err
			}
			id := d.Consultation.ID
			written = append(written, Written{Consultation: d.Consultation, Comments: len(d.Comments)})
			if s.bolt != nil && !batched[id] {
				if ref, err := s.qs.ValueOf(iri(id)); err == nil && ref == nil { // new to the store
					batched[id] = true
					undo = append(undo, before{id, nil})
					if err := batch.add(d); err != nil {
						return err
					}
					continue
				}
			}
			if err := batch.flush(); err != nil {
				return err
			}
			res, old, err := s.writeLocked(ctx, id, replace, func(rev int64) []quad.Quad { return Encode(d, rev) })
			if err != nil {
				return err
			}
			undo = append(undo, before{id, old})
			written[len(written)-1].WriteResult = res
		}
	}()
	if err == nil {
		err = batch.flush()
	}
	if err != nil {
		// The batch's unpublished consultations first: the others are restored through
		// what the store says of them, which those half written would contradict.
		if aerr := batch.abort(); aerr != nil {
			return 0, errors.Join(err, aerr)
		}
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := s.restore(context.WithoutCancel(ctx), undo[i].id, undo[i].old); uerr != nil {
				return 0, errors.Join(err, uerr)
			}
		}
		return 0, err
	}
	for _, w := range written {
		if batched[w.Consultation.ID] && w.WriteResult == (WriteResult{}) {
			w.WriteResult = batch.result(w.Consultation.ID)
		}
		report(w)
	}
	return time.Since(start) - idle(waits, batch.spans), nil
}

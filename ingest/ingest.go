// Package ingest is the one way data gets into pcgraph: read datasets with the loader,
// write them to the store in one call, then rebuild the read model. `pcgraph load`,
// `pcgraph serve` (--load and the bundled data) and the admin endpoint all load through
// Load, so that they agree on what a dataset folder is, on a load being all or nothing,
// and on what they report. Tables are read a few ahead of the writer and let go once
// written: a folder of a hundred tables is never in memory at once.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
)

// Source is one dataset to read: a dataset folder or source file on disk (Path), a
// folder inside FS (FS and Path: the bundled data), or an uploaded table (Bytes, with
// Manifest saying what it is).
type Source struct {
	Path     string
	FS       fs.FS
	Bytes    []byte
	Manifest loader.Manifest
}

// Name is how messages refer to the source.
func (s Source) Name() string {
	if s.Bytes != nil {
		return s.Manifest.Source
	}
	return s.Path
}

// Request says what to load and how.
type Request struct {
	Sources []Source
	Options loader.Options
	Replace bool // replace consultations already stored
	// Read, when set, is called for every source in the order given, with its result
	// (nil when it could not be read) and its error, before any of its consultations is
	// written: the caller reports problems in the order the user named files. After a
	// source that could not be read, the rest are still read (and reported), not written.
	Read func(src Source, res *loader.Result, err error)
	// Written, when set, is called for every consultation written, in order, once all
	// have committed; last is set on the last consultation of a source (where its
	// accounting belongs). res is the source's result, without its datasets.
	Written func(w store.Written, res *loader.Result, last bool)
}

// Report says what a load did.
type Report struct {
	// Results has one result per source. Their Datasets are nil: each is let go once
	// written (Written says what was in it).
	Results       []*loader.Result
	Consultations int             // consultations written
	Comments      int             // their comments
	Quads         int             // quads added and deleted
	Took          time.Duration   // the time writing took, without the time it only waited for a table to be read
	View          *readmodel.View // the view rebuilt after the write; nil without a model
}

// ReadError is the error of a load that wrote nothing because a source could not be
// read. It unwraps to the first source's error, so its code and problems are those of
// that source.
type ReadError struct {
	Errs []error // one per failed source, in order
}

func (e *ReadError) Error() string {
	if len(e.Errs) == 1 {
		return e.Errs[0].Error()
	}
	return fmt.Sprintf("%s (and %d more sources that could not be read)", e.Errs[0], len(e.Errs)-1)
}

func (e *ReadError) Unwrap() error { return e.Errs[0] }

// errUnread stops the write at the first source that could not be read.
var errUnread = errors.New("a source could not be read")

// Load reads the sources (a few at once, ahead of the writer: reader.go) and writes their
// consultations to st in one WriteStream, in the order given, then rebuilds model from
// the store (when model is not nil and anything was written). A source that cannot be
// read leaves the store as it was — what was written before it is put back — and the
// error is a *ReadError naming every source that could not be read.
func Load(ctx context.Context, st *store.Store, model *readmodel.Model, req Request) (*Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rd := newReader(ctx, req.Sources, req.Options)
	rep := &Report{Results: make([]*loader.Result, len(req.Sources))}
	var failed []error
	// read takes source i from the reader and tells the caller.
	read := func(i int) *loader.Result {
		res, err := rd.take(i)
		if req.Read != nil {
			req.Read(req.Sources[i], res, err)
		}
		if err != nil {
			failed = append(failed, err)
			return nil
		}
		rep.Results[i] = res
		return res
	}
	type origin struct {
		res  *loader.Result
		last bool
	}
	var from []origin // of each dataset handed to the writer
	var queue []*graph.Dataset
	src := 0
	next := func() (*graph.Dataset, error) {
		for len(queue) == 0 {
			if src > 0 {
				rd.done(src - 1) // every dataset of the source before is written
			}
			if src == len(req.Sources) {
				return nil, nil
			}
			res := read(src)
			src++
			if res == nil {
				return nil, errUnread
			}
			queue, res.Datasets = res.Datasets, nil
		}
		d := queue[0]
		queue[0], queue = nil, queue[1:]
		from = append(from, origin{rep.Results[src-1], len(queue) == 0})
		return d, nil
	}
	took, err := st.WriteStream(ctx, next, req.Replace, func(w store.Written) {
		o := from[rep.Consultations]
		rep.Consultations++
		rep.Comments += w.Comments
		rep.Quads += w.Added + w.Deleted
		if req.Written != nil {
			req.Written(w, o.res, o.last)
		}
	})
	if err == errUnread { // undone: read the rest, for their problems
		rd.done(src - 1)
		for ; src < len(req.Sources); src++ {
			read(src)
			rd.done(src)
		}
		return nil, &ReadError{Errs: failed}
	}
	if err != nil {
		return nil, err
	}
	rep.Took = took
	if model != nil && rep.Consultations > 0 {
		v, err := model.Refresh(ctx)
		if err != nil {
			return rep, &RefreshError{Err: err}
		}
		rep.View = v
	}
	return rep, nil
}

// RefreshError is the error of a load whose write succeeded but whose view could not be
// rebuilt: the data is stored, and the next refresh will show it.
type RefreshError struct{ Err error }

func (e *RefreshError) Error() string {
	return "stored, but the view could not be rebuilt: " + e.Err.Error()
}

func (e *RefreshError) Unwrap() error { return e.Err }

// IsRead reports whether err is a load that wrote nothing because a source could not be
// read.
func IsRead(err error) bool {
	var re *ReadError
	return errors.As(err, &re)
}

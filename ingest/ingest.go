// Package ingest is the one way data gets into pcgraph: read every dataset with the
// loader, write them all to the store in one call, then rebuild the read model.
// `pcgraph load`, `pcgraph serve` (--load and the bundled data) and the admin endpoint
// all load through Load, so that they agree on what a dataset folder is, on reading
// everything before writing anything, and on what they report.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
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
	// Read, when set, is called for every source in the order given, once all are read
	// and before anything is written, with its result (nil when it could not be read)
	// and its error: the caller reports problems in the order the user named files.
	Read func(src Source, res *loader.Result, err error)
	// Written, when set, is called for every consultation written, in order; last is
	// set on the last consultation of a source (where its accounting belongs).
	Written func(d *graph.Dataset, wr store.WriteResult, res *loader.Result, last bool)
}

// Report says what a load did.
type Report struct {
	Results  []*loader.Result // one per source
	Datasets []*graph.Dataset // every consultation written, in order
	Quads    int              // quads added and deleted
	Took     time.Duration    // the time writing took
	View     *readmodel.View  // the view rebuilt after the write; nil without a model
}

// ReadError is the error of a load that stopped before writing because a source could
// not be read. It unwraps to the first source's error, so its code and problems are
// those of that source.
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

// Load reads every source (several at once: each is independent), and only when every
// one was read writes all their consultations to st in one WriteAll, then rebuilds
// model from the store (when model is not nil and anything was written). A source that
// cannot be read leaves the store as it was: the error is a *ReadError.
func Load(ctx context.Context, st *store.Store, model *readmodel.Model, req Request) (*Report, error) {
	results, errs := readAll(req.Sources, req.Options)
	var failed []error
	for i, src := range req.Sources {
		if req.Read != nil {
			req.Read(src, results[i], errs[i])
		}
		if errs[i] != nil {
			failed = append(failed, errs[i])
		}
	}
	if len(failed) > 0 {
		return nil, &ReadError{Errs: failed}
	}
	rep := &Report{Results: results}
	owner := map[*graph.Dataset]*loader.Result{}
	last := map[*graph.Dataset]bool{}
	for _, res := range results {
		for i, d := range res.Datasets {
			rep.Datasets = append(rep.Datasets, d)
			owner[d] = res
			last[d] = i == len(res.Datasets)-1
		}
	}
	if len(rep.Datasets) == 0 {
		return rep, nil
	}
	start := time.Now()
	err := st.WriteAll(ctx, rep.Datasets, req.Replace, func(d *graph.Dataset, wr store.WriteResult) {
		rep.Quads += wr.Added + wr.Deleted
		if req.Written != nil {
			req.Written(d, wr, owner[d], last[d])
		}
	})
	rep.Took = time.Since(start)
	if err != nil {
		return nil, err
	}
	if model != nil {
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

// IsRead reports whether err is a load that stopped before writing.
func IsRead(err error) bool {
	var re *ReadError
	return errors.As(err, &re)
}

// readAll reads the sources, at most GOMAXPROCS at once, returning results and errors
// at the index of their source.
func readAll(srcs []Source, opts loader.Options) ([]*loader.Result, []error) {
	results := make([]*loader.Result, len(srcs))
	errs := make([]error, len(srcs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, src := range srcs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = read(src, opts)
		})
	}
	wg.Wait()
	return results, errs
}

func read(src Source, opts loader.Options) (*loader.Result, error) {
	switch {
	case src.Bytes != nil:
		return loader.LoadBytes(src.Manifest, src.Bytes, opts)
	case src.FS != nil:
		return loader.LoadFS(src.FS, src.Path, opts)
	}
	return loader.Load(src.Path, opts)
}

package ingest

import (
	"context"
	"runtime"

	"github.com/pcgraph/pcgraph/loader"
)

// reader reads sources ahead of the writer, in parallel: at most GOMAXPROCS sources are
// being read or waiting to be written at once, so a folder of a hundred tables is held a
// few tables at a time, and the writer rarely waits for the next.
type reader struct {
	slots chan struct{}
	out   []chan outcome
}

// outcome is what reading one source gave.
type outcome struct {
	res *loader.Result
	err error
}

// newReader starts reading srcs, in order, until ctx is done.
func newReader(ctx context.Context, srcs []Source, opts loader.Options) *reader {
	r := &reader{slots: make(chan struct{}, runtime.GOMAXPROCS(0)), out: make([]chan outcome, len(srcs))}
	for i := range r.out {
		r.out[i] = make(chan outcome, 1)
	}
	go func() {
		for i, src := range srcs {
			select {
			case r.slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				res, err := readSource(src, opts)
				r.out[i] <- outcome{res, err}
			}()
		}
	}()
	return r
}

// take waits for source i to be read. Every source taken must be let go with done.
func (r *reader) take(i int) (*loader.Result, error) {
	x := <-r.out[i]
	return x.res, x.err
}

// done says source i is written (or failed), so that another may be read.
func (r *reader) done(int) { <-r.slots }

// readSource reads one source with the loader (a variable: tests count what is held).
var readSource = func(src Source, opts loader.Options) (*loader.Result, error) {
	switch {
	case src.Bytes != nil:
		return loader.LoadBytes(src.Manifest, src.Bytes, opts)
	case src.FS != nil:
		return loader.LoadFS(src.FS, src.Path, opts)
	}
	return loader.Load(src.Path, opts)
}

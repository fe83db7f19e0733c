package resolvers

import (
	"context"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph/index"
)

// Loaders remember, per request, the work that nested fields would otherwise repeat for
// every item of a list. The costly one is a filter: in
//
//	submitters { comments(filter: {topics: ["topic/ismap"]}) { totalCount } }
//
// each submitter asks for the same filter. The filter's comment set is computed once per
// request and intersected with each submitter's own comments.
//
// A plain memo, not a batching loader: a filter's set is computed from the in-memory
// index in one call, so there is nothing to batch, and waiting for a batch to form only
// added latency to every new filter.
type Loaders struct {
	mu         sync.Mutex
	filterSets map[string]*memoSet
}

// memoSet is one filter's set, computed once by whichever field asks first; the others
// wait for it.
type memoSet struct {
	once sync.Once
	set  *roaring.Bitmap
	err  error
}

type loadersKey struct{}

// WithLoaders returns ctx with fresh loaders; the HTTP handler calls it once per request.
func WithLoaders(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadersKey{}, &Loaders{filterSets: map[string]*memoSet{}})
}

// filterSet returns the comments f selects, computed once per request and filter. The
// result is shared: callers must not modify it.
func filterSet(ctx context.Context, f *index.CommentFilter) (*roaring.Bitmap, error) {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	if l == nil { // outside an HTTP request (tests of single resolvers)
		return view(ctx).Index.CommentSet(f)
	}
	var buf [256]byte
	key := f.AppendKey(buf[:0])
	l.mu.Lock()
	m := l.filterSets[string(key)] // no allocation: the compiler sees a lookup
	if m == nil {
		m = &memoSet{}
		l.filterSets[string(key)] = m
	}
	l.mu.Unlock()
	m.once.Do(func() { m.set, m.err = view(ctx).Index.CommentSet(f) })
	return m.set, m.err
}

// commentsOf returns the comments of node id that f selects.
func commentsOf(ctx context.Context, id string, f *index.CommentFilter) (*roaring.Bitmap, error) {
	scope, err := view(ctx).Index.CommentsOf(id) // a copy: ours to change
	if err != nil {
		return nil, err
	}
	if f == nil {
		return scope, nil
	}
	set, err := filterSet(ctx, f)
	if err != nil {
		return nil, err
	}
	scope.And(set)
	return scope, nil
}

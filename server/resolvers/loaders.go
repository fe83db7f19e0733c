package resolvers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/vikstrous/dataloadgen"

	"github.com/pcgraph/pcgraph/graph/index"
)

// Loaders batch and cache, per request, the work that nested fields would otherwise
// repeat for every item of a list. The costly one is a filter: in
//
//	submitters { comments(filter: {topics: ["topic/ismap"]}) { totalCount } }
//
// each submitter asks for the same filter. The filter's comment set is computed once per
// request and intersected with each submitter's own comments.
type Loaders struct {
	filterSets *dataloadgen.Loader[string, *roaring.Bitmap]
}

type loadersKey struct{}

// WithLoaders returns ctx with fresh loaders over view v; the HTTP handler calls it once
// per request.
func WithLoaders(ctx context.Context) context.Context {
	l := &Loaders{}
	l.filterSets = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string]*roaring.Bitmap, error) {
		out := make(map[string]*roaring.Bitmap, len(keys))
		errs := dataloadgen.MappedFetchError[string]{}
		for _, k := range keys {
			var f index.CommentFilter
			if err := json.Unmarshal([]byte(k), &f); err != nil {
				errs[k] = err
				continue
			}
			set, err := view(ctx).Index.CommentSet(&f)
			if err != nil {
				errs[k] = err
				continue
			}
			out[k] = set
		}
		if len(errs) > 0 {
			return out, errs
		}
		return out, nil
	}, dataloadgen.WithWait(200*time.Microsecond))
	return context.WithValue(ctx, loadersKey{}, l)
}

// filterSet returns the comments f selects, computed once per request and filter. The
// result is shared: callers must not modify it.
func filterSet(ctx context.Context, f *index.CommentFilter) (*roaring.Bitmap, error) {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	if l == nil { // outside an HTTP request (tests of single resolvers)
		return view(ctx).Index.CommentSet(f)
	}
	if f == nil {
		f = &index.CommentFilter{}
	}
	key, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return l.filterSets.Load(ctx, string(key))
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

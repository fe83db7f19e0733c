// Package resolvers answers GraphQL fields from the read model. Resolvers are thin: each
// one looks up or filters through the request's View and shapes the answer; the
// semantics live in graph/index.
package resolvers

import (
	"context"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/readmodel"
)

// Resolver is the root resolver. It holds nothing per request: the View a request uses
// travels in its context (WithView), so that one request sees one version of the data.
type Resolver struct{}

type viewKey struct{}

// WithView returns ctx carrying the view a request must use.
func WithView(ctx context.Context, v *readmodel.View) context.Context {
	return context.WithValue(ctx, viewKey{}, v)
}

// view returns the request's view.
func view(ctx context.Context) *readmodel.View {
	v, _ := ctx.Value(viewKey{}).(*readmodel.View)
	if v == nil {
		panic("resolvers: request without a view (use resolvers.WithView)")
	}
	return v
}

// notFound is the error of a dangling reference inside the snapshot: it cannot happen
// with a snapshot that index.Build accepted.
func notFound(id string) error { return graph.Errorf(graph.EINTERNAL, "dangling reference %q", id) }

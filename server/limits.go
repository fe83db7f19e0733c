package server

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits protect the service from expensive or hostile requests (DESIGN §8). Each has a
// clear error; the zero value of a field means the default.
type Limits struct {
	MaxBodyBytes  int64         // request body; default 1 MiB
	MaxTokens     int           // parser tokens of a query; default 5000
	MaxDepth      int           // field nesting, introspection excluded; default 12
	MaxAliases    int           // aliased fields; default 30
	MaxComplexity int           // see complexity(); default 50000
	Timeout       time.Duration // per request; default 10 s
	MaxConcurrent int           // requests served at once (GraphQL, Gizmo, exports); more get 503; default 32
}

// DefaultLimits are the limits of `pcgraph serve` unless flags change them.
var DefaultLimits = Limits{
	MaxBodyBytes:  1 << 20,
	MaxTokens:     5000,
	MaxDepth:      12,
	MaxAliases:    30,
	MaxComplexity: 50000,
	Timeout:       10 * time.Second,
	MaxConcurrent: DefaultMaxConcurrent,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxBodyBytes > 0 {
		d.MaxBodyBytes = l.MaxBodyBytes
	}
	if l.MaxTokens > 0 {
		d.MaxTokens = l.MaxTokens
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxAliases > 0 {
		d.MaxAliases = l.MaxAliases
	}
	if l.MaxComplexity > 0 {
		d.MaxComplexity = l.MaxComplexity
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.MaxConcurrent > 0 {
		d.MaxConcurrent = l.MaxConcurrent
	}
	return d
}

// shapeLimit refuses operations nested too deep or with too many aliases, before they
// run. Introspection (__schema, __type) is not counted: GraphiQL's and notebooks'
// introspection queries are deep by nature and cheap.
type shapeLimit struct{ maxDepth, maxAliases int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimit{}

func (shapeLimit) ExtensionName() string                   { return "ShapeLimit" }
func (shapeLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (l shapeLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{doc: oc.Doc, onPath: map[string]bool{}}
	depth := w.depth(oc.Operation.SelectionSet, 0)
	if w.cyclic {
		return limitError("fragments spread each other in a cycle", "FRAGMENT_CYCLE")
	}
	if depth > l.maxDepth {
		return limitError(fmt.Sprintf("query is nested %d levels deep; the limit is %d", depth, l.maxDepth), "DEPTH_LIMIT_EXCEEDED")
	}
	if w.aliases > l.maxAliases {
		return limitError(fmt.Sprintf("query has %d aliases; the limit is %d", w.aliases, l.maxAliases), "ALIAS_LIMIT_EXCEEDED")
	}
	return nil
}

func limitError(msg, code string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// walker measures a selection set, following fragments (and refusing cycles among them,
// should validation ever let one through).
type walker struct {
	doc     *ast.QueryDocument
	onPath  map[string]bool
	aliases int
	cyclic  bool
	steps   int
}

func (w *walker) depth(set ast.SelectionSet, d int) int {
	deepest := d
	for _, sel := range set {
		w.steps++
		if w.cyclic || w.steps > 100000 {
			w.cyclic = w.cyclic || w.steps > 100000
			return deepest
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			deepest = max(deepest, w.depth(s.SelectionSet, d+1))
		case *ast.InlineFragment:
			deepest = max(deepest, w.depth(s.SelectionSet, d))
		case *ast.FragmentSpread:
			if w.onPath[s.Name] {
				w.cyclic = true
				return deepest
			}
			f := w.doc.Fragments.ForName(s.Name)
			if f == nil {
				continue
			}
			w.onPath[s.Name] = true
			deepest = max(deepest, w.depth(f.SelectionSet, d))
			delete(w.onPath, s.Name)
		}
	}
	return deepest
}

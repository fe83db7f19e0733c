package server

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits protect the service from expensive or hostile requests (README "Limits"). Each has a
// clear error; the zero value of a field means the default.
type Limits struct {
	MaxBodyBytes  int64         // request body; default 1 MiB
	MaxTokens     int           // parser tokens of a query; default 5000
	MaxDepth      int           // field nesting, introspection excluded; default 12
	MaxAliases    int           // aliased fields; default 30
	MaxComplexity int           // see complexity(); default 50000
	Timeout       time.Duration // per request; default 10 s
	MaxConcurrent int           // requests served at once (GraphQL, Gizmo, exports); more get 503; default 32
	AllowHosts    []string      // Host names served besides loopback names and IP literals (hosts.go); "*": any
	GizmoMemory   int64         // bytes a Gizmo query may add to the live heap (gizmolimits.go); default 256 MiB
	GizmoTimeout  time.Duration // per Gizmo query, at most Timeout; default 5 s
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
	GizmoMemory:   256 << 20,
	GizmoTimeout:  5 * time.Second,
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
	if l.GizmoTimeout > 0 {
		d.GizmoTimeout = l.GizmoTimeout
	}
	if l.GizmoMemory > 0 {
		d.GizmoMemory = l.GizmoMemory
	}
	d.AllowHosts = l.AllowHosts
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
	w := walker{doc: oc.Doc, memo: map[string]shape{}}
	got := w.shape(oc.Operation.SelectionSet)
	if w.cyclic {
		return limitError("fragments spread each other in a cycle", "FRAGMENT_CYCLE")
	}
	if got.depth > l.maxDepth {
		return limitError(fmt.Sprintf("query is nested %d levels deep; the limit is %d", got.depth, l.maxDepth), "DEPTH_LIMIT_EXCEEDED")
	}
	if got.aliases > l.maxAliases {
		return limitError(fmt.Sprintf("query has %d aliases; the limit is %d", got.aliases, l.maxAliases), "ALIAS_LIMIT_EXCEEDED")
	}
	return nil
}

func limitError(msg, code string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// shape is what the limits measure of a selection set: how deep its fields nest, and how
// many aliases it holds once every fragment is spread out.
type shape struct{ depth, aliases int }

// walker measures selection sets, following fragments. A fragment is measured once and
// its shape reused at every spread, so that a chain of fragments spreading the next one
// twice is measured in time linear in the document, not 2^levels; a cycle among
// fragments (which validation refuses first) is reported, not followed.
type walker struct {
	doc    *ast.QueryDocument
	memo   map[string]shape
	onPath map[string]bool
	cyclic bool
}

func (w *walker) shape(set ast.SelectionSet) shape {
	var out shape
	add := func(s shape, deeper int) {
		out.depth = max(out.depth, s.depth+deeper)
		out.aliases = saturatingAdd(out.aliases, s.aliases)
	}
	for _, sel := range set {
		if w.cyclic {
			return out
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			if s.Alias != "" && s.Alias != s.Name {
				out.aliases = saturatingAdd(out.aliases, 1)
			}
			add(w.shape(s.SelectionSet), 1)
		case *ast.InlineFragment:
			add(w.shape(s.SelectionSet), 0)
		case *ast.FragmentSpread:
			add(w.fragment(s.Name), 0)
		}
	}
	return out
}

func (w *walker) fragment(name string) shape {
	if s, ok := w.memo[name]; ok {
		return s
	}
	if w.onPath == nil {
		w.onPath = map[string]bool{}
	}
	if w.onPath[name] {
		w.cyclic = true
		return shape{}
	}
	f := w.doc.Fragments.ForName(name)
	if f == nil {
		return shape{}
	}
	w.onPath[name] = true
	s := w.shape(f.SelectionSet)
	delete(w.onPath, name)
	w.memo[name] = s
	return s
}

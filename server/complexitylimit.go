package server

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// complexityLimit refuses operations that cost more than limit, priced as gqlgen's
// complexity.Calculate prices them (the costs of complexity(); 1 plus the selection for
// other fields; __schema free), but in time linear in the document: gqlgen walks a
// fragment again at every spread, so a chain of fragments that each spread the next one
// twice (`fragment F1 on Query { ...F2 ...F2 }`) costs 2^levels steps — 24 levels kept a
// server busy for 15 s before the refusal. Here a fragment's cost is computed once and
// reused (it does not depend on where it is spread: same selection, same variables),
// sums saturate instead of overflowing, and the walk stops when the request's context
// ends (its time limit, or the client went away).
type complexityLimit struct {
	limit int
	es    graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &complexityLimit{}

func (*complexityLimit) ExtensionName() string { return "ComplexityLimit" }
func (c *complexityLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

func (c *complexityLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil
	}
	p := pricer{ctx: ctx, es: c.es, schema: c.es.Schema(), vars: oc.Variables, memo: map[*ast.FragmentDefinition]int{}}
	cost := p.selectionSet(op.SelectionSet)
	if p.err != nil {
		return contextError(p.err)
	}
	if cost > c.limit {
		return limitError(fmt.Sprintf("operation has complexity %d, which exceeds the limit of %d", cost, c.limit), "COMPLEXITY_LIMIT_EXCEEDED")
	}
	return nil
}

// contextError is the refusal of a request whose context ended before it was priced.
func contextError(err error) *gqlerror.Error {
	if err == context.DeadlineExceeded {
		return limitError("the request took longer than the server's time limit", "TIMEOUT")
	}
	return limitError("the request was cancelled", "CANCELLED")
}

// pricer is one walk of an operation, with the cost of each fragment met so far.
type pricer struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	memo   map[*ast.FragmentDefinition]int
	steps  int
	err    error // the context's, once it ended
}

// stepsPerCheck is how many selections are priced between looks at the context.
const stepsPerCheck = 1024

func (p *pricer) selectionSet(set ast.SelectionSet) int {
	total := 0
	for _, sel := range set {
		if p.err != nil {
			return total
		}
		if p.steps++; p.steps%stepsPerCheck == 0 {
			if p.err = p.ctx.Err(); p.err != nil {
				return total
			}
		}
		switch s := sel.(type) {
		case *ast.Field:
			total = saturatingAdd(total, p.field(s))
		case *ast.InlineFragment:
			total = saturatingAdd(total, p.selectionSet(s.SelectionSet))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			cost, ok := p.memo[s.Definition]
			if !ok {
				p.memo[s.Definition] = 0 // a cycle (refused by validation) costs nothing more
				cost = p.selectionSet(s.Definition.SelectionSet)
				p.memo[s.Definition] = cost
			}
			total = saturatingAdd(total, cost)
		}
	}
	return total
}

// field is gqlgen's price of one field (complexity.Calculate's fieldComplexity).
func (p *pricer) field(f *ast.Field) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return 1
	}
	typ := p.schema.Types[f.Definition.Type.Name()]
	if typ == nil || typ.Name == "__Schema" {
		return 0
	}
	child := 0
	switch typ.Kind {
	case ast.Object, ast.Interface, ast.Union:
		child = p.selectionSet(f.SelectionSet)
	}
	args := f.ArgumentMap(p.vars)
	price := func(on *ast.Definition) int {
		if c, ok := p.es.Complexity(p.ctx, on.Name, f.Name, child, args); ok && c >= 1 {
			return c
		}
		return saturatingAdd(1, child)
	}
	if f.ObjectDefinition.Kind != ast.Interface {
		return price(f.ObjectDefinition)
	}
	worst := 0 // an interface's field costs what its dearest implementation's does
	for _, t := range p.schema.GetPossibleTypes(f.ObjectDefinition) {
		worst = max(worst, price(t))
	}
	return worst
}

// saturatingAdd adds costs without overflowing (a negative cost counts as nothing), so
// that no document can wrap its price round to a small number.
func saturatingAdd(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if c := a + b; c >= a {
		return c
	}
	return int(^uint(0) >> 1)
}

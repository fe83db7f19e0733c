package main

import (
	"os"
	"strings"
	"testing"
)

// An executor as gqlgen v0.17.98 renders it, reduced to what rewriteExecutor touches.
const executor = `package graphqlapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

type executionContext struct {
	*graphql.OperationContext
}

type thing struct{ Name string }

func (ec *executionContext) _Thing_name(ctx context.Context, field graphql.CollectedField, obj *thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_name(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Name, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler {
			return ec.marshalNString2string(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_Thing_name(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
	return graphql.NewScalarFieldContext("Thing", field, false, false, "String"), nil
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	res := graphql.MarshalString(v)
	return res
}

func (ec *executionContext) marshalNID2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	res := graphql.MarshalID(v)
	return res
}

var thingImplementors = []string{"Thing"}

func (ec *executionContext) _Thing(ctx context.Context, sel ast.SelectionSet) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, thingImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	_ = deferred
	v := []*thing{{}, {}}
	out.Values[0] = graphql.MarshalSliceConcurrently(ctx, 2, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		fc.Result = &v[i]
		return ec._Thing(ctx, nil)
	})
	out.Dispatch(ctx)
	return out
}
`

var direct = map[string]directField{"_Thing_name": {object: "Thing"}}

// A direct field keeps its field context and panic recovery; an infallible one only
// marshals its value.
func TestRewriteExecutor(t *testing.T) {
	for _, infallible := range []bool{false, true} {
		out, err := rewriteExecutor([]byte(executor), map[string]directField{"_Thing_name": {infallible: infallible, object: "Thing"}})
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		gone := []string{concurrentSlice, newDeferredGroup, gqlgenFieldSet, gqlgenCollect, gqlgenString, gqlgenID, elementResult, "graphql.ResolveField("}
		want := []string{
			"out.Values[0] = ec.arena.marshalSlice(ctx, 2, 0, false,", "var deferred graphql.DeferredGroup", "out := ec.arena.fieldSet(fields)",
			"fields := ec.arena.collectFields(ec.OperationContext, sel, thingImplementors)", "res := ec.arena.str(v)\n",
			"type executionContext struct {\n\tarena arena",
			"func (a *arena) marshalSlice(", "func marshalSliceElement(", "func (a *arena) fieldSet(", "\t\"io\"\n",
		}
		if infallible {
			want = append(want, "return ec.marshalNString2string(ctx, field.Selections, obj.Name)")
			gone = append(gone, "ec.arena.withField(", "recover()\n\t\tif r != nil")
		} else {
			want = append(want, `ctx = ec.arena.withField(ctx, "Thing", field, false)`, "res := obj.Name\n", "return ec.marshalNString2string(ctx, field.Selections, res)")
			gone = append(gone, "fc.Result = res", "ec.fieldContext_Thing_name(ctx, field)")
		}
		for _, g := range gone {
			if strings.Contains(s, g) {
				t.Errorf("infallible %v: %q is still there", infallible, g)
			}
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("infallible %v: no %q in\n%s", infallible, w, s)
			}
		}
	}
}

// rewriteExecutor refuses what it cannot rewrite completely: an executor that still
// resolves a field concurrently, and one without the text it replaces (a gqlgen that
// renders differently).
func TestRewriteExecutorRefuses(t *testing.T) {
	if _, err := rewriteExecutor([]byte(executor), map[string]directField{"_Thing_name": {infallible: true}, "_Thing_size": {infallible: true}}); err == nil {
		t.Error("a direct field without a function: no error")
	}
	for name, src := range map[string]string{
		"concurrent field":  strings.Replace(executor, "_ = deferred", "out.ResolveConcurrently(nil, &deferred, 0, true, true, nil)", 1),
		"no list":           strings.Replace(executor, "graphql.MarshalSliceConcurrently(", "graphql.MarshalSliceInParallel(", 1),
		"no deferred":       strings.Replace(executor, "deferred := graphql.NewDeferredGroup(ctx)", "deferred := 0", 1),
		"no field set":      strings.Replace(executor, "graphql.NewFieldSet(fields)", "graphql.NewFieldSetOf(fields)", 1),
		"no collect":        strings.Replace(executor, "graphql.CollectFields(ec.OperationContext, ", "graphql.CollectFieldsCtx(ctx, ", 1),
		"no element result": strings.Replace(executor, "fc.Result = &v[i]", "fc.Result = v[i]", 1),
		"no string":         strings.Replace(executor, "res := graphql.MarshalString(v)", "res := graphql.MarshalText(v)", 1),
		"not an executor":   strings.Replace(executor, "type executionContext struct {\n\t*graphql.OperationContext\n}", "", 1),
		"field middleware":  strings.Replace(executor, "\t\tnil,\n", "\t\tec.middleware,\n", 1),
		"not a field":       strings.Replace(executor, "return obj.Name, nil", "return obj.Name, errors.New(\"no\")", 1),
	} {
		if _, err := rewriteExecutor([]byte(src), direct); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The executor in the repository is the rewritten one: it was generated by this command,
// not by `go tool gqlgen` (CI regenerates it and compares, too).
func TestExecutorIsRewritten(t *testing.T) {
	src, err := os.ReadFile("../../server/graphqlapi/exec.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, gone := range []string{concurrentSlice, newDeferredGroup, gqlgenFieldSet, gqlgenCollect, gqlgenString, gqlgenID, concurrentField, concurrentRoot} {
		if strings.Contains(s, gone) {
			t.Errorf("server/graphqlapi/exec.go has %q: regenerate it with go generate ./server", gone)
		}
	}
	if !strings.Contains(s, "func (a *arena) marshalSlice(") {
		t.Error("server/graphqlapi/exec.go has no arena: regenerate it with go generate ./server")
	}
}

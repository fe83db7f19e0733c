// Command gqlgen generates the GraphQL executor (server/graphqlapi) and the resolver stubs
// from schema/ and gqlgen.yml, as `go tool gqlgen generate` does, except that the executor
// it writes does all of a request's work in the request's goroutine. Run it from the
// module's root; `go generate ./server` does:
//
//	go run ./tools/gqlgen
//
// gqlgen's executor resolves a field in a goroutine of its own when the field has a
// resolver or a method taking a context, and marshals every list of objects with one
// goroutine per element (graphql.MarshalSliceConcurrently). pcgraph's resolvers only read
// the in-memory read model, so a goroutine buys no waiting time back: it only costs. A
// two_hop answer (20 organizations, 1,650 comments, 8,500 topics, 14,000 pieces of
// evidence) started about 25,000 goroutines, and the executor's goroutines, their stack
// growth and the garbage they made took most of its CPU. So this command
//
//  1. sets DisableConcurrency on every object (what gqlgen does for Mutation), through a
//     plugin that sees codegen.Data before the executor is rendered: every field is
//     resolved in its parent's goroutine;
//  2. replaces, in the rendered executor, graphql.MarshalSliceConcurrently with
//     arena.marshalSlice, which it appends to the file: the same element contexts,
//     panic recovery and results, in a loop;
//  3. replaces graphql.NewDeferredGroup(ctx) by an empty group. Only fields resolved
//     concurrently are ever deferred (@defer), so with 1. the group stays empty, and
//     building it computed the object's response path for nothing, once per object;
//  4. replaces graphql.NewFieldSet by arena.fieldSet, which it appends too: an object's
//     values, written as the same JSON object as graphql.FieldSet writes it, but
//     without the map and the copy of every field that FieldSet.MarshalGQL allocates.
//     FieldSet's other work is for concurrent fields, and there are none left;
//  5. resolves the fields that are read straight off the model (no resolver, arguments,
//     directives or error: isDirect) without graphql.ResolveField's closures, boxing and
//     field middleware (see directFields). The server installs no field middleware.
//     Those that cannot fail (isInfallible: non-null IDs, strings, numbers, enums) get
//     no field context either: they only marshal their value;
//  6. gives the executionContext an arena (arena.go) that the field sets, the lists'
//     values, the strings, IDs and enums (graphql.MarshalString, MarshalID) and the
//     collected fields of each selection (graphql.CollectFields) come from: per request,
//     in chunks, not one allocation per value. Field contexts are made only when asked
//     for, so list elements no longer set their field context's Result (only field
//     middleware reads it, as for 5.).
//
// With 1–5, a two_hop answer made 0.36 million allocations (23.9 MB) instead of 1.17
// million (66.6 MB), and took a third of the CPU time (BenchmarkQuestions in server);
// 6 halves the allocations again (222,107 to 115,659 at 10,000 comments). Each replacement must find what it replaces, the executor must have no
// concurrent field left, and the result must build; otherwise the command fails (a newer
// gqlgen renders differently: look at its templates, codegen/object.gotpl,
// codegen/field.gotpl and codegen/type.gotpl, and adapt). The output depends only on the
// schema, the configuration and gqlgen's version, so CI can regenerate and compare.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

const configFile = "gqlgen.yml"

func main() {
	// gqlgen logs what it does to the standard logger; its own command hides it too.
	log.SetOutput(io.Discard)
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "tools/gqlgen:", err)
		os.Exit(1)
	}
}

func generate() error {
	cfg, err := config.LoadConfig(configFile)
	if err != nil {
		return err
	}
	p := &sequential{}
	if err := api.Generate(cfg, api.AddPlugin(p)); err != nil {
		return err
	}
	src, err := os.ReadFile(cfg.Exec.Filename)
	if err != nil {
		return err
	}
	out, err := rewriteExecutor(src, p.direct)
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Exec.Filename, err)
	}
	if err := os.WriteFile(cfg.Exec.Filename, out, 0o644); err != nil {
		return err
	}
	// gqlgen built what it rendered; build what was made of it.
	build := exec.Command("go", "build", filepath.Dir(cfg.Exec.Filename))
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("the rewritten %s does not build: %w", cfg.Exec.Filename, err)
	}
	return nil
}

// sequential is the gqlgen plugin that makes every object's fields resolve in the
// goroutine that marshals the object, and finds the fields that are read straight off
// the model.
type sequential struct {
	// direct are the executor's functions of those fields (_Object_field).
	direct map[string]directField
}

// directField is what the executor's function of a direct field needs to know of it.
type directField struct {
	infallible bool   // see isInfallible
	object     string // the object's GraphQL name, for its field context
	method     bool   // read by calling a method, for its field context
}

func (*sequential) Name() string { return "pcgraph-sequential" }

// GenerateCode runs after codegen.Data is built and before the executor is rendered from it.
func (p *sequential) GenerateCode(data *codegen.Data) error {
	p.direct = map[string]directField{}
	for _, o := range data.Objects {
		o.DisableConcurrency = true
		for _, f := range o.Fields {
			if isDirect(f) {
				p.direct["_"+o.Name+"_"+f.Name] = directField{infallible: isInfallible(f), object: o.Name, method: f.IsMethod()}
			}
		}
	}
	return nil
}

// isDirect says whether f's value is a field of the object's Go value, or the result
// of a method without context, error or arguments: a value gqlgen's executor boxes and
// hands through its field middleware to the field's marshaller. The value must not be
// an interface, which gqlgen would check for nil first.
func isDirect(f *codegen.Field) bool {
	o := f.Object
	return !o.Root && !o.Stream && !f.IsResolver && !f.IsBatch() && !f.Stream &&
		len(f.Args) == 0 && len(f.Directives) == 0 && !f.HasHaser &&
		(f.IsVariable() || f.IsMethod() && f.NoErr && !f.MethodHasContext && !f.VOkFunc) &&
		!types.IsInterface(f.TypeReference.GO)
}

// isInfallible says whether the direct field f is a Go struct field (not a method, which
// could panic) holding a non-null String, ID, Int, Boolean or enum by value (no pointer,
// no list): its marshaller (graphql.MarshalString,
// MarshalID, MarshalInt, MarshalBoolean, an enum's table or MarshalGQL) never returns
// null and never reports an error, so it needs no field context to report one in, and
// reading a field of a non-nil object cannot panic. A two_hop answer has 27,000 such
// fields (IDs, evidence's via), each of which allocated a field context and a context.
func isInfallible(f *codegen.Field) bool {
	t := f.TypeReference
	if !f.IsVariable() || t.GQL == nil || !t.GQL.NonNull || t.IsPtr() || t.IsSlice() || t.Definition == nil {
		return false
	}
	switch t.Definition.Name {
	case "String", "ID", "Int", "Boolean":
		return true
	}
	return t.Definition.Kind == "ENUM"
}

// The text of gqlgen's executor (v0.17.98) that rewriteExecutor replaces.
const (
	concurrentSlice   = "graphql.MarshalSliceConcurrently("
	sequentialSlice   = "ec.arena.marshalSlice("
	newDeferredGroup  = "deferred := graphql.NewDeferredGroup(ctx)"
	emptyDeferred     = "var deferred graphql.DeferredGroup // tools/gqlgen: nothing is deferred without concurrent fields"
	gqlgenFieldSet    = "out := graphql.NewFieldSet(fields)"
	ownFieldSet       = "out := ec.arena.fieldSet(fields)"
	gqlgenCollect     = "graphql.CollectFields(ec.OperationContext, "
	ownCollect        = "ec.arena.collectFields(ec.OperationContext, "
	gqlgenString      = "res := graphql.MarshalString("
	gqlgenID          = "res := graphql.MarshalID("
	ownString         = "res := ec.arena.str("
	elementResult     = "\t\tfc := graphql.GetFieldContext(ctx)\n\t\tfc.Result = &v[i]\n"
	noElementResult   = "\t\t// tools/gqlgen: no field middleware reads the element's Result\n"
	executorFields    = "type executionContext struct {\n"
	arenaField        = "type executionContext struct {\n\tarena arena // tools/gqlgen: the request's response values\n"
	concurrentField   = ".ResolveConcurrently("
	concurrentRoot    = ".ResolveRootConcurrently("
	concurrentOldAPI  = ".Concurrently("
	executorSignature = "type executionContext struct"
)

// rewriteExecutor makes the executor src marshal lists in a loop, build no deferred
// groups, hold objects' values in a fieldSet and resolve the direct fields (the
// functions named in direct) without gqlgen's field machinery, and appends what it calls.
func rewriteExecutor(src []byte, direct map[string]directField) ([]byte, error) {
	if !bytes.Contains(src, []byte(executorSignature)) {
		return nil, errors.New("not a gqlgen executor")
	}
	src, err := directFields(src, direct)
	if err != nil {
		return nil, err
	}
	for _, s := range []string{concurrentField, concurrentRoot, concurrentOldAPI} {
		if bytes.Contains(src, []byte(s)) {
			return nil, fmt.Errorf("a field is still resolved concurrently (%s…): did DisableConcurrency stop working?", s)
		}
	}
	for _, r := range []struct{ old, new string }{
		{concurrentSlice, sequentialSlice},
		{newDeferredGroup, emptyDeferred},
		{gqlgenFieldSet, ownFieldSet},
		{gqlgenCollect, ownCollect},
		{gqlgenString, ownString},
		{gqlgenID, ownString},
		{executorFields, arenaField},
		{elementResult, noElementResult},
	} {
		if !bytes.Contains(src, []byte(r.old)) {
			return nil, fmt.Errorf("no %q to replace: gqlgen renders its executor differently now", r.old)
		}
		src = bytes.ReplaceAll(src, []byte(r.old), []byte(r.new))
	}
	src = append(src, sequentialHelpers...)
	src = append(src, arenaHelpers...)
	for _, path := range []string{"io", "errors"} {
		if src, err = importing(src, path); err != nil {
			return nil, err
		}
	}
	return format.Source(src) // which sorts the imports too
}

// directFields replaces the body of each function of src named in direct, a field's
//
//	return graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
//			return ec.fieldContext_Object_field(ctx, field)
//		},
//		func(ctx context.Context) (any, error) { return VALUE, nil },
//		nil,
//		func(ctx context.Context, selections ast.SelectionSet, v T) graphql.Marshaler {
//			return ec.MARSHAL(ctx, selections, v)
//		},
//		RECOVER, NONNULL)
//
// with what graphql.ResolveField does for it, less the field middleware (the server has
// none) and the closures, boxing and type assertions: the same panic recovery and
// marshalling, and a field context with the same object, field and parent, cut from the
// arena (arena.withField) with its context. Nor does it set the field context's Result:
// only field middleware reads it, and boxing a string or an enum into it was one
// allocation per field (a two_hop answer has some 35,000 of them). VALUE is never
// nil (not an interface, see isDirect), so ResolveField's checks for nil and for an
// error never apply. Every function named in direct must be found and have this shape.
func directFields(src []byte, direct map[string]directField) ([]byte, error) {
	if len(direct) == 0 {
		return nil, errors.New("no direct fields: did the plugin run?")
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		return nil, err
	}
	text := func(n ast.Node) string {
		return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
	}
	type edit struct {
		from, to int
		body     string
	}
	var edits []edit
	found := map[string]bool{}
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil {
			continue
		}
		df, isDirect := direct[fn.Name.Name]
		if !isDirect {
			continue
		}
		found[fn.Name.Name] = true
		call, ok := resolveFieldCall(fn.Body)
		if !ok {
			return nil, fmt.Errorf("%s: not the graphql.ResolveField call of a field", fn.Name.Name)
		}
		_, ok1 := returnedCall(call.Args[3], "ctx", "field")
		value, ok2 := returnedValue(call.Args[4])
		marshal, ok3 := returnedCall(call.Args[6], "ctx", "selections", "v")
		recovers, ok4 := call.Args[7].(*ast.Ident)
		if !ok1 || !ok2 || !ok3 || !ok4 || !isIdent(call.Args[5], "nil") {
			return nil, fmt.Errorf("%s: graphql.ResolveField's arguments are not those of a direct field", fn.Name.Name)
		}
		var b strings.Builder
		if df.infallible {
			fmt.Fprintf(&b, "{\n\t// tools/gqlgen: infallible, so without a field context\n\treturn %s(ctx, field.Selections, %s)\n}", text(marshal), text(value))
			edits = append(edits, edit{fset.Position(fn.Body.Lbrace).Offset, fset.Position(fn.Body.Rbrace).Offset + 1, b.String()})
			continue
		}
		fmt.Fprintf(&b, "{\n\t// tools/gqlgen: graphql.ResolveField without field middleware, closures or boxing\n")
		fmt.Fprintf(&b, "\tctx = ec.arena.withField(ctx, %q, field, %t)\n", df.object, df.method)
		if recovers.Name == "true" {
			b.WriteString("\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tec.Error(ctx, ec.Recover(ctx, r))\n\t\t\tret = graphql.Null\n\t\t}\n\t}()\n")
		}
		fmt.Fprintf(&b, "\tres := %s\n\treturn %s(ctx, field.Selections, res)\n}", text(value), text(marshal))
		edits = append(edits, edit{fset.Position(fn.Body.Lbrace).Offset, fset.Position(fn.Body.Rbrace).Offset + 1, b.String()})
	}
	for name := range direct {
		if !found[name] {
			return nil, fmt.Errorf("no function %s for a direct field", name)
		}
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		src = slices.Concat(src[:e.from], []byte(e.body), src[e.to:])
	}
	return src, nil
}

// resolveFieldCall returns the call of `{ return graphql.ResolveField(…9 arguments) }`.
func resolveFieldCall(body *ast.BlockStmt) (*ast.CallExpr, bool) {
	if len(body.List) != 1 {
		return nil, false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	if !ok || len(call.Args) != 9 {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return call, ok && isIdent(sel.X, "graphql") && sel.Sel.Name == "ResolveField"
}

// returnedCall returns F of `func(…) … { return F(args…) }`, F a method of ec.
func returnedCall(e ast.Expr, args ...string) (ast.Expr, bool) {
	results, ok := returned(e)
	if !ok || len(results) != 1 {
		return nil, false
	}
	call, ok := results[0].(*ast.CallExpr)
	if !ok || len(call.Args) != len(args) {
		return nil, false
	}
	for i, a := range call.Args {
		if !isIdent(a, args[i]) {
			return nil, false
		}
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return call.Fun, ok && isIdent(sel.X, "ec")
}

// returnedValue returns V of `func(ctx context.Context) (any, error) { return V, nil }`.
func returnedValue(e ast.Expr) (ast.Expr, bool) {
	results, ok := returned(e)
	if !ok || len(results) != 2 || !isIdent(results[1], "nil") {
		return nil, false
	}
	return results[0], true
}

// returned returns the results of the only statement of function literal e, a return.
func returned(e ast.Expr) ([]ast.Expr, bool) {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return nil, false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok {
		return nil, false
	}
	return ret.Results, true
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// importing adds the import of package path to src, a Go file with an import block,
// unless it is there.
func importing(src []byte, path string) ([]byte, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == strconv.Quote(path) {
			return src, nil
		}
	}
	block := []byte("\nimport (\n")
	i := bytes.Index(src, block)
	if i < 0 {
		return nil, errors.New("no import block")
	}
	i += len(block)
	return slices.Concat(src[:i], []byte("\t"+strconv.Quote(path)+"\n"), src[i:]), nil
}

// sequentialHelpers are appended to the executor. marshalSliceSequentially has
// graphql.MarshalSliceConcurrently's signature and results; workerLimit is not needed.
const sequentialHelpers = `
// region    ************************** tools/gqlgen ***************************

func marshalSliceElement(ctx context.Context, i int, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (ret graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return marshalElement(ctx, i)
}

// fieldSet holds an object's fields and their values while the object is resolved, and
// then writes them. It replaces graphql.FieldSet (see tools/gqlgen), of which the
// executor needs no more when no field is resolved concurrently, and writes the same
// JSON without allocating. The arena hands them out (arena.fieldSet).
type fieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
}

// Dispatch does nothing: every value was resolved when it was set.
func (*fieldSet) Dispatch(context.Context) {}

var (
	fieldSetOpen  = []byte("{")
	fieldSetClose = []byte("}")
	fieldSetComma = []byte(",")
	fieldSetColon = []byte(":")
	fieldSetQuote = []byte("\"")
)

// MarshalGQL writes the fields in order as a JSON object; of fields with the same alias,
// only the first is written, as graphql.FieldSet.MarshalGQL does.
func (s *fieldSet) MarshalGQL(w io.Writer) {
	w.Write(fieldSetOpen)
	first := true
	for i := range s.fields {
		alias := s.fields[i].Alias
		if aliasIn(s.fields[:i], alias) {
			continue
		}
		if !first {
			w.Write(fieldSetComma)
		}
		first = false
		if plainAlias(alias) {
			w.Write(fieldSetQuote)
			io.WriteString(w, alias)
			w.Write(fieldSetQuote)
		} else {
			writeQuoted(w, alias)
		}
		w.Write(fieldSetColon)
		s.Values[i].MarshalGQL(w)
	}
	w.Write(fieldSetClose)
}

func aliasIn(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// plainAlias says whether alias is written in JSON as it is, between quotes. A GraphQL
// name always is; the test mirrors writeQuoted's.
func plainAlias(alias string) bool {
	for i := 0; i < len(alias); i++ {
		if c := alias[i]; c < 0x20 || c == '\\' || c == '"' {
			return false
		}
	}
	return true
}

// endregion ************************** tools/gqlgen ***************************
`

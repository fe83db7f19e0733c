package main

// arenaHelpers are appended to the executor after sequentialHelpers: the request's
// arena, which rewriteExecutor adds to executionContext and routes the executor's
// per-value allocations through (field sets, lists, strings, collected fields).
const arenaHelpers = `
// region    ************************** tools/gqlgen: arena ***************************

// arena is the memory of one request's response (see tools/gqlgen): the field sets,
// the lists' values and element contexts, and the strings of the answer, cut from
// chunks that grow with the answer, and the fields collected once per selection. Each
// was an allocation of its own, hundreds of thousands in a two_hop answer, which the
// collector then had to find; cut from chunks they are a few hundred. An arena belongs
// to one request's executionContext and is used from its one goroutine (nothing is
// resolved concurrently); its chunks live as long as the answer's values do.
type arena struct {
	sets      chunks[fieldSet]
	values    chunks[graphql.Marshaler]
	strs      chunks[quotedString]
	elems     chunks[sliceElement]
	fields    chunks[fieldCtx]
	collected map[collectKey][]graphql.CollectedField
}

// chunks hands out values of T from a chunk, cutting the next chunk when one runs out.
// Chunks start small, so that a small answer allocates little, and double up to
// maxChunk values; a request for more than maxChunk is allocated on its own.
type chunks[T any] struct {
	free []T
	size int // of the last chunk
}

const minChunk, maxChunk = 16, 1024

func (c *chunks[T]) cut(n int) []T {
	if n > maxChunk {
		return make([]T, n)
	}
	if len(c.free) < n {
		c.size = min(max(2*c.size, minChunk), maxChunk)
		c.free = make([]T, max(c.size, n))
	}
	out := c.free[:n:n]
	c.free = c.free[n:]
	return out
}

// marshalSlice marshals a list's elements one after the other in the caller's
// goroutine. It replaces graphql.MarshalSliceConcurrently (see tools/gqlgen): each
// element is marshalled with a field context holding its index, and a panic while
// marshalling one is reported as an error and leaves null in its place, as there.
//
// The elements share one context, its index moved from element to element: no
// allocation an element (a two_hop answer has 27,000 elements), and the list's values
// and context come from the arena. It can be shared because, resolved in one goroutine,
// an element is done with its context when the next starts: errors take their path
// when they are added. The one exception is a Float's marshaller, which reports NaN or
// infinity when the response is written, by then with the list's last index in its
// path; no field of the schema computes one.
func (a *arena) marshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	_ = workerLimit
	if length == 0 {
		return graphql.Array{}
	}
	ret := graphql.Array(a.values.cut(length))
	e := &a.elems.cut(1)[0]
	e.Context = ctx
	for i := range ret {
		e.index = i
		ret[i] = marshalSliceElement(e, i, omitPanicHandler, marshalElement)
	}
	return ret
}

// sliceElement is the context of a list's elements: their field context holds the
// index of the element being marshalled. Like fieldCtx, it makes the field context
// when it is first asked for.
type sliceElement struct {
	context.Context
	index int
	fc    *graphql.FieldContext
}

func (e *sliceElement) Value(key any) any {
	if key != fieldContextKey {
		return e.Context.Value(key)
	}
	if e.fc == nil {
		e.fc = &graphql.FieldContext{Parent: graphql.GetFieldContext(e.Context), Index: &e.index}
	}
	return e.fc
}

// fieldCtx is the context of a direct field (see tools/gqlgen's directFields): a
// context holding the field's context, as graphql.WithFieldContext makes one, but cut
// from the arena and lazy. graphql.GetFieldContext finds the field context in it, made
// when first asked for: only resolvers and errors below the field ask, and in most
// answers none does (a two_hop answer has 17,000 direct fields of objects and lists).
type fieldCtx struct {
	context.Context
	object string
	field  graphql.CollectedField
	method bool
	fc     *graphql.FieldContext
}

func (c *fieldCtx) Value(key any) any {
	if key != fieldContextKey {
		return c.Context.Value(key)
	}
	if c.fc == nil {
		c.fc = &graphql.FieldContext{Parent: graphql.GetFieldContext(c.Context), Object: c.object, Field: c.field, IsMethod: c.method, Child: noChildren}
	}
	return c.fc
}

// fieldContextKey is the key graphql.WithFieldContext stores a field context under. It
// is unexported, so it is learnt by asking graphql.GetFieldContext of a context that
// notes the key it is asked for (TestFieldContexts checks that this still works).
var fieldContextKey = func() any {
	p := &keyProbe{Context: context.Background()}
	graphql.GetFieldContext(p)
	return p.key
}()

type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	p.key = key
	return nil
}

// withField returns ctx with the field context of field of object, as
// fieldContext_Object_field and graphql.WithFieldContext make it, from the arena. Its
// Child fails: only a resolver asking for the contexts of its children would call it, and
// none is below a direct field.
func (a *arena) withField(ctx context.Context, object string, field graphql.CollectedField, method bool) context.Context {
	c := &a.fields.cut(1)[0]
	c.Context, c.object, c.field, c.method = ctx, object, field, method
	return c
}

func noChildren(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
	return nil, errors.New("tools/gqlgen: a direct field's context has no child contexts")
}

// fieldSet returns a field set for fields. It replaces graphql.NewFieldSet.
func (a *arena) fieldSet(fields []graphql.CollectedField) *fieldSet {
	s := &a.sets.cut(1)[0]
	s.fields = fields
	s.Values = a.values.cut(len(fields))
	return s
}

// str is graphql.MarshalString and graphql.MarshalID (IDs are strings in JSON) without
// the closure each allocated.
func (a *arena) str(s string) graphql.Marshaler {
	q := &a.strs.cut(1)[0]
	q.s = s
	return q
}

// quotedString marshals a string as graphql.MarshalString does.
type quotedString struct{ s string }

func (q *quotedString) MarshalGQL(w io.Writer) { writeQuoted(w, q.s) }

// writeQuoted writes s as a JSON string, byte for byte as graphql.MarshalString writes
// it: control characters, the quote and the backslash escaped (\t, \r and \n by name,
// the others as \u00XX), every other byte as it is (invalid UTF-8 included).
func writeQuoted(w io.Writer, s string) {
	w.Write(fieldSetQuote)
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		io.WriteString(w, s[start:i])
		switch c {
		case '\t':
			io.WriteString(w, ` + "`" + `\t` + "`" + `)
		case '\r':
			io.WriteString(w, ` + "`" + `\r` + "`" + `)
		case '\n':
			io.WriteString(w, ` + "`" + `\n` + "`" + `)
		case '\\':
			io.WriteString(w, ` + "`" + `\\` + "`" + `)
		case '"':
			io.WriteString(w, ` + "`" + `\"` + "`" + `)
		default:
			const hex = "0123456789ABCDEF"
			w.Write([]byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xf]})
		}
		start = i + 1
	}
	io.WriteString(w, s[start:])
	w.Write(fieldSetQuote)
}

// collectKey names a selection set (its first selection and length) and the type
// conditions it is collected for (an xImplementors variable, by its first element).
type collectKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// collectFields is graphql.CollectFields, remembered per selection set and type for the
// request. graphql.CollectFields caches too, but makes its key by hashing the type
// names with an allocated hash, and locks, once per object of the answer.
func (a *arena) collectFields(op *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	k := collectKey{n: len(sel)}
	if len(sel) > 0 {
		k.sel = &sel[0]
	}
	if len(satisfies) > 0 {
		k.satisfies = &satisfies[0]
	}
	if f, ok := a.collected[k]; ok {
		return f
	}
	if a.collected == nil {
		a.collected = map[collectKey][]graphql.CollectedField{}
	}
	f := graphql.CollectFields(op, sel, satisfies)
	a.collected[k] = f
	return f
}

// endregion ************************** tools/gqlgen: arena ***************************
`

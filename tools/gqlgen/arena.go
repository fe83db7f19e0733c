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

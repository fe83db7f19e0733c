package graphqlapi

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// The arena's strings are written byte for byte as graphql.MarshalString writes them:
// the answers are the same with and without it.
func FuzzWriteQuoted(f *testing.F) {
	for _, s := range []string{"", "plain", "責任共有モデル", "tab\there", "cr\rlf\n", `quote " and \ backslash`,
		"\x00\x01\x1f\x7f", "invalid \xff\xfe utf-8", "\u2028 line separator", "<html>&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want, got, set bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		var a arena
		a.str(s).MarshalGQL(&got)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%q: wrote %q, graphql.MarshalString writes %q", s, got.Bytes(), want.Bytes())
		}
		// An alias that is not a plain name is written the same way.
		fs := a.fieldSet([]graphql.CollectedField{{Field: &ast.Field{Alias: s}}})
		fs.Values[0] = graphql.Null
		fs.MarshalGQL(&set)
		if w := "{" + want.String() + ":null}"; set.String() != w {
			t.Fatalf("%q as an alias: wrote %q, want %q", s, set.String(), w)
		}
	})
}

// A chunk is cut into values that do not overlap, and a request larger than a chunk
// gets a slice of its own.
func TestArenaChunks(t *testing.T) {
	var c chunks[int]
	var got [][]int
	for _, n := range []int{1, 15, 3, 40, 1000, 2000, 0, 7} {
		s := c.cut(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("cut(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("cut(%d)[%d] = %d, not zero", n, i, s[i])
			}
			s[i] = len(got) + 1
		}
		got = append(got, s)
	}
	for i, s := range got {
		for j := range s {
			if s[j] != i+1 {
				t.Fatalf("cut %d was overwritten: [%d] = %d", i, j, s[j])
			}
		}
	}
}

// A context from the arena holds its field context where graphql.GetFieldContext finds
// it, with its parent's, and leaves other values to its parent; a list's element
// contexts carry the element's index into the path errors are reported at.
func TestFieldContexts(t *testing.T) {
	type other struct{}
	parent := &graphql.FieldContext{Object: "Query", Field: graphql.CollectedField{Field: &ast.Field{Alias: "organizations"}}}
	ctx := context.WithValue(graphql.WithFieldContext(context.Background(), parent), other{}, "kept")
	var a arena
	field := graphql.CollectedField{Field: &ast.Field{Alias: "nodes"}}
	fctx := a.withField(ctx, "OrganizationConnection", field, true)
	fc := graphql.GetFieldContext(fctx)
	if fc == nil || fc.Object != "OrganizationConnection" || fc.Field.Alias != "nodes" || !fc.IsMethod || fc.Parent != parent {
		t.Fatalf("GetFieldContext = %+v, want the field's context under its parent", fc)
	}
	if v := fctx.Value(other{}); v != "kept" {
		t.Errorf("another value: %v, want the parent's", v)
	}
	if _, err := fc.Child(fctx, field); err == nil {
		t.Error("Child: no error")
	}
	var paths []string
	a.marshalSlice(fctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		paths = append(paths, graphql.GetFieldContext(ctx).Path().String())
		return graphql.Null
	})
	if want := []string{"organizations.nodes[0]", "organizations.nodes[1]", "organizations.nodes[2]"}; !slices.Equal(paths, want) {
		t.Errorf("element paths %v, want %v", paths, want)
	}
}

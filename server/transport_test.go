package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
)

// TestPostJSON asks the same requests of the server and of one that answers POSTed JSON
// with gqlgen's transport.POST, and wants the same status, headers and bytes: answers
// with and without errors, with HTML in the data, requests that fail before execution,
// and every Accept header variant that changes what gqlgen answers.
func TestPostJSON(t *testing.T) {
	ctx := context.Background()
	res, err := loader.Load("../data/mic-iot5g-security-2020", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Write(ctx, res.Datasets[0], false); err != nil {
		t.Fatal(err)
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	ours := New(model, st, Limits{})
	gqlgens := New(model, st, Limits{})
	gqlgens.gql = newGraphQLWith(gqlgens.limits, transport.POST{})

	queries := []string{
		`{ comments(first: 20) { nodes { id html text response { html dispositions } } } }`, // HTML: < > &
		`{ commentStats(groupBy: [SECTION, DISPOSITION]) { keys { dimension value label } count } }`,
		`{ organizations(orderBy: COMMENTS_DESC, first: 5) { nodes { id name comments(first: 10) { totalCount nodes { id topics { topic { id } evidence { via surface } } } } } } }`,
		`{ search(text: "クラウド", first: 5) { totalCount nodes { score snippets matchedIn comment { id } } } }`,
		`query { __schema { types { name kind description fields { name description args { name defaultValue } } } } }`,
		`{ comments(first: 1000) { totalCount } }`,                         // an error, no data
		`{ comments(first: 2, after: "bm90IGEgY3Vyc29y") { totalCount } }`, // a resolver error
		`{ node(id: "comment/none") { id } }`,                              // null data in a field
		`{ nope }`,                                                         // does not validate
		`{ comments(first: 2) { nodes { id }`,                              // does not parse
		`query Q($n: Int!) { comments(first: $n) { totalCount } }`,         // a variable missing
	}
	examples, _ := filepath.Glob("../examples/queries/*.graphql")
	for _, f := range examples {
		q, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		queries = append(queries, string(q))
	}
	var bodies []string
	for _, q := range queries {
		b, _ := json.Marshal(map[string]any{"query": q})
		bodies = append(bodies, string(b))
	}
	// Bodies that are not a request object are answered by writeUndecodable, not gqlgen
	// (TestUndecodableBodies).
	bodies = append(bodies,
		`{"query": "query Q($n: Int!) { comments(first: $n) { totalCount } }", "variables": {"n": "two"}}`,
	)
	accepts := []string{"", "application/json", "application/graphql-response+json", "*/*", "application/*",
		"text/html", "application/graphql-response+json, application/json;q=0.9", "not a media type, application/json"}

	ask := func(h http.Handler, body, accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "http://localhost/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	sawHTML := false
	for i, body := range bodies {
		for _, accept := range accepts {
			got, want := ask(ours, body, accept), ask(gqlgens, body, accept)
			name := fmt.Sprintf("request %d, Accept %q", i, accept)
			if got.Code != want.Code {
				t.Errorf("%s: status %d, gqlgen's %d", name, got.Code, want.Code)
			}
			for _, h := range []string{"Content-Type", "Content-Length"} {
				if got.Header().Get(h) != want.Header().Get(h) {
					t.Errorf("%s: %s %q, gqlgen's %q", name, h, got.Header().Get(h), want.Header().Get(h))
				}
			}
			if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
				t.Errorf("%s: the body differs from gqlgen's:\n%s\n%s", name, clip(got.Body.String()), clip(want.Body.String()))
			}
			sawHTML = sawHTML || bytes.Contains(got.Body.Bytes(), []byte(`\u003c`))
		}
	}
	if !sawHTML {
		t.Error("no answer had an escaped <: the comparison does not cover escaping")
	}
}

// writeResponse writes what json.Marshal writes, escapes included.
func TestWriteResponse(t *testing.T) {
	yes := true
	for _, resp := range []*graphql.Response{
		{Data: json.RawMessage(`{"a":"<b> & </b>","c":"line\u2028separator\u2029","d":[1,2.5,null,true]}`)},
		{Data: json.RawMessage(`{"a":1}`), Extensions: map[string]any{"cost": map[string]any{"x": "<y>"}}, HasNext: &yes},
		{Data: json.RawMessage(`{"a":null}`), Errors: gqlerror.List{{Message: "no <such> thing"}}},
		{Data: json.RawMessage(`null`)},
		{Errors: gqlerror.List{{Message: "no data"}}},
		{},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writeResponse(&got, resp)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeResponse wrote\n%s\njson.Marshal\n%s", got.Bytes(), want)
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// FuzzGraphQL sends random operations, valid and invalid, with random variables: the
// server must answer every one with a GraphQL response (never a 5xx, a panic or an
// internal error) and keep answering.
func FuzzGraphQL(f *testing.F) {
	files, _ := filepath.Glob("../examples/queries/*.graphql")
	for _, file := range files {
		q, _ := os.ReadFile(file)
		f.Add(string(q), `{}`)
	}
	for _, q := range []string{
		`{ comments(filter: {topics: ["topic/e-seal"], topicMatch: ALL}, first: 3) { totalCount nodes { id topics { topic { id } } } } }`,
		`query($f: CommentFilter) { submitters(filter: {comments: {all: $f}}) { totalCount } }`,
		`{ node(id: "section/mic-iot5g-security-2020/III") { ... on Section { children { id comments { totalCount } } } } }`,
		`{ search(text: "ＩｏＴ　セキュリティ") { totalCount nodes { snippets } } }`,
		`{ topicNetwork(minWeight: -5, include: [SUBMITTER, SECTION]) { nodes { id } } }`,
		`{ comments(after: "Y29tbWVudC94LzE", first: 0) { pageInfo { hasNextPage } } }`,
		`{ commentStats(groupBy: [TOPIC, TOPIC]) { count } }`,
		`{ __schema { types { name } } }`,
		`{ comments { nodes { id`,
		`query { ...F } fragment F on Query { ...F }`,
		``,
	} {
		f.Add(q, `{"f": {"dispositions": ["REVISED"], "pageRef": 27}}`)
	}
	f.Add(`query($t: [ID!]) { comments(filter: {topics: $t}) { totalCount } }`, `{"t": "not a list"}`)

	ts := newServer(f, server.Limits{})
	handler := ts.Config.Handler
	f.Fuzz(func(t *testing.T, query, vars string) {
		var variables any
		if json.Unmarshal([]byte(vars), &variables) != nil {
			variables = vars // not JSON: send it as a string
		}
		body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q %s: %s", rec.Code, query, vars, rec.Body.String())
		}
		var r struct {
			Data   json.RawMessage
			Errors []struct{ Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("not a JSON response (%d) for %q: %s", rec.Code, query, rec.Body.String())
		}
		if r.Data == nil && len(r.Errors) == 0 {
			t.Fatalf("neither data nor errors for %q: %s", query, rec.Body.String())
		}
		for _, e := range r.Errors {
			if strings.Contains(e.Message, "internal error") || strings.Contains(e.Message, "panic") {
				t.Fatalf("internal error for %q %s: %s", query, vars, rec.Body.String())
			}
		}
	})
}

package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestAbuseIsRefused sends what a careless or hostile client might: each request is
// refused with a clear error, and the server answers the next request as usual.
func TestAbuseIsRefused(t *testing.T) {
	ts := newServer(t, server.Limits{})
	deep := "{ topics { " + strings.Repeat("broader { ", 48) + "id" + strings.Repeat(" }", 48) + " } }" // 50 levels
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&aliases, "a%d: __typename ", i)
	}
	aliases.WriteString("}")
	tokens := "{ consultations { " + strings.Repeat("id ", 6000) + "} }"

	for _, tc := range []struct {
		name, query string
		want        string // in the error message
		code        string // extensions.code, when the limit has one
	}{
		{"depth 50", deep, "nested 50 levels deep; the limit is 12", "DEPTH_LIMIT_EXCEEDED"},
		{"1000 aliases", aliases.String(), "1000 aliases; the limit is 30", "ALIAS_LIMIT_EXCEEDED"},
		{"first: 100000", `{ comments(first: 100000) { totalCount } }`, "first must be between 0 and 100", "invalid"},
		{"cyclic fragment", `query { consultations { ...A } } fragment A on Consultation { id ...B } fragment B on Consultation { ...A }`, "Cannot spread fragment", ""},
		{"too many tokens", tokens, "token limit", ""},
		{"too complex", `{ consultations { comments(first: 100) { nodes { submitter { comments(first: 100) { nodes { topics { topic { comments(first: 100) { totalCount } } } } } } } } } }`, "complexity", "COMPLEXITY_LIMIT_EXCEEDED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, ts, tc.query, nil)
			if r.Data != nil && string(r.Data) != "null" && tc.code != "invalid" {
				t.Errorf("refused request returned data: %s", r.Data)
			}
			msg := errorMessages(r)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("errors = %q, want one containing %q", msg, tc.want)
			}
			if tc.code != "" && (len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != tc.code) {
				t.Errorf("error code = %v, want %s", r.Errors, tc.code)
			}
			assertHealthy(t, ts.URL)
		})
	}

	t.Run("10 MiB body", func(t *testing.T) {
		body := bytes.Repeat([]byte("x"), 10<<20)
		res, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "the limit is 1048576") {
			t.Errorf("status %d, body %.200s; want 413 naming the limit", res.StatusCode, msg)
		}
		assertHealthy(t, ts.URL)
	})

	t.Run("10 MiB body without a length", func(t *testing.T) {
		// Chunked: the size is only found out while reading.
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`{"query": "{ consultations { id } }", "x": "`))
			for i := 0; i < 10; i++ {
				pw.Write(bytes.Repeat([]byte("x"), 1<<20))
			}
			pw.Write([]byte(`"}`))
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("status %d, body %.200s; want a 4xx refusal", res.StatusCode, msg)
		}
		assertHealthy(t, ts.URL)
	})
}

// assertHealthy checks that the server still answers an ordinary query.
func assertHealthy(t *testing.T, url string) {
	t.Helper()
	res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query": "{ consultations { id } }"}`))
	if err != nil {
		t.Fatalf("the server no longer answers: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), "consultation/mic-iot5g-security-2020") {
		t.Fatalf("the next ordinary query got %d: %s", res.StatusCode, b)
	}
}

// TestIntrospectionIsFree: the introspection query of GraphiQL and notebook clients is
// deep and long, and must pass the limits.
func TestIntrospectionIsFree(t *testing.T) {
	ts := newServer(t, server.Limits{})
	r := post(t, ts, introspectionQuery, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("introspection refused: %s", errorMessages(r))
	}
	if !strings.Contains(string(r.Data), `"CommentFilter"`) {
		t.Errorf("introspection does not describe CommentFilter")
	}
}

// introspectionQuery is the query GraphiQL sends (graphql-js getIntrospectionQuery).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// urllibPost is what a researcher's script does: Python's urllib posting a body, whole or
// in chunks, and printing the status and the error code it was answered with.
const urllibPost = `
import json, sys, urllib.request, urllib.error
url, size, chunked = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "chunked"
body = b"x" * size
data = iter([body[i:i + 65536] for i in range(0, size, 65536)]) if chunked else body
req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=60) as r:
        print(json.dumps({"status": r.status, "body": r.read().decode()}))
except urllib.error.HTTPError as e:
    print(json.dumps({"status": e.code, "body": e.read().decode()}))
`

// TestOversizedBodyAnsweredToEveryClient: a body over the limit gets its 413 also when the
// client sends all of it before reading (urllib), not a reset connection.
func TestOversizedBodyAnsweredToEveryClient(t *testing.T) {
	py := debianPython(t)
	ts := newServer(t, server.Limits{MaxBodyBytes: 1 << 20})
	for _, tc := range []struct{ path, mode, code string }{
		{"/graphql", "whole", "BODY_TOO_LARGE"},
		{"/graphql", "chunked", "BODY_TOO_LARGE"},
		{"/api/v2/query?lang=gizmo", "whole", ""},
		{"/api/v2/query?lang=gizmo", "chunked", ""},
	} {
		t.Run(tc.path+"/"+tc.mode, func(t *testing.T) {
			out, err := exec.Command(py, "-c", urllibPost, ts.URL+tc.path, "10485760", tc.mode).CombinedOutput()
			if err != nil {
				t.Fatalf("urllib: %v\n%s", err, out)
			}
			var got struct {
				Status int
				Body   string
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got.Status != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 413; body %s", got.Status, got.Body)
			}
			if tc.code != "" && !strings.Contains(got.Body, `"code":"`+tc.code+`"`) {
				t.Errorf("body %s lacks extensions.code %s", got.Body, tc.code)
			}
			if strings.Contains(got.Body, "xxxx") {
				t.Errorf("the answer echoes the body: %.200s", got.Body)
			}
		})
	}
}

// TestHostAllowList: a request naming another host (DNS rebinding) is refused; loopback
// names, IP literals and the names given with --allow-host are served.
func TestHostAllowList(t *testing.T) {
	ts := newServer(t, server.Limits{AllowHosts: []string{"pcgraph.example.org"}})
	for _, tc := range []struct {
		host string
		want int
	}{
		{"", http.StatusOK}, // the test server's own 127.0.0.1:port
		{"localhost:8080", http.StatusOK},
		{"LOCALHOST.", http.StatusOK},
		{"notebook.localhost", http.StatusOK},
		{"[::1]:8080", http.StatusOK},
		{"10.1.2.3", http.StatusOK},
		{"pcgraph.example.org:443", http.StatusOK},
		{"attacker.example.com", http.StatusMisdirectedRequest},
		{"localhost.attacker.example.com", http.StatusMisdirectedRequest},
		{"example.org", http.StatusMisdirectedRequest},
	} {
		for _, path := range []string{"/healthz", "/graphql?query=%7B__typename%7D", "/"} {
			req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Errors []struct {
					Extensions struct{ Code string }
				}
			}
			json.NewDecoder(resp.Body).Decode(&doc)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("Host %q %s: status %d, want %d", tc.host, path, resp.StatusCode, tc.want)
			}
			if tc.want != http.StatusOK && (len(doc.Errors) != 1 || doc.Errors[0].Extensions.Code != "HOST_NOT_ALLOWED") {
				t.Errorf("Host %q %s: answer %+v lacks code HOST_NOT_ALLOWED", tc.host, path, doc)
			}
		}
	}
	any := newServer(t, server.Limits{AllowHosts: []string{"*"}})
	req, _ := http.NewRequest(http.MethodGet, any.URL+"/healthz", nil)
	req.Host = "attacker.example.com"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("--allow-host '*': status %d, want 200", resp.StatusCode)
	}
}

// TestUndecodableBodies: a body that is not one GraphQL request object gets a 400 that says
// why in the client's terms, with a code, and neither the body nor a Go type name back.
func TestUndecodableBodies(t *testing.T) {
	ts := newServer(t, server.Limits{})
	big := `[` + strings.Repeat(`{"query": "{ __typename }"},`, 2000) + `{"query": "{ __typename }"}]`
	for _, tc := range []struct{ name, body, code, says string }{
		{"batch", big, "BATCH_NOT_SUPPORTED", "one operation per request"},
		{"variables not an object", `{"query": "{ __typename }", "variables": [1]}`, "BAD_REQUEST", `"variables" must be an object, not an array`},
		{"query not a string", `{"query": 12}`, "BAD_REQUEST", `"query" must be a string, not a number`},
		{"not an object", `"{ __typename }"`, "BAD_REQUEST", "must be a JSON object"},
		{"broken JSON", `{"query": "{ __typename }",, }`, "BAD_REQUEST", "not valid JSON (at byte"},
		{"cut short", `{"query": `, "BAD_REQUEST", "not valid JSON"},
		{"empty", ``, "BAD_REQUEST", "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{"application/json", "application/graphql-response+json"} {
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", accept)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				var doc struct {
					Errors []struct {
						Message    string
						Extensions struct{ Code string }
					}
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err := json.Unmarshal(raw, &doc); err != nil {
					t.Fatalf("%s: %v: %s", accept, err, raw)
				}
				if resp.StatusCode != http.StatusBadRequest || len(doc.Errors) != 1 {
					t.Fatalf("%s: status %d, %d errors; want 400 and one: %s", accept, resp.StatusCode, len(doc.Errors), raw)
				}
				e := doc.Errors[0]
				if e.Extensions.Code != tc.code || !strings.Contains(e.Message, tc.says) {
					t.Errorf("%s: %q (code %q); want one saying %q with code %s", accept, e.Message, e.Extensions.Code, tc.says, tc.code)
				}
				if len(raw) > 400 || strings.Contains(string(raw), "__typename") || strings.Contains(string(raw), "Go ") || strings.Contains(string(raw), "RawParams") {
					t.Errorf("%s: the answer echoes the body or names Go types (%d bytes): %.300s", accept, len(raw), raw)
				}
			}
		})
	}
}

// TestMethodsAndMediaTypes: a method /graphql does not serve gets 405 with Allow, a POST that
// is not JSON gets 415 and what to send; GET's own errors carry a code too.
func TestMethodsAndMediaTypes(t *testing.T) {
	ts := newServer(t, server.Limits{})
	for _, tc := range []struct {
		method, ctype, url string
		status             int
		code, header, want string
	}{
		{http.MethodPut, "application/json", "/graphql", http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Allow", "GET, POST, OPTIONS"},
		{http.MethodDelete, "", "/graphql", http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Allow", "GET, POST, OPTIONS"},
		{http.MethodPatch, "application/json", "/graphql", http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Allow", "GET, POST, OPTIONS"},
		{http.MethodPost, "text/plain", "/graphql", http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Accept-Post", "application/json"},
		{http.MethodPost, "", "/graphql", http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Accept-Post", "application/json"},
		{http.MethodGet, "", "/graphql?query=%7B__typename%7D&variables=%5B1", http.StatusBadRequest, "BAD_REQUEST", "", ""},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.url, strings.NewReader(`{"query":"{ __typename }"}`))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		name := tc.method + " " + tc.ctype + " " + tc.url
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %s", name, resp.StatusCode, tc.status, raw)
		}
		if tc.header != "" && resp.Header.Get(tc.header) != tc.want {
			t.Errorf("%s: %s %q, want %q", name, tc.header, resp.Header.Get(tc.header), tc.want)
		}
		if !strings.Contains(string(raw), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: answer lacks code %s: %s", name, tc.code, raw)
		}
	}
}

// TestDeferNotAdvertised: the executor answers all at once, so @defer is neither in
// introspection nor accepted; a query using it says so.
func TestDeferNotAdvertised(t *testing.T) {
	ts := newServer(t, server.Limits{})
	var schema struct {
		Schema struct{ Directives []struct{ Name string } } `json:"__schema"`
	}
	query(t, ts, `{ __schema { directives { name } } }`, nil, &schema)
	var names []string
	for _, d := range schema.Schema.Directives {
		names = append(names, d.Name)
	}
	if strings.Contains(strings.Join(names, " "), "defer") || !strings.Contains(strings.Join(names, " "), "include") {
		t.Errorf("introspection lists directives %v; want @include and no @defer", names)
	}
	r := post(t, ts, `{ comments(first: 1) { totalCount ... @defer { nodes { id } } } }`, nil)
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, `Unknown directive "@defer"`) || r.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("a query with @defer: %+v; want one validation error naming the directive", r.Errors)
	}
}

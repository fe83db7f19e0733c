package server_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestApolloPersistedQueries: Apollo Client's PersistedQueryLink (npm @apollo/client, in
// tools/audit) sends a hash first; the server answers PERSISTED_QUERY_NOT_FOUND, the
// client sends the query, and from then on the hash alone is answered, by POST and GET,
// with the same data as the query itself.
func TestApolloPersistedQueries(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed: the Apollo test needs Node.js (.ci/run installs it)")
	}
	if _, err := os.Stat("../tools/audit/node_modules/@apollo/client"); err != nil {
		t.Fatalf("tools/audit has no @apollo/client: run `npm ci --prefix tools/audit` (.ci/run does)")
	}
	ts := newServer(t, server.Limits{})
	const q = `query Few { comments(first: 3) { totalCount nodes { id text } } }`
	out, err := exec.Command(node, "../tools/audit/apollo.mjs", ts.URL+"/graphql", q).CombinedOutput()
	if err != nil {
		t.Fatalf("apollo.mjs: %v\n%s", err, out)
	}
	type request struct {
		Method              string
		SentQuery, SentHash bool
		Status              int
		ErrorCodes          []string
	}
	var got map[string]struct {
		Answers []struct {
			Data  json.RawMessage
			Error string
		}
		Requests []request
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var direct struct {
		Comments struct {
			TotalCount int
			Nodes      []struct{ ID, Text string }
		}
	}
	query(t, ts, q, nil, &direct)
	for name, run := range got {
		if len(run.Answers) != 2 {
			t.Fatalf("%s: %d answers, want 2: %s", name, len(run.Answers), out)
		}
		for i, a := range run.Answers {
			var d struct {
				Comments struct {
					TotalCount int
					Nodes      []struct{ ID, Text string }
				}
			}
			if a.Error != "" || json.Unmarshal(a.Data, &d) != nil {
				t.Fatalf("%s answer %d: %s %s", name, i, a.Error, a.Data)
			}
			if d.Comments.TotalCount != direct.Comments.TotalCount || len(d.Comments.Nodes) != 3 || d.Comments.Nodes[2] != direct.Comments.Nodes[2] {
				t.Errorf("%s answer %d differs from the query's own answer: %s", name, i, a.Data)
			}
		}
	}
	post := got["post"].Requests
	want := []request{
		{"POST", false, true, 200, []string{"PERSISTED_QUERY_NOT_FOUND"}},
		{"POST", true, true, 200, nil},
		{"POST", false, true, 200, nil},
	}
	if len(post) != len(want) {
		t.Fatalf("POST: requests %+v, want %+v", post, want)
	}
	for i := range want {
		p, w := post[i], want[i]
		if p.Method != w.Method || p.SentQuery != w.SentQuery || p.SentHash != w.SentHash || p.Status != w.Status || len(p.ErrorCodes) != len(w.ErrorCodes) || (len(w.ErrorCodes) == 1 && p.ErrorCodes[0] != w.ErrorCodes[0]) {
			t.Errorf("POST request %d: %+v, want %+v", i, p, w)
		}
	}
	for i, r := range got["get"].Requests {
		if r.Method != "GET" || r.SentQuery || !r.SentHash || r.Status != 200 || len(r.ErrorCodes) != 0 {
			t.Errorf("GET request %d: %+v; want the hash alone, answered", i, r)
		}
	}
	if len(got["get"].Requests) != 2 {
		t.Errorf("GET: %d requests, want 2 (the hash known from the POSTs)", len(got["get"].Requests))
	}
}

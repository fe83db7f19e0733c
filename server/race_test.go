package server_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestConcurrentQueries runs the example questions from many clients at once; under
// `go test -race` (scripts/test.sh) it finds shared state that requests race on, and
// it checks that every answer is the same as when asked alone.
func TestConcurrentQueries(t *testing.T) {
	ts := newServer(t, server.Limits{})
	queries := []string{
		`{ organizations(filter: {comments: {some: {topics: ["topic/trust-services"], dispositions: [FUTURE_WORK]}}}) { totalCount nodes { name submitters { comments(filter: {topics: ["topic/e-seal"]}) { totalCount } } } } }`,
		`{ commentStats(groupBy: [SECTION, DISPOSITION]) { keys { value } count } }`,
		`{ topicNetwork(minWeight: 2) { nodes { id betweenness community } edges { source target weight } } }`,
		`{ search(text: "クラウド", first: 10) { totalCount nodes { score snippets comment { id } } } }`,
		`{ submitters(first: 100) { nodes { id topics { topic { id } count } comments(first: 5) { nodes { id response { sharedWithCount } } } } } }`,
	}
	alone := make([]string, len(queries))
	for i, q := range queries {
		r := post(t, ts, q, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("query %d: %s", i, errorMessages(r))
		}
		alone[i] = string(r.Data)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16*len(queries))
	for c := 0; c < 16; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				i := (c + k) % len(queries)
				r := post(t, ts, queries[i], nil)
				if len(r.Errors) > 0 || string(r.Data) != alone[i] {
					errs <- fmt.Errorf("client %d, query %d: errors %q, same answer as alone: %v", c, i, errorMessages(r), string(r.Data) == alone[i])
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

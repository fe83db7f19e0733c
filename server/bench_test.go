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
	"strconv"
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/synth"
)

// BenchmarkQuestions asks pcgraph bench's two biggest GraphQL questions and the flagship's
// first page (bench/pcgraph.go),
// and a filter repeated under every item of a list,
// of the server in process, through its HTTP handler, on a synthetic corpus of
// $PCGRAPH_BENCH_COMMENTS comments (default 10,000; generating and loading it takes a few
// seconds, once):
//
//	go test ./server -run '^$' -bench Questions -benchmem
//
// allocs/op and B/op are the steadiest measures on a shared machine.
func BenchmarkQuestions(b *testing.B) {
	s := benchServer(b)
	for _, q := range []struct{ name, query string }{
		{"two_hop", `query TwoHop($first: Int!) { organizations(orderBy: COMMENTS_DESC, first: $first) { nodes {
  id name comments(first: 100) { totalCount nodes { id topics { topic { id } evidence { via } } } } } } }`},
		{"stats", `query Stats { commentStats(groupBy: [SECTION, DISPOSITION]) { keys { dimension value label } count } }`},
		{"flagship", `query { organizations(filter: {comments: {some: {topics: ["topic/trust-services"], dispositions: [FUTURE_WORK]}}}, first: 100) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }`},
		// the same filter asked under each of 100 submitters: computed once per request
		{"nested_filter", `query { submitters(first: 100) { nodes { id comments(filter: {topics: ["topic/trust-services"], dispositions: [FUTURE_WORK]}) { totalCount } } } }`},
	} {
		body, _ := json.Marshal(map[string]any{"query": q.query, "variables": map[string]any{"first": 20}})
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "http://localhost/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.HasPrefix(rec.Body.Bytes(), []byte(`{"errors"`)) {
					b.Fatalf("%d: %.300s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

var (
	benchOnce sync.Once
	benchSrv  *Server
	benchErr  error
)

func benchServer(b *testing.B) *Server {
	b.Helper()
	benchOnce.Do(func() {
		n := 10000
		if v := os.Getenv("PCGRAPH_BENCH_COMMENTS"); v != "" {
			if n, benchErr = strconv.Atoi(v); benchErr != nil {
				return
			}
		}
		benchSrv, benchErr = newBenchServer(n)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchSrv
}

// newBenchServer serves a memory store holding a synthetic corpus of n comments in n/1000
// consultations (at least one), as pcgraph bench makes it.
func newBenchServer(n int) (*Server, error) {
	dir, err := os.MkdirTemp("", "pcgraph-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	k := max(n/1000, 1)
	if _, err := synth.Generate(synth.Options{Comments: n, Consultations: k, Seed: 1, Out: dir}); err != nil {
		return nil, err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "memory")
	if err != nil {
		return nil, err
	}
	for i := range k {
		res, err := loader.Load(filepath.Join(dir, synth.Slug(i)), loader.Options{})
		if err != nil {
			return nil, err
		}
		if _, err := st.Write(ctx, res.Datasets[0], false); err != nil {
			return nil, fmt.Errorf("%s: %w", synth.Slug(i), err)
		}
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		return nil, err
	}
	return New(model, st, Limits{MaxComplexity: 1 << 30}), nil
}

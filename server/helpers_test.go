package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

const bundled = "../data/mic-iot5g-security-2020"

var (
	bundledOnce sync.Once
	bundledData *graph.Dataset
)

// dataset is the bundled consultation as the loader builds it: the tests' reference for
// what the API must answer.
func dataset(t testing.TB) *graph.Dataset {
	t.Helper()
	bundledOnce.Do(func() {
		res, err := loader.Load(bundled, loader.Options{})
		if err != nil {
			panic(err)
		}
		bundledData = res.Datasets[0]
	})
	return bundledData
}

// newServer starts pcgraph's HTTP service on a memory store holding the bundled data.
func newServer(t testing.TB, limits server.Limits) *httptest.Server {
	t.Helper()
	return serveDatasets(t, limits, dataset(t))
}

// serveDatasets serves datasets from a memory store, as pcgraph serve would.
func serveDatasets(t testing.TB, limits server.Limits, datasets ...*graph.Dataset) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteAll(ctx, datasets, false, func(*graph.Dataset, store.WriteResult) {}); err != nil {
		t.Fatal(err)
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(model, st, limits))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts
}

// response is a GraphQL response.
type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	status int
}

// post sends a GraphQL request the way a notebook does (requests.post(url, json=…)).
func post(t testing.TB, ts *httptest.Server, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("response is not JSON (status %d): %s", res.StatusCode, raw)
	}
	r.status = res.StatusCode
	return r
}

// query posts and fails the test on any error, decoding data into out.
func query(t testing.TB, ts *httptest.Server, q string, vars map[string]any, out any) {
	t.Helper()
	r := post(t, ts, q, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %+v\nquery: %s", r.Errors, q)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}

// errorMessages joins the messages of r's errors.
func errorMessages(r response) string {
	var msgs []string
	for _, e := range r.Errors {
		msgs = append(msgs, e.Message)
	}
	return strings.Join(msgs, "; ")
}

package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/server"
)

// TestSoak sends mixed queries from twice as many clients as the concurrency cap, for
// PCGRAPH_SOAK (a duration; 3s by default, `PCGRAPH_SOAK=60s` for the full run),
// and reports throughput, p99 latency and errors. Refusals (503) are expected at that
// load; anything else that is not a 200 is an error. Afterwards the heap must come back
// near where it started: requests leave nothing behind.
func TestSoak(t *testing.T) {
	duration := 3 * time.Second
	if v := os.Getenv("PCGRAPH_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PCGRAPH_SOAK: %v", err)
		}
		duration = d
	}
	const cap = 8
	ts := newServer(t, server.Limits{MaxConcurrent: cap})
	queries := [][]byte{}
	for _, q := range []string{
		`{ organizations(filter: {comments: {some: {topics: ["topic/trust-services"], dispositions: [FUTURE_WORK]}}}) { totalCount nodes { name } } }`,
		`{ organizations(first: 20) { nodes { name comments(first: 10) { nodes { number topics { topic { id } } } } } } }`,
		`{ commentStats(groupBy: [SECTION, DISPOSITION]) { keys { value } count } }`,
		`{ topicNetwork { nodes { id betweenness community } edges { weight } } }`,
		`{ search(text: "クラウド") { totalCount nodes { snippets } } }`,
	} {
		b, _ := json.Marshal(map[string]string{"query": q})
		queries = append(queries, b)
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for _, q := range queries { // warm up caches before the baseline
		res, _ := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(q))
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	base := heap()

	var ok, refused, failed atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	stop := time.Now().Add(duration)
	var wg sync.WaitGroup
	for c := 0; c < 2*cap; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			for i := c; time.Now().Before(stop) && i < c+1_000_000; i++ {
				start := time.Now()
				res, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(queries[i%len(queries)]))
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				switch res.StatusCode {
				case 200:
					ok.Add(1)
					mine = append(mine, time.Since(start))
				case 503:
					refused.Add(1)
					time.Sleep(5 * time.Millisecond) // a polite client backs off
				default:
					failed.Add(1)
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	slices.Sort(latencies)
	p := func(q float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(q*float64(len(latencies)-1))]
	}
	after := heap()
	t.Logf("soak %s, %d clients, cap %d: %d ok (%.0f/s), %d refused with 503, %d errors; p50 %s, p99 %s; heap %.1f MiB → %.1f MiB",
		duration, 2*cap, cap, ok.Load(), float64(ok.Load())/duration.Seconds(), refused.Load(), failed.Load(),
		p(0.50).Round(time.Microsecond), p(0.99).Round(time.Microsecond), float64(base)/(1<<20), float64(after)/(1<<20))
	if failed.Load() > 0 {
		t.Errorf("%d requests failed (not 200, not 503)", failed.Load())
	}
	if ok.Load() == 0 {
		t.Errorf("no request succeeded")
	}
	if after > base+base/2+16<<20 {
		t.Errorf("heap grew from %d to %d bytes: requests leave memory behind", base, after)
	}
}

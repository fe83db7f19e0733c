package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/server"
)

// busyGizmo is a Gizmo query that computes for a long time before it answers.
const busyGizmo = `var x = 0; for (var i = 0; i < 1e12; i++) { x += i }; g.V().Limit(1).All()`

func gizmo(t *testing.T, url, q string) (int, string, http.Header) {
	t.Helper()
	res, err := http.Post(url+"/api/v2/query?lang=gizmo", "text/plain", strings.NewReader(q))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestTimeoutStopsCayley: a Gizmo query that would run for hours is stopped at the
// request's time limit, and the server goes on answering.
func TestTimeoutStopsCayley(t *testing.T) {
	ts := newServer(t, server.Limits{Timeout: 300 * time.Millisecond})
	start := time.Now()
	code, body, _ := gizmo(t, ts.URL, busyGizmo)
	if code != http.StatusGatewayTimeout || !strings.Contains(body, "took longer than 300ms") {
		t.Errorf("busy query: %d %s; want 504 naming the limit", code, body)
	}
	t.Logf("stopped after %s", time.Since(start).Round(time.Millisecond))
	code, body, _ = gizmo(t, ts.URL, `g.V("<pcgraph:topic/e-seal>").In("<pcgraph:vocab/mentions>").All()`)
	var out struct{ Result []any }
	if json.Unmarshal([]byte(body), &out); code != 200 || len(out.Result) == 0 {
		t.Errorf("the next query: %d %s", code, body)
	}
}

// TestOverloadGets503: beyond the concurrency cap a request is refused at once with
// 503 and Retry-After, and served again when there is room.
func TestOverloadGets503(t *testing.T) {
	ts := newServer(t, server.Limits{MaxConcurrent: 1, Timeout: 2 * time.Second})
	var wg sync.WaitGroup
	var held atomic.Bool
	wg.Add(1)
	go func() { // takes the only slot and holds it for 2 s (retrying if a poll below got it first)
		defer wg.Done()
		for i := 0; i < 20; i++ {
			res, err := http.Post(ts.URL+"/api/v2/query", "text/plain", strings.NewReader(busyGizmo))
			if err != nil {
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusServiceUnavailable {
				held.Store(true)
				return
			}
		}
	}()
	refused := false
	for deadline := time.Now().Add(10 * time.Second); !refused && !held.Load() && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := http.Post(ts.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ consultations { id } }"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			refused = true
			if res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "OVERLOADED") {
				t.Errorf("503 without Retry-After or code: %v %s", res.Header, b)
			}
		}
	}
	if !refused {
		t.Error("no request was refused while the only slot was taken")
	}
	wg.Wait()
	assertHealthy(t, ts.URL)
	// Health and metrics are not capped: monitoring must see a busy server.
	res, err := http.Get(ts.URL + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Errorf("/healthz: %v %v", err, res)
	}
}

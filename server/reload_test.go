package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/server"
)

const adminToken = "test-admin-token-0123456789"

// newAdminServer is newServer with the admin endpoints on, over a store of the given
// backend spec.
func newAdminServer(t *testing.T, spec string, limits server.Limits) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(ctx, dataset(t), false); err != nil {
		t.Fatal(err)
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	srv := server.New(model, st, limits)
	srv.EnableAdmin(adminToken)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts
}

// tableUpTo returns the bundled table with only the comments numbered up to n.
func tableUpTo(t *testing.T, n int) []byte {
	t.Helper()
	data, err := os.ReadFile(bundled + "/results.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, line := range strings.Split(string(data), "\n") {
		var k int
		if _, err := fmt.Sscanf(line, "%d\t", &k); err == nil && k > n {
			continue
		}
		out.WriteString(line + "\n")
	}
	return out.Bytes()
}

func adminPut(t *testing.T, ts *httptest.Server, token string, table []byte, replace bool) (int, map[string]any) {
	t.Helper()
	url := ts.URL + "/admin/consultations/mic-iot5g-security-2020?title=" + "IoT%E3%83%BB5G" + "&ministry=%E7%B7%8F%E5%8B%99%E7%9C%81&deadline=2020-06-25&source=results.tsv&format=tsv"
	if replace {
		url += "&replace=1"
	}
	req, _ := http.NewRequest(http.MethodPut, url, bytes.NewReader(table))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestAdminNeedsToken(t *testing.T) {
	off := newServer(t, server.Limits{})
	res, err := http.Post(off.URL+"/admin/refresh", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("admin without --admin-token: status %d, want 404", res.StatusCode)
	}

	ts := newAdminServer(t, "memory", server.Limits{})
	table := tableUpTo(t, 50)
	for _, token := range []string{"", "wrong-token-0123456789012"} {
		if code, _ := adminPut(t, ts, token, table, true); code != http.StatusUnauthorized {
			t.Errorf("token %q: status %d, want 401", token, code)
		}
	}
	if code, out := adminPut(t, ts, adminToken, table, false); code != http.StatusBadRequest || !strings.Contains(fmt.Sprint(out["error"]), "--replace") {
		t.Errorf("load over a loaded consultation without replace: %d %v", code, out)
	}
	code, out := adminPut(t, ts, adminToken, table, true)
	if code != http.StatusOK || out["comments"] != float64(50) {
		t.Fatalf("replace: %d %v", code, out)
	}
	var got struct{ Comments struct{ TotalCount int } }
	query(t, ts, `{ comments { totalCount } }`, nil, &got)
	if got.Comments.TotalCount != 50 {
		t.Errorf("after the replace the API serves %d comments, want 50", got.Comments.TotalCount)
	}
	// The GraphQL API has no way to write.
	if r := post(t, ts, `mutation { dropConsultation(id: "x") }`, nil); len(r.Errors) == 0 {
		t.Errorf("a mutation was accepted: %s", r.Data)
	}
	// A broken upload changes nothing.
	if code, out := adminPut(t, ts, adminToken, []byte("\x00\x01garbage"), true); code != http.StatusBadRequest {
		t.Errorf("garbage upload: %d %v", code, out)
	}
	query(t, ts, `{ comments { totalCount } }`, nil, &got)
	if got.Comments.TotalCount != 50 {
		t.Errorf("a refused upload changed what is served: %d comments", got.Comments.TotalCount)
	}
}

// TestReloadUnderLoad replaces the consultation 10 times, alternating 50 and 107
// comments, while readers query it: every response must be consistent with exactly one
// version, and no response may be a 5xx other than the documented 503.
func TestReloadUnderLoad(t *testing.T) {
	for _, backend := range []string{"memory", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			spec := "memory"
			if backend == "bolt" {
				spec = "bolt:" + t.TempDir() + "/store"
			}
			ts := newAdminServer(t, spec, server.Limits{MaxConcurrent: 8})
			versions := map[int][]byte{50: tableUpTo(t, 50), 107: tableUpTo(t, 107)}
			var stop atomic.Bool
			var checked, busy atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan string, 100)
			report := func(format string, args ...any) {
				select {
				case errs <- fmt.Sprintf(format, args...):
				default:
				}
			}
			const q = `{ consultations { comments(first: 100) { totalCount nodes { number } } } commentStats(groupBy: [CONSULTATION]) { count } search(text: "セキュリティ", first: 1) { totalCount } }`
			body, _ := json.Marshal(map[string]string{"query": q})
			for r := 0; r < 6; r++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < 2000 && !stop.Load(); i++ {
						res, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(body))
						if err != nil {
							report("request: %v", err)
							return
						}
						raw, _ := io.ReadAll(res.Body)
						res.Body.Close()
						if res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "" {
							busy.Add(1)
							continue
						}
						if res.StatusCode != 200 {
							report("status %d: %s", res.StatusCode, raw)
							continue
						}
						var r struct {
							Data struct {
								Consultations []struct {
									Comments struct {
										TotalCount int
										Nodes      []struct{ Number int }
									}
								}
								CommentStats []struct{ Count int }
							}
							Errors []any
						}
						if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 || len(r.Data.Consultations) != 1 {
							report("bad response: %s", raw)
							continue
						}
						c := r.Data.Consultations[0].Comments
						n := c.TotalCount
						ok := (n == 50 || n == 107) && len(c.Nodes) == min(n, 100) &&
							len(r.Data.CommentStats) == 1 && r.Data.CommentStats[0].Count == n
						for k, node := range c.Nodes {
							ok = ok && node.Number == k+1
						}
						if !ok {
							report("inconsistent response: totalCount %d, %d nodes, stats %v", n, len(c.Nodes), r.Data.CommentStats)
						}
						checked.Add(1)
					}
				}()
			}
			deadline := time.Now().Add(60 * time.Second)
			for i := 0; i < 10 && time.Now().Before(deadline); i++ {
				n := 50
				if i%2 == 1 {
					n = 107
				}
				if code, out := adminPut(t, ts, adminToken, versions[n], true); code != 200 || out["comments"] != float64(n) {
					t.Errorf("replace %d: %d %v", i, code, out)
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop.Store(true)
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
			if checked.Load() < 50 {
				t.Errorf("only %d responses checked; the test proves little", checked.Load())
			}
			t.Logf("%s: %d consistent responses, %d refused with 503 while 10 replaces ran", backend, checked.Load(), busy.Load())
		})
	}
}

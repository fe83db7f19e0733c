package server_test

import (
	"encoding/json"
	"net/http"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/server"
)

// TestGizmoMemoryAndResultCaps: a Gizmo query cannot take the server's memory, at once or
// step by step, nor answer without bound; each is refused with a code, and ordinary
// JavaScript (and the builtins the caps wrap) still works.
func TestGizmoMemoryAndResultCaps(t *testing.T) {
	// A smaller memory budget than the default, and more time than Gizmo's default 5 s, so
	// that the query that grows step by step reaches the budget before the time limit also
	// under the race detector (where goja runs many times slower).
	ts := newServer(t, server.Limits{Timeout: 60 * time.Second, GizmoTimeout: 60 * time.Second, GizmoMemory: 64 << 20})
	for _, tc := range []struct {
		name, query, code, says string
	}{
		{"one large string at once", `var a = []; for (var i = 0; i < 10; i++) { a.push("x".repeat(5e7)) }; g.Emit(a.length)`,
			"MEMORY_LIMIT_EXCEEDED", "repeat would be larger than"},
		{"padding", `g.Emit("x".padStart(1e9))`, "MEMORY_LIMIT_EXCEEDED", "padStart would be larger than"},
		{"a large array", `g.Emit(new Array(5e8).length)`, "MEMORY_LIMIT_EXCEEDED", "Array(500000000) would be larger than"},
		{"grown step by step", `var a = []; for (var i = 0; i < 250; i++) { a.push("x".repeat(8e6) + i) }; g.Emit(a.length)`,
			"MEMORY_LIMIT_EXCEEDED", "more memory than a Gizmo query may: more than 64 MiB"},
		{"a large answer", `for (var i = 0; i < 20; i++) { g.Emit("y".repeat(1e6) + i) }`, "RESULT_TOO_LARGE", "larger than 8 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			peak := watchHeap(t)
			code, body, _ := gizmo(t, ts.URL, tc.query)
			grew := peak()
			var doc struct{ Error, Code string }
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatalf("%v: %.300s", err, body)
			}
			if code != http.StatusUnprocessableEntity || doc.Code != tc.code || !strings.Contains(doc.Error, tc.says) {
				t.Errorf("status %d %+v; want 422, code %s, saying %q", code, doc, tc.code, tc.says)
			}
			if len(body) > 1000 {
				t.Errorf("the refusal is %d bytes", len(body))
			}
			t.Logf("heap grew by at most %d MiB", grew>>20)
			if grew > 768<<20 {
				t.Errorf("the heap grew by %d MiB before the query was stopped", grew>>20)
			}
		})
	}
	code, body, _ := gizmo(t, ts.URL, `g.Emit(["ab".repeat(3), "x".padStart(3, "-"), [1, 2, 3].join("+"), new Array(3).length, Array(2, 5).join(","), [0, 0].fill(7).join(""), [] instanceof Array]);
g.V("<pcgraph:topic/e-seal>").In("<pcgraph:vocab/mentions>").All()`)
	var out struct{ Result []json.RawMessage }
	if err := json.Unmarshal([]byte(body), &out); err != nil || code != http.StatusOK || len(out.Result) < 2 {
		t.Fatalf("an ordinary query: %d %.500s", code, body)
	}
	if got, want := string(out.Result[0]), `["ababab","--x","1+2+3",3,"2,5","77",true]`; got != want {
		t.Errorf("builtins under the caps give %s, want %s", got, want)
	}
}

// watchHeap samples the heap until the returned function is called, which says by how much
// it grew over its size at the start.
func watchHeap(t *testing.T) func() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	var peak uint64
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			case <-time.After(time.Millisecond):
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
		}
	}()
	return func() uint64 { close(quit); <-done; return peak }
}

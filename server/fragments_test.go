package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/server"
)

// fragmentChain is a query of levels fragments, each spreading the next one twice: its
// expanded form has 2^levels copies of leaf, its text grows by one line per level.
func fragmentChain(levels int, leaf string) string {
	var b strings.Builder
	b.WriteString("query { ...F1 }\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { %s }\n", levels, leaf)
	return b.String()
}

// TestFragmentChainIsRefusedFast: a chain of fragments that doubles at every level is
// refused as too complex in time linear in the document. Before, each level doubled the
// time (24 levels: 15 s); a 30-level chain must now be refused in under 50 ms. The bound
// is checked on the fastest of five requests, so that a busy machine does not fail the
// test; 2^30 steps would take minutes, so the test cannot pass by luck. A 200-level
// chain (2^200 copies) shows the work does not grow with the expanded size at all.
func TestFragmentChainIsRefusedFast(t *testing.T) {
	ts := newServer(t, server.Limits{})
	for _, levels := range []int{30, 200} {
		q := fragmentChain(levels, "consultations { id }")
		best := time.Hour
		for range 5 {
			start := time.Now()
			r := post(t, ts, q, nil)
			best = min(best, time.Since(start))
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "COMPLEXITY_LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "exceeds the limit of 50000") {
				t.Fatalf("%d levels: errors %+v, want one COMPLEXITY_LIMIT_EXCEEDED", levels, r.Errors)
			}
		}
		t.Logf("%d-level chain (%d bytes) refused in %v", levels, len(q), best)
		if best > 50*time.Millisecond {
			t.Errorf("%d-level chain refused in %v, want < 50ms", levels, best)
		}
	}
	assertHealthy(t, ts.URL)
}

// TestFragmentChainPricedExactly: memoising fragments does not change the price. A
// 10-level chain of `consultations { id }` (1 + 50·1 each) costs 2^9 · 51 = 26112; it
// passes a limit of 26112 and is refused by 26111 with that figure.
func TestFragmentChainPricedExactly(t *testing.T) {
	q := fragmentChain(10, "consultations { id }")
	if r := post(t, newServer(t, server.Limits{MaxComplexity: 26112}), q, nil); len(r.Errors) > 0 {
		t.Errorf("at the limit: %s", errorMessages(r))
	}
	r := post(t, newServer(t, server.Limits{MaxComplexity: 26111}), q, nil)
	if !strings.Contains(errorMessages(r), "operation has complexity 26112, which exceeds the limit of 26111") {
		t.Errorf("over the limit: %s", errorMessages(r))
	}
}

// TestFragmentChainShape: depth and aliases are measured through fragments, each once.
// A chain of 200 fragments around __schema is free of complexity (introspection) and is
// answered, not taken for a cycle; a 12-level chain of an alias holds 2^11 of them
// (counted per spread), which the alias limit refuses.
func TestFragmentChainShape(t *testing.T) {
	ts := newServer(t, server.Limits{})
	r := post(t, ts, fragmentChain(200, "__schema { queryType { name } }"), nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"Query"`) {
		t.Errorf("introspection chain: %s %s", errorMessages(r), r.Data)
	}
	r = post(t, ts, fragmentChain(12, "x: __typename"), nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "ALIAS_LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "2048 aliases") {
		t.Errorf("aliased chain: %+v", r.Errors)
	}
}

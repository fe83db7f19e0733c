package store

import (
	"testing"
	"time"
)

func TestIdle(t *testing.T) {
	t0 := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	sp := func(a, b int) span { return span{at(a), at(b)} }
	for _, tc := range []struct {
		name        string
		waits, busy []span
		want        time.Duration
	}{
		{"nothing ran", []span{sp(0, 3), sp(5, 6)}, nil, 4 * time.Second},
		{"a transaction covers a wait", []span{sp(2, 4)}, []span{sp(1, 5)}, 0},
		{"a transaction ends during a wait", []span{sp(2, 6)}, []span{sp(0, 3)}, 3 * time.Second},
		{"a transaction starts during a wait", []span{sp(2, 6)}, []span{sp(5, 9)}, 3 * time.Second},
		{"two inside one wait", []span{sp(0, 10)}, []span{sp(6, 7), sp(1, 3)}, 7 * time.Second},
		{"overlapping busy spans count once", []span{sp(0, 10)}, []span{sp(1, 5), sp(3, 6)}, 5 * time.Second},
		{"busy outside every wait", []span{sp(0, 1), sp(8, 9)}, []span{sp(2, 7)}, 2 * time.Second},
		{"no waits", nil, []span{sp(0, 5)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := idle(tc.waits, tc.busy); got != tc.want {
				t.Errorf("idle(%v, %v) = %s, want %s", tc.waits, tc.busy, got, tc.want)
			}
		})
	}
}

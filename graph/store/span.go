package store

import (
	"slices"
	"time"
)

// span is an interval of wall time.
type span struct{ from, to time.Time }

// idle is how much of waits no span of busy covers: the time a chunked write only
// waited for its next table, with no transaction of its own running meanwhile (a
// spill's transaction runs while the next table is read).
func idle(waits, busy []span) time.Duration {
	busy = slices.Clone(busy)
	slices.SortFunc(busy, func(a, b span) int { return a.from.Compare(b.from) })
	var sum time.Duration
	for _, w := range waits {
		d := w.to.Sub(w.from)
		cur := w.from // busy spans may overlap one another: count each instant once
		for _, b := range busy {
			from, to := later(b.from, cur), earlier(b.to, w.to)
			if to.After(from) {
				d -= to.Sub(from)
				cur = to
			}
		}
		sum += max(d, 0)
	}
	return sum
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

package bench

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Sample is one measurement: a question asked by some clients at once, over and over,
// for a while.
type Sample struct {
	Clients  int
	N        int           // questions answered
	Elapsed  time.Duration // from the first question to the last answer
	P50, P99 time.Duration // latency percentiles (nearest rank)
	QPS      float64       // answers per second, all clients together
}

// Budget says how long one measurement runs: Duration, or until Iterations questions
// have been answered when that is set (whichever comes first when both are).
type Budget struct {
	Duration   time.Duration
	Iterations int
}

func (b Budget) String() string {
	switch {
	case b.Iterations > 0 && b.Duration > 0:
		return fmt.Sprintf("%s or %d requests", b.Duration, b.Iterations)
	case b.Iterations > 0:
		return fmt.Sprintf("%d requests", b.Iterations)
	}
	return b.Duration.String()
}

// Measure asks op with the given number of concurrent clients until the budget is
// spent and returns the latency percentiles and the throughput. Every client first asks
// once unmeasured (connections opened, caches warm). The first error stops the
// measurement and is returned: a benchmark that measures errors measures nothing.
func Measure(ctx context.Context, clients int, b Budget, op func(ctx context.Context) error) (Sample, error) {
	if clients < 1 {
		return Sample{}, fmt.Errorf("measure: %d clients", clients)
	}
	if b.Duration <= 0 && b.Iterations <= 0 {
		return Sample{}, fmt.Errorf("measure: neither a duration nor a number of iterations")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// warm up: every client once, concurrently
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			if err := op(ctx); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return Sample{}, err
	}

	var (
		mu        sync.Mutex
		latencies = make([][]time.Duration, clients)
		issued    int // questions started, against Iterations
		last      time.Time
	)
	take := func() bool { // may another question start?
		mu.Lock()
		defer mu.Unlock()
		if b.Iterations > 0 && issued >= b.Iterations {
			return false
		}
		issued++
		return true
	}
	start := time.Now()
	var deadline time.Time
	if b.Duration > 0 {
		deadline = start.Add(b.Duration)
	}
	for i := range clients {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 1024)
			defer func() { latencies[i] = lat }()
			for ctx.Err() == nil {
				t0 := time.Now()
				if !deadline.IsZero() && !t0.Before(deadline) || !take() {
					return
				}
				if err := op(ctx); err != nil {
					cancel(err)
					return
				}
				t1 := time.Now()
				lat = append(lat, t1.Sub(t0))
				mu.Lock()
				if t1.After(last) {
					last = t1
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return Sample{}, err
	}
	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	if len(all) == 0 {
		return Sample{}, fmt.Errorf("measure: no question was answered within %s", b)
	}
	slices.Sort(all)
	s := Sample{Clients: clients, N: len(all), Elapsed: last.Sub(start), P50: Percentile(all, 50), P99: Percentile(all, 99)}
	if s.Elapsed > 0 {
		s.QPS = float64(s.N) / s.Elapsed.Seconds()
	}
	return s, nil
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the nearest-rank
// method: the smallest value with at least p% of the values at or below it. It is an
// observed value, never an interpolation; 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

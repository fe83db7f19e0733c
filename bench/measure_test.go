package bench

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	for _, c := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value is every percentile", ms(7), 50, 7 * time.Millisecond},
		{"one value p99", ms(7), 99, 7 * time.Millisecond},
		{"median of four is the second (nearest rank)", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"median of five", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"p99 of five is the largest", ms(1, 2, 3, 4, 5), 99, 5 * time.Millisecond},
		{"p100", ms(1, 2, 3), 100, 3 * time.Millisecond},
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p1 of 1..100", hundred, 1, 1 * time.Millisecond},
		{"tiny p is the smallest", hundred, 0.001, 1 * time.Millisecond},
	} {
		if got := Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: Percentile(%v, %v) = %v, want %v", c.name, c.sorted, c.p, got, c.want)
		}
	}
}

func TestMeasureIterations(t *testing.T) {
	var calls atomic.Int64
	op := func(context.Context) error { calls.Add(1); time.Sleep(time.Millisecond); return nil }
	s, err := Measure(context.Background(), 4, Budget{Iterations: 40}, op)
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 40 || s.Clients != 4 {
		t.Errorf("N %d, clients %d; want 40 questions by 4 clients", s.N, s.Clients)
	}
	if got := calls.Load(); got != 44 { // 4 warm-up questions, one per client
		t.Errorf("%d calls, want 44", got)
	}
	if s.P50 < time.Millisecond || s.P99 < s.P50 || s.QPS <= 0 {
		t.Errorf("implausible sample %+v", s)
	}
}

func TestMeasureDuration(t *testing.T) {
	op := func(context.Context) error { time.Sleep(2 * time.Millisecond); return nil }
	start := time.Now()
	s, err := Measure(context.Background(), 2, Budget{Duration: 100 * time.Millisecond}, op)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %s for a 100ms budget", took)
	}
	// two clients, ~2 ms each: ~1000/s at most
	if s.N < 10 || s.QPS > 1100 || s.QPS < 100 {
		t.Errorf("implausible sample %+v", s)
	}
}

func TestMeasureFailsOnError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int64
	op := func(context.Context) error {
		if calls.Add(1) > 10 {
			return boom
		}
		return nil
	}
	if _, err := Measure(context.Background(), 3, Budget{Duration: time.Minute}, op); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if _, err := Measure(context.Background(), 0, Budget{Duration: time.Second}, op); err == nil {
		t.Error("0 clients: no error")
	}
	if _, err := Measure(context.Background(), 1, Budget{}, op); err == nil {
		t.Error("no budget: no error")
	}
}

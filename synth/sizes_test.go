package synth

import (
	"fmt"
	"slices"
	"testing"
)

func TestConsultationSizes(t *testing.T) {
	tests := []struct {
		n, k, cap int
		skewed    bool // the biggest holds at least three times the median
	}{
		{1, 1, 10, false},
		{10, 10, 10, false},
		{11, 10, 10, false},
		{300, 3, 1000, false},
		{1000, 3, 400, false}, // the cap binds: 400 + 400 + 200 at most
		{50, 7, 8, false},     // nearly full: 7 · 8 = 56
		{100_000, 20, 200_000, true},
		{100_000, 200, 200_000, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d over %d, at most %d", tt.n, tt.k, tt.cap), func(t *testing.T) {
			got := consultationSizes(newRand(1, streamPlan), tt.n, tt.k, tt.cap)
			if again := consultationSizes(newRand(1, streamPlan), tt.n, tt.k, tt.cap); !slices.Equal(got, again) {
				t.Errorf("not deterministic: %v then %v", got, again)
			}
			if len(got) != tt.k {
				t.Fatalf("%d sizes, want %d", len(got), tt.k)
			}
			total := 0
			for i, s := range got {
				total += s
				if s < 1 || s > tt.cap {
					t.Errorf("consultation %d: %d comments, want 1 to %d", i, s, tt.cap)
				}
			}
			if total != tt.n {
				t.Errorf("sizes %v sum to %d, want exactly %d", got, total, tt.n)
			}
			if tt.skewed {
				sorted := slices.Sorted(slices.Values(got))
				if median, biggest := sorted[len(sorted)/2], sorted[len(sorted)-1]; biggest < 3*median {
					t.Errorf("biggest %d, median %d: not a few big consultations and many small ones", biggest, median)
				}
			}
		})
	}
}

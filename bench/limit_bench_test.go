package bench

import (
	"context"
	"testing"
)

// BenchmarkLimit runs the limit's measured operations on the bundled data:
//
//	go test ./bench -run '^$' -bench Limit -benchmem
func BenchmarkLimit(b *testing.B) {
	ctx := context.Background()
	res, err := NewLimit(bundledDatasets(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range Questions {
		op, err := res.Op(q, DefaultSearchText)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if err := op(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

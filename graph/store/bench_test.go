package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
)

// BenchmarkWriteAllBolt writes 10 consultations of 1,000 comments each into a new bbolt
// store, as `pcgraph load` of a folder of tables does.
func BenchmarkWriteAllBolt(b *testing.B) {
	var datasets []*graph.Dataset
	for i := range 10 {
		datasets = append(datasets, fixture(fmt.Sprintf("bench-%02d", i), 1000))
	}
	ctx := context.Background()
	quads := 0
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(ctx, storetest.Spec(b, "bolt"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		quads = 0
		if err := s.WriteAll(ctx, datasets, false, func(_ *graph.Dataset, w store.WriteResult) { quads += w.Total }); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(quads)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkReadAllBolt reads back a bbolt store of 10 consultations of 1,000 comments,
// as a server does when it starts.
func BenchmarkReadAllBolt(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, storetest.Spec(b, "bolt"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := range 10 {
		if _, err := s.Write(ctx, fixture(fmt.Sprintf("bench-%02d", i), 1000), false); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		all, err := s.ReadAll(ctx)
		if err != nil || len(all) != 10 {
			b.Fatalf("ReadAll: %d, %v", len(all), err)
		}
	}
}

package index

import (
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

var bench struct {
	once sync.Once
	ds   []*graph.Dataset
	s    *Snapshot
}

func benchSnapshot(b *testing.B) ([]*graph.Dataset, *Snapshot) {
	bench.once.Do(func() {
		bench.ds = benchCorpus()
		s, err := Build(bench.ds)
		if err != nil {
			b.Fatalf("Build: %v", err)
		}
		bench.s = s
	})
	if bench.s == nil {
		b.Fatal("no snapshot")
	}
	return bench.ds, bench.s
}

// BenchmarkBuild indexes 100k comments (20 consultations).
func BenchmarkBuild(b *testing.B) {
	ds, _ := benchSnapshot(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(ds); err != nil {
			b.Fatal(err)
		}
	}
}

// flagship is the flagship question (docs/ARCHITECTURE.md, "Questions"): organizations
// with some comment about trust services
// referred to future work.
var flagship = &OrganizationFilter{Comments: &Quantifier{Some: &CommentFilter{
	Topics: []string{"topic/trust-services"}, Dispositions: []graph.Disposition{graph.FutureWork}}}}

func BenchmarkFlagship(b *testing.B) {
	_, s := benchSnapshot(b)
	orgs, err := s.Organizations(flagship)
	if err != nil || len(orgs) == 0 {
		b.Fatalf("Organizations(flagship) = %d organizations, %v", len(orgs), err)
	}
	b.ReportMetric(float64(len(orgs)), "orgs")
	for b.Loop() {
		if _, err := s.organizationSet(flagship); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlagshipPage is a page of the flagship question after the first: its set
// comes from the snapshot's cache.
func BenchmarkFlagshipPage(b *testing.B) {
	_, s := benchSnapshot(b)
	for b.Loop() {
		if _, err := s.Organizations(flagship); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFlagshipAll(b *testing.B) {
	_, s := benchSnapshot(b)
	f := &OrganizationFilter{Comments: &Quantifier{All: &CommentFilter{Topics: []string{"topic/trust-services"}}}}
	for b.Loop() {
		if _, err := s.organizationSet(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCommentsText(b *testing.B) {
	_, s := benchSnapshot(b)
	f := &CommentFilter{Text: "ｅシール"}
	for b.Loop() {
		if _, err := s.CommentSet(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCountTopicDisposition(b *testing.B) {
	_, s := benchSnapshot(b)
	for b.Loop() {
		if _, err := s.Count(nil, []Dimension{DimTopic, DimDisposition}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCountSubmitterTopic(b *testing.B) {
	_, s := benchSnapshot(b)
	for b.Loop() {
		if _, err := s.Count(nil, []Dimension{DimSubmitter, DimTopic}); err != nil {
			b.Fatal(err)
		}
	}
}

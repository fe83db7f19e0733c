package index

import "testing"

// BenchmarkBuildCampaigns indexes 100k comments (20 consultations) and detects their
// campaigns, which Build leaves to first use. The corpus's texts are bags of 30 words,
// far more alike than real comments: a worst case for detection (see
// graph/campaign's BenchmarkDetect100k for a realistic corpus).
func BenchmarkBuildCampaigns(b *testing.B) {
	ds, _ := benchSnapshot(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		s, err := Build(ds)
		if err != nil {
			b.Fatal(err)
		}
		n = len(s.AllCampaigns())
	}
	b.ReportMetric(float64(n), "campaigns")
}

package network

import "testing"

// BenchmarkBuild builds the network of 10,000 synthetic comments on 80 topics by 500
// submitters on 40 sections: the scale of a large consultation, or of several. With
// submitters the network has ~620 nodes; betweenness is O(V·E) there.
func BenchmarkBuild(b *testing.B) {
	comments := synthetic(10000, 80, 500, 40, 42)
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"topics", Options{}},
		{"topics/minWeight=10", Options{MinWeight: 10}},
		{"submitters", Options{Submitters: true}},
		{"sections", Options{Sections: true}},
		{"all", Options{Submitters: true, Sections: true}},
		{"all/minWeight=3", Options{MinWeight: 3, Submitters: true, Sections: true}},
		{"all/skipBetweenness", Options{Submitters: true, Sections: true, SkipBetweenness: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var net Network
			b.ReportAllocs()
			for b.Loop() {
				net = Build(comments, nil, bc.opts)
			}
			b.ReportMetric(float64(len(net.Nodes)), "nodes")
			b.ReportMetric(float64(len(net.Edges)), "edges")
		})
	}
}

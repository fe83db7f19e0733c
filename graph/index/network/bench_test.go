package network

import (
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// benchCases are the option sets BenchmarkBuild and BenchmarkBuildReference time.
var benchCases = []struct {
	name string
	opts Options
}{
	{"topics", Options{}},
	{"topics/minWeight=10", Options{MinWeight: 10}},
	{"topics/skipMeasures", Options{SkipBetweenness: true, SkipCommunities: true}},
	{"submitters", Options{Submitters: true}},
	{"sections", Options{Sections: true}},
	{"all", Options{Submitters: true, Sections: true}},
	{"all/minWeight=3", Options{MinWeight: 3, Submitters: true, Sections: true}},
	{"all/skipBetweenness", Options{Submitters: true, Sections: true, SkipBetweenness: true}},
	{"all/skipMeasures", Options{Submitters: true, Sections: true, SkipBetweenness: true, SkipCommunities: true}},
}

// BenchmarkBuild builds the network of 10,000 synthetic comments on 80 topics by 500
// submitters on 40 sections: the scale of a large consultation, or of several. With
// submitters the network has ~620 nodes; betweenness is O(V·E) there. The skipMeasures
// cases time the counting alone (what topicNetwork does when asked for neither
// betweenness nor community).
func BenchmarkBuild(b *testing.B) { benchBuild(b, Build) }

// BenchmarkBuildReference times refBuild, the implementation Build replaced, on the same
// cases, for comparison.
func BenchmarkBuildReference(b *testing.B) { benchBuild(b, refBuild) }

func benchBuild(b *testing.B, build func([]*graph.Comment, Labeler, Options) Network) {
	comments := synthetic(10000, 80, 500, 40, 42)
	for _, bc := range benchCases {
		b.Run(bc.name, func(b *testing.B) {
			var net Network
			b.ReportAllocs()
			for b.Loop() {
				net = build(comments, nil, bc.opts)
			}
			b.ReportMetric(float64(len(net.Nodes)), "nodes")
			b.ReportMetric(float64(len(net.Edges)), "edges")
		})
	}
}

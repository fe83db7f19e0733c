package export

import (
	"io"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// Format is one file an export writes.
type Format struct {
	// Name is the format's name: graphml, gexf, cyjs, or nodes.csv and edges.csv, the two
	// files of `pcgraph export --format csv` (written under these names into --out DIR).
	Name string
	// File is the file name served under /export/ and proposed for saving.
	File string
	// ContentType is the HTTP media type.
	ContentType string
	// Write writes a network in this format.
	Write func(w io.Writer, net network.Network, meta Meta) error
}

// Formats are every file an export can write, in a fixed order.
var Formats = []Format{
	{"graphml", "topic-network.graphml", "application/graphml+xml", GraphML},
	{"gexf", "topic-network.gexf", "application/gexf+xml", GEXF},
	{"cyjs", "topic-network.cyjs", "application/json", CytoscapeJSON},
	{"nodes.csv", "topic-network-nodes.csv", "text/csv; charset=utf-8", NodesCSV},
	{"edges.csv", "topic-network-edges.csv", "text/csv; charset=utf-8", EdgesCSV},
}

// ByFile returns the format served as file (topic-network.graphml …).
func ByFile(file string) (Format, bool) {
	for _, f := range Formats {
		if f.File == file {
			return f, true
		}
	}
	return Format{}, false
}

// ByName returns the formats a --format name writes: one, or for csv two (nodes.csv,
// edges.csv).
func ByName(name string) ([]Format, bool) {
	var out []Format
	for _, f := range Formats {
		if f.Name == name || (name == "csv" && (f.Name == "nodes.csv" || f.Name == "edges.csv")) {
			out = append(out, f)
		}
	}
	return out, len(out) > 0
}

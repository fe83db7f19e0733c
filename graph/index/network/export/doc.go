// Package export writes a topic network (network.Network) in the formats researchers'
// tools read: GraphML (Gephi, yEd, networkx.read_graphml), GEXF 1.2 (Gephi,
// networkx.read_gexf), Cytoscape JSON (Cytoscape, Cytoscape.js, networkx.cytoscape_graph)
// and CSV node and edge lists (pandas, R, spreadsheets).
//
// Every format carries the same attributes. Nodes: id, label, kind (TOPIC, SUBMITTER,
// SECTION), kindLabel (kind_label in CSV: the kind's Japanese label, トピック, 意見提出者,
// 該当箇所, from graph.Labels), weight, degree, weightedDegree, betweenness (raw: networkx's
// betweenness_centrality(G, normalized=False)) and community. Edges: source, target and
// weight; edges are undirected. See package network for what each one means.
//
// The writers are deterministic: the same network and Meta give the same bytes (nodes
// and edges in the network's order, attributes in a fixed order, no timestamps). Text is
// UTF-8; XML is escaped, so labels with & < > " survive.
//
// The parameters of an export request (the filter and options, from a URL or flags) are
// read by server.ParseExportParams, for the HTTP service (/export/…) and pcgraph export.
package export

import (
	"strconv"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index/network"
)

// Meta describes where a network comes from. It is written into the file (GraphML's
// graph data, GEXF's meta, Cytoscape JSON's data); an empty field is left out.
type Meta struct {
	Name        string // a title, e.g. "pcgraph topic network"
	Description string // e.g. the filter that selected the comments
}

// line is the name and the description on one line, for formats with one field.
func (m Meta) line() string {
	switch {
	case m.Name == "":
		return m.Description
	case m.Description == "":
		return m.Name
	}
	return m.Name + ": " + m.Description
}

// number writes a float as the shortest decimal that reads back as the same float64
// (Go's strconv 'g', Python's float() and Java's Double.parseDouble all read it).
func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// kindLabel is the Japanese label of a node's kind (graph.Labels["NetworkNodeKind"]).
func kindLabel(k network.NodeKind) string { return graph.Label("NetworkNodeKind", string(k)) }

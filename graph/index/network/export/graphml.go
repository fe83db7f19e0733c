package export

import (
	"io"
	"strconv"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// GraphML namespaces (http://graphml.graphdrawing.org/specification.html).
const (
	graphMLNS     = "http://graphml.graphdrawing.org/xmlns"
	graphMLSchema = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
	xsiNS         = "http://www.w3.org/2001/XMLSchema-instance"
)

// graphMLKeys declares the data keys, in output order: id, for, attr.name, attr.type.
// The edge weight's key is edge.weight so that it does not clash with the node weight's;
// both are named "weight", which Gephi and networkx read as the edge weight.
var graphMLKeys = [][4]string{
	{"name", "graph", "name", "string"},
	{"description", "graph", "description", "string"},
	{"label", "node", "label", "string"},
	{"kind", "node", "kind", "string"},
	{"kindLabel", "node", "kindLabel", "string"},
	{"weight", "node", "weight", "int"},
	{"degree", "node", "degree", "int"},
	{"weightedDegree", "node", "weightedDegree", "int"},
	{"betweenness", "node", "betweenness", "double"},
	{"community", "node", "community", "int"},
	{"edge.weight", "edge", "weight", "int"},
}

// GraphML writes net as an undirected GraphML graph: each node with the data label, kind, kindLabel,
// weight, degree, weightedDegree, betweenness and community, each edge with its weight,
// every key declared with its type (networkx.read_graphml gives ints as int, betweenness
// as float).
func GraphML(w io.Writer, net network.Network, meta Meta) error {
	var b xmlBuf
	b.WriteString(xmlHeader)
	b.open(0, "graphml", false, "xmlns", graphMLNS, "xmlns:xsi", xsiNS, "xsi:schemaLocation", graphMLSchema)
	for _, k := range graphMLKeys {
		if k[1] == "graph" && metaField(meta, k[0]) == "" {
			continue
		}
		b.open(1, "key", true, "id", k[0], "for", k[1], "attr.name", k[2], "attr.type", k[3])
	}
	b.open(1, "graph", false, "id", "topic-network", "edgedefault", "undirected")
	for _, k := range []string{"name", "description"} {
		if v := metaField(meta, k); v != "" {
			b.element(2, "data", v, "key", k)
		}
	}
	for _, n := range net.Nodes {
		b.open(2, "node", false, "id", n.ID)
		b.element(3, "data", n.Label, "key", "label")
		b.element(3, "data", string(n.Kind), "key", "kind")
		b.element(3, "data", kindLabel(n.Kind), "key", "kindLabel")
		b.element(3, "data", strconv.Itoa(n.Weight), "key", "weight")
		b.element(3, "data", strconv.Itoa(n.Degree), "key", "degree")
		b.element(3, "data", strconv.Itoa(n.WeightedDegree), "key", "weightedDegree")
		b.element(3, "data", number(n.Betweenness), "key", "betweenness")
		b.element(3, "data", strconv.Itoa(n.Community), "key", "community")
		b.close(2, "node")
	}
	for _, e := range net.Edges {
		b.open(2, "edge", false, "source", e.Source, "target", e.Target)
		b.element(3, "data", strconv.Itoa(e.Weight), "key", "edge.weight")
		b.close(2, "edge")
	}
	b.close(1, "graph")
	b.close(0, "graphml")
	_, err := w.Write(b.Bytes())
	return err
}

func metaField(m Meta, name string) string {
	switch name {
	case "name":
		return m.Name
	case "description":
		return m.Description
	}
	return ""
}

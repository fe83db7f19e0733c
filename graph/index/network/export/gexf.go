package export

import (
	"io"
	"strconv"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// GEXF 1.2 (https://gexf.net/schema.html).
const (
	gexfNS     = "http://www.gexf.net/1.2draft"
	gexfSchema = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"
)

// gexfAttributes declares the node attributes, in output order: id, title, type.
var gexfAttributes = [][3]string{
	{"0", "kind", "string"},
	{"1", "weight", "integer"},
	{"2", "degree", "integer"},
	{"3", "weightedDegree", "integer"},
	{"4", "betweenness", "double"},
	{"5", "community", "integer"},
	{"6", "kindLabel", "string"},
}

// GEXF writes net as a static, undirected GEXF 1.2 graph: the node label as GEXF's label,
// the other node attributes declared in <attributes class="node">, the edge weight as the
// edge's weight attribute. Edge IDs are their positions (0, 1, …).
func GEXF(w io.Writer, net network.Network, meta Meta) error {
	var b xmlBuf
	b.WriteString(xmlHeader)
	b.open(0, "gexf", false, "xmlns", gexfNS, "xmlns:xsi", xsiNS, "xsi:schemaLocation", gexfSchema, "version", "1.2")
	b.open(1, "meta", false)
	b.element(2, "creator", "pcgraph")
	if d := meta.line(); d != "" {
		b.element(2, "description", d)
	}
	b.close(1, "meta")
	b.open(1, "graph", false, "mode", "static", "defaultedgetype", "undirected")
	b.open(2, "attributes", false, "class", "node", "mode", "static")
	for _, a := range gexfAttributes {
		b.open(3, "attribute", true, "id", a[0], "title", a[1], "type", a[2])
	}
	b.close(2, "attributes")
	if len(net.Nodes) == 0 {
		b.open(2, "nodes", true)
	} else {
		b.open(2, "nodes", false)
	}
	for _, n := range net.Nodes {
		b.open(3, "node", false, "id", n.ID, "label", n.Label)
		b.open(4, "attvalues", false)
		for i, v := range []string{string(n.Kind), strconv.Itoa(n.Weight), strconv.Itoa(n.Degree),
			strconv.Itoa(n.WeightedDegree), number(n.Betweenness), strconv.Itoa(n.Community), kindLabel(n.Kind)} {
			b.open(5, "attvalue", true, "for", gexfAttributes[i][0], "value", v)
		}
		b.close(4, "attvalues")
		b.close(3, "node")
	}
	if len(net.Nodes) > 0 {
		b.close(2, "nodes")
	}
	if len(net.Edges) == 0 {
		b.open(2, "edges", true)
	} else {
		b.open(2, "edges", false)
		for i, e := range net.Edges {
			b.open(3, "edge", true, "id", strconv.Itoa(i), "source", e.Source, "target", e.Target, "weight", strconv.Itoa(e.Weight))
		}
		b.close(2, "edges")
	}
	b.close(1, "graph")
	b.close(0, "gexf")
	_, err := w.Write(b.Bytes())
	return err
}

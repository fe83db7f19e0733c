package export

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// Cytoscape JSON, as Cytoscape (File → Import → Network from File, .cyjs), Cytoscape.js
// (cy.json / elements) and networkx (json_graph.cytoscape_graph) read it:
//
//	{"data": {"name": …, "description": …}, "directed": false, "multigraph": false,
//	 "elements": {"nodes": [{"data": {"id", "value", "name", …}}],
//	              "edges": [{"data": {"id", "source", "target", "weight"}}]}}
//
// networkx keys each node by data.value and joins edges by source and target, so value
// is the node ID, like id; name is the label (Cytoscape shows it). Edge IDs are "e0",
// "e1", … (Cytoscape.js wants unique element IDs; node IDs always contain a slash).
type cyjsDoc struct {
	Data       cyjsGraphData `json:"data"`
	Directed   bool          `json:"directed"`
	Multigraph bool          `json:"multigraph"`
	Elements   cyjsElements  `json:"elements"`
}

type cyjsGraphData struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

type cyjsElements struct {
	Nodes []cyjsNode `json:"nodes"`
	Edges []cyjsEdge `json:"edges"`
}

type cyjsNode struct {
	Data cyjsNodeData `json:"data"`
}

type cyjsNodeData struct {
	ID             string  `json:"id"`
	Value          string  `json:"value"`
	Name           string  `json:"name"`
	Label          string  `json:"label"`
	Kind           string  `json:"kind"`
	KindLabel      string  `json:"kindLabel"`
	Weight         int     `json:"weight"`
	Degree         int     `json:"degree"`
	WeightedDegree int     `json:"weightedDegree"`
	Betweenness    float64 `json:"betweenness"`
	Community      int     `json:"community"`
}

type cyjsEdge struct {
	Data cyjsEdgeData `json:"data"`
}

type cyjsEdgeData struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Target string `json:"target"`
	Weight int    `json:"weight"`
}

// CytoscapeJSON writes net as an undirected Cytoscape JSON document (.cyjs), indented,
// with & < > written as themselves (not \u0026).
func CytoscapeJSON(w io.Writer, net network.Network, meta Meta) error {
	doc := cyjsDoc{
		Data:     cyjsGraphData{Name: meta.Name, Description: meta.Description},
		Elements: cyjsElements{Nodes: make([]cyjsNode, len(net.Nodes)), Edges: make([]cyjsEdge, len(net.Edges))},
	}
	for i, n := range net.Nodes {
		doc.Elements.Nodes[i] = cyjsNode{cyjsNodeData{
			ID: n.ID, Value: n.ID, Name: n.Label, Label: n.Label, Kind: string(n.Kind), KindLabel: kindLabel(n.Kind),
			Weight: n.Weight, Degree: n.Degree, WeightedDegree: n.WeightedDegree,
			Betweenness: n.Betweenness, Community: n.Community,
		}}
	}
	for i, e := range net.Edges {
		doc.Elements.Edges[i] = cyjsEdge{cyjsEdgeData{ID: "e" + strconv.Itoa(i), Source: e.Source, Target: e.Target, Weight: e.Weight}}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

package export

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// CSV node and edge lists: UTF-8 without a byte-order mark, a header row, fields quoted
// as RFC 4180 says (when they hold a comma, a double quote or a line break; a quote is
// doubled), LF line ends. pandas.read_csv, R's read.csv and Gephi's spreadsheet import
// read them as they are.

// NodesHeader is the header of NodesCSV.
var NodesHeader = []string{"id", "label", "kind", "kind_label", "weight", "degree", "weighted_degree", "betweenness", "community"}

// EdgesHeader is the header of EdgesCSV.
var EdgesHeader = []string{"source", "target", "weight"}

// NodesCSV writes net's nodes, one row each, in the network's order.
func NodesCSV(w io.Writer, net network.Network, _ Meta) error {
	cw := csv.NewWriter(w)
	cw.Write(NodesHeader)
	for _, n := range net.Nodes {
		cw.Write([]string{n.ID, n.Label, string(n.Kind), kindLabel(n.Kind), strconv.Itoa(n.Weight), strconv.Itoa(n.Degree),
			strconv.Itoa(n.WeightedDegree), number(n.Betweenness), strconv.Itoa(n.Community)})
	}
	cw.Flush()
	return cw.Error()
}

// EdgesCSV writes net's edges, one row each (source < target), in the network's order.
func EdgesCSV(w io.Writer, net network.Network, _ Meta) error {
	cw := csv.NewWriter(w)
	cw.Write(EdgesHeader)
	for _, e := range net.Edges {
		cw.Write([]string{e.Source, e.Target, strconv.Itoa(e.Weight)})
	}
	cw.Flush()
	return cw.Error()
}

package loader

import "github.com/pcgraph/pcgraph/graph"

// readXLSX is not written yet.
func readXLSX(file string, data []byte, _ ReadOptions) ([]Record, error) {
	return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: "reading xlsx is not supported yet"}
}

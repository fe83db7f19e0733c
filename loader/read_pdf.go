package loader

import "github.com/pcgraph/pcgraph/graph"

// readPDF is not written yet.
func readPDF(file string, data []byte, _ ReadOptions) ([]Record, error) {
	return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: "reading pdf is not supported yet"}
}

package loader

import "github.com/pcgraph/pcgraph/graph"

// readDOCX is not written yet.
func readDOCX(file string, data []byte, _ ReadOptions) ([]Record, error) {
	return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: "reading docx is not supported yet"}
}

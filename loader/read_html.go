package loader

import "github.com/pcgraph/pcgraph/graph"

// readHTML is not written yet.
func readHTML(file string, data []byte, _ ReadOptions) ([]Record, error) {
	return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: "reading html is not supported yet"}
}

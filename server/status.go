package server

import (
	"net/http"

	"github.com/pcgraph/pcgraph/graph"
)

// statuses is the one table from pcgraph's error codes (graph/error.go) to HTTP statuses,
// for every route that answers errors with a status (admin, exports). GraphQL errors keep
// status 200 and carry the code in extensions.code (errors.go).
var statuses = map[string]int{
	graph.EINVALID:  http.StatusBadRequest,
	graph.ENOTFOUND: http.StatusNotFound,
	graph.EINTERNAL: http.StatusInternalServerError,
}

// statusOf is the HTTP status of err's code.
func statusOf(err error) int {
	if s, ok := statuses[graph.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

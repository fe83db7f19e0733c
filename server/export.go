package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index/network"
	"github.com/pcgraph/pcgraph/graph/index/network/export"
)

// exportHandler serves /export/…: the topic network in the formats researchers' tools read.
//
//	GET /export/topic-network.graphml       GraphML (Gephi, yEd, networkx.read_graphml)
//	GET /export/topic-network.gexf          GEXF 1.2 (Gephi, networkx.read_gexf)
//	GET /export/topic-network.cyjs          Cytoscape JSON (Cytoscape, networkx.cytoscape_graph)
//	GET /export/topic-network-nodes.csv     node list
//	GET /export/topic-network-edges.csv     edge list
//
// The query parameters are topicNetwork's filter, minWeight and include (ExportParams);
// the network is built by network.Select, as topicNetwork builds it, from one view of the
// read model. A bad parameter is a 400 with the reason as plain text. GET /export/ lists
// the files and parameters.
func (s *Server) exportHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			exportError(w, http.StatusMethodNotAllowed, "use GET")
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/export/")
		if name == "" {
			exportIndex(w)
			return
		}
		format, ok := export.ByFile(name)
		if !ok {
			exportError(w, http.StatusNotFound, fmt.Sprintf("no export %q; see /export/ for the list", name))
			return
		}
		req, err := ParseExportParams(r.URL.Query())
		if err != nil {
			exportFailure(w, r, err)
			return
		}
		v := s.model.View()
		net, err := network.Select(v.Index, &req.Filter, req.Options)
		if err != nil {
			exportFailure(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := format.Write(&buf, net, req.Meta()); err != nil {
			exportFailure(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", format.ContentType)
		h.Set("Content-Disposition", `attachment; filename="`+format.File+`"`)
		h.Set("Content-Length", strconv.Itoa(buf.Len()))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Pcgraph-Generation", strconv.FormatInt(v.Generation, 10))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(buf.Bytes())
	})
}

// exportFailure answers an error with its status (status.go) and what a user may see of
// it; an internal error is logged.
func exportFailure(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		slog.ErrorContext(r.Context(), "export: internal error", "path", r.URL.Path, "err", err)
	}
	exportError(w, status, graph.ErrorMessage(err))
}

func exportError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, "pcgraph export: %s\n", msg)
}

// exportIndex lists the exports and their parameters.
func exportIndex(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	var b strings.Builder
	b.WriteString("The topic network (as the GraphQL field topicNetwork), for Gephi, Cytoscape and networkx:\n\n")
	for _, f := range export.Formats {
		fmt.Fprintf(&b, "  /export/%-28s %s\n", f.File, f.ContentType)
	}
	b.WriteString("\nQuery parameters (topicNetwork's filter, minWeight and include; all optional):\n\n")
	for _, p := range ExportParams {
		fmt.Fprintf(&b, "  %-14s %s\n", p.Name, p.Usage)
	}
	b.WriteString("\nExample: /export/topic-network.graphml?disposition=FUTURE_WORK&minWeight=2&include=SUBMITTER\n")
	w.Write([]byte(b.String()))
}

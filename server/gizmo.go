package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// Cayley's own query language (Gizmo, JavaScript-like paths) for ad-hoc traversals the
// GraphQL schema does not cover. Gizmo has no write operations; every query runs with a
// time limit and a result limit.
const (
	gizmoTimeout      = 5 * time.Second
	gizmoDefaultLimit = 100
	gizmoMaxLimit     = 1000
)

// gizmo serves POST /api/v2/query?lang=gizmo[&limit=N] with the query as the body, and
// answers {"result": [...]} or {"error": "..."}, as Cayley's own server does.
func (s *Server) gizmo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		gizmoError(w, http.StatusMethodNotAllowed, "use POST with the query as the body")
		return
	}
	if lang := r.URL.Query().Get("lang"); lang != "" && lang != "gizmo" {
		gizmoError(w, http.StatusBadRequest, "only lang=gizmo is served")
		return
	}
	limit := gizmoDefaultLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > gizmoMaxLimit {
			gizmoError(w, http.StatusBadRequest, "limit must be between 1 and "+strconv.Itoa(gizmoMaxLimit))
			return
		}
		limit = n
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.limits.MaxBodyBytes))
	if err != nil {
		gizmoError(w, http.StatusRequestEntityTooLarge, "query too large")
		return
	}
	timeout := min(gizmoTimeout, s.limits.Timeout)
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	results, err := s.runGizmo(ctx, string(body), limit)
	if err != nil {
		status := http.StatusBadRequest
		msg := err.Error()
		if ctx.Err() != nil {
			status, msg = http.StatusGatewayTimeout, "the query took longer than "+timeout.String()
		}
		gizmoError(w, status, msg)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"result": results})
}

func (s *Server) runGizmo(ctx context.Context, q string, limit int) ([]any, error) {
	defer s.store.ReadLock()()
	it, err := gizmo.NewSession(s.store.QuadStore()).Execute(ctx, q, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	out := []any{}
	for len(out) < limit && it.Next(ctx) {
		if v := it.Result(); v != nil {
			out = append(out, v)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

func gizmoError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": msg})
}

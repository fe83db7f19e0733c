package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// Cayley's own query language (Gizmo, JavaScript-like paths) for ad-hoc traversals the
// GraphQL schema does not cover. Gizmo has no write operations; every query runs with a
// time limit and a result limit (Limits.GizmoTimeout, the limit parameter).
const (
	gizmoDefaultLimit = 100
	gizmoMaxLimit     = 1000
)

// gizmo serves POST /api/v2/query?lang=gizmo[&limit=N] with the query as the body, and
// answers {"result": [...]} or {"error": "..."}, as Cayley's own server does.
func (s *Server) gizmo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		gizmoError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "use POST with the query as the body")
		return
	}
	if lang := r.URL.Query().Get("lang"); lang != "" && lang != "gizmo" {
		gizmoError(w, http.StatusBadRequest, "BAD_REQUEST", "only lang=gizmo is served")
		return
	}
	limit := gizmoDefaultLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > gizmoMaxLimit {
			gizmoError(w, http.StatusBadRequest, "BAD_REQUEST", "limit must be between 1 and "+strconv.Itoa(gizmoMaxLimit))
			return
		}
		limit = n
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.limits.MaxBodyBytes))
	if err != nil {
		gizmoError(w, http.StatusRequestEntityTooLarge, "BODY_TOO_LARGE", "the query is larger than the limit of "+strconv.FormatInt(s.limits.MaxBodyBytes, 10)+" bytes")
		return
	}
	timeout := min(s.limits.GizmoTimeout, s.limits.Timeout)
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	results, err := s.runGizmo(ctx, string(body), limit)
	if err != nil {
		status, code, msg := http.StatusBadRequest, "BAD_REQUEST", err.Error()
		switch {
		case errors.Is(err, errGizmoMemory):
			status, code = http.StatusUnprocessableEntity, "MEMORY_LIMIT_EXCEEDED"
		case errors.Is(err, errGizmoResult):
			status, code = http.StatusUnprocessableEntity, "RESULT_TOO_LARGE"
		case strings.Contains(msg, "the limit of one value in a Gizmo query"):
			status, code = http.StatusUnprocessableEntity, "MEMORY_LIMIT_EXCEEDED"
		case ctx.Err() != nil:
			status, code, msg = http.StatusGatewayTimeout, "TIMEOUT", "the query took longer than "+timeout.String()
		}
		gizmoError(w, status, code, msg)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	writeGizmoResults(w, results)
}

func (s *Server) runGizmo(ctx context.Context, q string, limit int) ([]json.RawMessage, error) {
	select {
	case gizmoSlot <- struct{}{}:
		defer func() { <-gizmoSlot }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer s.store.ReadLock()()
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	defer watchMemory(uint64(s.limits.GizmoMemory), stop)()
	session := gizmo.NewSession(s.store.QuadStore())
	if err := runPrelude(ctx, session); err != nil {
		return nil, err
	}
	return runGizmoQuery(ctx, session, q, limit)
}

// runPrelude runs gizmoPrelude in session to its end. Its iterator is not closed: closing
// interrupts the interpreter, and the interruption would stop the query run after it.
func runPrelude(ctx context.Context, session *gizmo.Session) error {
	it, err := session.Execute(ctx, gizmoPrelude, query.Options{Collation: query.JSON, Limit: 1})
	if err != nil {
		return err
	}
	for it.Next(ctx) {
	}
	return it.Err()
}

// runGizmoQuery runs q in session and encodes up to limit results, each as JSON.
func runGizmoQuery(ctx context.Context, session *gizmo.Session, q string, limit int) ([]json.RawMessage, error) {
	it, err := session.Execute(ctx, q, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	out := []json.RawMessage{}
	size := 0
	for len(out) < limit && it.Next(ctx) {
		v := it.Result()
		if v == nil {
			continue
		}
		b, err := marshalGizmo(v)
		if err != nil {
			return nil, err
		}
		if size += len(b) + 1; size > gizmoMaxResult {
			return nil, errGizmoResult
		}
		out = append(out, b)
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return nil, cause
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// marshalGizmo encodes one result as the answer shows it: HTML characters as they are.
func marshalGizmo(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// gizmoError answers as Cayley's server does ({"error": …}), with a code as the API's
// errors have.
func gizmoError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": msg, "code": code})
}

// writeGizmoResults writes {"result": [...]} from results encoded already.
func writeGizmoResults(w io.Writer, results []json.RawMessage) {
	w.Write([]byte(`{"result":[`))
	for i, r := range results {
		if i > 0 {
			w.Write([]byte(","))
		}
		w.Write(r)
	}
	w.Write([]byte("]}\n"))
}

package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/ingest"
	"github.com/pcgraph/pcgraph/loader"
)

// The admin endpoints change what a running server holds. They exist only when the
// server has an admin token, and every request must carry it
// (Authorization: Bearer TOKEN). The GraphQL API stays read-only.
//
//	PUT    /admin/consultations/{slug}?title=…&ministry=…&deadline=…[&replace=1][&strict=1]
//	       body: the result table (TSV or CSV, any supported encoding)
//	DELETE /admin/consultations/{slug}
//	POST   /admin/refresh      rebuild the view from the store (after another server loaded)
//
// A write goes to the store first, in one transaction; only then is the view rebuilt
// and swapped, so readers see the old consultation or the new one.

// DefaultAdminMaxBody bounds an uploaded table.
const DefaultAdminMaxBody = 256 << 20

func (s *Server) admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /admin/consultations/{slug}", s.adminPut)
	mux.HandleFunc("DELETE /admin/consultations/{slug}", s.adminDelete)
	mux.HandleFunc("POST /admin/refresh", s.adminRefresh)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.adminToken == "" {
			http.NotFound(w, r)
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.adminToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pcgraph admin"`)
			adminJSON(w, http.StatusUnauthorized, map[string]any{"error": "missing or wrong admin token"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) adminPut(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	m := loader.Manifest{
		Slug: r.PathValue("slug"), Title: q.Get("title"), Ministry: q.Get("ministry"),
		Deadline: q.Get("deadline"), Source: q.Get("source"), Format: q.Get("format"),
	}
	if m.Source == "" {
		m.Source = m.Slug + ".tsv"
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.adminMaxBody))
	if err != nil {
		adminJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"error": "the table is larger than the limit", "limit": s.adminMaxBody})
		return
	}
	var ids []string
	var wr store.WriteResult
	rep, err := ingest.Load(r.Context(), s.store, s.model, ingest.Request{
		Sources: []ingest.Source{{Bytes: body, Manifest: m}},
		Options: loader.Options{Strict: q.Get("strict") == "1"},
		Replace: q.Get("replace") == "1",
		Written: func(one store.Written, _ *loader.Result, _ bool) {
			ids = append(ids, one.Consultation.ID)
			wr.Added, wr.Deleted, wr.Revision = wr.Added+one.Added, wr.Deleted+one.Deleted, one.Revision
		},
	})
	var refresh *ingest.RefreshError
	switch {
	case errors.As(err, &refresh):
		adminJSON(w, http.StatusInternalServerError, map[string]any{"error": "stored, but the view could not be rebuilt: " + graph.ErrorMessage(refresh.Err)})
		return
	case err != nil:
		out := map[string]any{"error": graph.ErrorMessage(err)}
		var pe *loader.ProblemsError
		if errors.As(err, &pe) {
			out["problems"] = messages(pe.Problems)
		}
		adminJSON(w, statusOf(err), out)
		return
	}
	res, v := rep.Results[0], rep.View
	slog.Info("admin: loaded", "consultations", ids, "comments", rep.Comments, "added", wr.Added, "deleted", wr.Deleted)
	adminJSON(w, http.StatusOK, map[string]any{
		"consultation": ids[0], "consultations": ids, "comments": rep.Comments,
		"skipped": messages(res.Problems), "added": wr.Added, "deleted": wr.Deleted,
		"revision": wr.Revision, "generation": v.Generation,
	})
}

func (s *Server) adminDelete(w http.ResponseWriter, r *http.Request) {
	id := graph.ConsultationID(r.PathValue("slug"))
	if err := s.store.Drop(r.Context(), id); err != nil {
		adminJSON(w, statusOf(err), map[string]any{"error": graph.ErrorMessage(err)})
		return
	}
	v, err := s.model.Refresh(r.Context())
	if err != nil {
		adminJSON(w, http.StatusInternalServerError, map[string]any{"error": graph.ErrorMessage(err)})
		return
	}
	slog.Info("admin: dropped", "consultation", id)
	adminJSON(w, http.StatusOK, map[string]any{"dropped": id, "generation": v.Generation})
}

func (s *Server) adminRefresh(w http.ResponseWriter, r *http.Request) {
	v, err := s.model.Refresh(r.Context())
	if err != nil {
		adminJSON(w, http.StatusInternalServerError, map[string]any{"error": graph.ErrorMessage(err)})
		return
	}
	adminJSON(w, http.StatusOK, map[string]any{"generation": v.Generation, "comments": v.Index.NumComments()})
}

func messages(errs []*graph.Error) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

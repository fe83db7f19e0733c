package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/server/graphqlapi"
	"github.com/pcgraph/pcgraph/server/resolvers"
	"github.com/pcgraph/pcgraph/server/web"
)

// Server is pcgraph's HTTP service: the GraphQL API over the read model, GraphiQL, the
// Cayley query API, health and metrics.
type Server struct {
	model   *readmodel.Model
	store   *store.Store
	limits  Limits
	gql     *handler.Server
	mux     *http.ServeMux
	metrics *metrics

	adminToken   string // empty: no admin endpoints
	adminMaxBody int64
	hosts        hostGuard
}

// New returns a server answering from model, with Cayley queries against st.
func New(model *readmodel.Model, st *store.Store, limits Limits) *Server {
	s := &Server{model: model, store: st, limits: limits.withDefaults(), mux: http.NewServeMux(), metrics: newMetrics(model)}
	s.hosts = newHostGuard(s.limits.AllowHosts)
	s.gql = newGraphQL(s.limits)
	s.adminMaxBody = DefaultAdminMaxBody
	// The routes that do work share one cap on concurrent requests.
	capped := func(h http.Handler) http.Handler { return h }
	if s.limits.MaxConcurrent > 0 {
		slots := make(chan struct{}, s.limits.MaxConcurrent)
		capped = func(h http.Handler) http.Handler { return overload(slots, h) }
	}
	s.mux.Handle("/graphql", s.metrics.instrument("graphql", capped(s.graphqlHandler())))
	s.mux.Handle("/api/v2/query", s.metrics.instrument("gizmo", capped(http.HandlerFunc(s.gizmo))))
	s.mux.Handle("/admin/", s.metrics.instrument("admin", s.admin()))
	s.mux.Handle("/healthz", s.metrics.instrument("healthz", http.HandlerFunc(s.healthz)))
	s.mux.Handle("/metrics", s.metrics.handler())
	s.mux.Handle("/explore", s.metrics.instrument("explore", web.ExploreHandler()))
	s.mux.Handle("/explore/", s.metrics.instrument("explore", web.ExploreHandler()))
	s.mux.Handle("/export/", s.metrics.instrument("export", capped(s.exportHandler())))
	s.mux.Handle("/", s.metrics.instrument("web", web.Handler()))
	return s
}

// EnableAdmin turns on the admin endpoints (see admin.go), guarded by token.
func (s *Server) EnableAdmin(token string) { s.adminToken = token }

// ServeHTTP serves every route to requests for a name this server answers to (hosts.go),
// and reads what a refused request left of its body (drain.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.allows(r.Host) {
		serveDrained(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { refuseHost(w) }), w, r)
		return
	}
	serveDrained(s.mux, w, r)
}

// Execute runs one GraphQL operation in process, as `pcgraph query` does: through the
// same handler, limits included, as an HTTP request would.
func (s *Server) Execute(ctx context.Context, query string, variables map[string]any) ([]byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.graphqlHandler().ServeHTTP(rec, req)
	return rec.Body.Bytes(), nil
}

func newGraphQL(l Limits) *handler.Server { return newGraphQLWith(l, postJSON{}) }

// newGraphQLWith is newGraphQL with post as the transport of POSTed JSON requests.
//
// No extension here intercepts fields (graphql.FieldInterceptor, AroundFields), and one
// should not be added without changing tools/gqlgen: its executor resolves the fields
// read straight off the model (most of them: those without a resolver or arguments)
// without field middleware, so such an extension would see only the other fields.
func newGraphQLWith(l Limits, post graphql.Transport) *handler.Server {
	es := graphqlapi.NewExecutableSchema(graphqlapi.Config{Schema: servedSchema, Resolvers: &resolvers.Resolver{}, Complexity: complexity()})
	h := handler.New(es)
	h.AddTransport(transport.Options{})
	h.AddTransport(transport.GET{})
	h.AddTransport(post)
	h.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	h.SetParserTokenLimit(l.MaxTokens)
	h.Use(extension.Introspection{})
	h.Use(extension.AutomaticPersistedQuery{Cache: newByteLRU(apqCacheBytes)})
	h.Use(&complexityLimit{limit: l.MaxComplexity})
	h.Use(shapeLimit{maxDepth: l.MaxDepth, maxAliases: l.MaxAliases})
	h.SetErrorPresenter(presentError)
	h.SetRecoverFunc(recoverPanic)
	return h
}

// servedSchema is the schema without the directives gqlgen's prelude declares but this
// executor does not serve: @defer would be accepted and answered all at once, not
// incrementally, so it is not advertised (introspection) and a query using it does not
// validate, as the SDL in schema/ says.
var servedSchema = func() *ast.Schema {
	s := *graphqlapi.NewExecutableSchema(graphqlapi.Config{}).Schema()
	s.Directives = maps.Clone(s.Directives)
	delete(s.Directives, "defer")
	return &s
}()

// graphqlHandler wraps the GraphQL handler with the request limits and gives each
// request its view of the data and its loaders.
func (s *Server) graphqlHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuseShape(w, r) {
			return
		}
		if r.ContentLength > s.limits.MaxBodyBytes {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is %d bytes; the limit is %d", r.ContentLength, s.limits.MaxBodyBytes), "BODY_TOO_LARGE")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.limits.Timeout)
		defer cancel()
		ctx = resolvers.WithView(ctx, s.model.View())
		ctx = resolvers.WithLoaders(ctx)
		graphqlOverHTTP(s.gql, s.limits.MaxBodyBytes).ServeHTTP(w, r.WithContext(ctx))
	})
}

// writeGraphQLError answers with a GraphQL error document and no data.
func writeGraphQLError(w http.ResponseWriter, status int, msg, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}

// healthz says whether the service is up and what it serves.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	v := s.model.View()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"status":        "ok",
		"generation":    v.Generation,
		"built":         v.Built.UTC().Format(time.RFC3339),
		"consultations": len(v.Index.Consultations()),
		"comments":      v.Index.NumComments(),
		"store":         s.store.Backend(),
	})
}

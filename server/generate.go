// Package server serves the GraphQL API and the web pages over HTTP.
package server

// tools/gqlgen runs gqlgen with gqlgen.yml from the module root: it writes
// server/graphqlapi and the resolver stubs in server/resolvers, with an executor that
// resolves and marshals each request in its own goroutine (see tools/gqlgen).
//go:generate sh -c "cd .. && go run ./tools/gqlgen"

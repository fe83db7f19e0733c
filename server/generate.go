// Package server serves the GraphQL API and the web pages over HTTP.
package server

// gqlgen reads gqlgen.yml from the module root and writes server/graphqlapi and the
// resolver stubs in server/resolvers.
//go:generate sh -c "cd .. && go tool gqlgen generate --config gqlgen.yml"

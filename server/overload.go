package server

import (
	"net/http"
)

// DefaultMaxConcurrent caps the requests served at once; see overload.
const DefaultMaxConcurrent = 32

// overload refuses requests beyond the cap at once, with 503 and Retry-After, instead
// of queueing them: a client that is told to come back is better off than one that
// waits behind a backlog, and the server's memory stays bounded.
func overload(slots chan struct{}, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			writeGraphQLError(w, http.StatusServiceUnavailable, "the server is busy; retry in a second", "OVERLOADED")
		}
	})
}

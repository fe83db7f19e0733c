package web

import "net/http"

// ExploreHandler serves the topic-network explorer at /explore.
func ExploreHandler() http.Handler { return http.NotFoundHandler() }

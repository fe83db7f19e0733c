package server

import "net/http"

// exportHandler serves /export/…: the topic network in the formats researchers' tools read.
func (s *Server) exportHandler() http.Handler { return http.NotFoundHandler() }

package server

import (
	"net"
	"net/http"
	"strings"
)

// hostGuard refuses requests whose Host header names a server other than this one. A page
// on another site can make the user's browser resolve its own name to 127.0.0.1 (DNS
// rebinding) and read a local pcgraph with the browser's credentials; the Host header then
// still carries the attacker's name. Loopback names and IP literals are always served —
// a rebound page cannot make the browser send them — and so are the names given with
// --allow-host ("*" serves any name, for a server behind a proxy that checks names itself).
type hostGuard struct {
	names map[string]bool
	any   bool
}

func newHostGuard(allowed []string) hostGuard {
	g := hostGuard{names: map[string]bool{}}
	for _, h := range allowed {
		h = canonicalHost(h)
		if h == "*" {
			g.any = true
		}
		g.names[h] = true
	}
	return g
}

// allows says whether a request for host (a Host header, maybe with a port) is served.
func (g hostGuard) allows(host string) bool {
	if g.any || host == "" {
		return true
	}
	h := canonicalHost(host)
	switch {
	case h == "localhost", strings.HasSuffix(h, ".localhost"):
		return true
	case net.ParseIP(h) != nil:
		return true
	}
	return g.names[h]
}

// canonicalHost is host without its port, brackets and final dot, in lower case.
func canonicalHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// refuseHost answers a request for a name this server does not serve.
func refuseHost(w http.ResponseWriter) {
	writeGraphQLError(w, http.StatusMisdirectedRequest,
		"this server does not answer to the name in the Host header; start it with --allow-host NAME to serve that name", "HOST_NOT_ALLOWED")
}

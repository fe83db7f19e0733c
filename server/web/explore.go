package web

import (
	"net/http"
	"path"
	"strings"
)

// The topic-network explorer: one page at /explore that draws
// Query.topicNetwork with Cytoscape.js (vendored under assets/explore/vendor
// by scripts/vendor-cytoscape.sh) and lists the comments behind a node. The
// page talks only to /graphql; its files are served from the same embedded
// FS as GraphiQL's, with the same headers and Content-Security-Policy.
const (
	// explorePath is the page's URL; its files are under explorePath + "/".
	explorePath = "/explore"
	// exploreDir holds the page and its files in the embedded FS.
	exploreDir = "assets/explore"
	// exploreIndex is the page served at explorePath.
	exploreIndex = exploreDir + "/index.html"
)

// ExploreHandler returns the handler for the explorer page ("/explore") and
// its files ("/explore/explore.js", "/explore/vendor/cytoscape.min.js", …).
// "/explore/" redirects to the page; any other path is 404; methods other than
// GET and HEAD are 405.
func ExploreHandler() http.Handler {
	loadOnce.Do(load)
	return http.HandlerFunc(serveExplore)
}

func serveExplore(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	var f *file
	isPage := false
	switch {
	case p == explorePath:
		f, isPage = files[exploreIndex], true
	case p == explorePath+"/":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		http.Redirect(w, r, explorePath, http.StatusMovedPermanently)
		return
	case strings.HasPrefix(p, explorePath+"/") && path.Clean(p) == p:
		name := exploreDir + strings.TrimPrefix(p, explorePath)
		if name != exploreIndex { // one URL for the page: /explore
			f = files[name]
		}
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, f, isPage)
}

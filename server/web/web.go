// Package web serves pcgraph's browser UI: a GraphiQL page for the GraphQL
// API at /graphql, and the topic-network explorer at /explore (explore.go).
//
// Everything the pages need (GraphiQL, React, Cytoscape.js, CSS, fonts) is
// vendored under assets/ (see assets/graphiql/README.md,
// assets/explore/vendor/README.md and scripts/vendor-*.sh) and embedded into
// the binary, so the pages work offline and make no request to any other
// origin. The pages are additionally sent with a Content-Security-Policy that
// only allows same-origin scripts, styles, fonts and fetches.
//
// Mount the handlers at the root of the server, next to the GraphQL endpoint:
//
//	mux.Handle("/graphql", graphqlHandler)
//	mux.Handle("/explore", web.ExploreHandler())
//	mux.Handle("/explore/", web.ExploreHandler())
//	mux.Handle("/", web.Handler())
//
// The GraphiQL page can also live under a prefix ("/ui/" with
// http.StripPrefix("/ui", …)): it references its assets by relative URL. The
// explorer lives at /explore. The GraphQL endpoint both talk to is always the
// absolute path /graphql on the same origin.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assets embed.FS

const (
	// indexName is the page served at "/".
	indexName = "assets/index.html"

	// csp confines a page to its own origin: scripts, styles and fetches
	// only from 'self'; fonts and images also from data: URLs (GraphiQL's CSS
	// inlines its web fonts). Inline styles are allowed because React and
	// CodeMirror set style attributes; inline scripts are not.
	csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

	// assetCacheControl lets browsers reuse assets for an hour, then
	// revalidate them with the ETag (the URLs are not content-hashed).
	assetCacheControl = "public, max-age=3600"
)

// file is one embedded asset, prepared once.
type file struct {
	data        []byte
	etag        string
	contentType string
}

var (
	loadOnce sync.Once
	files    map[string]*file // by embedded path, e.g. "assets/graphiql.css"
)

func load() {
	files = make(map[string]*file)
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		files[p] = &file{
			data:        data,
			etag:        `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`,
			contentType: contentType(p),
		}
		return nil
	})
	if err != nil {
		// The embedded FS cannot fail to walk; treat it as a build defect.
		panic("web: reading embedded assets: " + err.Error())
	}
	for _, page := range []string{indexName, exploreIndex} {
		if files[page] == nil {
			panic("web: " + page + " is not embedded")
		}
	}
}

// contentType maps file names to explicit types so the result does not
// depend on the host's mime.types.
func contentType(name string) string {
	switch ext := path.Ext(name); ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case "", ".txt":
		return "text/plain; charset=utf-8" // LICENSE files
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// Handler returns the handler for the GraphiQL page ("/") and its static
// files ("/assets/…"). Any other path is 404; methods other than GET and
// HEAD on those paths are 405.
func Handler() http.Handler {
	loadOnce.Do(load)
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	var f *file
	isIndex := false
	switch {
	case p == "/" || p == "":
		f, isIndex = files[indexName], true
	case strings.HasPrefix(p, "/assets/") && path.Clean(p) == p:
		name := strings.TrimPrefix(p, "/")
		// One URL for the page ("/"); the explorer's files have their own
		// URLs under /explore/.
		if name != indexName && !strings.HasPrefix(name, exploreDir+"/") {
			f = files[name]
		}
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, f, isIndex)
}

// serveFile answers GET and HEAD with f (405 otherwise). A page gets the CSP
// and is revalidated on every load; other assets are cached for a while.
func serveFile(w http.ResponseWriter, r *http.Request, f *file, isPage bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}

	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if isPage {
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
	} else {
		h.Set("Cache-Control", assetCacheControl)
	}
	// ServeContent handles HEAD, If-None-Match (304) and Range requests.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The explorer's HTTP surface. Its JavaScript is driven in a real browser by
// server/explore_browser_test.go; remote_test.go scans its files (and
// cytoscape.min.js) for remote fetches like every other embedded file.

func exploreGet(t *testing.T, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	return serveReq(t, ExploreHandler(), method, target, hdr)
}

func TestExplorePageReferencesOnlyLocalFiles(t *testing.T) {
	var scripts, styles []string
	for _, r := range parsePage(t, ExploreHandler(), "/explore") {
		if !isLocal(r.url) {
			t.Errorf("<%s %s=%q> is not a local URL", r.tag, r.attr, r.url)
		}
		if !strings.HasPrefix(r.url, "/explore/") && r.tag != "a" { // <a href="/">: the link to GraphiQL
			t.Errorf("<%s %s=%q> is not under /explore/", r.tag, r.attr, r.url)
		}
		switch {
		case r.tag == "script" && r.attr == "src":
			scripts = append(scripts, r.url)
		case r.tag == "link" && r.rel == "stylesheet":
			styles = append(styles, r.url)
		}
	}
	// cytoscape first: explore.js uses the global it defines.
	if want := []string{"/explore/vendor/cytoscape.min.js", "/explore/explore.js"}; !slices.Equal(scripts, want) {
		t.Errorf("the explorer loads the scripts %q, want %q", scripts, want)
	}
	if want := []string{"/explore/explore.css"}; !slices.Equal(styles, want) {
		t.Errorf("the explorer loads the stylesheets %q, want %q", styles, want)
	}

	res := exploreGet(t, http.MethodGet, "/explore", nil)
	if got := res.Header.Get("Content-Security-Policy"); got != csp {
		t.Errorf("GET /explore Content-Security-Policy = %q, want %q", got, csp)
	}
	for h, want := range map[string]string{
		"Cache-Control":          "no-cache",
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "no-referrer",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("GET /explore %s = %q, want %q", h, got, want)
		}
	}
	html := body(t, res)
	// The elements tests and users rely on.
	for _, id := range []string{"consultation", "section", "disposition", "submitter-kind", "min-weight",
		"min-weight-value", "include-submitters", "include-sections", "search", "node-count", "edge-count",
		"cy", "panel", "error"} {
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("the explorer page has no element #%s", id)
		}
	}
	if !strings.Contains(html, `type="range" id="min-weight" name="minWeight" min="1" max="10"`) {
		t.Error("the min-weight slider does not run from 1 to 10")
	}
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /explore has no ETag")
	}
	if c := exploreGet(t, http.MethodGet, "/explore", map[string]string{"If-None-Match": etag}); c.StatusCode != http.StatusNotModified {
		t.Errorf("GET /explore If-None-Match = %d, want 304", c.StatusCode)
	}
	head := exploreGet(t, http.MethodHead, "/explore", nil)
	if head.StatusCode != http.StatusOK || body(t, head) != "" || head.Header.Get("Content-Security-Policy") != csp {
		t.Errorf("HEAD /explore = %d, with a body or without the CSP", head.StatusCode)
	}
}

// wantType is the Content-Type (prefix) each kind of explorer file must have.
func wantType(name string) string {
	switch {
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(name, ".md"):
		return "text/markdown; charset=utf-8"
	case strings.HasSuffix(name, "LICENSE"):
		return "text/plain; charset=utf-8"
	}
	return "?"
}

func TestExploreAssetsAreServed(t *testing.T) {
	// Every file the page references, with the type its tag needs.
	for _, r := range parsePage(t, ExploreHandler(), "/explore") {
		var want string
		switch {
		case r.tag == "script":
			want = "text/javascript"
		case r.tag == "link" && r.rel == "stylesheet":
			want = "text/css"
		case r.tag == "link" && r.rel == "icon":
			want = "image/svg+xml"
		case r.tag == "a":
			continue // a link, not a load
		}
		u, err := url.Parse(r.url)
		if err != nil {
			t.Errorf("%s: %v", r.url, err)
			continue
		}
		res := exploreGet(t, http.MethodGet, u.RequestURI(), nil)
		ct := res.Header.Get("Content-Type")
		if res.StatusCode != http.StatusOK || want == "" || !strings.HasPrefix(ct, want) {
			t.Errorf("GET %s = %d, Content-Type %q; want 200 %s (referenced by <%s %s>)", r.url, res.StatusCode, ct, want, r.tag, r.attr)
		}
	}

	// Every embedded explorer file but the page itself, at /explore/<path>.
	n := 0
	err := fs.WalkDir(assets, exploreDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == exploreIndex {
			return err
		}
		n++
		target := "/explore" + strings.TrimPrefix(p, exploreDir)
		res := exploreGet(t, http.MethodGet, target, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", target, res.StatusCode)
			return nil
		}
		if ct := res.Header.Get("Content-Type"); ct != wantType(p) {
			t.Errorf("GET %s: Content-Type %q, want %q", target, ct, wantType(p))
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Cache-Control") != assetCacheControl {
			t.Errorf("GET %s: nosniff %q, Cache-Control %q", target, res.Header.Get("X-Content-Type-Options"), res.Header.Get("Cache-Control"))
		}
		if res.Header.Get("Content-Security-Policy") != "" {
			t.Errorf("GET %s: an asset carries the page's CSP", target)
		}
		if got, want := body(t, res), string(files[p].data); got != want {
			t.Errorf("GET %s: %d bytes, want the %d embedded", target, len(got), len(want))
		}
		etag := res.Header.Get("ETag")
		if c := exploreGet(t, http.MethodGet, target, map[string]string{"If-None-Match": etag}); etag == "" || c.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s If-None-Match: %q = %d, want 304", target, etag, c.StatusCode)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 6 { // explore.js, explore.css, favicon.svg, vendor/{cytoscape.min.js,LICENSE,README.md}
		t.Errorf("only %d explorer files served", n)
	}
}

func TestExploreScriptTalksOnlyToGraphQL(t *testing.T) {
	ExploreHandler() // loads files
	js := string(files[exploreDir+"/explore.js"].data)
	code := stripComments("explore.js", js)
	for _, want := range []string{`var ENDPOINT = "/graphql";`, `fetch(ENDPOINT, {`, `method: "POST"`,
		`"Content-Type": "application/json"`, "window.pcgraphExplorer", "drawSynthetic",
		"topicNetwork(filter: $filter, minWeight: $minWeight, include: $include)",
		"consultations {", "sections(consultation: $consultation)", "... on Topic { comments(filter: $filter, first: $first",
		"... on Comment {", `.normalize("NFKC").toLowerCase()`} {
		if !strings.Contains(code, want) {
			t.Errorf("explore.js lacks %s", want)
		}
	}
	if n := strings.Count(code, "fetch("); n != 1 {
		t.Errorf("explore.js calls fetch %d times; want one call, to ENDPOINT", n)
	}
	// No other way to reach the network, no eval, and no HTML built from data.
	for _, bad := range []string{"XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "importScripts",
		"Worker(", "eval(", "new Function", ".innerHTML", "insertAdjacentHTML", "document.write"} {
		if strings.Contains(code, bad) {
			t.Errorf("explore.js uses %s", bad)
		}
	}
}

// TestExploreReadsEnumsFromAPI: the explorer keeps no copy of the schema's
// dispositions and submitter kinds: it asks enumLabels for them (values and
// Japanese labels), and no value of either enum is written in explore.js.
// (TestExploreInBrowser checks the selects against the API.)
func TestExploreReadsEnumsFromAPI(t *testing.T) {
	ExploreHandler() // loads files
	js := string(files[exploreDir+"/explore.js"].data)
	for _, enum := range []string{"Disposition", "SubmitterKind", "MentionVia", "NetworkNodeKind"} {
		if !strings.Contains(js, `enumLabels(enum: "`+enum+`")`) {
			t.Errorf("explore.js does not read %s from enumLabels", enum)
		}
	}
	for _, c := range []struct{ file, enum string }{
		{"comment.graphqls", "Disposition"},
		{"submitter.graphqls", "SubmitterKind"},
	} {
		schema, err := os.ReadFile("../../schema/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		block := regexp.MustCompile(`(?s)\benum ` + c.enum + ` \{(.*?)\}`).FindSubmatch(schema)
		if block == nil {
			t.Fatalf("schema/%s has no enum %s", c.file, c.enum)
		}
		values := regexp.MustCompile(`(?m)^\s*([A-Z_]+)\s*$`).FindAllSubmatch(block[1], -1)
		if len(values) == 0 {
			t.Fatalf("no values in enum %s", c.enum)
		}
		for _, m := range values {
			for _, lit := range []string{`"` + string(m[1]) + `"`, string(m[1]) + ":"} {
				if strings.Contains(js, lit) {
					t.Errorf("explore.js writes %s's value %s (%s): read it from the API", c.enum, m[1], lit)
				}
			}
		}
	}
}

func TestExploreSlashRedirects(t *testing.T) {
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		res := exploreGet(t, m, "/explore/", nil)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/explore" {
			t.Errorf("%s /explore/ = %d, Location %q; want 301 to /explore", m, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func TestExploreUnknownPathsAre404(t *testing.T) {
	for _, p := range []string{
		"/",
		"/explorer",
		"/explore.js",
		"/explore/nope.js",
		"/explore/index.html", // the page has exactly one URL: /explore
		"/explore/vendor",
		"/explore/vendor/",
		"/explore/vendor/nope.js",
		"/explore/EXPLORE.JS",
		"/explore//explore.js",
		"/explore/./explore.js",
		"/explore/vendor/../explore.js",
		"/explore/../web.go",
		"/explore/../graphiql.css",
		"/explore/graphiql.css",
		"/explore/graphiql/graphiql/graphiql.min.js",
		"/explore/assets/explore/explore.js",
		"/assets/explore/explore.js",
		"/graphql",
	} {
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(m, "/", nil)
			req.URL.Path = p // bypass NewRequest's parsing so odd paths reach the handler
			rec := httptest.NewRecorder()
			ExploreHandler().ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s %s = %d, want 404", m, p, rec.Code)
			}
		}
	}
}

func TestExploreOtherMethodsAre405(t *testing.T) {
	for _, p := range []string{"/explore", "/explore/", "/explore/explore.js", "/explore/explore.css", "/explore/vendor/cytoscape.min.js"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
			res := exploreGet(t, m, p, nil)
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", m, p, res.StatusCode)
			}
			if a := res.Header.Get("Allow"); a != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", m, p, a)
			}
		}
	}
}

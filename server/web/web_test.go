package web

import (
	"bufio"
	"encoding/xml"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// get runs one request against Handler and returns the recorded response.
func get(t *testing.T, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	return serveReq(t, Handler(), method, target, hdr)
}

// serveReq runs one request against h and returns the recorded response.
func serveReq(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ref is one URL the page makes the browser load (rel: a <link>'s rel).
type ref struct {
	tag, attr, url, rel string
}

// urlAttrs are the HTML attributes whose value is a URL the browser may load
// (or navigate to). All of them must stay local.
var urlAttrs = map[string]bool{
	"src": true, "href": true, "srcset": true, "action": true, "formaction": true,
	"data": true, "poster": true, "manifest": true, "background": true,
	"ping": true, "xlink:href": true,
}

// parseIndex fetches "/" and returns every URL-valued attribute in it. It
// fails the test on inline scripts, remote references and meta refreshes.
func parseIndex(t *testing.T) []ref {
	t.Helper()
	return parsePage(t, Handler(), "/")
}

// parsePage is parseIndex for the page that h serves at target.
func parsePage(t *testing.T, h http.Handler, target string) []ref {
	t.Helper()
	res := serveReq(t, h, http.MethodGet, target, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", target, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s Content-Type = %q, want text/html", target, ct)
	}
	html := body(t, res)

	// encoding/xml in non-strict mode with HTML auto-closing is a tolerant
	// enough HTML tokenizer for our own hand-written page.
	dec := xml.NewDecoder(strings.NewReader(html))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity

	var refs []ref
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parsing the page at %s: %v", target, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			tag := strings.ToLower(tok.Name.Local)
			stack = append(stack, tag)
			attrs := map[string]string{}
			var urls []ref
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Name.Local)
				if a.Name.Space != "" {
					name = strings.ToLower(a.Name.Space) + ":" + name
				}
				attrs[name] = a.Value
				if strings.HasPrefix(name, "on") {
					t.Errorf("<%s %s=…>: inline event handlers are blocked by the CSP", tag, name)
				}
				if name == "style" && strings.Contains(strings.ToLower(a.Value), "url(") {
					t.Errorf("<%s style=%q>: no url() in inline styles", tag, a.Value)
				}
				if urlAttrs[name] {
					urls = append(urls, ref{tag: tag, attr: name, url: strings.TrimSpace(a.Value)})
				}
			}
			for _, r := range urls {
				r.rel = strings.ToLower(attrs["rel"])
				refs = append(refs, r)
			}
			if tag == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
				t.Errorf("%s: the page must not use <meta http-equiv=refresh>", target)
			}
			if tag == "base" {
				t.Errorf("%s: the page must not use <base>", target)
			}
			if tag == "script" && attrs["src"] == "" {
				t.Errorf("inline <script> found: the CSP (script-src 'self') blocks it; use a file under assets/")
			}
		case xml.EndElement:
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case xml.CharData:
			if n := len(stack); n > 0 && stack[n-1] == "style" {
				if s := strings.ToLower(string(tok)); strings.Contains(s, "url(") || strings.Contains(s, "@import") {
					t.Errorf("inline <style> must not load anything: %q", tok)
				}
			}
		}
	}
	if len(refs) == 0 {
		t.Fatalf("the page at %s references no assets", target)
	}
	return refs
}

// isLocal reports whether u is a same-origin relative or absolute-path URL
// (no scheme, no host, not protocol-relative).
func isLocal(u string) bool {
	if u == "" || strings.HasPrefix(u, "//") || strings.HasPrefix(u, `\`) {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && p.Scheme == "" && p.Host == "" && p.User == nil
}

func TestIndexReferencesOnlyLocalFiles(t *testing.T) {
	var scripts, styles int
	for _, r := range parseIndex(t) {
		if !isLocal(r.url) {
			t.Errorf("<%s %s=%q> is not a local URL", r.tag, r.attr, r.url)
		}
		switch {
		case r.tag == "script" && r.attr == "src":
			scripts++
		case r.tag == "link" && r.attr == "href":
			styles++
		}
	}
	if scripts < 4 || styles < 1 {
		t.Errorf("index.html loads %d scripts and %d stylesheets; want React, ReactDOM, GraphiQL, init + CSS", scripts, styles)
	}

	res := get(t, http.MethodGet, "/", nil)
	html := body(t, res)
	for _, want := range []string{"graphiql.min.js", "react.production.min.js", "react-dom.production.min.js", "graphiql-init.js"} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html does not load %s", want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") ||
		!strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("GET / Content-Security-Policy = %q", csp)
	}
	if res.Header.Get("ETag") == "" {
		t.Error("GET / has no ETag")
	}

	// HEAD gives the same headers, no body.
	head := get(t, http.MethodHead, "/", nil)
	if head.StatusCode != http.StatusOK || body(t, head) != "" {
		t.Errorf("HEAD / = %d with a body", head.StatusCode)
	}
}

func TestInitScriptTalksToGraphQLEndpoint(t *testing.T) {
	res := get(t, http.MethodGet, "/assets/graphiql-init.js", nil)
	js := body(t, res)
	for _, want := range []string{`"/graphql"`, `method: "POST"`, "application/json", "isHeadersEditorEnabled: true", "consultations"} {
		if !strings.Contains(js, want) {
			t.Errorf("graphiql-init.js lacks %s", want)
		}
	}
}

func TestReferencedAssetsAreServed(t *testing.T) {
	base, _ := url.Parse("http://pcgraph.test/")
	for _, r := range parseIndex(t) {
		u, err := base.Parse(r.url)
		if err != nil || u.Host != base.Host {
			t.Errorf("%s: does not resolve to this server", r.url)
			continue
		}
		if r.tag == "a" {
			// A link to another page of the server (/explore, /export/), not an asset
			// of this handler: server's TestGraphiQLLinksToExplorerAndExports follows it.
			continue
		}
		res := get(t, http.MethodGet, u.RequestURI(), nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", u.Path, res.StatusCode)
			continue
		}
		ct := res.Header.Get("Content-Type")
		var want string
		switch {
		case r.tag == "script":
			want = "text/javascript"
		case r.tag == "link":
			want = "text/css"
		}
		if want == "" || !strings.HasPrefix(ct, want) {
			t.Errorf("GET %s: Content-Type %q, want %s (referenced by <%s %s>)", u.Path, ct, want, r.tag, r.attr)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", u.Path)
		}
		if res.Header.Get("Cache-Control") == "" {
			t.Errorf("GET %s: no Cache-Control", u.Path)
		}
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Errorf("GET %s: no ETag", u.Path)
			continue
		}
		if n := len(body(t, res)); n == 0 {
			t.Errorf("GET %s: empty body", u.Path)
		}
		cond := get(t, http.MethodGet, u.RequestURI(), map[string]string{"If-None-Match": etag})
		if cond.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s If-None-Match: %s = %d, want 304", u.Path, etag, cond.StatusCode)
		}
	}
}

func TestLicensesAreServed(t *testing.T) {
	for _, p := range []string{
		"/assets/graphiql/graphiql/LICENSE",
		"/assets/graphiql/react/LICENSE",
		"/assets/graphiql/react-dom/LICENSE",
	} {
		res := get(t, http.MethodGet, p, nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("GET %s = %d %q", p, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}

func TestUnknownPathsAre404(t *testing.T) {
	for _, p := range []string{
		"/nope",
		"/index.html",
		"/assets",
		"/assets/",
		"/assets/graphiql",
		"/assets/graphiql/",
		"/assets/nope.js",
		"/assets/index.html", // the page has exactly one URL: "/"
		"/assets/graphiql/../graphiql.css",
		"/assets//graphiql.css",
		"/assets/../web.go",
		"/graphql", // served by the API handler, not by this package
		"/favicon.ico",
		"/assets/explore/explore.js", // the explorer's files are served at /explore/… only
		"/assets/explore/index.html",
		"/assets/explore/vendor/cytoscape.min.js",
		"/explore", // ExploreHandler's
	} {
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(m, "/", nil)
			req.URL.Path = p // bypass NewRequest's parsing so odd paths reach the handler
			rec := httptest.NewRecorder()
			Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s %s = %d, want 404", m, p, rec.Code)
			}
		}
	}
}

func TestOtherMethodsAre405(t *testing.T) {
	for _, p := range []string{"/", "/assets/graphiql.css", "/assets/graphiql/graphiql/graphiql.min.js"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
			res := get(t, m, p, nil)
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", m, p, res.StatusCode)
			}
			if a := res.Header.Get("Allow"); a != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", m, p, a)
			}
		}
	}
}

func TestVendoredFilesMatchREADME(t *testing.T) {
	// Each vendored directory's README.md is generated by its script
	// (scripts/vendor-graphiql.sh, scripts/vendor-cytoscape.sh) with the size
	// and sha256 of every vendored file; a mismatch means a file was edited by
	// hand or the README is stale.
	Handler() // loads files
	for dir, script := range map[string]string{
		"assets/graphiql":       "scripts/vendor-graphiql.sh",
		"assets/explore/vendor": "scripts/vendor-cytoscape.sh",
	} {
		checkVendorREADME(t, dir, script)
	}
}

func checkVendorREADME(t *testing.T, dir, script string) {
	t.Helper()
	readme, err := assets.ReadFile(dir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	sc := bufio.NewScanner(strings.NewReader(string(readme)))
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "|")
		// | `rel` | `pkg@ver: package/…` | bytes | `sha256` |
		if len(cols) != 6 || !strings.HasPrefix(strings.TrimSpace(cols[1]), "`") {
			continue
		}
		rel := strings.Trim(strings.TrimSpace(cols[1]), "`")
		sum := strings.Trim(strings.TrimSpace(cols[4]), "`")
		f := files[dir+"/"+rel]
		if f == nil {
			t.Errorf("%s/README.md lists %s, which is not embedded", dir, rel)
			continue
		}
		listed++
		if got := sha256hex(f.data); got != sum {
			t.Errorf("%s/%s: sha256 %s, README says %s (re-run %s)", dir, rel, got, sum, script)
		}
	}
	// Every embedded vendored file except the README itself must be listed.
	n := 0
	fs.WalkDir(assets, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != dir+"/README.md" {
			n++
		}
		return err
	})
	if listed != n || n == 0 {
		t.Errorf("%s/README.md lists %d files, %s holds %d", dir, listed, dir, n)
	}
}

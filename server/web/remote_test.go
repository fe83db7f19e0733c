package web

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// This file checks that the embedded JS/CSS/HTML never makes the browser
// contact another origin. The page's CSP would block such requests anyway, but
// a blocked request is still a broken feature, so we want to know at test time.
//
// # What counts as a runtime fetch
//
// Each embedded .js, .mjs, .css and .html file is scanned after removing its
// comments (JS: block comments that start a line, i.e. licence banners such as
// "/*! isobject <https://github.com/…> */", and whole-line // comments; CSS: all
// /* */ comments; HTML: <!-- -->). Text in a comment is never executed or
// loaded. The remaining text fails the test if it contains:
//
//  1. A CDN, web-font or analytics host name (deniedHosts), anywhere, with or
//     without a scheme. Code can assemble the final URL at runtime
//     ("https://unpkg.com/" + name + "@" + version), so the host name alone is
//     enough evidence. Bare words are fine: GraphiQL's warning "If you are using
//     a CDN source (jsdelivr, unpkg, etc)" names no host.
//  2. An absolute URL (http:, https:, ws:, wss: or protocol-relative //host) in
//     a position the browser loads without a user click (sinkPatterns): CSS
//     url(…) and @import; JS fetch(), import(), importScripts(), new Worker(),
//     SharedWorker(), WebSocket(), EventSource(), Image(), Audio(),
//     navigator.sendBeacon(), XMLHttpRequest.open(method, url), element.src=,
//     setAttribute("src"|"href", …); src=/srcset=/poster= and <link href=> in
//     HTML strings; src/href/srcSet props of <script>, <img>, <link>, <iframe>,
//     <source>, <video>, <audio>, <embed>, <object> created via JSX/createElement.
//  3. A sourceMappingURL that is absolute or names a file that is not embedded
//     next to it (the browser's devtools would request it). The vendor script
//     strips them, since the .map files are not shipped.
//  4. Any other absolute URL whose host is not in allowedHosts. The allowed
//     hosts are ones we have read in context and know to be inert text: XML
//     namespace identifiers, <a href> links that only a user click follows,
//     and documentation links inside error messages. After re-vendoring, a new
//     host fails here on purpose: read its context, then either add it with a
//     reason or do not ship that file.
//
// URLs with an empty host ("http://" + s, as markdown-it's linkifier builds
// link targets for the user's own text) are not URLs of any server.

// deniedHosts are matched as whole host names or as a suffix after a dot.
var deniedHosts = []string{
	"unpkg.com", "jsdelivr.net", "cdnjs.cloudflare.com", "esm.sh", "esm.run",
	"skypack.dev", "jspm.io", "jspm.dev", "cdn.tailwindcss.com",
	"ajax.googleapis.com", "code.jquery.com", "bootstrapcdn.com",
	"fonts.googleapis.com", "fonts.gstatic.com", "use.typekit.net", "p.typekit.net",
	"use.fontawesome.com", "kit.fontawesome.com", "fonts.bunny.net",
	"google-analytics.com", "googletagmanager.com", "plausible.io",
	"sentry.io", "sentry-cdn.com", "segment.com", "segment.io", "cdn.graphql.org",
}

// allowedHosts may appear in vendored code as inert text, never fetched.
var allowedHosts = map[string]string{
	"www.w3.org":       "XML namespace identifiers (SVG, XLink, MathML, XHTML) passed to createElementNS",
	"github.com":       "GraphiQL logo <a href> and the help text of an error message",
	"reactjs.org":      "React's error-decoder link, concatenated into error message text",
	"radix-ui.com":     "Radix UI documentation link in a development warning message",
	"codemirror.net":   "<a href> to the CodeMirror keymap docs in GraphiQL's settings dialog",
	"commonmark.org":   "graphql-js description of the String scalar (introspection text)",
	"en.wikipedia.org": "graphql-js description of the Float scalar (introspection text)",
}

const absURL = `(?:(?:https?|wss?):)?//`

// sinkPatterns are rule 2: an absolute URL where the browser loads it.
var sinkPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)url\(\s*\\?["']?\s*` + absURL),
	regexp.MustCompile(`(?i)@import\s+(?:url\()?\s*\\?["']?\s*` + absURL),
	regexp.MustCompile(`\b(?:fetch|import|importScripts|Worker|SharedWorker|WebSocket|EventSource|Image|Audio|sendBeacon)\s*\(\s*["'\x60]\s*` + absURL),
	regexp.MustCompile(`\.open\(\s*["'\x60][A-Za-z]+["'\x60]\s*,\s*["'\x60]\s*` + absURL),
	regexp.MustCompile(`\.src\s*=\s*["'\x60]\s*` + absURL),
	regexp.MustCompile(`(?i)setAttribute\(\s*["'](?:src|href|srcset)["']\s*,\s*["'\x60]\s*` + absURL),
	regexp.MustCompile(`(?i)\b(?:src|srcset|poster)\s*=\s*\\?["']?\s*` + absURL),
	regexp.MustCompile(`(?i)<link\b[^>]*\bhref\s*=\s*\\?["']?\s*` + absURL),
	regexp.MustCompile(`(?:jsxs?|jsxDEV|createElement)\(\s*["'](?:script|img|link|iframe|source|video|audio|embed|object)["']\s*,\s*\{[^}]*?\b(?:src|href|srcSet|data)\s*:\s*["'\x60]\s*` + absURL),
}

var (
	// absoluteURL is rule 4: scheme URLs and quoted protocol-relative URLs.
	absoluteURL = regexp.MustCompile(`(?i)\b(?:https?|wss?)://([a-z0-9.-]*)|["'\x60(]\s*//([a-z0-9-]+(?:\.[a-z0-9-]+)+)`)
	deniedHost  = regexp.MustCompile(`(?i)(?:^|[^a-z0-9.-])((?:[a-z0-9-]+\.)*(?:` + quoteAll(deniedHosts) + `))(?:[^a-z0-9-]|$)`)
	sourceMap   = regexp.MustCompile(`[#@]\s*sourceMappingURL\s*=\s*(\S+?)(?:\s*\*/|\s|$)`)

	jsBlockComment = regexp.MustCompile(`(?ms)^[ \t]*/\*.*?\*/`)
	jsLineComment  = regexp.MustCompile(`(?m)^[ \t]*//.*$`)
	cssComment     = regexp.MustCompile(`(?s)/\*.*?\*/`)
	htmlComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
)

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = regexp.QuoteMeta(s)
	}
	return strings.Join(q, "|")
}

// stripComments removes the comments described above for the file's type.
func stripComments(name, text string) string {
	switch path.Ext(name) {
	case ".css":
		return cssComment.ReplaceAllString(text, " ")
	case ".html":
		return htmlComment.ReplaceAllString(text, " ")
	default:
		text = jsBlockComment.ReplaceAllString(text, " ")
		return jsLineComment.ReplaceAllString(text, " ")
	}
}

// remoteFetches returns one message per violation of rules 1, 2 and 4 in the
// comment-stripped text of file name.
func remoteFetches(name, text string) []string {
	code := stripComments(name, text)
	var out []string
	ctx := func(i, j int) string {
		a, b := max(i-50, 0), min(j+50, len(code))
		return strings.ReplaceAll(code[a:b], "\n", " ")
	}
	for _, m := range deniedHost.FindAllStringSubmatchIndex(code, -1) {
		out = append(out, "denied host "+code[m[2]:m[3]]+": …"+ctx(m[2], m[3])+"…")
	}
	for _, re := range sinkPatterns {
		for _, m := range re.FindAllStringIndex(code, -1) {
			out = append(out, "absolute URL in a loading position: …"+ctx(m[0], m[1])+"…")
		}
	}
	for _, m := range absoluteURL.FindAllStringSubmatchIndex(code, -1) {
		host := ""
		for _, g := range [][2]int{{m[2], m[3]}, {m[4], m[5]}} {
			if g[0] >= 0 {
				host = strings.ToLower(code[g[0]:g[1]])
			}
		}
		if host == "" {
			continue // "http://" + userText: no server named
		}
		if _, ok := allowedHosts[host]; !ok {
			out = append(out, "URL to unreviewed host "+host+": …"+ctx(m[0], m[1])+"…")
		}
	}
	return out
}

// badSourceMaps returns rule-3 violations for file name (in embedded FS paths).
func badSourceMaps(name, text string, exists func(string) bool) []string {
	var out []string
	for _, m := range sourceMap.FindAllStringSubmatch(text, -1) {
		target := m[1]
		switch {
		case strings.HasPrefix(target, "data:"):
			// inline source map: nothing is requested
		case strings.Contains(target, "//") || strings.Contains(target, ":"):
			out = append(out, "remote sourceMappingURL "+target)
		case !exists(path.Join(path.Dir(name), target)):
			out = append(out, "sourceMappingURL "+target+" is not embedded")
		}
	}
	return out
}

func TestVendoredFilesFetchNothingRemote(t *testing.T) {
	Handler() // loads files
	names := make([]string, 0, len(files))
	for name := range files {
		switch path.Ext(name) {
		case ".js", ".mjs", ".css", ".html":
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 6 {
		t.Fatalf("only %d JS/CSS/HTML files embedded: %v", len(names), names)
	}
	// Both pages' code, vendored and ours, must be among the scanned files.
	for _, must := range []string{
		"assets/index.html", "assets/graphiql-init.js", "assets/graphiql/graphiql/graphiql.min.js",
		"assets/explore/index.html", "assets/explore/explore.js", "assets/explore/explore.css",
		"assets/explore/vendor/cytoscape.min.js",
	} {
		if !slices.Contains(names, must) {
			t.Errorf("%s is not embedded, so it was not scanned", must)
		}
	}
	exists := func(p string) bool { _, ok := files[p]; return ok }
	for _, name := range names {
		text := string(files[name].data)
		for _, v := range append(remoteFetches(name, text), badSourceMaps(name, text, exists)...) {
			t.Errorf("%s: %s", name, v)
		}
		// Our own files (not vendored) hold no absolute URL at all, not even
		// an allowed one: they have no reason to.
		if !isVendored(name) {
			if m := absoluteURL.FindString(stripComments(name, text)); m != "" {
				t.Errorf("%s: absolute URL %q in our own code", name, m)
			}
		}
	}
}

// isVendored reports whether an embedded file was copied from a package by a
// scripts/vendor-*.sh script.
func isVendored(name string) bool {
	return strings.HasPrefix(name, "assets/graphiql/") || strings.HasPrefix(name, "assets/explore/vendor/")
}

// TestFetchRules pins down the rules above on small inputs.
func TestFetchRules(t *testing.T) {
	bad := []struct{ name, text string }{
		{"a.css", `@font-face{src:url(https://fonts.gstatic.com/s/roboto.woff2)}`},
		{"a.css", `@import url("//example.com/x.css");`},
		{"a.css", `.x{background:url('http://example.com/x.png')}`},
		{"a.js", `var u="https://unpkg.com/"+p+"@"+v;`},
		{"a.js", `load("cdn.jsdelivr.net/npm/"+p)`},
		{"a.js", `fetch("https://api.example.com/x")`},
		{"a.js", `await import("https://esm.sh/react")`},
		{"a.js", `new Worker("//example.com/w.js")`},
		{"a.js", `x.open("GET","https://example.com/")`},
		{"a.js", `img.src="https://example.com/p.gif"`},
		{"a.js", `el.setAttribute("href","https://example.com/s.css")`},
		{"a.js", `d.innerHTML='<img src="https://example.com/p.png">'`},
		{"a.js", `h='<link rel=stylesheet href="https://example.com/s.css">'`},
		{"a.js", `jsx("img",{alt:"",src:"https://example.com/p.png"})`},
		{"a.js", `var endpoint="https://telemetry.example.com/v1";`},
		{"a.html", `<script src="https://example.com/x.js"></script>`},
	}
	for _, c := range bad {
		if v := remoteFetches(c.name, c.text); len(v) == 0 {
			t.Errorf("%s %q: not flagged", c.name, c.text)
		}
	}

	good := []struct{ name, text string }{
		{"a.js", "/*!\n * isobject <https://github.com/jonschlinkert/isobject>\n * see https://unpkg.com/foo\n */\nvar a=1;"},
		{"a.js", "// https://example.com/licence\nvar a=1;"},
		{"a.js", `document.createElementNS("http://www.w3.org/2000/svg","svg")`},
		{"a.js", `jsx("a",{href:"https://github.com/graphql/graphiql",target:"_blank"})`},
		{"a.js", `throw new Error("If you are using a CDN source (jsdelivr, unpkg, etc), see https://github.com/x")`},
		{"a.js", `e.url="http://"+e.url`},
		{"a.js", `fetch("/graphql",{method:"POST"})`},
		{"a.css", `/* https://fonts.googleapis.com mentioned in a comment */ .a{src:url(data:font/woff2;base64,AAAA)}`},
		{"a.css", `.a{background:url(img/x.png)}`},
		{"a.html", `<!-- see https://example.com --><script src="assets/x.js"></script>`},
	}
	for _, c := range good {
		if v := remoteFetches(c.name, c.text); len(v) != 0 {
			t.Errorf("%s %q: flagged: %v", c.name, c.text, v)
		}
	}

	exists := func(p string) bool { return p == "assets/x/a.js.map" }
	for text, want := range map[string]int{
		"x;\n//# sourceMappingURL=a.js.map":                       0,
		"x;\n//# sourceMappingURL=data:application/json;base64,e": 0,
		"x;\n//# sourceMappingURL=index.umd.js.map":               1,
		"x;\n//# sourceMappingURL=https://example.com/a.js.map":   1,
		".a{}\n/*# sourceMappingURL=b.css.map */":                 1,
	} {
		if got := len(badSourceMaps("assets/x/a.js", text, exists)); got != want {
			t.Errorf("badSourceMaps(%q) = %d violations, want %d", text, got, want)
		}
	}
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

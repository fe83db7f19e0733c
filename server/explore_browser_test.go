package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

// chromiumPath is Debian's chromium (apt-get install -y chromium). The browser
// test needs it and fails without it: it is the only test of the explorer's
// JavaScript.
const chromiumPath = "/usr/bin/chromium"

// The explorer's defaults, as index.html and explore.js set them: every
// consultation, no filter, edges of weight ≥ 2, topics only.
const exploreDefaultMinWeight = 2

// exploreNetwork is the API's answer the explorer must draw.
type exploreNetwork struct {
	TopicNetwork struct {
		Nodes []struct{ ID string }
		Edges []struct{ Source, Target string }
	}
}

// TestExploreInBrowser drives /explore in headless Chromium against the real
// service on the bundled data, and checks what it draws against the API.
func TestExploreInBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("the explorer's browser test needs Chromium at %s (Debian: apt-get install -y chromium): %v", chromiumPath, err)
	}
	// The bundled table with a planted form letter (campaign_test.go): 30 edited
	// copies of one comment, which the explorer draws as one campaign node.
	dir, template, _ := campaignTable(t)
	ts := serveDirs(t, loader.Options{}, server.Limits{}, dir)
	base, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}

	apiCounts := func(filter map[string]any, minWeight int, include []string) (nodes, edges int, ids map[string]bool) {
		t.Helper()
		var out exploreNetwork
		query(t, ts, `query($f: CommentFilter, $w: Int, $i: [NetworkNodeKind!]) {
			topicNetwork(filter: $f, minWeight: $w, include: $i) { nodes { id } edges { source target } } }`,
			map[string]any{"f": filter, "w": minWeight, "i": include}, &out)
		ids = map[string]bool{}
		for _, n := range out.TopicNetwork.Nodes {
			ids[n.ID] = true
		}
		return len(out.TopicNetwork.Nodes), len(out.TopicNetwork.Edges), ids
	}

	artifacts := os.Getenv("PCGRAPH_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	// The whole browser session is bounded; the browser lives as long as ctx.
	root, stop := context.WithTimeout(context.Background(), 90*time.Second)
	defer stop()
	alloc, cancelAlloc := chromedp.NewExecAllocator(root,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("lang", "ja-JP"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 900),
	)
	defer cancelAlloc() // stops the browser before t.TempDir's cleanup removes its profile
	ctx, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	defer cancelTab()

	// Record every request the page makes, and every script error, console
	// error or warning and browser log error or warning (CSP violations are
	// logged there).
	type request struct{ url, method, typ string }
	var (
		mu       sync.Mutex
		requests []request
		problems []string
	)
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, request{ev.Request.URL, ev.Request.Method, string(ev.Type)})
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+(&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		case *runtime.EventConsoleAPICalled:
			// Warnings too: cytoscape warns about invalid style values.
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert ||
				ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				problems = append(problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, "log "+string(ev.Entry.Source)+": "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}); err != nil {
		t.Fatalf("starting Chromium (%s): %v", chromiumPath, err)
	}
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, expr string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	text := func(id string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("reading #%s: %v", id, err)
		}
		return strings.TrimSpace(s)
	}
	// waitDrawn waits until the network for the current controls is drawn
	// (nothing pending, generation passed after), and fails on an error shown
	// in the page.
	waitDrawn := func(what string, after int) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(
			`window.pcgraphExplorer && (s => !s.pending && (s.error || s.generation > %d))(pcgraphExplorer.state)`, after),
			chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("%s: the graph was not drawn: %v", what, err)
		}
		if e := eval("reading the error", `pcgraphExplorer.state.error || ""`); e != "" {
			t.Fatalf("%s: the page shows an error: %v", what, e)
		}
	}
	generation := func() int { return int(eval("reading the generation", `pcgraphExplorer.state.generation`).(float64)) }
	counts := func() (int, int) {
		var n, m int
		fmt.Sscan(text("node-count"), &n)
		fmt.Sscan(text("edge-count"), &m)
		return n, m
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		p := filepath.Join(artifacts, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}

	// (a) The default view draws the API's network for the default filter.
	start := time.Now()
	run("opening /explore", chromedp.EmulateViewport(1440, 900), chromedp.Navigate(ts.URL+"/explore"))
	waitDrawn("default view", 0)
	wantN, wantM, _ := apiCounts(map[string]any{}, exploreDefaultMinWeight, []string{})
	gotN, gotM := counts()
	t.Logf("(a) default view: page %d nodes, %d edges; API %d, %d (page loaded and drawn in %v)", gotN, gotM, wantN, wantM, time.Since(start).Round(time.Millisecond))
	if gotN != wantN || gotM != wantM || wantN == 0 {
		t.Errorf("(a) default view shows %d nodes, %d edges; the API's topicNetwork(minWeight: %d) has %d, %d",
			gotN, gotM, exploreDefaultMinWeight, wantN, wantM)
	}
	if n := int(eval("counting drawn nodes", `pcgraphExplorer.cy.nodes().length`).(float64)); n != gotN {
		t.Errorf("(a) #node-count says %d, cytoscape holds %d nodes", gotN, n)
	}
	screenshot("explore-default.png")

	// The disposition and submitter-kind selects list the API's enumLabels, in
	// its order, with its Japanese labels.
	for _, c := range []struct{ id, enum string }{{"disposition", "Disposition"}, {"submitter-kind", "SubmitterKind"}} {
		var api struct {
			EnumLabels []struct{ Value, Label string }
		}
		query(t, ts, `query($e: String!) { enumLabels(enum: $e) { value label } }`, map[string]any{"e": c.enum}, &api)
		var want []string
		for _, e := range api.EnumLabels {
			want = append(want, e.Value+"="+e.Label)
		}
		got := eval("reading the "+c.id+" options", `Array.from(document.getElementById("`+c.id+`").options).filter(o => o.value).map(o => o.value + "=" + o.textContent).join("\n")`)
		if got != strings.Join(want, "\n") || len(want) == 0 {
			t.Errorf("#%s options:\n%v\nwant enumLabels(%s):\n%s", c.id, got, c.enum, strings.Join(want, "\n"))
		}
	}

	// (b) Changing controls redraws: the consultation and disposition
	// FUTURE_WORK (selects), min weight 1 (the slider), submitters as nodes
	// (a real click).
	const consultation = "consultation/mic-iot5g-security-2020"
	g := generation()
	eval("changing consultation, disposition and min weight", `(() => {
		const c = document.getElementById("consultation");
		c.value = "`+consultation+`";
		if (c.value !== "`+consultation+`") throw new Error("no option for `+consultation+`");
		c.dispatchEvent(new Event("change", {bubbles: true}));
		const d = document.getElementById("disposition");
		d.value = "FUTURE_WORK";
		d.dispatchEvent(new Event("change", {bubbles: true}));
		const w = document.getElementById("min-weight");
		w.value = "1";
		w.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`)
	run("ticking 'include submitters'", chromedp.Click(chromedp.ID("include-submitters")))
	waitDrawn("after changing the filter", g)
	filter := map[string]any{"consultation": consultation, "dispositions": []string{"FUTURE_WORK"}}
	include := []string{"SUBMITTER"}
	wantN2, wantM2, ids := apiCounts(filter, 1, include)
	gotN2, gotM2 := counts()
	t.Logf("(b) the consultation, FUTURE_WORK, minWeight 1, with submitters: page %d nodes, %d edges; API %d, %d", gotN2, gotM2, wantN2, wantM2)
	if gotN2 != wantN2 || gotM2 != wantM2 {
		t.Errorf("(b) after the change the page shows %d nodes, %d edges; the API has %d, %d", gotN2, gotM2, wantN2, wantM2)
	}
	if wantN2 == wantN && wantM2 == wantM {
		t.Errorf("(b) the changed filter gives the same counts as the default (%d, %d): the check proves nothing", wantN, wantM)
	}
	if v := text("min-weight-value"); v != "1" {
		t.Errorf("(b) the slider's value shows %q, want 1", v)
	}
	if n := int(eval("counting submitter nodes", `pcgraphExplorer.cy.nodes("[kind = 'SUBMITTER']").length`).(float64)); n == 0 {
		t.Error("(b) no submitter nodes drawn with 'include submitters' ticked")
	}

	// (c) Clicking topic/trust-services lists its comments under the filter.
	const topic = "topic/trust-services"
	if !ids[topic] {
		t.Fatalf("(c) %s is not in the API's network for the changed filter", topic)
	}
	xy := eval("placing "+topic, `(() => {
		const cy = pcgraphExplorer.cy, n = cy.getElementById("`+topic+`");
		cy.zoom(1.5); cy.center(n);
		const p = n.renderedPosition(), b = cy.container().getBoundingClientRect();
		return [b.left + p.x, b.top + p.y];
	})()`).([]any)
	run("clicking "+topic, chromedp.MouseClickXY(xy[0].(float64), xy[1].(float64)))
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`(s => s.error || (s.list && s.list.id === "`+topic+`" && !s.list.loading))(pcgraphExplorer.state)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		sel := eval("reading the selection", `JSON.stringify(pcgraphExplorer.state.selected)`)
		t.Fatalf("(c) clicking %s did not list its comments (selected: %v): %v", topic, sel, err)
	}
	var api struct {
		Node struct {
			Comments struct {
				TotalCount int
				Nodes      []struct {
					ID     string
					Number int
				}
			}
		}
	}
	query(t, ts, `query($id: ID!, $f: CommentFilter) { node(id: $id) { ... on Topic {
		comments(filter: $f, first: 100) { totalCount nodes { id number } } } } }`,
		map[string]any{"id": topic, "f": filter}, &api)
	listed := eval("reading the list", `Array.from(document.querySelectorAll("#comment-list .comment-item a")).map(a => a.getAttribute("href"))`).([]any)
	panelCount := text("panel-count")
	t.Logf("(c) %s: panel says %s comments and lists %d; API totalCount %d", topic, panelCount, len(listed), api.Node.Comments.TotalCount)
	if panelCount != fmt.Sprint(api.Node.Comments.TotalCount) || len(listed) != len(api.Node.Comments.Nodes) || api.Node.Comments.TotalCount == 0 {
		t.Errorf("(c) the panel says %s and lists %d comments; the API's Topic.comments totalCount is %d (%d on the first page)",
			panelCount, len(listed), api.Node.Comments.TotalCount, len(api.Node.Comments.Nodes))
	}
	for i, c := range api.Node.Comments.Nodes {
		if i < len(listed) && listed[i] != "#comment="+c.ID {
			t.Errorf("(c) item %d links to %v, want #comment=%s", i, listed[i], c.ID)
		}
	}
	eval("fitting the view", `pcgraphExplorer.fit(), true`) // undo the zoom of the click
	screenshot("explore.png")

	// Opening a comment from the list shows its full text and the response.
	if len(api.Node.Comments.Nodes) > 0 {
		first := api.Node.Comments.Nodes[0]
		run("opening the first comment", chromedp.Click(chromedp.CSS("#comment-list .comment-item a")))
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
			`(s => s.error || (s.comment && s.comment.data))(pcgraphExplorer.state)`, chromedp.WithPollingTimeout(15*time.Second)))
		if err != nil {
			t.Fatalf("(c) the comment did not open: %v", err)
		}
		var c struct {
			Node struct {
				Text     string
				Response struct{ Text string }
			}
		}
		query(t, ts, `query($id: ID!) { node(id: $id) { ... on Comment { text response { text } } } }`, map[string]any{"id": first.ID}, &c)
		detail := text("comment-detail")
		hash := eval("reading the hash", `location.hash`)
		if hash != "#comment="+first.ID {
			t.Errorf("(c) location.hash = %v, want #comment=%s", hash, first.ID)
		}
		for what, want := range map[string]string{"comment text": c.Node.Text, "response text": c.Node.Response.Text} {
			if line := firstNonEmptyLine(want); !strings.Contains(detail, line) {
				t.Errorf("(c) comment %s: the panel lacks the %s %q", first.ID, what, line)
			}
		}
		screenshot("explore-comment.png")
	}

	// Clicking a submitter node lists that submitter's comments the same way.
	sub := eval("finding the busiest submitter", `pcgraphExplorer.cy.nodes("[kind = 'SUBMITTER']").max(n => n.data("weightedDegree")).ele.id()`).(string)
	eval("tapping "+sub, `pcgraphExplorer.cy.getElementById(`+jsString(sub)+`).emit("tap"), true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`(s => s.error || (s.list && s.list.id === `+jsString(sub)+` && !s.list.loading))(pcgraphExplorer.state)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("(c) tapping %s did not list its comments: %v", sub, err)
	}
	var subAPI struct {
		Node struct{ Comments struct{ TotalCount int } }
	}
	query(t, ts, `query($id: ID!, $f: CommentFilter) { node(id: $id) { ... on Submitter {
		comments(filter: $f, first: 100) { totalCount } } } }`, map[string]any{"id": sub, "f": filter}, &subAPI)
	subListed := eval("reading the list", `document.querySelectorAll("#comment-list .comment-item").length`).(float64)
	t.Logf("(c) %s: panel says %s comments and lists %.0f; API totalCount %d", sub, text("panel-count"), subListed, subAPI.Node.Comments.TotalCount)
	if text("panel-count") != fmt.Sprint(subAPI.Node.Comments.TotalCount) || int(subListed) != min(subAPI.Node.Comments.TotalCount, 100) {
		t.Errorf("(c) submitter %s: the panel says %s and lists %.0f; the API's totalCount is %d",
			sub, text("panel-count"), subListed, subAPI.Node.Comments.TotalCount)
	}

	// Search highlights by label or ID, width- and case-insensitively.
	run("searching", chromedp.SendKeys(chromedp.ID("search"), "ＴＲＵＳＴ－ｓｅｒｖｉｃｅｓ"))
	matched, err := chromedp.Run(ctx, chromedp.Poll[[]any](
		`(m => m.length ? m : null)(pcgraphExplorer.cy.nodes(".match").map(n => n.id()))`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || len(matched) != 1 || matched[0] != topic {
		t.Errorf("searching ＴＲＵＳＴ－ｓｅｒｖｉｃｅｓ highlighted %v (%v), want [%s]", matched, err, topic)
	}

	eval("clearing the search", `(() => {
		const s = document.getElementById("search");
		s.value = "";
		s.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`)

	// Errors from /graphql are shown in the page: a section the API does not
	// know (an option added by hand) makes topicNetwork fail.
	const badSection = "section/nope/X"
	g = generation()
	eval("choosing an unknown section", `(() => {
		const s = document.getElementById("section"), o = document.createElement("option");
		o.value = "`+badSection+`"; o.textContent = "nope"; s.appendChild(o);
		s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	shown, err := chromedp.Run(ctx, chromedp.Poll[string](
		`!document.getElementById("error").hidden && document.getElementById("error-text").textContent`,
		chromedp.WithPollingTimeout(15*time.Second)))
	t.Logf("(g) error shown: %q", shown)
	if err != nil || !strings.Contains(shown, `unknown section "`+badSection+`"`) {
		t.Errorf("(g) the API's error for an unknown section is not shown: %q (%v)", shown, err)
	}
	eval("choosing every section again", `(() => {
		const s = document.getElementById("section");
		s.value = ""; s.lastElementChild.remove(); s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	waitDrawn("after the error", g)
	if !eval("reading the banner", `document.getElementById("error").hidden`).(bool) {
		t.Error("(g) the error banner stays after a successful redraw")
	}

	// (h) Ticking 'campaigns' draws each campaign as one node weighing its size
	// (the planted one: the template and its 30 copies), linked to topics; tapping
	// it lists its comments.
	g = generation()
	eval("choosing every consultation and disposition", `(() => {
		for (const id of ["consultation", "disposition"]) {
			const c = document.getElementById(id);
			c.value = ""; c.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return true;
	})()`)
	run("ticking 'campaigns'", chromedp.Click(chromedp.ID("include-campaigns")))
	waitDrawn("after ticking campaigns", g)
	planted := "campaign/mic-iot5g-security-2020/" + fmt.Sprint(template)
	node := eval("reading the campaign node", `(n => n.nonempty() ? [n.data("kind"), n.data("weight"), n.data("label"), n.degree()] : null)(pcgraphExplorer.cy.getElementById(`+jsString(planted)+`))`)
	t.Logf("(h) campaign node %s: %v", planted, node)
	if nd, ok := node.([]any); !ok || nd[0] != "CAMPAIGN" || nd[1] != float64(31) || !strings.Contains(nd[2].(string), "31") {
		t.Fatalf("(h) no CAMPAIGN node %s of weight 31 drawn: %v", planted, node)
	}
	campaignNodes := int(eval("counting campaign nodes", `pcgraphExplorer.cy.nodes("[kind = 'CAMPAIGN']").length`).(float64))
	var camps struct{ Campaigns struct{ TotalCount int } }
	query(t, ts, `{ campaigns(first: 100) { totalCount } }`, nil, &camps)
	if campaignNodes != camps.Campaigns.TotalCount {
		t.Errorf("(h) %d campaign nodes drawn, the API has %d campaigns", campaignNodes, camps.Campaigns.TotalCount)
	}
	eval("tapping "+planted, `pcgraphExplorer.cy.getElementById(`+jsString(planted)+`).emit("tap"), true`)
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`(s => s.error || (s.list && s.list.id === `+jsString(planted)+` && !s.list.loading))(pcgraphExplorer.state)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("(h) tapping %s did not list its comments: %v", planted, err)
	}
	if got := text("panel-count"); got != "31" {
		t.Errorf("(h) the panel says %s comments for %s, want 31", got, planted)
	}
	screenshot("explore-campaign.png")

	// (f) Layout time for a 500-node, 1500-edge network drawn like the API's.
	ms := eval("drawing a synthetic network", `pcgraphExplorer.drawSynthetic(500, 1500)`).(float64)
	syn := eval("counting", `[pcgraphExplorer.cy.nodes().length, pcgraphExplorer.cy.edges().length]`).([]any)
	t.Logf("(f) synthetic network: %v nodes, %v edges laid out (cose) in %.0f ms", syn[0], syn[1], ms)
	if syn[0] != float64(500) || syn[1] != float64(1500) || text("node-count") != "500" {
		t.Errorf("(f) after drawSynthetic(500, 1500): cytoscape holds %v nodes, %v edges; #node-count says %s", syn[0], syn[1], text("node-count"))
	}
	screenshot("explore-500.png")

	// (d) Every request the page made went to the test server.
	cancelTab() // no more events
	mu.Lock()
	defer mu.Unlock()
	var graphql, local int
	for _, r := range requests {
		u, err := url.Parse(r.url)
		if err != nil || u.Scheme != base.Scheme || u.Host != base.Host {
			t.Errorf("(d) the page requested %s %s (%s): not the test server %s", r.method, r.url, r.typ, base.Host)
			continue
		}
		local++
		if r.typ == string(network.ResourceTypeFetch) || r.typ == string(network.ResourceTypeXHR) {
			if u.Path != "/graphql" || r.method != "POST" {
				t.Errorf("(d) the page fetched %s %s; it may only POST /graphql", r.method, r.url)
			}
			graphql++
		}
	}
	t.Logf("(d) %d requests, all to %s (%d of them POST /graphql)", local, base.Host, graphql)
	if graphql == 0 || local < 5 {
		t.Errorf("(d) recorded only %d requests (%d to /graphql): the recorder is not working", local, graphql)
	}
	for _, p := range problems {
		if strings.Contains(p, `unknown section \"`+badSection) || strings.Contains(p, `unknown section "`+badSection) {
			continue // step (g)'s error, logged by the page on purpose
		}
		t.Errorf("browser: %s", p)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func firstNonEmptyLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

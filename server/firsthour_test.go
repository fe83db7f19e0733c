package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestEmptyPageInfo: a page with no edges (first: 0) has hasNextPage as the cursor
// connections spec says (items follow it), and an endCursor that continues where the
// page stands: null at the start of the list, the `after` it was given elsewhere.
func TestEmptyPageInfo(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	type page struct {
		Comments struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       *string
			}
			Edges []struct{ Cursor string }
		}
	}
	const q = `query($first: Int, $after: String) { comments(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }`
	var zero page
	query(t, ts, q, map[string]any{"first": 0}, &zero)
	pi := zero.Comments.PageInfo
	if zero.Comments.TotalCount == 0 || !pi.HasNextPage || pi.HasPreviousPage || pi.EndCursor != nil || pi.StartCursor != nil {
		t.Errorf("first: 0 at the start: %+v; want hasNextPage true, no cursors (null = from the start)", pi)
	}
	var two page
	query(t, ts, q, map[string]any{"first": 2}, &two)
	after := *two.Comments.PageInfo.EndCursor
	query(t, ts, q, map[string]any{"first": 0, "after": after}, &zero)
	pi = zero.Comments.PageInfo
	if pi.EndCursor == nil || *pi.EndCursor != after || !pi.HasNextPage || !pi.HasPreviousPage || pi.StartCursor != nil {
		t.Errorf("first: 0 after %q: %+v; want endCursor = after, hasNextPage and hasPreviousPage true", after, pi)
	}
	// Continuing from the empty page's endCursor gives the page that follows the first two.
	var next page
	query(t, ts, q, map[string]any{"first": 1, "after": *pi.EndCursor}, &next)
	var three page
	query(t, ts, q, map[string]any{"first": 3}, &three)
	if len(next.Comments.Edges) != 1 || next.Comments.Edges[0].Cursor != three.Comments.Edges[2].Cursor {
		t.Errorf("after the empty page's endCursor: %+v; want the third comment", next.Comments.Edges)
	}
	// Past the end: no edges, no next page, and the endCursor still the after given.
	var all struct {
		Submitters struct {
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	query(t, ts, `{ submitters(first: 100) { pageInfo { hasNextPage endCursor } } }`, nil, &all)
	for all.Submitters.PageInfo.HasNextPage {
		query(t, ts, `query($a: String) { submitters(first: 100, after: $a) { pageInfo { hasNextPage endCursor } } }`, map[string]any{"a": *all.Submitters.PageInfo.EndCursor}, &all)
	}
	last := *all.Submitters.PageInfo.EndCursor
	query(t, ts, `query($a: String) { submitters(first: 5, after: $a) { pageInfo { hasNextPage endCursor } } }`, map[string]any{"a": last}, &all)
	if pi := all.Submitters.PageInfo; pi.HasNextPage || pi.EndCursor == nil || *pi.EndCursor != last {
		t.Errorf("past the end: %+v; want hasNextPage false and endCursor %q", pi, last)
	}
}

// TestFloatForIntVariable: a JSON number with a fraction for an Int variable says which
// variable and what it takes, not gqlparser's "cannot use value 0 as Int".
func TestFloatForIntVariable(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	for _, v := range []any{27.5, 0.5, 1e40} {
		r := post(t, ts, `query($page: Int) { comments(filter: {pageRef: $page}) { totalCount } }`, map[string]any{"page": v})
		msg := errorMessages(r)
		if len(r.Errors) != 1 || strings.Contains(msg, "cannot use value") || !strings.Contains(msg, "$page") || !strings.Contains(msg, "whole number") {
			t.Errorf("page=%v: %q; want one error naming $page and saying it takes a whole number", v, msg)
		}
		if len(r.Errors) == 1 && r.Errors[0].Extensions["code"] == nil {
			t.Errorf("page=%v: no extensions.code", v)
		}
	}
	// A whole number written as such still works.
	var out struct{ Comments struct{ TotalCount int } }
	query(t, ts, `query($page: Int) { comments(filter: {pageRef: $page}) { totalCount } }`, map[string]any{"page": 27}, &out)
}

// TestGraphiQLLinksToExplorerAndExports: the page at / links to the explorer and the
// export list, and both links answer.
func TestGraphiQLLinksToExplorerAndExports(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	page := get(t, ts.URL+"/")
	for _, link := range []string{`href="/explore"`, `href="/export/"`} {
		if !strings.Contains(page, link) {
			t.Errorf("GraphiQL page has no %s", link)
		}
	}
	if !strings.Contains(get(t, ts.URL+"/export/"), "topic-network.graphml") {
		t.Errorf("/export/ does not list the exports")
	}
	if !strings.Contains(get(t, ts.URL+"/explore"), "<html") {
		t.Errorf("/explore is not a page")
	}
}

// get fetches url and returns its body, failing on a status other than 200.
func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	return string(b)
}

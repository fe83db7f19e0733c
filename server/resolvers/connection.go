package resolvers

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/server/graphqlapi"
)

// Paging defaults: a connection returns DefaultFirst items unless asked, and never more
// than MaxFirst (README "Limits").
const (
	DefaultFirst = 20
	MaxFirst     = 100
)

// pageSize validates first.
func pageSize(first *int) (int, error) {
	if first == nil {
		return DefaultFirst, nil
	}
	if *first < 0 || *first > MaxFirst {
		return 0, graph.Errorf(graph.EINVALID, "first must be between 0 and %d (got %d); page with after: pageInfo.endCursor", MaxFirst, *first)
	}
	return *first, nil
}

// Cursors are opaque to clients, but they are only the base64 of a stable key (a node ID,
// or a search rank), so a cursor taken before a reload still resumes in the right place.
func encodeCursor(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

func decodeCursor(after *string) (string, error) {
	if after == nil || *after == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(*after, "="))
	if err != nil || len(b) == 0 {
		return "", graph.Errorf(graph.EINVALID, "invalid cursor %q: pass a cursor from pageInfo.endCursor or edges.cursor", *after)
	}
	return string(b), nil
}

// pageInfo follows the cursor connections spec: hasNextPage says whether items follow
// this page (so `first: 0` on a non-empty list has hasNextPage true), and the cursors are
// those of the page's first and last edges. An empty page has no edges: its startCursor
// is null, and its endCursor is where the page stands — the `after` it was given, null at
// the start of the list — so that `after: endCursor` always continues where a page ended,
// and a null endCursor means "from the start" (as a null `after` does).
func pageInfo(hasPrev, hasNext bool, first, last string, after *string) *graphqlapi.PageInfo {
	p := &graphqlapi.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	switch {
	case first != "":
		p.StartCursor, p.EndCursor = &first, &last
	case after != nil && *after != "":
		p.EndCursor = after
	}
	return p
}

// edges makes the edges of a page and its page info.
func edges[T, E any](page []T, hasPrev, hasNext bool, after *string, edge func(T) E, cursor func(E) string) ([]E, *graphqlapi.PageInfo) {
	out := make([]E, len(page))
	for i, n := range page {
		out[i] = edge(n)
	}
	var first, last string
	if len(out) > 0 {
		first, last = cursor(out[0]), cursor(out[len(out)-1])
	}
	return out, pageInfo(hasPrev, hasNext, first, last, after)
}

// commentConnection pages through a set of comment positions.
func commentConnection(ctx context.Context, set *roaring.Bitmap, first *int, after *string) (*graphqlapi.CommentConnection, error) {
	n, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	afterID, err := decodeCursor(after)
	if err != nil {
		return nil, err
	}
	if afterID != "" && graph.Kind(afterID) != "comment" {
		return nil, graph.Errorf(graph.EINVALID, "invalid cursor %q: not a cursor of a comment connection", *after)
	}
	page, hasNext, err := view(ctx).Index.CommentPage(set, afterID, n)
	if err != nil {
		return nil, err
	}
	conn := &graphqlapi.CommentConnection{TotalCount: int(set.GetCardinality()), Nodes: page}
	conn.Edges, conn.PageInfo = edges(page, afterID != "", hasNext, after, func(c *graph.Comment) *graphqlapi.CommentEdge {
		return &graphqlapi.CommentEdge{Cursor: encodeCursor(c.ID), Node: c}
	}, func(e *graphqlapi.CommentEdge) string { return e.Cursor })
	return conn, nil
}

// slicePage pages through an ordered list by ID: items after the one whose key is
// afterID. Lists of submitters and organizations are small (thousands), so a scan is fine.
func slicePage[T any](items []T, key func(T) string, first *int, after *string) (page []T, hasPrev, hasNext bool, err error) {
	n, err := pageSize(first)
	if err != nil {
		return nil, false, false, err
	}
	afterKey, err := decodeCursor(after)
	if err != nil {
		return nil, false, false, err
	}
	start := 0
	if afterKey != "" {
		start = -1
		for i, it := range items {
			if key(it) == afterKey {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, false, false, graph.Errorf(graph.EINVALID, "invalid cursor %q: it names no item of this list (was it taken from another list, or before a reload removed the item?)", *after)
		}
	}
	end := min(start+n, len(items))
	return items[start:end], afterKey != "", end < len(items), nil
}

package server_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestCommentTopics: Comment.topics lists each topic a comment mentions once, in the order
// first mentioned, with the evidence of every mention of it in the order of the file's
// mentions, for every comment of the bundled data.
func TestCommentTopics(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	type node struct {
		ID     string
		Topics []struct {
			Topic    struct{ ID string }
			Evidence []struct{ Via, Surface string }
		}
	}
	var nodes []node
	var after *string
	for {
		var page struct {
			Comments struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
				Nodes []node
			}
		}
		query(t, ts, `query($after: String) { comments(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  nodes { id topics { topic { id } evidence { via surface } } } } }`, map[string]any{"after": after}, &page)
		nodes = append(nodes, page.Comments.Nodes...)
		if !page.Comments.PageInfo.HasNextPage {
			break
		}
		after = page.Comments.PageInfo.EndCursor
	}
	if len(nodes) != len(d.Comments) {
		t.Fatalf("%d comments, the file has %d", len(nodes), len(d.Comments))
	}
	byID := map[string][]string{}
	for _, c := range d.Comments {
		var order []string
		ev := map[string][]string{}
		for _, m := range c.Mentions {
			if _, ok := ev[m.Topic]; !ok {
				order = append(order, m.Topic)
			}
			ev[m.Topic] = append(ev[m.Topic], fmt.Sprintf("%s:%s", m.Via, m.Surface))
		}
		var want []string
		for _, tp := range order {
			want = append(want, fmt.Sprint(tp, ev[tp]))
		}
		byID[c.ID] = want
	}
	mentions := 0
	for _, n := range nodes {
		var have []string
		for _, tp := range n.Topics {
			var ev []string
			for _, e := range tp.Evidence {
				ev = append(ev, fmt.Sprintf("%s:%s", e.Via, e.Surface))
				mentions++
			}
			have = append(have, fmt.Sprint(tp.Topic.ID, ev))
		}
		want, ok := byID[n.ID]
		if !ok {
			t.Fatalf("comment %s is not in the file", n.ID)
		}
		if !slices.Equal(have, want) {
			t.Errorf("%s topics:\n got %v\nwant %v", n.ID, have, want)
		}
	}
	if mentions == 0 {
		t.Fatal("no evidence at all")
	}
}

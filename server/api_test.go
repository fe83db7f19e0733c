package server_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/server"
)

// The reference answers below are computed from the loader's dataset with plain loops,
// independently of graph/index.

// narrowerClosure returns topic and every topic below it.
func narrowerClosure(d *graph.Dataset, topic string) map[string]bool {
	set := map[string]bool{topic: true}
	for changed := true; changed; {
		changed = false
		for _, t := range d.Topics {
			if set[t.Broader] && !set[t.ID] {
				set[t.ID], changed = true, true
			}
		}
	}
	return set
}

func about(c graph.Comment, topics map[string]bool) bool {
	for _, m := range c.Mentions {
		if m.Via != graph.ViaResponse && topics[m.Topic] {
			return true
		}
	}
	return false
}

func hasDisposition(c graph.Comment, d graph.Disposition) bool {
	for _, a := range c.Response.Dispositions {
		if a.Disposition == d {
			return true
		}
	}
	return false
}

func orgOf(d *graph.Dataset, c graph.Comment) (graph.Organization, bool) {
	for _, s := range d.Submitters {
		if s.ID == c.Submitter && s.Organization != "" {
			for _, o := range d.Organizations {
				if o.ID == s.Organization {
					return o, true
				}
			}
		}
	}
	return graph.Organization{}, false
}

// TestFlagshipQuestion asks the flagship question (docs/ARCHITECTURE.md, "Questions")
// through HTTP, like a notebook: which
// organizations commented on trust services and were referred to future work? Every
// answer comes with its evidence, and the test checks the evidence too.
func TestFlagshipQuestion(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	trust := narrowerClosure(d, "topic/trust-services")
	if !trust["topic/e-seal"] || !trust["topic/timestamp"] {
		t.Fatalf("taxonomy: trust-services should include e-seal and timestamp; has %v", trust)
	}
	wantNames := map[string]bool{}
	for _, c := range d.Comments {
		if about(c, trust) && hasDisposition(c, graph.FutureWork) {
			if o, ok := orgOf(d, c); ok {
				wantNames[o.Name] = true
			}
		}
	}
	want := make([]string, 0, len(wantNames))
	for n := range wantNames {
		want = append(want, n)
	}
	sort.Strings(want)
	if len(want) == 0 {
		t.Fatal("the reference finds no organization; the test would prove nothing")
	}

	var got struct {
		Organizations struct {
			TotalCount int
			Nodes      []struct {
				Name     string
				Comments struct {
					Nodes []struct {
						Number int
						Text   string
						Topics []struct {
							Topic    struct{ ID string }
							Evidence []struct{ Via, Surface string }
						}
						Section  *struct{ Title string }
						Response struct {
							Text     string
							Evidence []struct{ Disposition, Phrase string }
						}
					}
				}
			}
		}
	}
	query(t, ts, `query($t: [ID!], $d: [Disposition!]) {
	  organizations(filter: {comments: {some: {topics: $t, dispositions: $d}}}) {
	    totalCount
	    nodes { name comments(filter: {topics: $t, dispositions: $d}) { nodes {
	      number text section { title }
	      topics { topic { id } evidence { via surface } }
	      response { text evidence { disposition phrase } } } } }
	  } }`, map[string]any{"t": []string{"topic/trust-services"}, "d": []string{"FUTURE_WORK"}}, &got)

	var names []string
	for _, o := range got.Organizations.Nodes {
		names = append(names, o.Name)
	}
	if !reflect.DeepEqual(names, want) || got.Organizations.TotalCount != len(want) {
		t.Fatalf("organizations = %v (totalCount %d), want %v", names, got.Organizations.TotalCount, want)
	}
	for _, o := range got.Organizations.Nodes {
		if len(o.Comments.Nodes) == 0 {
			t.Errorf("%s: no comment explains why it is listed", o.Name)
		}
		for _, c := range o.Comments.Nodes {
			explained := false
			for _, tp := range c.Topics {
				if !trust[tp.Topic.ID] {
					continue
				}
				for _, ev := range tp.Evidence {
					inText := ev.Via == "COMMENT" && strings.Contains(c.Text, ev.Surface)
					inSection := ev.Via == "SECTION" && c.Section != nil && strings.Contains(c.Section.Title, ev.Surface)
					explained = explained || inText || inSection
				}
			}
			if !explained {
				t.Errorf("%s comment %d: no trust-services evidence found in its text or section: %+v", o.Name, c.Number, c.Topics)
			}
			phrase := ""
			for _, ev := range c.Response.Evidence {
				if ev.Disposition == "FUTURE_WORK" {
					phrase = ev.Phrase
				}
			}
			if phrase == "" || !strings.Contains(c.Response.Text, phrase) {
				t.Errorf("%s comment %d: FUTURE_WORK evidence %q is not in the response %q", o.Name, c.Number, phrase, c.Response.Text)
			}
		}
	}
	t.Logf("answer: %v", names)
}

// TestQuantifiers checks some / none / all on submitters and organizations against the
// reference, for a few filters.
func TestQuantifiers(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	filters := []struct {
		name  string
		gql   map[string]any
		match func(graph.Comment) bool
	}{
		{"FUTURE_WORK", map[string]any{"dispositions": []string{"FUTURE_WORK"}},
			func(c graph.Comment) bool { return hasDisposition(c, graph.FutureWork) }},
		{"topic 5g", map[string]any{"topics": []string{"topic/5g"}},
			func(c graph.Comment) bool { return about(c, narrowerClosure(d, "topic/5g")) }},
		{"AGREEMENT or REVISED", map[string]any{"dispositions": []string{"AGREEMENT", "REVISED"}},
			func(c graph.Comment) bool {
				return hasDisposition(c, graph.Agreement) || hasDisposition(c, graph.Revised)
			}},
	}
	for _, f := range filters {
		for _, q := range []string{"some", "none", "all"} {
			t.Run(f.name+"/"+q, func(t *testing.T) {
				// reference: per submitter, how many comments, how many match
				total, matching := map[string]int{}, map[string]int{}
				for _, c := range d.Comments {
					total[c.Submitter]++
					if f.match(c) {
						matching[c.Submitter]++
					}
				}
				var want []string
				for _, s := range d.Submitters {
					ok := false
					switch q {
					case "some":
						ok = matching[s.ID] > 0
					case "none":
						ok = matching[s.ID] == 0
					case "all":
						ok = total[s.ID] > 0 && matching[s.ID] == total[s.ID]
					}
					if ok {
						want = append(want, s.ID)
					}
				}
				var got struct {
					Submitters struct {
						TotalCount int
						Nodes      []struct{ ID string }
					}
				}
				query(t, ts, `query($f: CommentFilter) { submitters(first: 100, filter: {comments: {`+q+`: $f}}) { totalCount nodes { id } } }`,
					map[string]any{"f": f.gql}, &got)
				var ids []string
				for _, n := range got.Submitters.Nodes {
					ids = append(ids, n.ID)
				}
				if !slices.Equal(ids, want) || got.Submitters.TotalCount != len(want) {
					t.Errorf("submitters(%s: %s) = %v (totalCount %d)\nwant %v", q, f.name, ids, got.Submitters.TotalCount, want)
				}
				if q != "all" && len(want) == 0 {
					t.Errorf("reference is empty; pick a filter that selects something")
				}
			})
		}
	}
}

// TestStatsEveryDimension groups by each dimension and checks that the counts add up
// to what the reference counts for each value.
func TestStatsEveryDimension(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	kinds := map[string]string{}
	orgs := map[string]string{}
	for _, s := range d.Submitters {
		kinds[s.ID] = string(s.Kind)
		orgs[s.ID] = s.Organization
	}
	parent := map[string]string{}
	for _, s := range d.Sections {
		parent[s.ID] = s.Parent
	}
	chapter := func(sec string) string {
		for sec != "" && parent[sec] != "" {
			sec = parent[sec]
		}
		return sec
	}
	values := map[string]func(c graph.Comment) []string{
		"CONSULTATION":   func(c graph.Comment) []string { return []string{c.Consultation} },
		"SECTION":        func(c graph.Comment) []string { return []string{c.Section} },
		"CHAPTER":        func(c graph.Comment) []string { return []string{chapter(c.Section)} },
		"SUBMITTER":      func(c graph.Comment) []string { return []string{c.Submitter} },
		"SUBMITTER_KIND": func(c graph.Comment) []string { return []string{kinds[c.Submitter]} },
		"ORGANIZATION":   func(c graph.Comment) []string { return []string{orgs[c.Submitter]} },
		"DISPOSITION": func(c graph.Comment) []string {
			var out []string
			for _, a := range c.Response.Dispositions {
				out = append(out, string(a.Disposition))
			}
			return out
		},
		"TOPIC": func(c graph.Comment) []string {
			seen := map[string]bool{}
			var out []string
			for _, m := range c.Mentions {
				if m.Via != graph.ViaResponse && !seen[m.Topic] {
					seen[m.Topic] = true
					out = append(out, m.Topic)
				}
			}
			if len(out) == 0 {
				out = []string{""}
			}
			return out
		},
	}
	for dim, vals := range values {
		t.Run(dim, func(t *testing.T) {
			want := map[string]int{}
			for _, c := range d.Comments {
				for _, v := range vals(c) {
					want[v]++
				}
			}
			var got struct {
				CommentStats []struct {
					Keys []struct {
						Dimension, Value, Label string
					}
					Count int
				}
			}
			query(t, ts, `{ commentStats(groupBy: [`+dim+`]) { keys { dimension value label } count } }`, nil, &got)
			have := map[string]int{}
			for _, b := range got.CommentStats {
				if len(b.Keys) != 1 || b.Keys[0].Dimension != dim || b.Keys[0].Label == "" {
					t.Errorf("bucket %+v: want one %s key with a label", b, dim)
				}
				have[b.Keys[0].Value] = b.Count
			}
			if !reflect.DeepEqual(have, want) {
				t.Errorf("counts by %s:\n got %v\nwant %v", dim, have, want)
			}
		})
	}

	t.Run("SECTION×DISPOSITION", func(t *testing.T) {
		want := map[string]int{}
		for _, c := range d.Comments {
			for _, a := range c.Response.Dispositions {
				want[c.Section+"|"+string(a.Disposition)]++
			}
		}
		var got struct {
			CommentStats []struct {
				Keys  []struct{ Value string }
				Count int
			}
		}
		query(t, ts, `{ commentStats(groupBy: [SECTION, DISPOSITION]) { keys { value } count } }`, nil, &got)
		have := map[string]int{}
		for _, b := range got.CommentStats {
			have[b.Keys[0].Value+"|"+b.Keys[1].Value] = b.Count
		}
		if !reflect.DeepEqual(have, want) {
			t.Errorf("section × disposition:\n got %v\nwant %v", have, want)
		}
	})
}

// TestPagination walks every connection page by page: no gaps, no repeats, the same
// order as one big page, and totalCount steady.
func TestPagination(t *testing.T) {
	ts := newServer(t, server.Limits{})
	for _, tc := range []struct{ name, field, args string }{
		{"comments", "comments", ""},
		{"filtered comments", "comments", `filter: {dispositions: [FUTURE_WORK]}, `},
		{"submitters", "submitters", ""},
		{"organizations", "organizations", ""},
		{"search", "search", `text: "セキュリティ", `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idOf := "id"
			if tc.field == "search" {
				idOf = "comment { id }"
			}
			type page struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					EndCursor                    *string
				}
				Edges []struct {
					Cursor string
					Node   map[string]any
				}
			}
			fetch := func(first int, after *string) page {
				var out map[string]page
				vars := map[string]any{"after": after}
				query(t, ts, fmt.Sprintf(`query($after: String) { %s(%sfirst: %d, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { %s } } } }`,
					tc.field, tc.args, first, idOf), vars, &out)
				return out[tc.field]
			}
			key := func(n map[string]any) string {
				if c, ok := n["comment"].(map[string]any); ok {
					return c["id"].(string)
				}
				return n["id"].(string)
			}
			all := fetch(100, nil)
			if all.TotalCount < 7 || all.TotalCount > 100 && len(all.Edges) != 100 {
				t.Fatalf("totalCount %d with %d edges: want a list of more than one page of 3", all.TotalCount, len(all.Edges))
			}
			var walked []string
			var after *string
			for i := 0; ; i++ {
				p := fetch(3, after)
				if p.TotalCount != all.TotalCount {
					t.Fatalf("page %d: totalCount %d, first page said %d", i, p.TotalCount, all.TotalCount)
				}
				if p.PageInfo.HasPreviousPage != (after != nil) {
					t.Errorf("page %d: hasPreviousPage = %v", i, p.PageInfo.HasPreviousPage)
				}
				for _, e := range p.Edges {
					walked = append(walked, key(e.Node))
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				if p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor {
					t.Fatalf("page %d: endCursor %v is not the last edge's cursor", i, p.PageInfo.EndCursor)
				}
				after = p.PageInfo.EndCursor
				if i > 200 {
					t.Fatal("pagination does not end")
				}
			}
			if len(walked) != all.TotalCount {
				t.Errorf("walked %d items, totalCount is %d", len(walked), all.TotalCount)
			}
			seen := map[string]bool{}
			for _, id := range walked {
				if seen[id] {
					t.Errorf("%s appears twice", id)
				}
				seen[id] = true
			}
			var one []string
			for _, e := range all.Edges {
				one = append(one, key(e.Node))
			}
			if len(one) == len(walked) && !slices.Equal(one, walked) {
				t.Errorf("paging gives another order than one page:\n pages %v\n  one  %v", walked, one)
			}
		})
	}
}

// TestNodeEveryKind fetches one node of every kind by ID and gets it back.
func TestNodeEveryKind(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	c := d.Comments[48] // 項番 49
	ids := map[string]string{
		"Consultation": d.Consultation.ID,
		"Comment":      c.ID,
		"Response":     c.Response.ID,
		"Submitter":    c.Submitter,
		"Organization": d.Organizations[0].ID,
		"Section":      c.Section,
		"Topic":        "topic/e-seal",
	}
	for typ, id := range ids {
		t.Run(typ, func(t *testing.T) {
			var got struct {
				Node *struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
			query(t, ts, `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id}, &got)
			if got.Node == nil || got.Node.ID != id || got.Node.Typename != typ {
				t.Errorf("node(%q) = %+v, want a %s with that id", id, got.Node, typ)
			}
		})
	}
	var missing struct{ Node *struct{ ID string } }
	query(t, ts, `{ node(id: "comment/nope/1") { id } }`, nil, &missing)
	if missing.Node != nil {
		t.Errorf("node of an unknown ID = %+v, want null", missing.Node)
	}
}

// TestRow49 reads row 49 of the bundled table, whose response carries two dispositions
// (docs/ARCHITECTURE.md, "One cell, from file to JSON"), each with evidence.
func TestRow49(t *testing.T) {
	ts := newServer(t, server.Limits{})
	var got struct {
		Node struct {
			Number   int
			Response struct {
				Dispositions    []string
				SharedWithCount int
			}
		}
	}
	query(t, ts, `{ node(id: "comment/mic-iot5g-security-2020/49") { ... on Comment { number response { dispositions sharedWithCount } } } }`, nil, &got)
	if !slices.Equal(got.Node.Response.Dispositions, []string{"AGREEMENT", "FUTURE_WORK"}) {
		t.Errorf("row 49 dispositions = %v", got.Node.Response.Dispositions)
	}
	d := dataset(t)
	same := 0
	for _, c := range d.Comments {
		if c.Number != 49 && c.Response.Text == d.Comments[48].Response.Text {
			same++
		}
	}
	if got.Node.Response.SharedWithCount != same {
		t.Errorf("sharedWithCount = %d, the file has %d other responses with the same text", got.Node.Response.SharedWithCount, same)
	}
}

// TestBadInputErrors: a bad filter gets a clear error naming what is wrong.
func TestBadInputErrors(t *testing.T) {
	ts := newServer(t, server.Limits{})
	for _, tc := range []struct{ name, query, want string }{
		{"unknown topic", `{ comments(filter: {topics: ["topic/nope"]}) { totalCount } }`, `unknown topic "topic/nope"`},
		{"bad cursor", `{ comments(after: "!!") { totalCount } }`, "invalid cursor"},
		{"bad enum", `{ comments(filter: {dispositions: [MAYBE]}) { totalCount } }`, "MAYBE"},
		{"empty search", `{ search(text: "  ") { totalCount } }`, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, ts, tc.query, nil)
			if len(r.Errors) == 0 || !strings.Contains(errorMessages(r), tc.want) {
				t.Errorf("errors = %q, want one containing %q", errorMessages(r), tc.want)
			}
			if strings.Contains(errorMessages(r), "internal") {
				t.Errorf("a user's mistake is reported as internal: %q", errorMessages(r))
			}
		})
	}
}

// TestOrganizationsByComments: orderBy COMMENTS_DESC lists the organizations that
// commented most first (ties by name), and pages in that order.
func TestOrganizationsByComments(t *testing.T) {
	ts := newServer(t, server.Limits{})
	d := dataset(t)
	count := map[string]int{}
	for _, c := range d.Comments {
		if o, ok := orgOf(d, c); ok {
			count[o.Name]++
		}
	}
	var want []string
	for n := range count {
		want = append(want, n)
	}
	sort.Slice(want, func(i, j int) bool {
		if count[want[i]] != count[want[j]] {
			return count[want[i]] > count[want[j]]
		}
		return want[i] < want[j]
	})
	var got []string
	var after *string
	for i := 0; i < 20; i++ {
		var page struct {
			Organizations struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
				Nodes []struct {
					Name     string
					Comments struct{ TotalCount int }
				}
			}
		}
		query(t, ts, `query($after: String) { organizations(orderBy: COMMENTS_DESC, first: 5, after: $after) { pageInfo { hasNextPage endCursor } nodes { name comments { totalCount } } } }`,
			map[string]any{"after": after}, &page)
		for _, n := range page.Organizations.Nodes {
			got = append(got, n.Name)
			if n.Comments.TotalCount != count[n.Name] {
				t.Errorf("%s: %d comments, the file has %d", n.Name, n.Comments.TotalCount, count[n.Name])
			}
		}
		if !page.Organizations.PageInfo.HasNextPage {
			break
		}
		after = page.Organizations.PageInfo.EndCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("organizations by comments:\n got %v\nwant %v", got, want)
	}
}

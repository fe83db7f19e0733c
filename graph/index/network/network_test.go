package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// IDs of the hand-made fixture.
const (
	ta, tb, tc, td, te, tf = "topic/a", "topic/b", "topic/c", "topic/d", "topic/e", "topic/f"
	s1, s2, s3, s4         = "submitter/x/s1", "submitter/x/s2", "submitter/x/s3", "submitter/x/s4"
	secX, secY             = "section/x/X", "section/x/Y"
)

func mention(topic string, via graph.MentionVia) graph.TopicMention {
	return graph.TopicMention{Topic: topic, Via: via, Surface: topic}
}

func comment(n int, submitter, section string, mentions ...graph.TopicMention) *graph.Comment {
	return &graph.Comment{
		ID: fmt.Sprintf("comment/x/%d", n), Consultation: "consultation/x", Number: n,
		Submitter: submitter, Section: section, Mentions: mentions,
	}
}

// fixture is eight comments on five topics. The topics (via COMMENT or SECTION) of each:
//
//	#  submitter section topics
//	1  s1        X       a b
//	2  s1        X       a b
//	3  s2        X       b c
//	4  s2        Y       c d e   (c twice: in the text and through the section — counts once)
//	5  s3        Y       c d
//	6  s3        Y       d e
//	7  s3        —       e       (+ a via RESPONSE: ignored)
//	8  s4        —       —       (only f via RESPONSE: f is no node)
//
// Topic weights: a 2 (#1 #2), b 3 (#1-3), c 3 (#3-5), d 3 (#4-6), e 3 (#4 #6 #7).
// Topic edges: a–b 2 (#1 #2), b–c 1 (#3), c–d 2 (#4 #5), c–e 1 (#4), d–e 2 (#4 #6):
// a path a–b–c glued to a triangle c–d–e.
func fixture() []*graph.Comment {
	C, S, R := graph.ViaComment, graph.ViaSection, graph.ViaResponse
	return []*graph.Comment{
		comment(1, s1, secX, mention(ta, C), mention(tb, C)),
		comment(2, s1, secX, mention(tb, S), mention(ta, C)),
		comment(3, s2, secX, mention(tb, C), mention(tc, C)),
		comment(4, s2, secY, mention(tc, C), mention(td, C), mention(tc, S), mention(te, C)),
		comment(5, s3, secY, mention(tc, S), mention(td, C)),
		comment(6, s3, secY, mention(td, C), mention(te, C)),
		comment(7, s3, "", mention(te, C), mention(ta, R)),
		comment(8, s4, "", mention(tf, R)),
	}
}

func labels(id string) string {
	if strings.HasPrefix(id, "topic/") {
		return "トピック" + strings.TrimPrefix(id, "topic/")
	}
	return "" // falls back to the ID
}

// want is the expected measures of one node; the label is checked separately.
type want struct {
	kind                    NodeKind
	weight, degree, wdegree int
	betweenness             float64
	community               int
}

func checkNetwork(t *testing.T, got Network, nodes map[string]want, edges []Edge) {
	t.Helper()
	var ids []string
	for _, n := range got.Nodes {
		ids = append(ids, n.ID)
	}
	if len(got.Nodes) != len(nodes) {
		t.Fatalf("got %d nodes %v, want %d", len(got.Nodes), ids, len(nodes))
	}
	for _, n := range got.Nodes {
		w, ok := nodes[n.ID]
		if !ok {
			t.Errorf("unexpected node %s (nodes %v)", n.ID, ids)
			continue
		}
		if n.Kind != w.kind {
			t.Errorf("%s: kind %s, want %s", n.ID, n.Kind, w.kind)
		}
		if n.Weight != w.weight {
			t.Errorf("%s: weight %d, want %d", n.ID, n.Weight, w.weight)
		}
		if n.Degree != w.degree {
			t.Errorf("%s: degree %d, want %d", n.ID, n.Degree, w.degree)
		}
		if n.WeightedDegree != w.wdegree {
			t.Errorf("%s: weighted degree %d, want %d", n.ID, n.WeightedDegree, w.wdegree)
		}
		if math.Abs(n.Betweenness-w.betweenness) > 1e-9 {
			t.Errorf("%s: betweenness %g, want %g", n.ID, n.Betweenness, w.betweenness)
		}
		if n.Community != w.community {
			t.Errorf("%s: community %d, want %d", n.ID, n.Community, w.community)
		}
	}
	if !reflect.DeepEqual(got.Edges, edges) {
		t.Errorf("edges:\n got  %v\n want %v", got.Edges, edges)
	}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		nodes map[string]want
		edges []Edge
	}{
		{
			// Degrees a1 b2 c3 d2 e2; weighted a2 b3 (2+1) c4 (1+2+1) d4 (2+2) e3 (1+2).
			// Betweenness, each unordered pair once, hop distance: the only shortest paths
			// through a node are a–c (via b), a–d and a–e (via b and c), b–d and b–e (via c):
			// b 3, c 4, the rest 0.
			// Louvain: m = 8, strengths a2 b3 c4 d4 e3 (2m = 16). {a,b}{c,d,e} gives
			// Q = (2/8 − (5/16)²) + (5/8 − (11/16)²) = 0.1523 + 0.1523 = 0.3047, better than
			// {a,b,c}{d,e} (0.117), one community (0) or {a,b}{c,d}{e} (0.117).
			// Community 0 is the larger, {c,d,e}.
			name: "topics, default min weight",
			opts: Options{},
			nodes: map[string]want{
				ta: {Topic, 2, 1, 2, 0, 1},
				tb: {Topic, 3, 2, 3, 3, 1},
				tc: {Topic, 3, 3, 4, 4, 0},
				td: {Topic, 3, 2, 4, 0, 0},
				te: {Topic, 3, 2, 3, 0, 0},
			},
			edges: []Edge{{ta, tb, 2}, {tb, tc, 1}, {tc, td, 2}, {tc, te, 1}, {td, te, 2}},
		},
		{
			// MinWeight 0 and negative mean 1.
			name: "negative min weight is 1",
			opts: Options{MinWeight: -3},
			nodes: map[string]want{
				ta: {Topic, 2, 1, 2, 0, 1},
				tb: {Topic, 3, 2, 3, 3, 1},
				tc: {Topic, 3, 3, 4, 4, 0},
				td: {Topic, 3, 2, 4, 0, 0},
				te: {Topic, 3, 2, 3, 0, 0},
			},
			edges: []Edge{{ta, tb, 2}, {tb, tc, 1}, {tc, td, 2}, {tc, te, 1}, {td, te, 2}},
		},
		{
			// b–c and c–e (weight 1) go: a–b and the path c–d–e remain. All nodes weigh ≥ 2.
			// Degrees a1 b1 c1 d2 e1, weighted a2 b2 c2 d4 e2; betweenness d 1 (c–e).
			// Louvain, m = 6: {a,b}{c,d,e} Q = (2/6 − (4/12)²) + (4/6 − (8/12)²) = 0.444;
			// splitting off e gives 0.083 − 0.028 for {c,d}{e} instead of 0.222.
			name: "min weight 2",
			opts: Options{MinWeight: 2},
			nodes: map[string]want{
				ta: {Topic, 2, 1, 2, 0, 1},
				tb: {Topic, 3, 1, 2, 0, 1},
				tc: {Topic, 3, 1, 2, 0, 0},
				td: {Topic, 3, 2, 4, 1, 0},
				te: {Topic, 3, 1, 2, 0, 0},
			},
			edges: []Edge{{ta, tb, 2}, {tc, td, 2}, {td, te, 2}},
		},
		{
			// No edge weighs 3; a (weight 2) goes, b…e stay as isolated nodes, each its own
			// community of size 1, numbered in output order.
			name: "min weight 3 keeps heavy isolated nodes",
			opts: Options{MinWeight: 3},
			nodes: map[string]want{
				tb: {Topic, 3, 0, 0, 0, 0},
				tc: {Topic, 3, 0, 0, 0, 1},
				td: {Topic, 3, 0, 0, 0, 2},
				te: {Topic, 3, 0, 0, 0, 3},
			},
			edges: []Edge{},
		},
		{
			name:  "min weight above everything",
			opts:  Options{MinWeight: 4, Submitters: true, Sections: true},
			nodes: map[string]want{},
			edges: []Edge{},
		},
		{
			// Submitter weights: s1 2 (#1 #2), s2 2 (#3 #4), s3 3 (#5-7), s4 1 (#8, no topic).
			// Submitter–topic edges: s1–a 2, s1–b 2; s2–b 1, s2–c 2, s2–d 1, s2–e 1;
			// s3–c 1, s3–d 2, s3–e 2. MinWeight 2 keeps a–b, c–d, d–e, s1–a, s1–b, s2–c,
			// s3–d, s3–e (all weight 2) and drops s4.
			// Two components: the triangle a–b–s1, and the path s2–c–d glued to the
			// triangle d–e–s3 (the shape of the default topic network, with s2 c d e s3
			// for a b c d e).
			// Degrees: a2 b2 s1 2 | s2 1, c2, d3, e2, s3 2; weighted = 2 × degree.
			// Betweenness: triangle 0; c 3 (s2–d, s2–e, s2–s3), d 4 (s2–e, s2–s3, c–e, c–s3).
			// Louvain (all weights equal, so as unweighted: m = 8, 2m = 16):
			// {a,b,s1} 3/8 − (6/16)² = 0.234; {c,s2} 1/8 − (3/16)² = 0.090;
			// {d,e,s3} 3/8 − (7/16)² = 0.184; total 0.508, better than {s2,c,d,e,s3} as one
			// (0.234) or {s2,c,d}{e,s3} (0.109 + 0.0625).
			// Sizes 3, 3, 2: {a,b,s1} is 0 (a comes first), {d,e,s3} 1, {c,s2} 2.
			name: "submitters, min weight 2",
			opts: Options{MinWeight: 2, Submitters: true},
			nodes: map[string]want{
				ta: {Topic, 2, 2, 4, 0, 0},
				tb: {Topic, 3, 2, 4, 0, 0},
				tc: {Topic, 3, 2, 4, 3, 2},
				td: {Topic, 3, 3, 6, 4, 1},
				te: {Topic, 3, 2, 4, 0, 1},
				s1: {Submitter, 2, 2, 4, 0, 0},
				s2: {Submitter, 2, 1, 2, 0, 2},
				s3: {Submitter, 3, 2, 4, 0, 1},
			},
			edges: []Edge{
				{s1, ta, 2}, {s1, tb, 2}, {s2, tc, 2}, {s3, td, 2}, {s3, te, 2},
				{ta, tb, 2}, {tc, td, 2}, {td, te, 2},
			},
		},
		{
			// Section weights: X 3 (#1-3), Y 3 (#4-6); #7 and #8 are general.
			// Section–topic edges: X–a 2, X–b 3, X–c 1; Y–c 2 (#4 #5), Y–d 3, Y–e 2.
			// MinWeight 2 drops X–c, b–c, c–e and keeps every node. Two components: the
			// triangle a–b–X, and c d e Y with c–d 2, d–e 2, Y–c 2, Y–d 3, Y–e 2 (a K4
			// missing c–e).
			// Degrees/weighted: a 2/4, b 2/5, X 2/5; c 2/4, d 3/7, e 2/4, Y 3/7.
			// Betweenness: the only non-adjacent pair is c–e, with two shortest paths
			// c–d–e and c–Y–e: d ½, Y ½.
			// Louvain, m = 18, 2m = 36, strengths a4 b5 X5 c4 d7 e4 Y7:
			// {a,b,X} 7/18 − (14/36)² = 0.238, {c,d,e,Y} 11/18 − (22/36)² = 0.238; splitting
			// the second into {c,d,Y}{e} gives 0.139 − 0.012, into {c,d}{e,Y} 0.018 + 0.018.
			// Community 0 is {c,d,e,Y} (4 nodes), 1 is {a,b,X}.
			name: "sections, min weight 2",
			opts: Options{MinWeight: 2, Sections: true},
			nodes: map[string]want{
				ta:   {Topic, 2, 2, 4, 0, 1},
				tb:   {Topic, 3, 2, 5, 0, 1},
				tc:   {Topic, 3, 2, 4, 0, 0},
				td:   {Topic, 3, 3, 7, 0.5, 0},
				te:   {Topic, 3, 2, 4, 0, 0},
				secX: {Section, 3, 2, 5, 0, 1},
				secY: {Section, 3, 3, 7, 0.5, 0},
			},
			edges: []Edge{
				{secX, ta, 2}, {secX, tb, 3}, {secY, tc, 2}, {secY, td, 3}, {secY, te, 2},
				{ta, tb, 2}, {tc, td, 2}, {td, te, 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNetwork(t, Build(fixture(), labels, tt.opts), tt.nodes, tt.edges)
		})
	}
}

// TestToggles checks which nodes and edges each option adds at the default MinWeight,
// where nothing is dropped.
func TestToggles(t *testing.T) {
	topicEdges := []Edge{{ta, tb, 2}, {tb, tc, 1}, {tc, td, 2}, {tc, te, 1}, {td, te, 2}}
	submitterEdges := []Edge{
		{s1, ta, 2}, {s1, tb, 2},
		{s2, tb, 1}, {s2, tc, 2}, {s2, td, 1}, {s2, te, 1},
		{s3, tc, 1}, {s3, td, 2}, {s3, te, 2},
	}
	sectionEdges := []Edge{{secX, ta, 2}, {secX, tb, 3}, {secX, tc, 1}, {secY, tc, 2}, {secY, td, 3}, {secY, te, 2}}
	topicNodes := map[string]int{ta: 2, tb: 3, tc: 3, td: 3, te: 3}
	submitterNodes := map[string]int{s1: 2, s2: 2, s3: 3, s4: 1}
	sectionNodes := map[string]int{secX: 3, secY: 3}
	join := func(ms ...map[string]int) map[string]int {
		out := map[string]int{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name    string
		opts    Options
		order   []string // node IDs in output order
		weights map[string]int
		edges   []Edge // sorted by source, target
	}{
		{"topics only", Options{}, []string{ta, tb, tc, td, te}, topicNodes, topicEdges},
		{
			"submitters", Options{Submitters: true},
			[]string{ta, tb, tc, td, te, s1, s2, s3, s4},
			join(topicNodes, submitterNodes),
			concat(submitterEdges, topicEdges),
		},
		{
			"sections", Options{Sections: true},
			[]string{ta, tb, tc, td, te, secX, secY},
			join(topicNodes, sectionNodes),
			concat(sectionEdges, topicEdges),
		},
		{
			"both", Options{Submitters: true, Sections: true},
			[]string{ta, tb, tc, td, te, s1, s2, s3, s4, secX, secY},
			join(topicNodes, submitterNodes, sectionNodes),
			concat(sectionEdges, submitterEdges, topicEdges),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(fixture(), labels, tt.opts)
			var order []string
			for _, n := range got.Nodes {
				order = append(order, n.ID)
				if n.Weight != tt.weights[n.ID] {
					t.Errorf("%s: weight %d, want %d", n.ID, n.Weight, tt.weights[n.ID])
				}
				wantKind := map[string]NodeKind{"topic": Topic, "submitter": Submitter, "section": Section}[strings.SplitN(n.ID, "/", 2)[0]]
				if n.Kind != wantKind {
					t.Errorf("%s: kind %s, want %s", n.ID, n.Kind, wantKind)
				}
				deg, wdeg := 0, 0
				for _, e := range got.Edges {
					if e.Source == n.ID || e.Target == n.ID {
						deg++
						wdeg += e.Weight
					}
				}
				if n.Degree != deg || n.WeightedDegree != wdeg {
					t.Errorf("%s: degree %d weighted %d, want %d and %d (from the edges)", n.ID, n.Degree, n.WeightedDegree, deg, wdeg)
				}
			}
			if !reflect.DeepEqual(order, tt.order) {
				t.Errorf("node order\n got  %v\n want %v", order, tt.order)
			}
			if !reflect.DeepEqual(got.Edges, tt.edges) {
				t.Errorf("edges\n got  %v\n want %v", got.Edges, tt.edges)
			}
		})
	}
}

func concat(parts ...[]Edge) []Edge {
	var out []Edge
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestLabels(t *testing.T) {
	tests := []struct {
		name  string
		label Labeler
		want  map[string]string
	}{
		{"labeler", labels, map[string]string{ta: "トピックa", s1: s1, secX: secX}},
		{"nil labeler", nil, map[string]string{ta: ta, s1: s1, secX: secX}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(fixture(), tt.label, Options{Submitters: true, Sections: true})
			seen := 0
			for _, n := range got.Nodes {
				if w, ok := tt.want[n.ID]; ok {
					seen++
					if n.Label != w {
						t.Errorf("%s: label %q, want %q", n.ID, n.Label, w)
					}
				}
			}
			if seen != len(tt.want) {
				t.Errorf("found %d of the %d nodes checked", seen, len(tt.want))
			}
		})
	}
}

// TestResponseMentionsIgnored checks that a topic found only in the response is no node,
// and that a RESPONSE mention adds no weight or edge to a topic that is a node.
func TestResponseMentionsIgnored(t *testing.T) {
	R := graph.ViaResponse
	tests := []struct {
		name     string
		comments []*graph.Comment
		nodes    []string
		edges    []Edge
	}{
		{"fixture: a via response in #7, f only via response", fixture(), []string{ta, tb, tc, td, te}, []Edge{{ta, tb, 2}, {tb, tc, 1}, {tc, td, 2}, {tc, te, 1}, {td, te, 2}}},
		{"only response mentions", []*graph.Comment{comment(1, s1, secX, mention(ta, R), mention(tb, R))}, nil, []Edge{}},
		{"comment and response", []*graph.Comment{comment(1, s1, secX, mention(ta, graph.ViaComment), mention(tb, R))}, []string{ta}, []Edge{}},
		{"unknown via", []*graph.Comment{comment(1, s1, secX, mention(ta, "ELSEWHERE"), mention(tb, graph.ViaSection))}, []string{tb}, []Edge{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(tt.comments, nil, Options{})
			var ids []string
			for _, n := range got.Nodes {
				ids = append(ids, n.ID)
			}
			if !reflect.DeepEqual(ids, tt.nodes) {
				t.Errorf("nodes %v, want %v", ids, tt.nodes)
			}
			if !reflect.DeepEqual(got.Edges, tt.edges) {
				t.Errorf("edges %v, want %v", got.Edges, tt.edges)
			}
			if got.Nodes == nil || got.Edges == nil {
				t.Errorf("Nodes %#v, Edges %#v: want non-nil slices", got.Nodes, got.Edges)
			}
		})
	}
	t.Run("weight of a is 2, not 3", func(t *testing.T) {
		got := Build(fixture(), nil, Options{})
		if got.Nodes[0].ID != ta || got.Nodes[0].Weight != 2 {
			t.Errorf("first node %s weighs %d, want %s weighing 2", got.Nodes[0].ID, got.Nodes[0].Weight, ta)
		}
	})
}

func TestEmpty(t *testing.T) {
	tests := []struct {
		name     string
		comments []*graph.Comment
		opts     Options
	}{
		{"nil", nil, Options{Submitters: true, Sections: true}},
		{"empty", []*graph.Comment{}, Options{}},
		{"nil comment", []*graph.Comment{nil}, Options{Submitters: true}},
		{"comments without topics, topics only", []*graph.Comment{comment(1, s1, secX), comment(2, s2, "")}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Build(tt.comments, labels, tt.opts)
			if got.Nodes == nil || got.Edges == nil {
				t.Errorf("Nodes %#v, Edges %#v: want empty, non-nil slices (GraphQL lists are non-null)", got.Nodes, got.Edges)
			}
			if len(got.Nodes) != 0 || len(got.Edges) != 0 {
				t.Errorf("got %d nodes, %d edges; want none", len(got.Nodes), len(got.Edges))
			}
		})
	}
	t.Run("comments without topics, with submitters", func(t *testing.T) {
		// Submitter nodes count every comment, so they appear without edges.
		got := Build([]*graph.Comment{comment(1, s1, secX), comment(2, s1, ""), comment(3, s2, "")}, nil, Options{Submitters: true, Sections: true})
		checkNetwork(t, got, map[string]want{
			s1:   {Submitter, 2, 0, 0, 0, 0},
			s2:   {Submitter, 1, 0, 0, 0, 1},
			secX: {Section, 1, 0, 0, 0, 2},
		}, []Edge{})
	})
}

// TestDeterminism checks that the network is the same, bit for bit, every time and for
// every order of the comments — on the fixture and on a synthetic corpus large enough for
// Louvain to have choices and for betweenness to sum many fractions.
func TestDeterminism(t *testing.T) {
	tests := []struct {
		name     string
		comments []*graph.Comment
		opts     Options
	}{
		{"fixture, topics", fixture(), Options{}},
		{"fixture, everything", fixture(), Options{Submitters: true, Sections: true}},
		{"synthetic, topics", synthetic(2000, 40, 100, 20, 7), Options{}},
		{"synthetic, everything", synthetic(2000, 40, 100, 20, 7), Options{Submitters: true, Sections: true}},
		{"synthetic, min weight 5", synthetic(2000, 40, 100, 20, 7), Options{MinWeight: 5, Submitters: true, Sections: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := Build(tt.comments, labels, tt.opts)
			if len(first.Nodes) == 0 || len(first.Edges) == 0 {
				t.Fatalf("got %d nodes and %d edges: the test needs a non-trivial network", len(first.Nodes), len(first.Edges))
			}
			communities := map[int]bool{}
			for _, n := range first.Nodes {
				communities[n.Community] = true
			}
			t.Logf("%d nodes, %d edges, %d communities", len(first.Nodes), len(first.Edges), len(communities))
			rnd := rand.New(rand.NewPCG(1, 2))
			for i := range 5 {
				shuffled := append([]*graph.Comment(nil), tt.comments...)
				if i > 0 {
					rnd.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
				}
				got := Build(shuffled, labels, tt.opts)
				if !reflect.DeepEqual(got, first) {
					t.Fatalf("run %d (shuffled: %v) differs from the first: %s", i, i > 0, firstDifference(first, got))
				}
			}
		})
	}
}

func firstDifference(a, b Network) string {
	if len(a.Nodes) != len(b.Nodes) || len(a.Edges) != len(b.Edges) {
		return fmt.Sprintf("%d/%d nodes, %d/%d edges", len(a.Nodes), len(b.Nodes), len(a.Edges), len(b.Edges))
	}
	for i := range a.Nodes {
		if a.Nodes[i] != b.Nodes[i] {
			return fmt.Sprintf("node %d: %+v vs %+v", i, a.Nodes[i], b.Nodes[i])
		}
	}
	for i := range a.Edges {
		if a.Edges[i] != b.Edges[i] {
			return fmt.Sprintf("edge %d: %+v vs %+v", i, a.Edges[i], b.Edges[i])
		}
	}
	return "no difference found"
}

// TestInvariants checks, on a synthetic corpus, relations that hold for any input:
// edges are sorted with Source < Target and both ends among the nodes, no edge or node is
// below MinWeight, an edge weighs at most either end, degrees agree with the edges, the
// communities are numbered 0… by decreasing size.
func TestInvariants(t *testing.T) {
	comments := synthetic(3000, 60, 200, 30, 11)
	for _, mw := range []int{1, 3, 10, 50} {
		t.Run(fmt.Sprintf("min weight %d", mw), func(t *testing.T) {
			got := Build(comments, nil, Options{MinWeight: mw, Submitters: true, Sections: true})
			byID := map[string]Node{}
			for i, n := range got.Nodes {
				byID[n.ID] = n
				if n.Weight < mw {
					t.Errorf("node %s weighs %d < %d", n.ID, n.Weight, mw)
				}
				if i > 0 {
					p := got.Nodes[i-1]
					if p.Kind.rank() > n.Kind.rank() || (p.Kind == n.Kind && p.ID >= n.ID) {
						t.Errorf("nodes %s, %s out of order", p.ID, n.ID)
					}
				}
			}
			deg, wdeg := map[string]int{}, map[string]int{}
			for i, e := range got.Edges {
				if e.Source >= e.Target {
					t.Errorf("edge %v: source not < target", e)
				}
				if i > 0 {
					p := got.Edges[i-1]
					if p.Source > e.Source || (p.Source == e.Source && p.Target >= e.Target) {
						t.Errorf("edges %v, %v out of order", p, e)
					}
				}
				if e.Weight < mw {
					t.Errorf("edge %v weighs < %d", e, mw)
				}
				s, ok1 := byID[e.Source]
				d, ok2 := byID[e.Target]
				if !ok1 || !ok2 {
					t.Errorf("edge %v: an end is not a node", e)
					continue
				}
				if e.Weight > s.Weight || e.Weight > d.Weight {
					t.Errorf("edge %v heavier than an end (%d, %d)", e, s.Weight, d.Weight)
				}
				deg[e.Source]++
				deg[e.Target]++
				wdeg[e.Source] += e.Weight
				wdeg[e.Target] += e.Weight
			}
			sizes := map[int]int{}
			for _, n := range got.Nodes {
				if n.Degree != deg[n.ID] || n.WeightedDegree != wdeg[n.ID] {
					t.Errorf("%s: degree %d/%d, edges say %d/%d", n.ID, n.Degree, n.WeightedDegree, deg[n.ID], wdeg[n.ID])
				}
				if n.Betweenness < 0 || (n.Degree < 2 && n.Betweenness != 0) {
					t.Errorf("%s: betweenness %g with degree %d", n.ID, n.Betweenness, n.Degree)
				}
				sizes[n.Community]++
			}
			for k := range len(sizes) {
				if sizes[k] == 0 {
					t.Errorf("community %d is empty, though %d communities are numbered", k, len(sizes))
				}
				if k > 0 && sizes[k] > sizes[k-1] {
					t.Errorf("community %d has %d nodes, more than community %d (%d)", k, sizes[k], k-1, sizes[k-1])
				}
			}
		})
	}
}

// synthetic makes n comments on the given numbers of topics, submitters and sections,
// reproducibly from seed: 1–4 topics per comment drawn with a skew (low topic numbers are
// common), a few mentions through the section or the response, one comment in eight general.
func synthetic(n, topics, submitters, sections int, seed uint64) []*graph.Comment {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	skewed := func(k int) int { // ~ k·u², favouring small numbers
		u := rnd.Float64()
		return int(float64(k) * u * u)
	}
	out := make([]*graph.Comment, n)
	for i := range n {
		section := ""
		if rnd.IntN(8) != 0 {
			section = fmt.Sprintf("section/syn/S%03d", rnd.IntN(sections))
		}
		var ms []graph.TopicMention
		for range 1 + rnd.IntN(4) {
			via := graph.ViaComment
			switch rnd.IntN(10) {
			case 0:
				via = graph.ViaSection
			case 1:
				via = graph.ViaResponse
			}
			ms = append(ms, mention(fmt.Sprintf("topic/t%03d", skewed(topics)), via))
		}
		out[i] = comment(i+1, fmt.Sprintf("submitter/syn/p%04d", skewed(submitters)), section, ms...)
	}
	return out
}

// TestSkip checks that skipping a measure leaves it zero and changes nothing else.
func TestSkip(t *testing.T) {
	all := Options{MinWeight: 2, Submitters: true}
	full := Build(fixture(), labels, all)
	tests := []struct {
		name         string
		skipB, skipC bool
		zeroB, zeroC bool
	}{
		{"betweenness", true, false, true, false},
		{"communities", false, true, false, true},
		{"both", true, true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := all
			opts.SkipBetweenness, opts.SkipCommunities = tt.skipB, tt.skipC
			got := Build(fixture(), labels, opts)
			if !reflect.DeepEqual(got.Edges, full.Edges) || len(got.Nodes) != len(full.Nodes) {
				t.Fatalf("edges or node count changed: %v vs %v", got.Edges, full.Edges)
			}
			for i, n := range got.Nodes {
				w := full.Nodes[i]
				if tt.zeroB {
					w.Betweenness = 0
				}
				if tt.zeroC {
					w.Community = 0
				}
				if n != w {
					t.Errorf("node %d: %+v, want %+v", i, n, w)
				}
			}
		})
	}
	// The fixture must exercise both measures for the test to mean anything.
	var b float64
	c := 0
	for _, n := range full.Nodes {
		b += n.Betweenness
		c = max(c, n.Community)
	}
	if b == 0 || c == 0 {
		t.Errorf("full network has total betweenness %g, highest community %d: want both > 0", b, c)
	}
}

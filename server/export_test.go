package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/pcgraph/pcgraph/server"
)

// debianPython is the Python the export and notebook tests read files with: Debian's
// /usr/bin/python3 with python3-networkx and python3-pandas (PCGRAPH_PYTHON overrides the
// path). A missing interpreter or module fails the test: these readers are the point.
func debianPython(t *testing.T) string {
	t.Helper()
	py := os.Getenv("PCGRAPH_PYTHON")
	if py == "" {
		py = "/usr/bin/python3"
	}
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("the export tests read the files with Debian's Python and networkx, and %s is missing: apt-get install -y python3-networkx python3-pandas (%v)", py, err)
	}
	if out, err := exec.Command(py, "-c", "import networkx, pandas").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import networkx and pandas: apt-get install -y python3-networkx python3-pandas\n%s", py, out)
	}
	return py
}

// exportKindLabels are the Japanese labels every export carries beside a node's kind.
var exportKindLabels = map[string]string{"TOPIC": "トピック", "SUBMITTER": "意見提出者", "SECTION": "該当箇所"}

// readExports reads the five files of an export with networkx (GraphML, GEXF, Cytoscape
// JSON) and pandas (CSV), and prints, per reader, every node with its attributes and
// every edge with its weight, as JSON.
const readExports = `
import json, sys, os
import networkx as nx
import pandas as pd

d = sys.argv[1]
def graph(G):
    return {
        "directed": G.is_directed(),
        "nodes": {str(n): [a.get("label"), a.get("kind"), a.get("weight"), a.get("degree"),
                           a.get("weightedDegree"), a.get("betweenness"), a.get("community"), a.get("kindLabel")]
                  for n, a in G.nodes(data=True)},
        "edges": sorted([sorted([str(u), str(v)]) + [w] for u, v, w in G.edges(data="weight")]),
    }
out = {
    "graphml": graph(nx.read_graphml(os.path.join(d, "topic-network.graphml"))),
    "gexf": graph(nx.read_gexf(os.path.join(d, "topic-network.gexf"))),
}
with open(os.path.join(d, "topic-network.cyjs"), encoding="utf-8") as f:
    out["cyjs"] = graph(nx.cytoscape_graph(json.load(f)))
nodes = pd.read_csv(os.path.join(d, "topic-network-nodes.csv"), dtype={"id": str, "label": str, "kind": str, "kind_label": str}, keep_default_na=False)
edges = pd.read_csv(os.path.join(d, "topic-network-edges.csv"), dtype={"source": str, "target": str}, keep_default_na=False)
out["pandas"] = {
    "directed": False,
    "nodes": {r.id: [r.label, r.kind, int(r.weight), int(r.degree), int(r.weighted_degree), float(r.betweenness), int(r.community), r.kind_label]
              for r in nodes.itertuples()},
    "edges": sorted([sorted([r.source, r.target]) + [int(r.weight)] for r in edges.itertuples()]),
}
json.dump(out, sys.stdout)
`

// apiNetwork is topicNetwork's answer.
type apiNetwork struct {
	Nodes []struct {
		ID             string  `json:"id"`
		Label          string  `json:"label"`
		Kind           string  `json:"kind"`
		Weight         int     `json:"weight"`
		Degree         int     `json:"degree"`
		WeightedDegree int     `json:"weightedDegree"`
		Betweenness    float64 `json:"betweenness"`
		Community      int     `json:"community"`
	} `json:"nodes"`
	Edges []struct {
		Source string `json:"source"`
		Target string `json:"target"`
		Weight int    `json:"weight"`
	} `json:"edges"`
}

// readGraph is what the Python script prints for one reader.
type readGraph struct {
	Directed bool             `json:"directed"`
	Nodes    map[string][]any `json:"nodes"`
	Edges    [][]any          `json:"edges"`
}

// exportFilters are the filters the export tests try: the URL query and the same as
// topicNetwork's arguments.
var exportFilters = []struct {
	name, query string
	vars        map[string]any
}{
	{"none", "", map[string]any{}},
	{"future-work", "disposition=FUTURE_WORK", map[string]any{"filter": map[string]any{"dispositions": []string{"FUTURE_WORK"}}}},
	{"submitters-min-weight-2", "minWeight=2&include=SUBMITTER", map[string]any{"minWeight": 2, "include": []string{"SUBMITTER"}}},
}

const topicNetworkQuery = `query($filter: CommentFilter, $minWeight: Int, $include: [NetworkNodeKind!]) {
  topicNetwork(filter: $filter, minWeight: $minWeight, include: $include) {
    nodes { id label kind weight degree weightedDegree betweenness community }
    edges { source target weight } } }`

// fetchExport GETs an export and checks its status and headers.
func fetchExport(t *testing.T, ts *httptest.Server, file, query, contentType string) []byte {
	t.Helper()
	res, err := http.Get(ts.URL + "/export/" + file + "?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /export/%s?%s: %d %s", file, query, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != contentType {
		t.Errorf("%s: Content-Type %q, want %q", file, ct, contentType)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="`+file+`"` {
		t.Errorf("%s: Content-Disposition %q", file, cd)
	}
	if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Errorf("%s starts with a byte-order mark", file)
	}
	return body
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// TestExportNetworkReadBack fetches every export over HTTP for a few filters, reads the
// files back with networkx and pandas (and CSV with Go's encoding/csv), and checks that
// they hold the network topicNetwork answers for the same filter: the same nodes with the
// same attributes (Japanese labels included), the same edges with the same weights.
func TestExportNetworkReadBack(t *testing.T) {
	py := debianPython(t)
	ts := newServer(t, server.Limits{})
	files := map[string]string{
		"topic-network.graphml":   "application/graphml+xml",
		"topic-network.gexf":      "application/gexf+xml",
		"topic-network.cyjs":      "application/json",
		"topic-network-nodes.csv": "text/csv; charset=utf-8",
		"topic-network-edges.csv": "text/csv; charset=utf-8",
	}
	for _, f := range exportFilters {
		t.Run(f.name, func(t *testing.T) {
			var api struct{ TopicNetwork apiNetwork }
			query(t, ts, topicNetworkQuery, f.vars, &api)
			want := api.TopicNetwork
			if len(want.Nodes) == 0 || len(want.Edges) == 0 {
				t.Fatalf("topicNetwork is empty for %q; the test needs a network", f.query)
			}
			dir := t.TempDir()
			for file, ct := range files {
				body := fetchExport(t, ts, file, f.query, ct)
				if again := fetchExport(t, ts, file, f.query, ct); !bytes.Equal(body, again) {
					t.Errorf("%s: two downloads differ", file)
				}
				if err := os.WriteFile(filepath.Join(dir, file), body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, err := exec.Command(py, "-c", readExports, dir).Output()
			if err != nil {
				var stderr []byte
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = ee.Stderr
				}
				t.Fatalf("networkx/pandas could not read the exports: %v\n%s", err, stderr)
			}
			var read map[string]readGraph
			if err := json.Unmarshal(out, &read); err != nil {
				t.Fatalf("python output: %v\n%s", err, out)
			}
			japanese := 0
			for _, n := range want.Nodes {
				if hasJapanese(n.Label) {
					japanese++
				}
			}
			if japanese == 0 {
				t.Fatal("no node has a Japanese label; the test cannot check that labels survive")
			}
			for _, reader := range []string{"graphml", "gexf", "cyjs", "pandas"} {
				g, ok := read[reader]
				if !ok {
					t.Fatalf("%s: no output", reader)
				}
				t.Logf("%s %s: %d nodes, %d edges (API: %d, %d)", f.name, reader, len(g.Nodes), len(g.Edges), len(want.Nodes), len(want.Edges))
				if g.Directed {
					t.Errorf("%s: networkx read a directed graph", reader)
				}
				if len(g.Nodes) != len(want.Nodes) || len(g.Edges) != len(want.Edges) {
					t.Errorf("%s: %d nodes, %d edges; topicNetwork has %d, %d", reader, len(g.Nodes), len(g.Edges), len(want.Nodes), len(want.Edges))
				}
				for _, n := range want.Nodes {
					a, ok := g.Nodes[n.ID]
					if !ok || len(a) != 8 {
						t.Errorf("%s: node %s missing (%v)", reader, n.ID, a)
						continue
					}
					num := func(v any) float64 { f, _ := v.(float64); return f }
					if a[0] != n.Label || a[1] != n.Kind || num(a[2]) != float64(n.Weight) || num(a[3]) != float64(n.Degree) ||
						num(a[4]) != float64(n.WeightedDegree) || math.Abs(num(a[5])-n.Betweenness) > 1e-9 || num(a[6]) != float64(n.Community) || a[7] != exportKindLabels[n.Kind] {
						t.Errorf("%s: node %s = %v, want %+v", reader, n.ID, a, n)
					}
				}
				var edges []string
				for _, e := range g.Edges {
					if len(e) == 3 {
						edges = append(edges, e[0].(string)+" "+e[1].(string)+" "+strconv.FormatFloat(e[2].(float64), 'g', -1, 64))
					}
				}
				var wantEdges []string
				for _, e := range want.Edges {
					wantEdges = append(wantEdges, e.Source+" "+e.Target+" "+strconv.Itoa(e.Weight))
				}
				slices.Sort(edges)
				slices.Sort(wantEdges)
				if !slices.Equal(edges, wantEdges) {
					t.Errorf("%s: edges differ from topicNetwork's", reader)
				}
			}
			checkCSV(t, dir, want)
		})
	}
}

// checkCSV reads the node and edge lists with Go's encoding/csv.
func checkCSV(t *testing.T, dir string, want apiNetwork) {
	t.Helper()
	read := func(name string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return rows
	}
	nodes, edges := read("topic-network-nodes.csv"), read("topic-network-edges.csv")
	if strings.Join(nodes[0], ",") != "id,label,kind,kind_label,weight,degree,weighted_degree,betweenness,community" {
		t.Errorf("nodes.csv header: %v", nodes[0])
	}
	if strings.Join(edges[0], ",") != "source,target,weight" {
		t.Errorf("edges.csv header: %v", edges[0])
	}
	if len(nodes)-1 != len(want.Nodes) || len(edges)-1 != len(want.Edges) {
		t.Fatalf("csv: %d nodes, %d edges; topicNetwork has %d, %d", len(nodes)-1, len(edges)-1, len(want.Nodes), len(want.Edges))
	}
	for i, n := range want.Nodes {
		r := nodes[i+1]
		if r[0] != n.ID || r[1] != n.Label || r[2] != n.Kind || r[3] != exportKindLabels[n.Kind] || r[4] != strconv.Itoa(n.Weight) {
			t.Errorf("nodes.csv row %d = %q, want %+v", i+1, r, n)
		}
		if b, err := strconv.ParseFloat(r[7], 64); err != nil || b != n.Betweenness {
			t.Errorf("nodes.csv row %d betweenness %q, want %v", i+1, r[7], n.Betweenness)
		}
	}
	for i, e := range want.Edges {
		if r := edges[i+1]; r[0] != e.Source || r[1] != e.Target || r[2] != strconv.Itoa(e.Weight) {
			t.Errorf("edges.csv row %d = %q, want %+v", i+1, r, e)
		}
	}
}

// TestExportErrors: bad parameters are 400s that say what is wrong; unknown files 404s.
func TestExportErrors(t *testing.T) {
	ts := newServer(t, server.Limits{})
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"topic-network.graphml?topic=topic/nope", 400, `unknown topic "topic/nope"`},
		{"topic-network.gexf?disposition=LATER", 400, `invalid disposition "LATER"`},
		{"topic-network.cyjs?submitterKind=robot", 400, `invalid submitter kind "robot"`},
		{"topic-network-nodes.csv?minWeight=two", 400, `minWeight: "two" is not a whole number`},
		{"topic-network-edges.csv?pageRef=" + url.QueryEscape("２７"), 400, "pageRef"},
		{"topic-network.graphml?include=COMMENT", 400, `invalid node kind "COMMENT"`},
		{"topic-network.graphml?topics=topic/e-seal", 400, `unknown parameter "topics"`},
		{"topic-network.graphml?consultation=a&consultation=b", 400, "given 2 times"},
		{"topic-network.svg", 404, "no export"},
		{"", 200, "/export/topic-network.graphml"},
	} {
		res, err := http.Get(ts.URL + "/export/" + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("GET /export/%s: %d %q; want %d containing %q", tc.path, res.StatusCode, body, tc.status, tc.want)
		}
		if tc.status != 200 && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("GET /export/%s: error as %q", tc.path, res.Header.Get("Content-Type"))
		}
	}
	res, err := http.Post(ts.URL+"/export/topic-network.graphml", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

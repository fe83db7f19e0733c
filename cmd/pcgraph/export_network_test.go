package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// topicNetworkCounts asks `pcgraph query` for topicNetwork's node and edge counts.
func topicNetworkCounts(t *testing.T, spec string, vars ...string) (nodes, edges int, labels map[string]string) {
	t.Helper()
	args := []string{"query", "--store", spec}
	for _, v := range vars {
		args = append(args, "--var", v)
	}
	args = append(args, `query($filter: CommentFilter, $minWeight: Int, $include: [NetworkNodeKind!]) {
	  topicNetwork(filter: $filter, minWeight: $minWeight, include: $include) { nodes { id label } edges { source } } }`)
	var r struct {
		Data struct {
			TopicNetwork struct {
				Nodes []struct{ ID, Label string }
				Edges []struct{ Source string }
			}
		}
	}
	if err := json.Unmarshal([]byte(mustRun(t, args...)), &r); err != nil {
		t.Fatal(err)
	}
	labels = map[string]string{}
	for _, n := range r.Data.TopicNetwork.Nodes {
		labels[n.ID] = n.Label
	}
	return len(r.Data.TopicNetwork.Nodes), len(r.Data.TopicNetwork.Edges), labels
}

// TestExportNetworkFormats exports the topic network of a loaded bbolt store in every
// network format, with and without filter flags, reads each file back with Go's decoders
// and compares it with what `pcgraph query` answers for topicNetwork.
func TestExportNetworkFormats(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	for _, tc := range []struct {
		name  string
		flags []string // of pcgraph export
		vars  []string // of pcgraph query, the same selection
	}{
		{"none", nil, nil},
		{"future-work", []string{"--disposition", "FUTURE_WORK"}, []string{`filter={"dispositions":["FUTURE_WORK"]}`}},
		{"submitters", []string{"--min-weight", "2", "--include", "SUBMITTER"}, []string{"minWeight=2", `include=["SUBMITTER"]`}},
		{"trust-services", []string{"--topic", "topic/trust-services", "--topic", "topic/e-seal", "--include", "SECTION", "--include", "SUBMITTER"},
			[]string{`filter={"topics":["topic/trust-services","topic/e-seal"]}`, `include=["SECTION","SUBMITTER"]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantNodes, wantEdges, labels := topicNetworkCounts(t, spec, tc.vars...)
			if wantNodes == 0 || wantEdges == 0 {
				t.Fatalf("topicNetwork is empty")
			}
			export := func(format string, extra ...string) string {
				return mustRun(t, append(append([]string{"export", "--store", spec, "--format", format}, tc.flags...), extra...)...)
			}
			check := func(format string, nodes, edges int, gotLabels map[string]string) {
				t.Helper()
				t.Logf("%s %s: %d nodes, %d edges (topicNetwork: %d, %d)", tc.name, format, nodes, edges, wantNodes, wantEdges)
				if nodes != wantNodes || edges != wantEdges {
					t.Errorf("%s: %d nodes, %d edges; topicNetwork has %d, %d", format, nodes, edges, wantNodes, wantEdges)
				}
				for id, l := range labels {
					if gotLabels[id] != l {
						t.Errorf("%s: node %s labelled %q, want %q", format, id, gotLabels[id], l)
						break
					}
				}
			}

			// GraphML on standard output.
			var gml struct {
				Graph struct {
					Nodes []struct {
						ID   string `xml:"id,attr"`
						Data []struct {
							Key   string `xml:"key,attr"`
							Value string `xml:",chardata"`
						} `xml:"data"`
					} `xml:"node"`
					Edges []struct{} `xml:"edge"`
				} `xml:"graph"`
			}
			out := export("graphml")
			if err := xml.Unmarshal([]byte(out), &gml); err != nil {
				t.Fatalf("graphml: %v", err)
			}
			got := map[string]string{}
			for _, n := range gml.Graph.Nodes {
				for _, d := range n.Data {
					if d.Key == "label" {
						got[n.ID] = d.Value
					}
				}
			}
			check("graphml", len(gml.Graph.Nodes), len(gml.Graph.Edges), got)
			if again := export("graphml"); again != out {
				t.Error("graphml: two exports differ")
			}

			// GEXF into a file.
			file := filepath.Join(t.TempDir(), "net.gexf")
			if out := export("gexf", "--out", file); out != "" {
				t.Errorf("gexf --out wrote to standard output: %q", out)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var gexf struct {
				Graph struct {
					Nodes []struct {
						ID    string `xml:"id,attr"`
						Label string `xml:"label,attr"`
					} `xml:"nodes>node"`
					Edges []struct{} `xml:"edges>edge"`
				} `xml:"graph"`
			}
			if err := xml.Unmarshal(b, &gexf); err != nil {
				t.Fatalf("gexf: %v", err)
			}
			got = map[string]string{}
			for _, n := range gexf.Graph.Nodes {
				got[n.ID] = n.Label
			}
			check("gexf", len(gexf.Graph.Nodes), len(gexf.Graph.Edges), got)

			// Cytoscape JSON.
			var cy struct {
				Elements struct {
					Nodes []struct{ Data struct{ ID, Name string } }
					Edges []struct {
						Data struct{ Source, Target string }
					}
				}
			}
			if err := json.Unmarshal([]byte(export("cyjs")), &cy); err != nil {
				t.Fatalf("cyjs: %v", err)
			}
			got = map[string]string{}
			for _, n := range cy.Elements.Nodes {
				got[n.Data.ID] = n.Data.Name
			}
			check("cyjs", len(cy.Elements.Nodes), len(cy.Elements.Edges), got)

			// CSV: two files into a directory (created if missing).
			dir := filepath.Join(t.TempDir(), "csv", "out")
			export("csv", "--out", dir)
			read := func(name string) [][]string {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				return rows
			}
			nodes, edges := read("nodes.csv"), read("edges.csv")
			got = map[string]string{}
			for _, r := range nodes[1:] {
				got[r[0]] = r[1]
			}
			check("csv", len(nodes)-1, len(edges)-1, got)
		})
	}
}

// TestExportNetworkErrors: mistakes are refused with a message that says what to do.
func TestExportNetworkErrors(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "csv"}, "give the directory to write them into with --out DIR"},
		{[]string{"--format", "graphml", "--topic", "topic/nope"}, `unknown topic "topic/nope"`},
		{[]string{"--format", "gexf", "--disposition", "LATER"}, `invalid disposition "LATER"`},
		{[]string{"--format", "cyjs", "--include", "COMMENT"}, `invalid node kind "COMMENT"`},
		{[]string{"--format", "cyjs", "--min-weight", "two"}, "-min-weight"},
		{[]string{"--format", "nquads", "--topic", "topic/e-seal"}, "the filter flags (--topic …) select the topic network"},
		{[]string{"--format", "svg"}, `unknown format "svg"`},
		{[]string{"--format", "nodes.csv"}, `unknown format "nodes.csv"`},
	} {
		out, errs, code := run(t, append([]string{"export", "--store", spec}, tc.args...)...)
		if code == 0 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("export %s: exit %d, stdout %q, stderr %q; want failure saying %q", strings.Join(tc.args, " "), code, out, errs, tc.want)
		}
	}
}

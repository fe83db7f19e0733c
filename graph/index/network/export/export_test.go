package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// Labels that XML, JSON and CSV must carry unchanged: Japanese, & < > " ', a comma,
// a leading space.
const (
	labelTrust = `トラストサービス & <eシール> "認証"`
	labelSub   = `法人A(株式会社"ＡＢＣ", 研究所) 'x'`
	labelSec   = ` Ⅲ(5) 電子署名 < タイムスタンプ`
)

func sample() network.Network {
	return network.Network{
		Nodes: []network.Node{
			{ID: "topic/e-seal", Label: "eシール", Kind: network.Topic, Weight: 5, Degree: 2, WeightedDegree: 6, Betweenness: 1.5, Community: 0},
			{ID: "topic/trust-services", Label: labelTrust, Kind: network.Topic, Weight: 7, Degree: 2, WeightedDegree: 5, Betweenness: 0.3333333333333333, Community: 1},
			{ID: "submitter/x/法人A", Label: labelSub, Kind: network.Submitter, Weight: 3, Degree: 1, WeightedDegree: 2, Betweenness: 0, Community: 0},
			{ID: "section/x/III-5", Label: labelSec, Kind: network.Section, Weight: 4, Degree: 1, WeightedDegree: 3, Betweenness: 1e-7, Community: 1},
		},
		Edges: []network.Edge{
			{Source: "section/x/III-5", Target: "topic/trust-services", Weight: 3},
			{Source: "submitter/x/法人A", Target: "topic/e-seal", Weight: 2},
			{Source: "topic/e-seal", Target: "topic/trust-services", Weight: 4},
		},
	}
}

var sampleMeta = Meta{Name: "pcgraph topic network", Description: "topic=topic/trust-services & <all>"}

func encode(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Error("output starts with a byte-order mark")
	}
	return b.Bytes()
}

// kindLabels are the Japanese labels a reader sees for the node kinds.
var kindLabels = map[network.NodeKind]string{network.Topic: "トピック", network.Submitter: "意見提出者", network.Section: "該当箇所"}

// attrs is a node's attributes as strings, the way every format carries them.
func wantAttrs(n network.Node) map[string]string {
	return map[string]string{
		"label": n.Label, "kind": string(n.Kind), "kindLabel": kindLabels[n.Kind], "weight": strconv.Itoa(n.Weight), "degree": strconv.Itoa(n.Degree),
		"weightedDegree": strconv.Itoa(n.WeightedDegree), "betweenness": number(n.Betweenness), "community": strconv.Itoa(n.Community),
	}
}

func checkFloat(t *testing.T, what, got string, want float64) {
	t.Helper()
	f, err := strconv.ParseFloat(got, 64)
	if err != nil || f != want {
		t.Errorf("%s = %q, want %v", what, got, want)
	}
}

func TestGraphML(t *testing.T) {
	net := sample()
	out := encode(t, func(b *bytes.Buffer) error { return GraphML(b, net, sampleMeta) })
	var doc struct {
		XMLName xml.Name
		Keys    []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
			Type string `xml:"attr.type,attr"`
		} `xml:"key"`
		Graph struct {
			ID          string `xml:"id,attr"`
			EdgeDefault string `xml:"edgedefault,attr"`
			Data        []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.XMLName.Space != graphMLNS || doc.XMLName.Local != "graphml" {
		t.Errorf("root is %v", doc.XMLName)
	}
	keys := map[string]string{} // id → for/name/type
	for _, k := range doc.Keys {
		keys[k.ID] = k.For + "/" + k.Name + "/" + k.Type
	}
	for id, want := range map[string]string{
		"label": "node/label/string", "kind": "node/kind/string", "kindLabel": "node/kindLabel/string", "weight": "node/weight/int", "degree": "node/degree/int",
		"weightedDegree": "node/weightedDegree/int", "betweenness": "node/betweenness/double", "community": "node/community/int",
		"edge.weight": "edge/weight/int", "description": "graph/description/string",
	} {
		if keys[id] != want {
			t.Errorf("key %s is %q, want %q", id, keys[id], want)
		}
	}
	if doc.Graph.EdgeDefault != "undirected" {
		t.Errorf("edgedefault = %q", doc.Graph.EdgeDefault)
	}
	if len(doc.Graph.Data) != 2 || doc.Graph.Data[1].Value != sampleMeta.Description {
		t.Errorf("graph data = %+v", doc.Graph.Data)
	}
	if len(doc.Graph.Nodes) != len(net.Nodes) || len(doc.Graph.Edges) != len(net.Edges) {
		t.Fatalf("%d nodes, %d edges; want %d, %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(net.Nodes), len(net.Edges))
	}
	for i, n := range doc.Graph.Nodes {
		want := net.Nodes[i]
		if n.ID != want.ID {
			t.Errorf("node %d id = %q, want %q", i, n.ID, want.ID)
		}
		got := map[string]string{}
		for _, d := range n.Data {
			if _, ok := keys[d.Key]; !ok {
				t.Errorf("node %s: data key %q is not declared", n.ID, d.Key)
			}
			got[d.Key] = d.Value
		}
		for k, v := range wantAttrs(want) {
			if got[k] != v {
				t.Errorf("node %s %s = %q, want %q", n.ID, k, got[k], v)
			}
		}
		checkFloat(t, n.ID+" betweenness", got["betweenness"], want.Betweenness)
	}
	for i, e := range doc.Graph.Edges {
		want := net.Edges[i]
		if e.Source != want.Source || e.Target != want.Target || len(e.Data) != 1 || e.Data[0].Key != "edge.weight" || e.Data[0].Value != strconv.Itoa(want.Weight) {
			t.Errorf("edge %d = %+v, want %+v", i, e, want)
		}
	}
}

func TestGEXF(t *testing.T) {
	net := sample()
	out := encode(t, func(b *bytes.Buffer) error { return GEXF(b, net, sampleMeta) })
	var doc struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		Meta    struct {
			Creator     string `xml:"creator"`
			Description string `xml:"description"`
		} `xml:"meta"`
		Graph struct {
			Mode            string `xml:"mode,attr"`
			DefaultEdgeType string `xml:"defaultedgetype,attr"`
			Attributes      []struct {
				Class string `xml:"class,attr"`
				Attrs []struct {
					ID    string `xml:"id,attr"`
					Title string `xml:"title,attr"`
					Type  string `xml:"type,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID     string `xml:"id,attr"`
				Label  string `xml:"label,attr"`
				Values []struct {
					For   string `xml:"for,attr"`
					Value string `xml:"value,attr"`
				} `xml:"attvalues>attvalue"`
			} `xml:"nodes>node"`
			Edges []struct {
				ID     string `xml:"id,attr"`
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Weight string `xml:"weight,attr"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.XMLName.Space != "http://www.gexf.net/1.2draft" || doc.XMLName.Local != "gexf" || doc.Version != "1.2" {
		t.Errorf("root is %v version %q", doc.XMLName, doc.Version)
	}
	if doc.Meta.Creator != "pcgraph" || !strings.Contains(doc.Meta.Description, sampleMeta.Description) {
		t.Errorf("meta = %+v", doc.Meta)
	}
	if doc.Graph.DefaultEdgeType != "undirected" || doc.Graph.Mode != "static" {
		t.Errorf("graph mode %q, defaultedgetype %q", doc.Graph.Mode, doc.Graph.DefaultEdgeType)
	}
	if len(doc.Graph.Attributes) != 1 || doc.Graph.Attributes[0].Class != "node" {
		t.Fatalf("attributes = %+v", doc.Graph.Attributes)
	}
	titles := map[string]string{} // id → title
	types := map[string]string{}  // title → type
	for _, a := range doc.Graph.Attributes[0].Attrs {
		titles[a.ID] = a.Title
		types[a.Title] = a.Type
	}
	for title, typ := range map[string]string{"kind": "string", "kindLabel": "string", "weight": "integer", "degree": "integer", "weightedDegree": "integer", "betweenness": "double", "community": "integer"} {
		if types[title] != typ {
			t.Errorf("attribute %s has type %q, want %q", title, types[title], typ)
		}
	}
	if len(doc.Graph.Nodes) != len(net.Nodes) || len(doc.Graph.Edges) != len(net.Edges) {
		t.Fatalf("%d nodes, %d edges; want %d, %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(net.Nodes), len(net.Edges))
	}
	for i, n := range doc.Graph.Nodes {
		want := net.Nodes[i]
		got := map[string]string{"label": n.Label}
		for _, v := range n.Values {
			title, ok := titles[v.For]
			if !ok {
				t.Errorf("node %s: attvalue for undeclared attribute %q", n.ID, v.For)
			}
			got[title] = v.Value
		}
		if n.ID != want.ID {
			t.Errorf("node %d id = %q, want %q", i, n.ID, want.ID)
		}
		for k, v := range wantAttrs(want) {
			if got[k] != v {
				t.Errorf("node %s %s = %q, want %q", n.ID, k, got[k], v)
			}
		}
	}
	for i, e := range doc.Graph.Edges {
		want := net.Edges[i]
		if e.ID != strconv.Itoa(i) || e.Source != want.Source || e.Target != want.Target || e.Weight != strconv.Itoa(want.Weight) {
			t.Errorf("edge %d = %+v, want %+v", i, e, want)
		}
	}
}

func TestCytoscapeJSON(t *testing.T) {
	net := sample()
	out := encode(t, func(b *bytes.Buffer) error { return CytoscapeJSON(b, net, sampleMeta) })
	if bytes.Contains(out, []byte(`\u0026`)) || !bytes.Contains(out, []byte("&")) {
		t.Error("& is escaped as \\u0026 (valid, but unreadable)")
	}
	var doc struct {
		Data       map[string]any `json:"data"`
		Directed   *bool          `json:"directed"`
		Multigraph *bool          `json:"multigraph"`
		Elements   struct {
			Nodes []struct {
				Data map[string]any `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Directed == nil || *doc.Directed || doc.Multigraph == nil || *doc.Multigraph {
		t.Errorf("directed %v, multigraph %v: want false, false", doc.Directed, doc.Multigraph)
	}
	if doc.Data["description"] != sampleMeta.Description || doc.Data["name"] != sampleMeta.Name {
		t.Errorf("data = %v", doc.Data)
	}
	if len(doc.Elements.Nodes) != len(net.Nodes) || len(doc.Elements.Edges) != len(net.Edges) {
		t.Fatalf("%d nodes, %d edges; want %d, %d", len(doc.Elements.Nodes), len(doc.Elements.Edges), len(net.Nodes), len(net.Edges))
	}
	for i, n := range doc.Elements.Nodes {
		want := net.Nodes[i]
		d := n.Data
		// networkx.cytoscape_graph keys nodes by value and names them by name.
		if d["id"] != want.ID || d["value"] != want.ID || d["name"] != want.Label || d["label"] != want.Label || d["kind"] != string(want.Kind) || d["kindLabel"] != kindLabels[want.Kind] {
			t.Errorf("node %d = %v, want %+v", i, d, want)
		}
		for k, v := range map[string]float64{"weight": float64(want.Weight), "degree": float64(want.Degree), "weightedDegree": float64(want.WeightedDegree), "betweenness": want.Betweenness, "community": float64(want.Community)} {
			if f, ok := d[k].(float64); !ok || f != v {
				t.Errorf("node %s %s = %v, want %v", want.ID, k, d[k], v)
			}
		}
	}
	for i, e := range doc.Elements.Edges {
		want := net.Edges[i]
		if e.Data["id"] != "e"+strconv.Itoa(i) || e.Data["source"] != want.Source || e.Data["target"] != want.Target || e.Data["weight"] != float64(want.Weight) {
			t.Errorf("edge %d = %v, want %+v", i, e.Data, want)
		}
	}
}

func TestCSV(t *testing.T) {
	net := sample()
	nodes := encode(t, func(b *bytes.Buffer) error { return NodesCSV(b, net, sampleMeta) })
	edges := encode(t, func(b *bytes.Buffer) error { return EdgesCSV(b, net, sampleMeta) })
	// RFC 4180: a field with a quote or a comma is quoted and its quotes doubled.
	if !bytes.Contains(nodes, []byte(`"法人A(株式会社""ＡＢＣ"", 研究所) 'x'"`)) {
		t.Errorf("the label with a comma and quotes is not quoted as RFC 4180 says:\n%s", nodes)
	}
	rows, err := csv.NewReader(bytes.NewReader(nodes)).ReadAll()
	if err != nil {
		t.Fatalf("nodes.csv: %v\n%s", err, nodes)
	}
	if strings.Join(rows[0], ",") != "id,label,kind,kind_label,weight,degree,weighted_degree,betweenness,community" {
		t.Errorf("nodes.csv header = %v", rows[0])
	}
	if len(rows) != len(net.Nodes)+1 {
		t.Fatalf("nodes.csv has %d rows, want %d", len(rows), len(net.Nodes)+1)
	}
	for i, r := range rows[1:] {
		n := net.Nodes[i]
		a := wantAttrs(n)
		want := []string{n.ID, a["label"], a["kind"], a["kindLabel"], a["weight"], a["degree"], a["weightedDegree"], a["betweenness"], a["community"]}
		if strings.Join(r, "\x00") != strings.Join(want, "\x00") {
			t.Errorf("nodes.csv row %d = %q, want %q", i+1, r, want)
		}
		checkFloat(t, n.ID+" betweenness", r[7], n.Betweenness)
	}
	rows, err = csv.NewReader(bytes.NewReader(edges)).ReadAll()
	if err != nil {
		t.Fatalf("edges.csv: %v\n%s", err, edges)
	}
	if strings.Join(rows[0], ",") != "source,target,weight" || len(rows) != len(net.Edges)+1 {
		t.Fatalf("edges.csv = %q", rows)
	}
	for i, r := range rows[1:] {
		e := net.Edges[i]
		if r[0] != e.Source || r[1] != e.Target || r[2] != strconv.Itoa(e.Weight) {
			t.Errorf("edges.csv row %d = %q, want %+v", i+1, r, e)
		}
	}
}

// TestDeterministic: the same network gives the same bytes, every time and in every format;
// an empty network gives well-formed files.
func TestDeterministic(t *testing.T) {
	for _, f := range Formats {
		a := encode(t, func(b *bytes.Buffer) error { return f.Write(b, sample(), sampleMeta) })
		for range 5 {
			if b := encode(t, func(b *bytes.Buffer) error { return f.Write(b, sample(), sampleMeta) }); !bytes.Equal(a, b) {
				t.Errorf("%s: two encodings of the same network differ", f.Name)
			}
		}
		empty := encode(t, func(b *bytes.Buffer) error {
			return f.Write(b, network.Network{Nodes: []network.Node{}, Edges: []network.Edge{}}, Meta{})
		})
		switch {
		case strings.HasSuffix(f.File, ".csv"):
			if _, err := csv.NewReader(bytes.NewReader(empty)).ReadAll(); err != nil || bytes.Count(empty, []byte("\n")) != 1 {
				t.Errorf("%s: empty network: %q", f.Name, empty)
			}
		case f.Name == "cyjs":
			var v map[string]any
			if err := json.Unmarshal(empty, &v); err != nil {
				t.Errorf("%s: empty network: %v", f.Name, err)
			}
			if !bytes.Contains(empty, []byte(`"nodes": []`)) {
				t.Errorf("%s: empty network has no empty node list:\n%s", f.Name, empty)
			}
		default:
			var v struct{ XMLName xml.Name }
			if err := xml.Unmarshal(empty, &v); err != nil {
				t.Errorf("%s: empty network: %v\n%s", f.Name, err, empty)
			}
		}
	}
}

// TestControlCharacters: a label with characters XML 1.0 cannot carry still gives
// well-formed XML.
func TestControlCharacters(t *testing.T) {
	net := sample()
	net.Nodes[0].Label = "a\x01b\tc\nd"
	for _, f := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return GraphML(b, net, Meta{}) },
		func(b *bytes.Buffer) error { return GEXF(b, net, Meta{}) },
	} {
		out := encode(t, f)
		d := xml.NewDecoder(bytes.NewReader(out))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("not well-formed: %v", err)
				}
				break
			}
		}
	}
}

func TestNumber(t *testing.T) {
	for _, f := range []float64{0, 1, 1.5, 1.0 / 3, 1e-7, 12345678.9, math.MaxFloat64} {
		if g, err := strconv.ParseFloat(number(f), 64); err != nil || g != f {
			t.Errorf("number(%v) = %q does not read back", f, number(f))
		}
	}
}

package export

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph/index/network"
)

// xmlSafe is what a label becomes in XML: invalid UTF-8 bytes and characters XML 1.0
// cannot carry are U+FFFD (xml.EscapeText's rule); everything else survives.
func xmlSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if (r == utf8.RuneError && n == 1) || !(r == 0x09 || r == 0x0A || r == 0x0D ||
			r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzXMLLabels: whatever a label or ID holds, GraphML and GEXF stay well-formed and read
// back with the same text.
func FuzzXMLLabels(f *testing.F) {
	for _, s := range []string{labelTrust, labelSub, labelSec, "a\x00b", "\xff\xfe", "]]>", "&amp;", "\r\n\t", "𠮷野家"} {
		f.Add(s, "topic/x")
	}
	f.Fuzz(func(t *testing.T, label, id string) {
		net := network.Network{
			Nodes: []network.Node{{ID: id, Label: label, Kind: network.Topic, Weight: 1}, {ID: "topic/z", Label: "z", Kind: network.Topic, Weight: 1}},
			Edges: []network.Edge{{Source: id, Target: "topic/z", Weight: 1}},
		}
		var g, x bytes.Buffer
		if err := GraphML(&g, net, Meta{Description: label}); err != nil {
			t.Fatal(err)
		}
		if err := GEXF(&x, net, Meta{Description: label}); err != nil {
			t.Fatal(err)
		}
		var gml struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"graph>node"`
			Edges []struct {
				Source string `xml:"source,attr"`
			} `xml:"graph>edge"`
		}
		if err := xml.Unmarshal(g.Bytes(), &gml); err != nil {
			t.Fatalf("GraphML: %v\n%s", err, g.Bytes())
		}
		if len(gml.Nodes) != 2 || gml.Nodes[0].ID != xmlSafe(id) || gml.Nodes[0].Data[0].Value != xmlSafe(label) || gml.Edges[0].Source != xmlSafe(id) {
			t.Errorf("GraphML: read back %+v; want id %q label %q", gml, xmlSafe(id), xmlSafe(label))
		}
		var gexf struct {
			Nodes []struct {
				ID    string `xml:"id,attr"`
				Label string `xml:"label,attr"`
			} `xml:"graph>nodes>node"`
		}
		if err := xml.Unmarshal(x.Bytes(), &gexf); err != nil {
			t.Fatalf("GEXF: %v\n%s", err, x.Bytes())
		}
		if len(gexf.Nodes) != 2 || gexf.Nodes[0].ID != xmlSafe(id) || gexf.Nodes[0].Label != xmlSafe(label) {
			t.Errorf("GEXF: read back %+v; want id %q label %q", gexf.Nodes, xmlSafe(id), xmlSafe(label))
		}
	})
}

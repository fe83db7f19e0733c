package store_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/pcgraph/pcgraph/internal/storetest"
)

// The exports type their literals with full XSD IRIs: integers xsd:integer, the
// deadline xsd:date; nothing is left with a prefix that RDF readers do not know.
func TestExportTypedLiterals(t *testing.T) {
	s, _ := storetest.Open(t, "memory")
	if _, err := s.Write(context.Background(), fixture("a", 3), false); err != nil {
		t.Fatal(err)
	}
	nq := export(t, s)
	for _, want := range []string{
		`<pcgraph:comment/a/3> <pcgraph:vocab/number> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <pcgraph:consultation/a> .`,
		`<pcgraph:page/a/27> <pcgraph:vocab/number> "27"^^<http://www.w3.org/2001/XMLSchema#integer> <pcgraph:consultation/a> .`,
		`<pcgraph:consultation/a> <pcgraph:vocab/deadline> "2020-06-25"^^<http://www.w3.org/2001/XMLSchema#date> <pcgraph:consultation/a> .`,
		`<pcgraph:consultation/a> <pcgraph:vocab/title> "案 a" <pcgraph:consultation/a> .`,
	} {
		if !strings.Contains(nq, want+"\n") {
			t.Errorf("the N-Quads export lacks\n%s", want)
		}
	}
	if m := regexp.MustCompile(`\^\^<[a-z]+:[^/>]*>`).FindString(nq); m != "" {
		t.Errorf("the N-Quads export has a datatype with a prefix instead of an IRI: %s", m)
	}
	var jl bytes.Buffer
	if err := s.ExportJSONLD(context.Background(), &jl); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"@context":{"@vocab":"pcgraph:vocab/",`, `"xsd":"http://www.w3.org/2001/XMLSchema#"`,
		`"deadline":{"@id":"pcgraph:vocab/deadline","@type":"xsd:date"}`, `"deadline":"2020-06-25"`,
		`"about":{"@id":"pcgraph:vocab/about","@type":"@id"}`, `"number":3,`, `"@type":"Comment"`,
	} {
		if !strings.Contains(jl.String(), want) {
			t.Errorf("the JSON-LD export lacks %s", want)
		}
	}
	// The JSON-LD says what the N-Quads say, read back with Cayley's JSON-LD reader
	// (json-gold's ToRDF): same quads, same literal types.
	fromJSONLD := lines(t, jsonld.NewReader(&jl))
	fromNQuads := lines(t, nquads.NewReader(strings.NewReader(nq), false))
	if strings.Join(fromJSONLD, "\n") != strings.Join(fromNQuads, "\n") {
		t.Errorf("the JSON-LD export holds %d quads that differ from the N-Quads export's %d", len(fromJSONLD), len(fromNQuads))
	}
}

func lines(t *testing.T, r quad.Reader) []string {
	t.Helper()
	var out []string
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, q.NQuad())
	}
	sort.Strings(out)
	return out
}

// Exports written before the XSD IRIs were expanded ("3"^^<xsd:integer>, the deadline an
// untyped string) still import, into the same store as a load: they export as today's.
func TestImportEarlierExport(t *testing.T) {
	s, _ := storetest.Open(t, "memory")
	ctx := context.Background()
	want := fixture("a", 3)
	if _, err := s.Write(ctx, want, false); err != nil {
		t.Fatal(err)
	}
	now := export(t, s)
	earlier := strings.ReplaceAll(now, "^^<http://www.w3.org/2001/XMLSchema#integer>", "^^<xsd:integer>")
	earlier = strings.ReplaceAll(earlier, `"2020-06-25"^^<http://www.w3.org/2001/XMLSchema#date>`, `"2020-06-25"`)
	if earlier == now || strings.Contains(earlier, "XMLSchema") {
		t.Fatal("the earlier export is not made up")
	}
	for name, in := range map[string]string{"earlier.nq": earlier, "now.nq": now} {
		other, _ := storetest.Open(t, "memory")
		if _, err := other.ImportNQuads(ctx, name, strings.NewReader(in), false); err != nil {
			t.Fatalf("ImportNQuads(%s): %v", name, err)
		}
		if got := export(t, other); got != now {
			t.Errorf("%s imported exports differently", name)
		}
		if d := mustRead(t, other, want.Consultation.ID); d.Consultation.Deadline != "2020-06-25" || d.Comments[2].Number != 3 {
			t.Errorf("%s reads back deadline %q, number %d", name, d.Consultation.Deadline, d.Comments[2].Number)
		}
	}
}

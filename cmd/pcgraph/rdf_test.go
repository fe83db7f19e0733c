package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// sparqlOverExports parses the N-Quads and the JSON-LD export with rdflib, runs the same
// SPARQL queries over each, and prints the answers, the number of quads each holds and
// whether both hold the same quads, as JSON.
const sparqlOverExports = `
import json, sys
from rdflib import ConjunctiveGraph
queries = {
  "over100": """PREFIX v: <pcgraph:vocab/>
    SELECT (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a v:Comment ; v:number ?num . FILTER(?num > 100) } }""",
  "sum": """PREFIX v: <pcgraph:vocab/>
    SELECT (SUM(?num) AS ?s) (MAX(?num) AS ?m) WHERE { GRAPH ?g { ?c a v:Comment ; v:number ?num } }""",
  "deadline": """PREFIX v: <pcgraph:vocab/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?d WHERE { GRAPH ?g { ?x a v:Consultation ; v:deadline ?d .
      FILTER(datatype(?d) = xsd:date && ?d > "2020-06-01"^^xsd:date && ?d < "2020-07-01"^^xsd:date) } }""",
  "untyped": """PREFIX v: <pcgraph:vocab/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT (COUNT(?n) AS ?c) WHERE { GRAPH ?g { VALUES ?p { v:number v:sourceLine v:revision } ?x ?p ?n .
      FILTER(datatype(?n) != xsd:integer) } }""",
}
out, quads = {}, {}
for fmt, path in (("nquads", sys.argv[1]), ("json-ld", sys.argv[2])):
    g = ConjunctiveGraph()
    g.parse(path, format=fmt)
    quads[fmt] = set((s, p, o, c.identifier) for s, p, o, c in g.quads((None, None, None, None)))
    out[fmt] = {}
    for name, q in queries.items():
        try:
            out[fmt][name] = [[None if v is None else str(v) for v in row] for row in g.query(q)]
        except Exception as e:
            out[fmt][name] = [["%s: %s" % (type(e).__name__, e)]]
out["quads"] = {k: len(v) for k, v in quads.items()}
out["same"] = quads["nquads"] == quads["json-ld"]
print(json.dumps(out))
`

// The RDF exports are read by a real SPARQL engine, rdflib (Debian's python3-rdflib):
// numbers compare and add up as numbers and the deadline as a date, in N-Quads and in
// JSON-LD alike. Typed "<xsd:integer>" (an unexpanded prefix) gave 107 comments over 100
// instead of 7, and SUM failed. A missing rdflib fails the test: the reader is the point.
func TestRDFExportsAnswerSPARQL(t *testing.T) {
	py := os.Getenv("PCGRAPH_PYTHON")
	if py == "" {
		py = "/usr/bin/python3"
	}
	if out, err := exec.Command(py, "-c", "import rdflib").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import rdflib, which this test queries the exports with: apt-get install -y python3-rdflib\n%s%v", py, out, err)
	}
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	dir := t.TempDir()
	nq, jl := filepath.Join(dir, "export.nq"), filepath.Join(dir, "export.jsonld")
	mustRun(t, "export", "--store", spec, "--format", "nquads", "--out", nq)
	mustRun(t, "export", "--store", spec, "--format", "jsonld", "--out", jl)

	cmd := exec.Command(py, "-c", sparqlOverExports, nq, jl)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("rdflib: %v", err)
	}
	var got struct {
		NQuads map[string][][]*string `json:"nquads"`
		JSONLD map[string][][]*string `json:"json-ld"`
		Quads  map[string]int         `json:"quads"`
		Same   bool                   `json:"same"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("rdflib's answer %s: %v", raw, err)
	}
	s := func(v string) *string { return &v }
	want := map[string][][]*string{
		"over100":  {{s("7")}},              // comments 101 … 107
		"sum":      {{s("5778"), s("107")}}, // 1 + 2 + … + 107, and the largest number
		"deadline": {{s("2020-06-25")}},
		"untyped":  {{s("0")}}, // page numbers, source lines, the revision: all xsd:integer
	}
	for name, answers := range map[string]map[string][][]*string{"N-Quads": got.NQuads, "JSON-LD": got.JSONLD} {
		for q, w := range want {
			if !reflect.DeepEqual(answers[q], w) {
				t.Errorf("%s, query %s: rdflib answers %s; want %s", name, q, show(answers[q]), show(w))
			}
		}
	}
	if got.Quads["nquads"] < 8000 || got.Quads["nquads"] != got.Quads["json-ld"] || !got.Same {
		t.Errorf("rdflib reads %d quads from N-Quads and %d from JSON-LD (the same: %v); want the same quads, more than 8000", got.Quads["nquads"], got.Quads["json-ld"], got.Same)
	}
}

func show(rows [][]*string) string {
	b, _ := json.Marshal(rows)
	return string(b)
}

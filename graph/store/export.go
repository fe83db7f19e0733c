package store

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/cayleygraph/quad/voc/xsd"
	"github.com/piprate/json-gold/ld"

	"github.com/pcgraph/pcgraph/graph"
)

// AllQuads returns every quad of every stored consultation, sorted by label, subject,
// predicate and object, so that exports are deterministic and comparable.
func (s *Store) AllQuads(ctx context.Context) ([]quad.Quad, error) {
	all, err := s.unsortedQuads(ctx)
	if err != nil {
		return nil, err
	}
	sortQuads(all)
	return all, nil
}

func (s *Store) unsortedQuads(ctx context.Context) ([]quad.Quad, error) {
	ids, err := s.Consultations(ctx)
	if err != nil {
		return nil, err
	}
	defer s.ReadLock()()
	var all []quad.Quad
	for _, id := range ids {
		qs, err := s.readQuads(ctx, id)
		if err != nil {
			return nil, err
		}
		all = append(all, qs...)
	}
	return all, nil
}

func sortQuads(qs []quad.Quad) {
	keys := make([]string, len(qs))
	for i, q := range qs {
		keys[i] = q.NQuad()
	}
	sort.Sort(byKey{qs, keys})
}

type byKey struct {
	qs   []quad.Quad
	keys []string
}

func (b byKey) Len() int           { return len(b.qs) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.qs[i], b.qs[j] = b.qs[j], b.qs[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// The XSD datatypes of the RDF exports, as full IRIs. Cayley writes a quad.Int as
// "107"^^<xsd:integer>, an IRI with an unexpanded prefix: RDF readers take it for a
// datatype of their own and no longer compare or add the numbers.
const (
	xsdInteger = xsd.NS + "integer"
	xsdDate    = xsd.NS + "date"
)

// rdfQuads returns every stored quad as the RDF exports write it, sorted as AllQuads:
// integers typed xsd:integer and the consultation's deadline (YYYY-MM-DD) xsd:date, with
// full IRIs. The store keeps them as quad.Int and a plain string; storeValue undoes this.
func (s *Store) rdfQuads(ctx context.Context) ([]quad.Quad, error) {
	all, err := s.unsortedQuads(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		all[i].Object = rdfValue(all[i].Predicate, all[i].Object)
	}
	sortQuads(all)
	return all, nil
}

func rdfValue(p, v quad.Value) quad.Value {
	switch v := v.(type) {
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(v), 10)), Type: xsdInteger}
	case quad.TypedString:
		return quad.TypedString{Value: v.Value, Type: v.Type.Full()}
	case quad.String:
		if p == quad.IRI(PredDeadline) {
			if _, err := time.Parse(time.DateOnly, string(v)); err == nil {
				return quad.TypedString{Value: v, Type: xsdDate}
			}
		}
	}
	return v
}

// storeValue is the inverse of rdfValue: what the store holds for an exported literal
// (also for exports written before the IRIs were expanded: "1"^^<xsd:integer>).
func storeValue(v quad.Value) quad.Value {
	t, ok := v.(quad.TypedString)
	if !ok {
		return v
	}
	switch t.Type.Full() {
	case xsdDate:
		return t.Value
	case xsdInteger:
		if i, err := strconv.ParseInt(string(t.Value), 10, 64); err == nil {
			return quad.Int(i)
		}
	}
	return v
}

// ExportNQuads writes every stored quad as N-Quads, sorted, with typed literals (rdfValue).
func (s *Store) ExportNQuads(ctx context.Context, w io.Writer) error {
	all, err := s.rdfQuads(ctx)
	if err != nil {
		return err
	}
	enc := nquads.NewWriter(w)
	if _, err := enc.WriteQuads(all); err != nil {
		return err
	}
	return enc.Close()
}

// ImportNQuads reads N-Quads (as written by ExportNQuads) and stores each named graph as
// one consultation. Every graph is decoded first, so a file that is not a pcgraph export
// is refused before anything is written; each consultation is then written as Write
// would (replace as there).
func (s *Store) ImportNQuads(ctx context.Context, file string, r io.Reader, replace bool) (ids []string, err error) {
	defer graph.Wrap(&err, "import %s", file)
	byLabel := map[string][]quad.Quad{}
	dec := nquads.NewReader(r, false)
	for n := 1; ; n++ {
		q, err := dec.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &graph.Error{Code: graph.EINVALID, File: file, Line: n, Message: err.Error()}
		}
		q.Object = storeValue(q.Object)
		id := idOf(q.Label)
		if id == "" || graph.Kind(id) != "consultation" {
			return nil, &graph.Error{Code: graph.EINVALID, File: file, Line: n, Message: "quad is not in a consultation's named graph"}
		}
		byLabel[id] = append(byLabel[id], q)
	}
	for id, qs := range byLabel {
		if _, _, err := Decode(id, qs); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if !replace {
		for _, id := range ids {
			if rev, err := s.revisionLocked(ctx, id); err != nil {
				return nil, err
			} else if rev > 0 {
				return nil, graph.Errorf(graph.EINVALID, "%s is already loaded (use --replace to replace it)", id)
			}
		}
	}
	for _, id := range ids {
		qs := byLabel[id]
		if _, err := s.write(ctx, id, replace, func(int64) []quad.Quad { return qs }); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func (s *Store) revisionLocked(ctx context.Context, id string) (int64, error) {
	defer s.ReadLock()()
	return s.revision(ctx, id)
}

// ExportJSONLD writes every stored quad as compacted JSON-LD: one named graph per
// consultation, the same statements as ExportNQuads. Its @context (jsonldContext) maps
// the vocabulary's terms (number, title, about …) to pcgraph:vocab/ IRIs; integers are
// JSON numbers (xsd:integer), deadlines "2020-06-25" typed xsd:date by the context, links
// to other nodes plain IRI strings.
func (s *Store) ExportJSONLD(ctx context.Context, w io.Writer) error {
	all, err := s.rdfQuads(ctx)
	if err != nil {
		return err
	}
	ds := ld.NewRDFDataset()
	for _, q := range all {
		g := string(q.Label.(quad.IRI))
		ds.Graphs[g] = append(ds.Graphs[g], ld.NewQuad(ldNode(q.Subject), ldNode(q.Predicate), ldNode(q.Object), g))
	}
	opts := ld.NewJsonLdOptions("")
	opts.UseNativeTypes = true // "107"^^xsd:integer is the JSON number 107, which reads back as the same literal
	expanded, err := ld.NewJsonLdApi().FromRDF(ds, opts)
	if err != nil {
		return err
	}
	doc, err := ld.NewJsonLdProcessor().Compact(expanded, jsonldContext(all), opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func ldNode(v quad.Value) ld.Node {
	switch v := v.(type) {
	case quad.IRI:
		return ld.NewIRI(string(v))
	case quad.TypedString:
		return ld.NewLiteral(string(v.Value), string(v.Type), "")
	case quad.LangString:
		return ld.NewLiteral(string(v.Value), "", v.Lang)
	case quad.String:
		return ld.NewLiteral(string(v), "", "")
	case quad.BNode:
		return ld.NewBlankNode(v.String())
	}
	return ld.NewLiteral(v.String(), "", "")
}

// jsonldContext is the export's @context: the vocabulary is the default (@vocab), xsd is
// XML Schema's namespace, and a term whose every value in qs is a node IRI or a date is
// declared so ("@type": "@id" or "xsd:date"), so that its values are plain strings.
func jsonldContext(qs []quad.Quad) map[string]any {
	kinds := map[string]string{} // term → @id, xsd:date, or "" when its values are of several kinds
	for _, q := range qs {
		p := string(q.Predicate.(quad.IRI))
		if p == RDFType || !strings.HasPrefix(p, Vocab) {
			continue
		}
		k := ""
		switch v := q.Object.(type) {
		case quad.IRI:
			k = "@id"
		case quad.TypedString:
			if v.Type == xsdDate {
				k = "xsd:date"
			}
		}
		if prev, seen := kinds[p]; seen && prev != k {
			k = ""
		}
		kinds[p] = k
	}
	ctx := map[string]any{"@vocab": Vocab, "xsd": xsd.NS}
	for p, k := range kinds {
		if k != "" {
			ctx[strings.TrimPrefix(p, Vocab)] = map[string]any{"@id": p, "@type": k}
		}
	}
	return ctx
}

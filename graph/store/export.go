package store

import (
	"context"
	"io"
	"sort"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"

	"github.com/pcgraph/pcgraph/graph"
)

// AllQuads returns every quad of every stored consultation, sorted by label, subject,
// predicate and object, so that exports are deterministic and comparable.
func (s *Store) AllQuads(ctx context.Context) ([]quad.Quad, error) {
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
	sortQuads(all)
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

// ExportNQuads writes every stored quad as N-Quads, sorted.
func (s *Store) ExportNQuads(ctx context.Context, w io.Writer) error {
	all, err := s.AllQuads(ctx)
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

// ExportJSONLD writes every stored quad as JSON-LD (expanded form, one named graph per
// consultation), in the same order as ExportNQuads.
func (s *Store) ExportJSONLD(ctx context.Context, w io.Writer) error {
	all, err := s.AllQuads(ctx)
	if err != nil {
		return err
	}
	enc := jsonld.NewWriter(w)
	if _, err := enc.WriteQuads(all); err != nil {
		return err
	}
	return enc.Close()
}

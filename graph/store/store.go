// Package store is pcgraph's system of record: the knowledge graph in a Cayley quad
// store. Every consultation is one named graph (the quad label), written, replaced and
// dropped in one transaction, so a reader sees the old graph or the new, never a mix.
package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	// Only the backends pcgraph offers; graph/all would register (and silently skip) more.
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"

	"github.com/pcgraph/pcgraph/graph"
)

// Store is the knowledge graph in one Cayley quad store.
type Store struct {
	qs      cgraph.QuadStore
	backend string   // memory, bolt or postgres
	bolt    *bolt.DB // the bbolt file under qs, for reading it back in bulk (scanlog.go)

	// mu serialises writers. memstore has no locking of its own, so for it readers take
	// mu too; bbolt and PostgreSQL isolate readers themselves.
	mu sync.RWMutex
}

// Open opens (creating when needed) the store named by spec: "memory", "bolt:PATH" or a
// "postgres://…" URL.
func Open(ctx context.Context, spec string) (s *Store, err error) {
	defer graph.Wrap(&err, "open store %q", redact(spec))
	switch {
	case spec == "memory":
		return &Store{qs: memstore.New(), backend: "memory"}, nil
	case strings.HasPrefix(spec, "bolt:"):
		path := strings.TrimPrefix(spec, "bolt:")
		if path == "" {
			return nil, graph.Errorf(graph.EINVALID, "bolt: needs a path (bolt:/some/dir)")
		}
		return openBolt(path)
	case strings.HasPrefix(spec, "postgres://"), strings.HasPrefix(spec, "postgresql://"):
		return openOrInit("postgres", "postgres", spec, nil)
	}
	return nil, graph.Errorf(graph.EINVALID, "unknown store (want memory, bolt:PATH or postgres://…)")
}

func openOrInit(backend, name, addr string, opts cgraph.Options) (*Store, error) {
	fresh := false
	var qs cgraph.QuadStore
	var err error
	// The SQL backend opens an uninitialised database without complaint: look for its
	// tables. (Initialising regardless would fail on a read-only hot standby.)
	if backend == "postgres" {
		exists, err := postgresHasQuads(addr)
		if err != nil {
			return nil, err
		}
		fresh = !exists
	}
	if !fresh {
		qs, err = cgraph.NewQuadStore(name, addr, opts)
	}
	if fresh || errors.Is(err, cgraph.ErrNotInitialized) {
		if err := cgraph.InitQuadStore(name, addr, opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, err
		}
		qs, err = cgraph.NewQuadStore(name, addr, opts)
	}
	if err != nil {
		return nil, err
	}
	return &Store{qs: qs, backend: backend}, nil
}

// postgresHasQuads reports whether the database at url has Cayley's tables.
func postgresHasQuads(url string) (bool, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var exists bool
	err = db.QueryRow(`SELECT to_regclass('quads') IS NOT NULL`).Scan(&exists)
	return exists, err
}

// checkBoltUnlocked fails fast when another process holds the bbolt file: Cayley opens it
// without a timeout and would wait forever.
func checkBoltUnlocked(dir string) error {
	file := filepath.Join(dir, "indexes.bolt")
	if _, err := os.Stat(file); err != nil {
		return nil // a new store
	}
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: true})
	if err != nil {
		return inUse(file, err)
	}
	return db.Close()
}

// inUse is the error for a bbolt file another process holds: who holds it, and what to
// do, since a bbolt store can be open in one process at a time.
func inUse(file string, err error) error {
	who := lockHolder(file)
	if who == "" {
		who = "another process"
	}
	return graph.Errorf(graph.EINVALID, "%s is in use by %s (%v): a bbolt store can be open in one process at a time; stop that process (a pcgraph serve on this store) and run the command again, or serve from PostgreSQL (--store postgres://…) to load while serving", file, who, err)
}

// redact hides a password in a postgres URL.
func redact(spec string) string {
	if i := strings.Index(spec, "://"); i >= 0 {
		if at := strings.LastIndex(spec, "@"); at > i {
			if colon := strings.Index(spec[i+3:at], ":"); colon >= 0 {
				return spec[:i+3+colon] + ":***" + spec[at:]
			}
		}
	}
	return spec
}

// Backend names the kind of quad store: memory, bolt or postgres.
func (s *Store) Backend() string { return s.backend }

// QuadStore returns the raw Cayley quad store, for read-only ad-hoc queries. Callers
// must hold RLock for the memory backend (see ReadLock).
func (s *Store) QuadStore() cgraph.QuadStore { return s.qs }

// ReadLock takes the store's read lock and returns its release.
func (s *Store) ReadLock() func() {
	if s.backend != "memory" {
		return func() {}
	}
	s.mu.RLock()
	return s.mu.RUnlock
}

// Close closes the quad store.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.Close()
}

// WriteResult says what a write changed.
type WriteResult struct {
	Added, Deleted int   // quads
	Total          int   // quads of the consultation after the write
	Revision       int64 // the consultation's new revision
}

// Write stores d as the named graph of its consultation. When the consultation is
// already stored, Write fails unless replace is set; with replace, the old graph is
// swapped for the new in one transaction (only the difference is written).
func (s *Store) Write(ctx context.Context, d *graph.Dataset, replace bool) (WriteResult, error) {
	var res WriteResult
	err := s.WriteAll(ctx, []*graph.Dataset{d}, replace, func(_ *graph.Dataset, w WriteResult) { res = w })
	return res, err
}

// write replaces the named graph of consultation id with the quads make returns for the
// next revision.
func (s *Store) write(ctx context.Context, id string, replace bool, make func(rev int64) []quad.Quad) (WriteResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, _, err := s.writeLocked(ctx, id, replace, make)
	return res, err
}

// writeLocked is write for a caller that holds mu; it also returns the quads the
// consultation had before, for WriteAll to put back.
func (s *Store) writeLocked(ctx context.Context, id string, replace bool, make func(rev int64) []quad.Quad) (res WriteResult, old []quad.Quad, err error) {
	defer graph.Wrap(&err, "write %s", id)
	res, old, deltas, err := s.prepare(ctx, id, replace, make)
	if err != nil || len(deltas) == 0 {
		return res, old, err
	}
	if err := writeHook(id); err != nil {
		return WriteResult{}, nil, err
	}
	if err := s.apply(id, res.Revision, deltas); err != nil {
		return WriteResult{}, nil, err
	}
	return res, old, nil
}

// prepare computes the deltas that replace the named graph of consultation id (whose
// quads are old) with the quads make returns for the next revision. The caller holds mu.
func (s *Store) prepare(ctx context.Context, id string, replace bool, make func(rev int64) []quad.Quad) (res WriteResult, old []quad.Quad, deltas []cgraph.Delta, err error) {
	old, err = s.readQuads(ctx, id)
	if err != nil {
		return res, nil, nil, err
	}
	var rev int64
	// Quads without their consultation node are what a chunked write cut short by a
	// crash left (chunked.go): replaced without asking.
	if isConsultation(id, old) {
		if !replace {
			return res, nil, nil, graph.Errorf(graph.EINVALID, "%s is already loaded (use --replace to replace it)", id)
		}
		rev = revisionOf(id, old)
	}
	next := make(rev + 1)
	res.Revision = revisionOf(id, next)
	if res.Revision <= rev { // an import carrying an older revision: keep it moving forward
		res.Revision = rev + 1
		next = withRevision(id, next, res.Revision)
	}
	deltas = diff(old, next)
	for _, dl := range deltas {
		if dl.Action == cgraph.Add {
			res.Added++
		} else {
			res.Deleted++
		}
	}
	res.Total = len(old) + res.Added - res.Deleted
	if err := ctx.Err(); err != nil {
		return WriteResult{}, nil, nil, err
	}
	return res, old, deltas, nil
}

// restore puts the named graph of consultation id back to exactly the quads old (none:
// the consultation is dropped). The caller holds mu.
func (s *Store) restore(ctx context.Context, id string, old []quad.Quad) (err error) {
	defer graph.Wrap(&err, "put back %s", id)
	cur, err := s.readQuads(ctx, id)
	if err != nil {
		return err
	}
	deltas := diff(cur, old)
	if len(deltas) == 0 {
		return nil
	}
	return s.apply(id, 0, deltas)
}

// isConsultation reports whether quads hold the node of consultation id (its type), as
// Decode requires, without decoding them.
func isConsultation(id string, quads []quad.Quad) bool {
	var node quad.Value = iri(id) // escaped and boxed once, not once per quad
	for _, q := range quads {
		if q.Subject == node && q.Predicate == quad.IRI(RDFType) && q.Object == quad.IRI(ClassConsultation) {
			return true
		}
	}
	return false
}

// revisionOf returns the revision stored in quads for consultation id.
func revisionOf(id string, quads []quad.Quad) int64 {
	var node quad.Value = iri(id)
	for _, q := range quads {
		if q.Predicate == quad.IRI(PredRevision) && q.Subject == node {
			if v, ok := q.Object.(quad.Int); ok {
				return int64(v)
			}
		}
	}
	return 0
}

// withRevision returns quads with the revision of consultation id set to rev.
func withRevision(id string, quads []quad.Quad, rev int64) []quad.Quad {
	var node quad.Value = iri(id)
	out := make([]quad.Quad, 0, len(quads))
	for _, q := range quads {
		if q.Predicate == quad.IRI(PredRevision) && q.Subject == node {
			q.Object = quad.Int(rev)
		}
		out = append(out, q)
	}
	return out
}

// diff returns the deltas that turn the set old into the set next. Quads are compared
// as values (every value type a quad can hold here is comparable).
func diff(old, next []quad.Quad) []cgraph.Delta {
	have := make(map[quad.Quad]struct{}, len(old))
	for _, q := range old {
		have[q] = struct{}{}
	}
	want := make(map[quad.Quad]struct{}, len(next))
	out := make([]cgraph.Delta, 0, len(next))
	for _, q := range next {
		if _, dup := want[q]; dup {
			continue
		}
		want[q] = struct{}{}
		if _, ok := have[q]; !ok {
			out = append(out, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	for _, q := range old {
		if _, ok := want[q]; !ok {
			out = append(out, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	return out
}

// Drop removes a consultation's named graph. Dropping one that is not stored is an
// ENOTFOUND error.
func (s *Store) Drop(ctx context.Context, id string) (err error) {
	defer graph.Wrap(&err, "drop %s", id)
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.readQuads(ctx, id)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return graph.Errorf(graph.ENOTFOUND, "%s is not in the store", id)
	}
	return s.apply(id, 0, diff(old, nil))
}

// apply applies deltas in one transaction: for bbolt, deltas that only add are written
// in bulk (bulk.go), others padded (kvpad.go).
func (s *Store) apply(id string, rev int64, deltas []cgraph.Delta) error {
	if s.bolt != nil && !slices.ContainsFunc(deltas, func(d cgraph.Delta) bool { return d.Action == cgraph.Delete }) {
		quads := make([]quad.Quad, len(deltas))
		for i, d := range deltas {
			quads[i] = d.Quad
		}
		return s.bolt.Update(func(tx *bolt.Tx) error {
			_, err := bulkWrite(tx, quads)
			return err
		})
	}
	if s.backend == "bolt" {
		return applyPadded(s.qs, id, rev, deltas)
	}
	return s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{})
}

// Read returns the dataset of one consultation, exactly as it was written.
func (s *Store) Read(ctx context.Context, id string) (d *graph.Dataset, err error) {
	defer graph.Wrap(&err, "read %s", id)
	defer s.ReadLock()()
	// bbolt and PostgreSQL readers are not in one transaction across lookups: read the
	// revision before and after, and read again if a write landed in between.
	for try := 0; try < 5; try++ {
		before, err := s.revision(ctx, id)
		if err != nil {
			return nil, err
		}
		quads, err := s.readQuads(ctx, id)
		if err != nil {
			return nil, err
		}
		after, err := s.revision(ctx, id)
		if err != nil {
			return nil, err
		}
		if before != after {
			continue
		}
		d, rev, err := Decode(id, quads)
		if err != nil {
			return nil, err
		}
		if rev == before {
			return d, nil
		}
	}
	return nil, graph.Errorf(graph.EINTERNAL, "the consultation kept changing while it was read")
}

// Consultations lists the IDs of the stored consultations, sorted.
func (s *Store) Consultations(ctx context.Context) (ids []string, err error) {
	defer graph.Wrap(&err, "list consultations")
	defer s.ReadLock()()
	class, err := s.qs.ValueOf(quad.IRI(ClassConsultation))
	if err != nil || class == nil {
		return nil, err
	}
	seen := map[string]bool{}
	err = s.eachQuad(ctx, quad.Object, class, func(q quad.Quad) {
		if q.Predicate == quad.IRI(RDFType) {
			if id := idOf(q.Subject); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	})
	sort.Strings(ids)
	return ids, err
}

// Revisions returns the revision of every stored consultation: a cheap way for a server
// to see whether another one has written to a shared store since it last read it.
func (s *Store) Revisions(ctx context.Context) (map[string]int64, error) {
	ids, err := s.Consultations(ctx)
	if err != nil {
		return nil, err
	}
	defer s.ReadLock()()
	out := make(map[string]int64, len(ids))
	for _, id := range ids {
		if out[id], err = s.revision(ctx, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReadAll reads every stored consultation, in one pass over the store: for bbolt in one
// read transaction (scanlog.go), for the others through Cayley's all-quads iterator
// (scan.go), reading the revisions before and after, like Read, and reading again when a
// write landed in between.
func (s *Store) ReadAll(ctx context.Context) (_ []*graph.Dataset, err error) {
	defer graph.Wrap(&err, "read all consultations")
	if s.bolt != nil {
		all, err := s.readAllBolt(ctx)
		if !errors.Is(err, errLargeLog) {
			return all, err
		}
	}
	for try := 0; try < 3; try++ {
		before, err := s.Revisions(ctx)
		if err != nil {
			return nil, err
		}
		ids := slices.Sorted(maps.Keys(before))
		var sc *scan
		func() {
			defer s.ReadLock()()
			sc, err = s.scanGraphs(ctx, ids)
		}()
		if err != nil {
			return nil, err
		}
		after, err := s.Revisions(ctx)
		if err != nil {
			return nil, err
		}
		if !maps.Equal(before, after) {
			continue
		}
		out := make([]*graph.Dataset, 0, len(ids))
		for _, id := range ids {
			d, rev, err := Decode(id, sc.quads(id))
			if err != nil {
				return nil, err
			}
			delete(sc.graphs, id) // the decoded dataset is all that is kept
			if rev != before[id] {
				out = nil
				break
			}
			out = append(out, d)
		}
		if out != nil {
			return out, nil
		}
	}
	return nil, graph.Errorf(graph.EINTERNAL, "the store kept changing while it was read")
}

// revision reads the revision quad of consultation id (0 when it is not stored). The
// consultation node has an edge to each of its comments, so it compares refs and looks
// up only the revision's value.
func (s *Store) revision(ctx context.Context, id string) (int64, error) {
	ref, err := s.qs.ValueOf(iri(id))
	if err != nil || ref == nil {
		return 0, err
	}
	pred, err := s.qs.ValueOf(quad.IRI(PredRevision))
	if err != nil || pred == nil {
		return 0, err
	}
	var rev int64
	it := s.quadsOf(ref, pred).Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q := it.Result()
		p, err := s.qs.QuadDirection(q, quad.Predicate)
		if err != nil {
			return 0, err
		}
		if !sameRef(p, pred) {
			continue
		}
		l, err := s.qs.QuadDirection(q, quad.Label)
		if err != nil {
			return 0, err
		}
		if !sameRef(l, ref) {
			continue
		}
		o, err := s.qs.QuadDirection(q, quad.Object)
		if err != nil {
			return 0, err
		}
		v, err := s.qs.NameOf(o)
		if err != nil {
			return 0, err
		}
		if i, ok := v.(quad.Int); ok {
			rev = int64(i)
		}
	}
	if err := it.Err(); err != nil {
		return 0, err
	}
	return rev, ctx.Err()
}

// quadsOf returns the quads with subject subj, and with predicate pred where the store
// can look both up at once: Cayley's bbolt store indexes quads by subject and predicate,
// so a consultation's revision is found without reading the edges to its thousands of
// comments (and the pages of the file they are on).
func (s *Store) quadsOf(subj, pred cgraph.Ref) iterator.Shape {
	sv, sok := subj.(ckv.Int64Value)
	pv, pok := pred.(ckv.Int64Value)
	if s.bolt != nil && sok && pok {
		sp := ckv.QuadIndex{Dirs: []quad.Direction{quad.Subject, quad.Predicate}}
		return ckv.IndexScan{Index: sp, Values: []uint64{uint64(sv), uint64(pv)}}.BuildIterator(s.qs)
	}
	return s.qs.QuadIterator(quad.Subject, subj)
}

// sameRef reports whether two refs of the store name the same value.
func sameRef(a, b cgraph.Ref) bool {
	return a != nil && b != nil && a.Key() == b.Key()
}

// readQuads returns the quads of consultation id's named graph. KV backends index quads
// by subject and by object, not by label, so instead of scanning the whole store it walks
// from the consultation node along the graph's own edges: every node of a named graph is
// reachable from its consultation (see Encode).
func (s *Store) readQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	label := iri(id)
	var out []quad.Quad
	seen := map[quad.IRI]bool{label: true}
	queue := []quad.IRI{label}
	for len(queue) > 0 {
		batch := queue
		queue = nil
		for _, v := range batch {
			ref, err := s.qs.ValueOf(v)
			if err != nil {
				return nil, err
			}
			if ref == nil {
				continue // not stored (yet)
			}
			err = s.eachQuad(ctx, quad.Subject, ref, func(q quad.Quad) {
				if q.Label != label {
					return
				}
				out = append(out, q)
				if o, ok := q.Object.(quad.IRI); ok && !seen[o] && idOf(o) != "" {
					seen[o] = true
					queue = append(queue, o)
				}
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// eachQuad calls fn for every quad whose direction dir is ref.
func (s *Store) eachQuad(ctx context.Context, dir quad.Direction, ref cgraph.Ref, fn func(quad.Quad)) error {
	it := s.qs.QuadIterator(dir, ref).Iterate()
	defer it.Close()
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			return err
		}
		fn(q)
	}
	if err := it.Err(); err != nil {
		return err
	}
	// Cayley iterators stop quietly on a cancelled context: say so.
	return ctx.Err()
}

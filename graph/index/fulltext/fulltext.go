// Package fulltext is pcgraph's Japanese full-text search over comments and the
// ministry's responses to them: the read model behind the GraphQL field
// search(text, first, after).
//
// # Index
//
// Every consultation gets its own in-memory bleve index (scorch, not persisted); an
// Index searches them together through a bleve.IndexAlias. Rebuild reuses the
// per-consultation indexes of the previous Index whose content has not changed (same
// content hash), so loading one consultation re-indexes only that one.
//
// Two text fields are indexed per comment: the comment's text and its response's text.
// Both use bleve's CJK analysis — Unicode word segmentation, cjk_width (full-width ASCII
// → ASCII, half-width katakana → katakana, ｶﾞ → ガ), lowercase, and CJK bigrams — with
// unigrams stacked on the bigrams (see indexMapping). The search text is first
// NFKC-normalised like the comments were, so ＩｏＴ, IoT, iot and ｉｏｔ all find IoT, and
// Ⅲ finds III.
//
// # Query semantics
//
// The search text is plain text, never bleve query syntax: quotes, +, -, :, * and the
// like are ordinary characters (which the analyzer drops as punctuation). It is split at
// white space (ASCII or ideographic) into words; a comment matches when EVERY word
// occurs, as an exact phrase (consecutive characters, ignoring width, case and
// punctuation inside the word), in its text or in its response's text — different words
// may occur in different fields. So "トラストサービス 電子署名" finds comments mentioning
// both, like a search box. Words made of punctuation only are ignored; a text with no
// searchable word matches nothing; an empty or blank text is an EINVALID error.
//
// Hits are ranked by bleve's BM25 score; a match in the comment's text weighs twice a
// match in the response. The document count and average field lengths are gathered over
// all consultations through the alias (bleve's global scoring); term document
// frequencies are per consultation, so a word rare in its own consultation weighs more.
// Scores compare only within one search. Ties are broken by consultation slug, then
// comment number (a keyword sort key, orderKey), so the order — and therefore paging by
// offset — is deterministic.
//
// # Life cycle
//
// An Index never changes after Build or Rebuild and may be searched concurrently. Its
// bleve indexes run goroutines: Close an Index once it is no longer searched (after the
// holder has swapped in its successor); Close waits for searches in flight, and parts
// shared with a rebuilt Index stay open until every Index holding them is closed.
package fulltext

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pcgraph/pcgraph/graph"
)

// Where a hit matched (the GraphQL enum SearchField).
const (
	MatchedComment  = "COMMENT"
	MatchedResponse = "RESPONSE"
)

// MaxTextLen is the longest search text accepted, in characters.
const MaxTextLen = 1000

// maxWords is the largest number of words a search text may have.
const maxWords = 32

// maxParallelBuilds bounds how many consultations are indexed at once (each takes some
// hundred MiB of transient memory per 1000 comments, and bleve already analyses the
// documents of one consultation in parallel).
const maxParallelBuilds = 4

// Hit is one comment found by a search.
type Hit struct {
	CommentID string
	Score     float64
	// MatchedIn says where the words were found: "COMMENT", "RESPONSE", or both, in
	// that order.
	MatchedIn []string
	// Snippets are up to three fragments of about 100 characters, comment text first,
	// then response text, as HTML: the text is escaped and every match is wrapped in
	// <mark>…</mark>.
	Snippets []string
}

// Stats describes how an Index was built.
type Stats struct {
	Consultations int // per-consultation indexes searched
	Comments      int // comments indexed, over all consultations
	Indexed       int // per-consultation indexes built by this Build or Rebuild
	Reused        int // per-consultation indexes taken over from the previous Index
}

// Index is an immutable full-text index over the comments of some consultations. It is
// safe for concurrent searches. Close it when it is no longer searched; Close waits for
// searches in flight.
type Index struct {
	mu     sync.RWMutex // Search holds it for reading, Close for writing
	closed bool

	parts  []*part          // by consultation ID
	byName map[string]*part // by consultation ID, the name of its bleve index
	alias  bleve.IndexAlias
	stats  Stats
}

// part is the index of one consultation. Parts are shared between an Index and the
// Indexes rebuilt from it, hence the reference count.
type part struct {
	consultation string
	hash         [sha256.Size]byte
	idx          bleve.Index
	texts        map[string]texts // by comment ID
	refs         atomic.Int32
}

type texts struct{ comment, response string }

func (p *part) release() error {
	if p.refs.Add(-1) == 0 {
		return p.idx.Close()
	}
	return nil
}

// Build indexes the comments of datasets.
func Build(datasets []*graph.Dataset) (*Index, error) {
	return Rebuild(nil, datasets)
}

// Rebuild indexes the comments of datasets, reusing the per-consultation indexes of prev
// (which may be nil) for the consultations whose indexed content — comment IDs, numbers,
// texts and response texts — did not change. prev stays usable; close it when it is no
// longer searched (the parts it shares with the new Index stay open until both are
// closed). A closed prev is ignored.
func Rebuild(prev *Index, datasets []*graph.Dataset) (_ *Index, err error) {
	defer graph.Wrap(&err, "fulltext index")
	m, _, err := indexMapping()
	if err != nil {
		return nil, err
	}

	// the parts of prev, held so that a concurrent Close of prev cannot free them
	reusable := map[string]*part{}
	if prev != nil {
		prev.mu.RLock()
		if !prev.closed {
			for _, p := range prev.parts {
				p.refs.Add(1)
				reusable[p.consultation] = p
			}
		}
		prev.mu.RUnlock()
	}
	defer func() {
		for _, p := range reusable { // the ones not taken over stay prev's alone
			_ = p.release()
		}
	}()

	ix := &Index{}
	defer func() {
		if err != nil {
			_ = ix.closeParts()
		}
	}()
	type job struct {
		ds   *graph.Dataset
		hash [sha256.Size]byte
		part *part
		err  error
	}
	var jobs []*job
	seen := map[string]bool{}
	for _, ds := range datasets {
		if ds == nil {
			return nil, graph.Errorf(graph.EINVALID, "nil dataset")
		}
		id := ds.Consultation.ID
		if seen[id] {
			return nil, graph.Errorf(graph.EINVALID, "consultation %s given twice", id)
		}
		seen[id] = true
		h := contentHash(ds)
		if p := reusable[id]; p != nil && p.hash == h {
			delete(reusable, id) // its reference passes to ix
			ix.parts = append(ix.parts, p)
			ix.stats.Reused++
			continue
		}
		jobs = append(jobs, &job{ds: ds, hash: h})
	}

	// build the changed consultations, a few at a time
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, min(runtime.GOMAXPROCS(0), maxParallelBuilds, len(jobs))))
	for _, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			j.part, j.err = buildPart(m, j.ds, j.hash)
		})
	}
	wg.Wait()
	for _, j := range jobs {
		if j.part != nil {
			ix.parts = append(ix.parts, j.part) // closed by the deferred closeParts on error
			ix.stats.Indexed++
		}
	}
	for _, j := range jobs {
		if j.err != nil {
			return nil, fmt.Errorf("consultation %s: %w", j.ds.Consultation.ID, j.err)
		}
	}
	sort.Slice(ix.parts, func(i, j int) bool { return ix.parts[i].consultation < ix.parts[j].consultation })

	idxs := make([]bleve.Index, len(ix.parts))
	ix.byName = make(map[string]*part, len(ix.parts))
	for i, p := range ix.parts {
		idxs[i] = p.idx
		ix.byName[p.consultation] = p
		ix.stats.Comments += len(p.texts)
	}
	ix.stats.Consultations = len(ix.parts)
	alias := bleve.NewIndexAlias(idxs...)
	if err := alias.SetIndexMapping(m); err != nil {
		return nil, err
	}
	ix.alias = alias
	return ix, nil
}

// buildPart indexes one consultation in one batch (one in-memory segment).
func buildPart(m *mapping.IndexMappingImpl, ds *graph.Dataset, h [sha256.Size]byte) (*part, error) {
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	idx.SetName(ds.Consultation.ID) // the alias reports errors and statistics by name
	p := &part{consultation: ds.Consultation.ID, hash: h, idx: idx, texts: make(map[string]texts, len(ds.Comments))}
	p.refs.Store(1)
	b := idx.NewBatch()
	for i := range ds.Comments {
		c := &ds.Comments[i]
		if c.ID == "" {
			_ = idx.Close()
			return nil, graph.Errorf(graph.EINVALID, "comment %d has no ID", c.Number)
		}
		if _, dup := p.texts[c.ID]; dup {
			_ = idx.Close()
			return nil, graph.Errorf(graph.EINVALID, "comment %s given twice", c.ID)
		}
		p.texts[c.ID] = texts{comment: c.Text, response: c.Response.Text}
		if err := b.Index(c.ID, map[string]any{
			fieldComment:  c.Text,
			fieldResponse: c.Response.Text,
			fieldOrder:    orderKey(ds.Consultation.Slug, c.Number),
		}); err != nil {
			_ = idx.Close()
			return nil, err
		}
	}
	if err := idx.Batch(b); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return p, nil
}

// orderKey is a comment's place in the tie-break order, as a string that sorts
// bytewise: the consultation slug, a separator below every character a slug may hold,
// and the comment number in 20 digits, offset so that negative numbers sort first.
func orderKey(slug string, number int) string {
	return fmt.Sprintf("%s\x01%020d", slug, uint64(number)^(1<<63))
}

// contentHash covers exactly what an index part is built from.
func contentHash(ds *graph.Dataset) [sha256.Size]byte {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	put := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	put("fulltext/v1") // bump when the mapping or the analysis changes
	put(ds.Consultation.ID)
	put(ds.Consultation.Slug)
	for i := range ds.Comments {
		c := &ds.Comments[i]
		put(c.ID)
		h.Write(n[:binary.PutVarint(n[:], int64(c.Number))])
		put(c.Text)
		put(c.Response.Text)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// Stats tells how the index was built.
func (x *Index) Stats() Stats { return x.stats }

// Close releases the index. It waits for searches in flight; later searches fail.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if x.alias != nil {
		_ = x.alias.Close() // closes the alias only, not its indexes
	}
	return x.closeParts()
}

func (x *Index) closeParts() error {
	var errs []error
	for _, p := range x.parts {
		errs = append(errs, p.release())
	}
	x.parts = nil
	return errors.Join(errs...)
}

// Search returns the hits limit at a time, after skipping offset of them, and the
// total number of comments that match. See the package documentation for what matches
// and in which order. text must not be blank; offset and limit must not be negative
// (limit 0 returns only the total). The error is ctx's when ctx ends first.
func (x *Index) Search(ctx context.Context, text string, offset, limit int) (hits []Hit, total int, err error) {
	switch {
	case strings.TrimSpace(text) == "":
		return nil, 0, graph.Errorf(graph.EINVALID, "search text is empty")
	case utf8.RuneCountInString(text) > MaxTextLen:
		return nil, 0, graph.Errorf(graph.EINVALID, "search text is longer than %d characters", MaxTextLen)
	case offset < 0:
		return nil, 0, graph.Errorf(graph.EINVALID, "search offset %d is negative", offset)
	case limit < 0:
		return nil, 0, graph.Errorf(graph.EINVALID, "search limit %d is negative", limit)
	}
	_, a, err := indexMapping()
	if err != nil {
		return nil, 0, err
	}
	words := queryWords(a, text)
	if len(words) > maxWords {
		return nil, 0, graph.Errorf(graph.EINVALID, "search text has %d words, more than %d", len(words), maxWords)
	}

	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, 0, graph.Errorf(graph.EINTERNAL, "fulltext index is closed")
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if len(words) == 0 || len(x.parts) == 0 {
		return nil, 0, nil
	}

	req := bleve.NewSearchRequestOptions(buildQuery(words), limit, offset, false)
	req.IncludeLocations = true
	req.SortByCustom(search.SortOrder{
		&search.SortScore{Desc: true},
		&search.SortField{Field: fieldOrder, Type: search.SortFieldAsString},
	})
	// BM25 statistics over all consultations, not per consultation
	sctx := context.WithValue(ctx, search.SearchTypeKey, search.GlobalScoring)
	res, err := x.alias.SearchInContext(sctx, req)
	if cerr := ctx.Err(); cerr != nil {
		return nil, 0, cerr // bleve may return partial results on a cancelled context
	}
	if err != nil {
		return nil, 0, fmt.Errorf("fulltext search: %w", err)
	}
	if res.Status != nil && len(res.Status.Errors) > 0 {
		var errs []error
		for name, e := range res.Status.Errors {
			errs = append(errs, fmt.Errorf("%s: %w", name, e))
		}
		return nil, 0, fmt.Errorf("fulltext search: %w", errors.Join(errs...))
	}

	hits = make([]Hit, 0, len(res.Hits))
	for _, dm := range res.Hits {
		hits = append(hits, x.hit(dm))
	}
	return hits, int(res.Total), nil
}

// buildQuery is the conjunction over words of (phrase in comment text OR phrase in
// response text).
func buildQuery(words [][]string) query.Query {
	conj := make([]query.Query, 0, len(words))
	for _, terms := range words {
		conj = append(conj, query.NewDisjunctionQuery([]query.Query{
			phrase(terms, fieldComment, boostComment),
			phrase(terms, fieldResponse, boostResponse),
		}))
	}
	if len(conj) == 1 {
		return conj[0]
	}
	return query.NewConjunctionQuery(conj)
}

func phrase(terms []string, field string, boost float64) query.Query {
	mterms := make([][]string, len(terms))
	for i, t := range terms {
		mterms[i] = []string{t}
	}
	q := query.NewMultiPhraseQuery(mterms, field)
	q.SetBoost(boost)
	return q
}

// hit turns a bleve match into a Hit, with snippets from the texts kept by the part.
func (x *Index) hit(dm *search.DocumentMatch) Hit {
	h := Hit{CommentID: dm.ID, Score: dm.Score}
	var t texts
	if p := x.byName[dm.Index]; p != nil {
		t = p.texts[dm.ID]
	} else {
		for _, p := range x.parts {
			if tt, ok := p.texts[dm.ID]; ok {
				t = tt
				break
			}
		}
	}
	cm := mergeSpans(t.comment, spans(dm.Locations[fieldComment]))
	rm := mergeSpans(t.response, spans(dm.Locations[fieldResponse]))
	if len(cm) > 0 {
		h.MatchedIn = append(h.MatchedIn, MatchedComment)
	}
	if len(rm) > 0 {
		h.MatchedIn = append(h.MatchedIn, MatchedResponse)
	}
	reserve := 0 // keep room for at least one response fragment
	if len(rm) > 0 {
		reserve = 1
	}
	h.Snippets = fragments(t.comment, cm, maxFragments-reserve)
	h.Snippets = append(h.Snippets, fragments(t.response, rm, maxFragments-len(h.Snippets))...)
	return h
}

func spans(tlm search.TermLocationMap) []span {
	var out []span
	for _, locs := range tlm {
		for _, l := range locs {
			out = append(out, span{int(l.Start), int(l.End)})
		}
	}
	return out
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

package fulltext

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// ctxCheckEvery is how many candidates are verified between two looks at the context.
const ctxCheckEvery = 256

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
	words := queryWords(text)
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

	q := newQuery(words, x.coll)
	ms, err := x.matches(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	x.rank(ms)
	total = len(ms)
	start := min(offset, total)
	page := ms[start : start+min(limit, total-start)]
	hits = make([]Hit, 0, len(page))
	for _, m := range page {
		hits = append(hits, q.hit(x.parts[m.part], m))
	}
	return hits, total, nil
}

// matches finds the matches in every part, several parts at a time.
func (x *Index) matches(ctx context.Context, q *query) ([]match, error) {
	workers := min(runtime.GOMAXPROCS(0), len(x.parts))
	if workers <= 1 {
		var ms []match
		for i, p := range x.parts {
			var err error
			if ms, err = q.searchPart(ctx, p, int32(i), ms); err != nil {
				return nil, err
			}
		}
		return ms, nil
	}
	found := make([][]match, len(x.parts))
	errs := make([]error, len(x.parts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wq := q
		if w > 0 {
			wq = newQuery(q.words, q.coll) // its own scratch buffers
		}
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(x.parts) || ctx.Err() != nil {
					return
				}
				found[i], errs[i] = wq.searchPart(ctx, x.parts[i], int32(i), nil)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(found...), nil
}

// query is one search in progress, with its scratch buffers.
type query struct {
	words []phrase
	keys  [][]term // per word, the terms a match must hold
	lits  []string // per word, phrase.literal
	coll  collection
	ts    [numFields]tokens // the candidate's fields, analysed
	tf    []int
}

func newQuery(words []phrase, coll collection) *query {
	q := &query{words: words, keys: make([][]term, len(words)), lits: make([]string, len(words)), coll: coll}
	n := 0
	for i, w := range words {
		q.keys[i], q.lits[i] = w.keys(), w.literal()
		n = max(n, len(q.keys[i]))
	}
	q.tf = make([]int, n)
	return q
}

// match is a comment that matches, before it becomes a Hit.
type match struct {
	score float64
	part  int32  // in Index.parts
	doc   uint32 // in part.docs
	in    uint8  // the fields where words matched, a bit per field
}

// plan is how one word is searched in one part.
type plan struct {
	idf  [numFields][]float64       // of each key term
	cand [numFields]*roaring.Bitmap // the documents holding every key term in the field
}

// searchPart appends the matches in part p (Index.parts[pi]) to ms.
func (q *query) searchPart(ctx context.Context, p *part, pi int32, ms []match) ([]match, error) {
	plans := make([]plan, len(q.words))
	var all *roaring.Bitmap // the documents where every word may match
	for w := range q.words {
		ids := make([]uint32, len(q.keys[w]))
		for j := range q.keys[w] {
			id, ok := p.termID(&q.keys[w][j])
			if !ok {
				return ms, nil // nowhere in this consultation
			}
			ids[j] = id
		}
		pl := &plans[w]
		var either *roaring.Bitmap
		for f := range numFields {
			c := p.postings[f].intersect(ids)
			if c == nil {
				continue
			}
			pl.cand[f] = c
			pl.idf[f] = make([]float64, len(ids))
			for j, id := range ids {
				pl.idf[f][j] = idf(q.coll.docs, p.postings[f].df(id))
			}
			if either == nil {
				either = c.Clone()
			} else {
				either.Or(c)
			}
		}
		if either == nil {
			return ms, nil
		}
		if all == nil {
			all = either
		} else if all.And(either); all.IsEmpty() {
			return ms, nil
		}
	}
	it := all.Iterator()
	for n := 0; it.HasNext(); n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d := it.Next()
		if score, in := q.verify(p, d, plans); in != 0 {
			ms = append(ms, match{score: score, part: pi, doc: d, in: in})
		}
	}
	return ms, nil
}

// verify tells whether document d of p matches — every word occurs as a phrase in one of
// its fields — and scores it.
func (q *query) verify(p *part, d uint32, plans []plan) (score float64, in uint8) {
	doc := &p.docs[d]
	var analysed [numFields]bool
	for w, ph := range q.words {
		pl := &plans[w]
		found := false
		for f := range numFields {
			if pl.cand[f] == nil || !pl.cand[f].Contains(d) {
				continue
			}
			tf := q.tf[:len(q.keys[w])]
			if q.lits[w] != "" && doc.literal[f] {
				if !scanLiteral(doc.text[f], q.lits[w], q.keys[w], tf) {
					continue
				}
			} else {
				ts := &q.ts[f]
				if !analysed[f] {
					ts.analyze(doc.text[f])
					analysed[f] = true
				}
				if !ph.scan(ts, q.keys[w], tf) {
					continue
				}
			}
			s := 0.0
			for j, idf := range pl.idf[f] {
				s += bm25(idf, tf[j], doc.length[f], q.coll.avgLen[f])
			}
			score += boost[f] * s
			in |= 1 << f
			found = true
		}
		if !found {
			return 0, 0
		}
	}
	return score, in
}

// rank sorts matches best first: by score, then consultation slug, then comment number
// (then, should those agree, comment ID and consultation), so that paging by offset is
// deterministic.
func (x *Index) rank(ms []match) {
	slices.SortFunc(ms, func(a, b match) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		pa, pb := x.parts[a.part], x.parts[b.part]
		if c := strings.Compare(pa.slug, pb.slug); c != 0 {
			return c
		}
		da, db := &pa.docs[a.doc], &pb.docs[b.doc]
		if c := cmp.Compare(da.number, db.number); c != 0 {
			return c
		}
		if c := strings.Compare(da.id, db.id); c != 0 {
			return c
		}
		return cmp.Compare(a.part, b.part)
	})
}

// hit turns a match into a Hit, marking the words in the fields where they matched.
func (q *query) hit(p *part, m match) Hit {
	doc := &p.docs[m.doc]
	h := Hit{CommentID: doc.id, Score: m.score}
	var marks [numFields][]span
	for f, name := range [numFields]string{MatchedComment, MatchedResponse} {
		if m.in&(1<<f) == 0 {
			continue
		}
		h.MatchedIn = append(h.MatchedIn, name)
		ts := &q.ts[f]
		ts.analyze(doc.text[f])
		var spans []span
		for _, w := range q.words {
			spans = w.spans(ts, spans)
		}
		marks[f] = mergeSpans(doc.text[f], spans)
	}
	h.Snippets = snippets(doc.text, marks)
	return h
}

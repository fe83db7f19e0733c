// Package fulltext is pcgraph's Japanese full-text search over comments and the
// ministry's responses to them: the read model behind the GraphQL field
// search(text, first, after).
//
// # Index
//
// The index is pcgraph's own, in memory, made for this one job: it knows which comments
// hold which terms and nothing more, so that 100,000 comments are indexed in seconds and
// kept in some 160 MiB (see bench_test.go). The general-purpose search engine used
// before kept the positions and offsets of every term: it took minutes to start and
// most of a 12 GiB server.
//
// Every consultation gets its own part (part.go, build.go): a dictionary of terms and,
// per term and field, the comments that hold it (postings.go: a sorted array, or a
// roaring bitmap for the terms most comments hold). No positions are kept: a search
// (search.go) intersects the postings of a word's terms to find candidates and verifies
// the phrase on each candidate's text, analysed again — or, for a run of kana and kanji
// in a text that folding leaves as it is, found in the text itself (phrase.go). Rebuild
// reuses the parts of the previous Index whose content has not changed (same content
// hash), so loading one consultation re-indexes only that one.
//
// Two text fields are indexed per comment: the comment's text and its response's text.
// Analysis (analysis.go) folds width (full-width ASCII → ASCII, half-width katakana →
// katakana, ｶﾞ → ガ) and case, and cuts the text into positions: each CJK character (Han,
// kana, ー, …) is a position holding its unigram and its bigram with the next
// character; each run of other letters and digits is a word, one position; white space
// and punctuation only separate. The search text is first NFKC-normalised like the
// comments were, so ＩｏＴ, IoT, iot and ｉｏｔ all find IoT, and Ⅲ finds III.
//
// # Query semantics
//
// The search text is plain text, never a query language: quotes, +, -, :, * and the like
// are ordinary characters (which analysis drops as punctuation). It is split at white
// space (ASCII or ideographic) into words; a comment matches when EVERY word occurs, as
// an exact phrase, in its text or in its response's text — different words may occur in
// different fields. A phrase is the word's positions, consecutive: the same characters,
// ignoring width, case and punctuation inside the search word (トラスト・サービス finds
// トラストサービス; the converse does not hold, since a bigram never spans punctuation in
// the text); a run of letters and digits matches a whole word only (iot does not find
// iota, but IoT機器 finds IoT機器の). So "トラストサービス 電子署名" finds comments
// mentioning both, like a search box. Words made of punctuation only are ignored; a text
// with no searchable word matches nothing; an empty or blank text is an EINVALID error.
//
// Hits are ranked by BM25 (score.go), summed over the terms of every word in every field
// where the word occurs; a match in the comment's text weighs twice a match in the
// response. The document count and average field lengths are those of all the
// consultations of the Index; term document frequencies are per consultation, so a word
// rare in its own consultation weighs more. Scores compare only within one search. Ties
// are broken by consultation slug, then comment number, so the order — and therefore
// paging by offset — is deterministic.
//
// # Life cycle
//
// An Index never changes after Build or Rebuild and may be searched concurrently. Close
// an Index once it is no longer searched (after the holder has swapped in its
// successor): Close waits for searches in flight, later searches fail, and the parts it
// does not share with a rebuilt Index are freed; shared parts stay until every Index
// holding them is closed. An Index runs no goroutines.
package fulltext

import (
	"crypto/sha256"
	"fmt"
	"runtime"
	"sort"
	"sync"

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

// maxParallelBuilds bounds how many consultations are indexed at once (GOMAXPROCS
// bounds it too): each build holds transient memory, about 8 bytes per distinct term of
// every comment, until its part is laid out.
const maxParallelBuilds = 8

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

	parts []*part    // by consultation ID
	coll  collection // BM25's statistics over all parts
	stats Stats
}

// Build indexes the comments of datasets.
func Build(datasets []*graph.Dataset) (*Index, error) {
	return Rebuild(nil, datasets)
}

// Rebuild indexes the comments of datasets, reusing the per-consultation indexes of prev
// (which may be nil) for the consultations whose indexed content — comment IDs, numbers,
// texts and response texts — did not change. prev stays usable; close it when it is no
// longer searched (the parts it shares with the new Index stay until both are closed).
// A closed prev is ignored.
func Rebuild(prev *Index, datasets []*graph.Dataset) (_ *Index, err error) {
	defer graph.Wrap(&err, "fulltext index")

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
			p.release()
		}
	}()

	ix := &Index{}
	defer func() {
		if err != nil {
			ix.closeParts()
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

	// build the changed consultations, a few at a time, largest first so that one big
	// consultation does not end up alone at the end
	sort.SliceStable(jobs, func(i, j int) bool { return len(jobs[i].ds.Comments) > len(jobs[j].ds.Comments) })
	workers := max(1, min(runtime.GOMAXPROCS(0), maxParallelBuilds, len(jobs)))
	idle := make(chan *builder, workers) // one builder per worker, its buffers reused
	for range workers {
		idle <- new(builder)
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		b := <-idle
		wg.Go(func() {
			defer func() { idle <- b }()
			j.part, j.err = b.build(j.ds, j.hash)
		})
	}
	wg.Wait()
	for _, j := range jobs {
		if j.part != nil {
			ix.parts = append(ix.parts, j.part) // released by the deferred closeParts on error
			ix.stats.Indexed++
		}
	}
	for _, j := range jobs {
		if j.err != nil {
			return nil, fmt.Errorf("consultation %s: %w", j.ds.Consultation.ID, j.err)
		}
	}
	sort.Slice(ix.parts, func(i, j int) bool { return ix.parts[i].consultation < ix.parts[j].consultation })

	var tokens [numFields]uint64
	for _, p := range ix.parts {
		ix.coll.docs += len(p.docs)
		for f := range numFields {
			tokens[f] += p.tokens[f]
		}
	}
	for f := range numFields {
		if ix.coll.docs > 0 {
			ix.coll.avgLen[f] = float64(tokens[f]) / float64(ix.coll.docs)
		}
	}
	ix.stats.Consultations = len(ix.parts)
	ix.stats.Comments = ix.coll.docs
	return ix, nil
}

// Stats tells how the index was built.
func (x *Index) Stats() Stats { return x.stats }

// Close releases the index. It waits for searches in flight; later searches fail.
// Closing twice is harmless.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.closed {
		x.closed = true
		x.closeParts()
	}
	return nil
}

func (x *Index) closeParts() {
	for _, p := range x.parts {
		p.release()
	}
	x.parts = nil
}

package fulltext

import (
	"crypto/sha256"
	"encoding/binary"
	"sync/atomic"

	"github.com/pcgraph/pcgraph/graph"
)

// The two indexed fields of a comment.
const (
	fieldComment  = iota // Comment.Text
	fieldResponse        // Comment.Response.Text
	numFields
)

// part is the index of one consultation. Parts are shared between an Index and the
// Indexes rebuilt from it, hence the reference count; a part never changes once built.
type part struct {
	consultation string // ID
	slug         string // the first tie-break
	hash         [sha256.Size]byte
	refs         atomic.Int32

	docs []doc // by ordinal, in the dataset's order

	// the dictionary: term → term ID, one map for CJK unigrams and bigrams (keyed by
	// cjkKey, no string per term) and one for words
	cjk   map[uint64]uint32
	words map[string]uint32

	postings [numFields]postings
	tokens   [numFields]uint64 // terms indexed over all documents, for the average length
}

// doc is one comment of a part. Its texts are the dataset's strings, not copies: they
// are matched again for phrases and cut into snippets.
type doc struct {
	id      string
	number  int
	text    [numFields]string
	length  [numFields]uint32 // terms indexed (BM25's field length)
	literal [numFields]bool   // tokens.literal of the text
}

// release drops a reference; the last one frees the part's memory.
func (p *part) release() {
	if p.refs.Add(-1) == 0 {
		p.docs, p.cjk, p.words, p.postings = nil, nil, nil, [numFields]postings{}
	}
}

// termID looks a term up in the dictionary.
func (p *part) termID(t *term) (uint32, bool) {
	var id uint32
	var ok bool
	switch t.kind {
	case termUnigram:
		id, ok = p.cjk[cjkKey(t.a, 0)]
	case termBigram:
		id, ok = p.cjk[cjkKey(t.a, t.b)]
	case termWord:
		id, ok = p.words[t.word]
	}
	return id, ok
}

// contentHash covers exactly what a part is built from.
func contentHash(ds *graph.Dataset) [sha256.Size]byte {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	var buf []byte
	put := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		buf = append(buf[:0], s...) // no allocation per string
		h.Write(buf)
	}
	put("fulltext/v2") // bump when the analysis or what a part keeps changes
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

package fulltext

import (
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// postings are, for one field of a part, the documents (ordinals in part.docs) that
// hold each term — only which documents: positions are not kept, phrases are verified on
// the candidates' text (see phrase.go).
//
// Each list takes the smaller of two forms. A roaring bitmap (run-optimised) wins for
// the terms that most documents hold; but it costs some 150 bytes before its first
// entry, and most terms are rare, so every other list is a plain sorted array of
// ordinals, back to back with the others in one slice — of uint16 when the part has at
// most 65,536 documents, which is two bytes an entry like a bitmap's array container.
type postings struct {
	lists   []list            // by term ID
	wide    bool              // the arrays are in small32, not small16
	small16 []uint16          // the arrays
	small32 []uint32          // the arrays, in a part of more than 65,536 documents
	large   []*roaring.Bitmap // the bitmaps; read only, shared by concurrent searches
}

// list is where the documents of one term are: large[off&^inLarge] if off has the
// inLarge bit, else the array small[off:off+n].
type list struct{ off, n uint32 }

const inLarge = 1 << 31

// minBitmap is the shortest list that may become a bitmap: a shorter array is always
// smaller.
const minBitmap = 64

// bitmapOverhead is what a bitmap costs beyond roaring's estimate of its size: the
// Bitmap, its slices' headers and the containers' headers, and its pointer in large.
const bitmapOverhead = 160

// postingsScratch are newPostings' buffers, kept from one build to the next.
type postingsScratch struct{ count, next, byTerm []uint32 }

// newPostings lays out the postings of a field given, for each document in order, the
// IDs of the terms it holds (each once): held[ends[d-1]:ends[d]] for document d.
func newPostings(nterms, ndocs int, held, ends []uint32, sc *postingsScratch) postings {
	count := resize(&sc.count, nterms)
	clear(count)
	for _, id := range held {
		count[id]++
	}
	// group the documents by term (counting sort, stable: documents stay ascending)
	next := resize(&sc.next, nterms) // where the next document of each term goes
	at := uint32(0)
	for id, n := range count {
		next[id] = at
		at += n
	}
	byTerm := resize(&sc.byTerm, len(held))
	d, lo := uint32(0), uint32(0)
	for _, hi := range ends {
		for _, id := range held[lo:hi] {
			byTerm[next[id]] = d
			next[id]++
		}
		d, lo = d+1, hi
	}

	ps := postings{lists: make([]list, nterms), wide: ndocs > math.MaxUint16+1}
	width := uint64(2)
	if ps.wide {
		width = 4
	}
	from := uint32(0)
	for id, n := range count {
		docs := byTerm[from : from+n]
		from += n
		if n >= minBitmap && (n > 4096 || runs(docs) < int(n)/2) {
			bm := roaring.New()
			bm.AddMany(docs)
			bm.RunOptimize()
			if bm.GetSizeInBytes()+bitmapOverhead < uint64(n)*width {
				ps.lists[id] = list{off: uint32(len(ps.large)) | inLarge, n: n}
				ps.large = append(ps.large, bm)
				continue
			}
		}
		if ps.wide {
			ps.lists[id] = list{off: uint32(len(ps.small32)), n: n}
			ps.small32 = append(ps.small32, docs...)
			continue
		}
		ps.lists[id] = list{off: uint32(len(ps.small16)), n: n}
		for _, d := range docs {
			ps.small16 = append(ps.small16, uint16(d))
		}
	}
	ps.small16, ps.small32 = slices.Clip(ps.small16), slices.Clip(ps.small32)
	return ps
}

// resize makes *buf n long, reallocating only when it is too short.
func resize(buf *[]uint32, n int) []uint32 {
	if cap(*buf) < n {
		*buf = make([]uint32, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

// runs counts the runs of consecutive ordinals in docs: with a container of at most 4,096
// entries, only runs can make a bitmap smaller than the array.
func runs(docs []uint32) int {
	n := 0
	for i, d := range docs {
		if i == 0 || d != docs[i-1]+1 {
			n++
		}
	}
	return n
}

// df is the number of documents that hold term id.
func (ps *postings) df(id uint32) int { return int(ps.lists[id].n) }

// contains tells whether document d holds term id.
func (ps *postings) contains(id, d uint32) bool {
	l := ps.lists[id]
	var found bool
	switch {
	case l.off&inLarge != 0:
		found = ps.large[l.off&^inLarge].Contains(d)
	case ps.wide:
		_, found = slices.BinarySearch(ps.small32[l.off:l.off+l.n], d)
	case d <= math.MaxUint16:
		_, found = slices.BinarySearch(ps.small16[l.off:l.off+l.n], uint16(d))
	}
	return found
}

// appendDocs appends the documents that hold term id to dst.
func (ps *postings) appendDocs(dst []uint32, id uint32) []uint32 {
	l := ps.lists[id]
	switch {
	case l.off&inLarge != 0:
		return append(dst, ps.large[l.off&^inLarge].ToArray()...)
	case ps.wide:
		return append(dst, ps.small32[l.off:l.off+l.n]...)
	}
	for _, d := range ps.small16[l.off : l.off+l.n] {
		dst = append(dst, uint32(d))
	}
	return dst
}

// intersect returns, as a new bitmap, the documents that hold every term of ids, or nil
// when there are none.
func (ps *postings) intersect(ids []uint32) *roaring.Bitmap {
	if len(ids) == 0 {
		return nil
	}
	// rarest first: the result is never larger than its list
	ids = slices.Clone(ids)
	slices.SortFunc(ids, func(a, b uint32) int { return int(ps.lists[a].n) - int(ps.lists[b].n) })
	if ps.lists[ids[0]].n == 0 {
		return nil
	}
	docs := ps.appendDocs(nil, ids[0])
	for _, id := range ids[1:] {
		docs = slices.DeleteFunc(docs, func(d uint32) bool { return !ps.contains(id, d) })
		if len(docs) == 0 {
			return nil
		}
	}
	return roaring.BitmapOf(docs...)
}

package fulltext

import (
	"crypto/sha256"

	"github.com/pcgraph/pcgraph/graph"
)

// build indexes the comments of one consultation: it analyses every text once,
// collecting for each document the terms it holds, then lays the postings out. The
// builder's buffers serve the next build.
func (b *builder) build(ds *graph.Dataset, h [sha256.Size]byte) (*part, error) {
	p := &part{
		consultation: ds.Consultation.ID,
		slug:         ds.Consultation.Slug,
		hash:         h,
		docs:         make([]doc, len(ds.Comments)),
		cjk:          map[uint64]uint32{},
		words:        map[string]uint32{},
	}
	b.reset(p)
	ids := make(map[string]struct{}, len(ds.Comments))
	for i := range ds.Comments {
		c := &ds.Comments[i]
		if c.ID == "" {
			return nil, graph.Errorf(graph.EINVALID, "comment %d has no ID", c.Number)
		}
		if _, dup := ids[c.ID]; dup {
			return nil, graph.Errorf(graph.EINVALID, "comment %s given twice", c.ID)
		}
		ids[c.ID] = struct{}{}
		d := &p.docs[i]
		d.id, d.number = c.ID, c.Number
		d.text = [numFields]string{c.Text, c.Response.Text}
		for f := range numFields {
			d.length[f] = b.add(f, d.text[f])
			d.literal[f] = b.ts.literal
			p.tokens[f] += uint64(d.length[f])
		}
	}
	for f := range numFields {
		p.postings[f] = newPostings(len(b.last[f]), len(p.docs), b.held[f], b.ends[f], &b.scratch)
	}
	p.refs.Store(1)
	return p, nil
}

// builder collects the terms of a part's documents, one document after the other.
type builder struct {
	part *part
	ts   tokens
	// per field: the IDs of the terms each document holds, back to back (held), where
	// each document's IDs end (ends), and per term ID the last document holding it, plus
	// one (last), to add each term once per document
	held, ends, last [numFields][]uint32
	unigrams         []uint32 // term ID + 1 of the unigrams of U+3000–U+9FFF, by character
	scratch          postingsScratch
}

func (b *builder) reset(p *part) {
	b.part = p
	for f := range numFields {
		b.held[f], b.ends[f], b.last[f] = b.held[f][:0], b.ends[f][:0], b.last[f][:0]
	}
	if b.unigrams == nil {
		b.unigrams = make([]uint32, cjkHi-cjkLo+1)
	} else {
		clear(b.unigrams)
	}
}

// add indexes the next document's text in field f and returns how many terms it has.
func (b *builder) add(f int, text string) uint32 {
	d := uint32(len(b.ends[f])) + 1 // plus one: 0 in last means none
	b.ts.analyze(text)
	n := uint32(0)
	toks := b.ts.toks
	for k := range toks {
		t := &toks[k]
		if t.kind == tokWord {
			b.hold(f, d, b.wordID(b.ts.wordOf(t)))
			n++
			continue
		}
		b.hold(f, d, b.cjkID(cjkKey(t.r, 0)))
		n++
		if t.joined {
			b.hold(f, d, b.cjkID(cjkKey(t.r, toks[k+1].r)))
			n++
		}
	}
	b.ends[f] = append(b.ends[f], uint32(len(b.held[f])))
	return n
}

func (b *builder) hold(f int, d, id uint32) {
	if b.last[f][id] != d {
		b.last[f][id] = d
		b.held[f] = append(b.held[f], id)
	}
}

func (b *builder) cjkID(key uint64) uint32 {
	if cjkLo <= key && key <= cjkHi { // a unigram of the common blocks: no hashing
		u := &b.unigrams[key-cjkLo]
		if *u == 0 {
			*u = b.newTerm() + 1
			b.part.cjk[key] = *u - 1
		}
		return *u - 1
	}
	id, ok := b.part.cjk[key]
	if !ok {
		id = b.newTerm()
		b.part.cjk[key] = id
	}
	return id
}

func (b *builder) wordID(w []byte) uint32 {
	id, ok := b.part.words[string(w)] // no allocation to look up
	if !ok {
		id = b.newTerm()
		b.part.words[string(w)] = id
	}
	return id
}

func (b *builder) newTerm() uint32 {
	id := uint32(len(b.last[0]))
	for f := range numFields {
		b.last[f] = append(b.last[f], 0)
	}
	return id
}

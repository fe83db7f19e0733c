package loader

import (
	"slices"

	"github.com/pcgraph/pcgraph/graph"
)

// A ministry answers many comments with one text (御意見として承ります。 under a whole
// group), so a table holds far fewer distinct responses than rows: a third as many in
// the bench's synthetic tables. What a response's cells make of it depends on those
// cells alone, and is worked out once per table (classifying responses was a tenth of
// a load's CPU).

// responseKey is what a response is read from: its cell and its group heading.
type responseKey struct{ html, heading string }

// readResponse is what the builder makes of a response's cells.
type readResponse struct {
	text         string
	textID       string
	dispositions []graph.DispositionAssignment
	refs         []graph.SectionRef
	implied      []graph.Section
}

// response reads a response's cells, or returns what an earlier row with the same
// cells gave; the slices are the row's own.
func (b *builder) response(html, heading string) readResponse {
	k := responseKey{html, heading}
	r, ok := b.responses[k]
	if !ok {
		r.text = HTMLToText(html)
		r.textID = graph.ResponseTextID(b.m.Slug, textHash(r.text))
		r.dispositions = classifyWithHeading(r.text, NormalizeText(heading))
		r.refs, r.implied = ParseSectionRefs(b.m.Slug, html) // before NFKC, which turns ③ into 3
		b.responses[k] = r
	}
	r.dispositions = slices.Clone(r.dispositions)
	r.refs = slices.Clone(r.refs)
	r.implied = slices.Clone(r.implied)
	return r
}

package store

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
)

// iri turns a domain ID into its node IRI. IDs may hold characters that IRIs may not
// (an organization's name has spaces): those, and %, are percent-encoded.
func iri(id string) quad.IRI { return quad.IRI(NodePrefix + escapeIRI(id)) }

// idOf turns a node IRI back into a domain ID ("" when v is not one of ours).
func idOf(v quad.Value) string {
	s, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(s), NodePrefix) {
		return ""
	}
	id := string(s[len(NodePrefix):])
	if !strings.Contains(id, "%") {
		return id
	}
	id, err := url.PathUnescape(id)
	if err != nil {
		return ""
	}
	return id
}

// escapeIRI percent-encodes the bytes that RFC 3987 does not allow in an IRI.
func escapeIRI(id string) string {
	if !strings.ContainsFunc(id, notInIRI) {
		return id
	}
	var b strings.Builder
	for _, r := range id {
		if !notInIRI(r) {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func notInIRI(r rune) bool {
	return r <= 0x20 || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\%", r) || (r >= 0x80 && r <= 0x9f)
}

// encoder accumulates the quads of one dataset, all in its named graph.
type encoder struct {
	label quad.IRI
	quads []quad.Quad
}

func (e *encoder) add(s string, p string, o quad.Value) {
	e.quads = append(e.quads, quad.Quad{Subject: iri(s), Predicate: quad.IRI(p), Object: o, Label: e.label})
}

func (e *encoder) edge(s, p, o string) {
	if o != "" {
		e.add(s, p, iri(o))
	}
}

// str writes a literal; empty strings are not written (they read back as "").
func (e *encoder) str(s, p, v string) {
	if v != "" {
		e.add(s, p, quad.String(v))
	}
}

func (e *encoder) typ(s, class string) { e.add(s, RDFType, quad.IRI(class)) }

// evidence adds the i-th evidence node of kind under parent (parent/kind/i, linked by
// pred, typed class) and returns its ID. The ID carries the order: Decode sorts by it.
func (e *encoder) evidence(parent, kind string, i int, pred, class string) string {
	n := parent + "/" + kind + "/" + strconv.Itoa(i)
	e.edge(parent, pred, n)
	e.typ(n, class)
	return n
}

// Encode returns the quads of d, labelled with its consultation's IRI. revision is stored
// on the consultation node so that a reader can tell whether a write happened while it
// was reading.
func Encode(d *graph.Dataset, revision int64) []quad.Quad {
	e := &encoder{label: iri(d.Consultation.ID)}
	e.header(d, revision)
	for i := range d.Comments {
		e.comment(&d.Comments[i], d.Consultation.Source)
	}
	return e.quads
}

// header writes everything of d but its comments.
func (e *encoder) header(d *graph.Dataset, revision int64) {
	c := d.Consultation
	e.typ(c.ID, ClassConsultation)
	e.str(c.ID, PredSlug, c.Slug)
	e.str(c.ID, PredTitle, c.Title)
	e.str(c.ID, PredMinistry, c.Ministry)
	e.str(c.ID, PredDeadline, c.Deadline)
	e.str(c.ID, PredSourceFile, c.Source)
	e.str(c.ID, PredFormat, c.Format)
	e.add(c.ID, PredRevision, quad.Int(revision))

	for _, t := range d.Topics {
		e.edge(c.ID, PredUsesTopic, t.ID)
		e.typ(t.ID, ClassTopic)
		e.str(t.ID, PredSlug, t.Slug)
		e.str(t.ID, PredLabel, t.Label)
		e.str(t.ID, PredLabelEn, t.LabelEn)
		e.str(t.ID, PredKind, string(t.Kind))
		e.edge(t.ID, PredBroader, t.Broader)
		for _, a := range t.Aliases {
			e.str(t.ID, PredAlias, a)
		}
		for _, s := range t.Sections {
			e.str(t.ID, PredTopicForSection, s)
		}
	}
	for _, o := range d.Organizations {
		e.typ(o.ID, ClassOrganization)
		e.str(o.ID, PredName, o.Name)
	}
	for _, s := range d.Submitters {
		e.edge(c.ID, PredHasSubmitter, s.ID)
		e.typ(s.ID, ClassSubmitter)
		e.edge(s.ID, PredConsultationOf, s.Consultation)
		e.str(s.ID, PredLabel, s.Label)
		e.str(s.ID, PredName, s.Name)
		e.str(s.ID, PredKind, string(s.Kind))
		e.edge(s.ID, PredIsOrganization, s.Organization)
		e.str(s.ID, PredRaw, s.Raw)
	}
	for _, s := range d.Sections {
		e.edge(c.ID, PredHasSection, s.ID)
		e.typ(s.ID, ClassSection)
		e.edge(s.ID, PredConsultationOf, s.Consultation)
		e.str(s.ID, PredCode, s.Code)
		e.str(s.ID, PredChapter, s.Chapter)
		e.str(s.ID, PredTitle, s.Title)
		e.edge(s.ID, PredPartOf, s.Parent)
	}
}

// comment writes m. Provenance is not written twice: the source file only when it is not
// the consultation's, and a raw cell that equals the comment's or the response's HTML
// (the two largest cells, and almost always equal) as a marker (rawCellValue) — one
// value shared by every comment instead of a copy of the text. Decode puts them back.
func (e *encoder) comment(m *graph.Comment, consultationSource string) {
	e.edge(m.Consultation, PredHas, m.ID)
	e.typ(m.ID, ClassComment)
	e.edge(m.ID, PredConsultationOf, m.Consultation)
	e.add(m.ID, PredNumber, quad.Int(m.Number))
	e.edge(m.ID, PredSubmittedBy, m.Submitter)
	e.edge(m.ID, PredAbout, m.Section)
	e.str(m.ID, PredText, m.Text)
	e.str(m.ID, PredHTML, m.HTML)
	if m.Source.File != consultationSource {
		e.str(m.ID, PredSourceFile, m.Source.File)
	}
	e.add(m.ID, PredSourceLine, quad.Int(m.Source.Line))
	for i, cell := range m.Source.Cells {
		e.add(m.ID, PredRawCell, quad.String(rawCellValue(i, cell, m.HTML, m.Response.HTML)))
	}
	for i, a := range m.Attributes {
		e.add(m.ID, PredAttribute, quad.String(strconv.Itoa(i)+"\t"+a.Name+"\t"+a.Value))
	}
	e.str(m.ID, PredHeading, m.Heading)
	for i, p := range m.PageRefs {
		page := graph.PageID(slugOf(m.Consultation), p.Page)
		e.edge(m.ID, PredRefersToPage, page)
		e.typ(page, ClassDraftPage)
		e.add(page, PredNumber, quad.Int(p.Page))
		n := e.evidence(m.ID, "page", i, PredHasPageRef, ClassPageRef)
		e.edge(n, PredPage, page)
		e.str(n, PredLines, p.Lines)
		e.str(n, PredSurface, p.Surface)
	}
	for i, t := range m.Mentions {
		e.edge(m.ID, PredMentions, t.Topic)
		n := e.evidence(m.ID, "mention", i, PredHasMention, ClassMention)
		e.edge(n, PredTopic, t.Topic)
		e.str(n, PredVia, string(t.Via))
		e.str(n, PredSurface, t.Surface)
	}
	r := &m.Response
	e.edge(m.ID, PredAnsweredBy, r.ID)
	e.typ(r.ID, ClassResponse)
	e.str(r.ID, PredText, r.Text)
	e.str(r.ID, PredHTML, r.HTML)
	if r.TextID != "" {
		e.edge(r.ID, PredSameTextAs, r.TextID)
		e.typ(r.TextID, ClassResponseText)
	}
	for i, a := range r.Dispositions {
		d := graph.DispositionID(a.Disposition)
		e.edge(r.ID, PredHasDisposition, d)
		e.typ(d, ClassDisposition)
		e.str(d, PredLabel, string(a.Disposition))
		n := e.evidence(r.ID, "disposition", i, PredHasAssignment, ClassAssignment)
		e.edge(n, PredDisposition, d)
		e.str(n, PredEvidence, a.Evidence)
	}
	e.edge(r.ID, PredSameAs, r.SameAs)
	e.str(r.ID, PredSameAsSurface, r.SameAsSurface)
	for i, s := range r.SectionRefs {
		e.edge(r.ID, PredRefersToSection, s.Section)
		n := e.evidence(r.ID, "sectionref", i, PredHasSectionRef, ClassSectionRef)
		e.edge(n, PredSection, s.Section)
		e.str(n, PredSurface, s.Surface)
	}
}

// rawCellValue is the stored form of raw cell i: "<i>\t<text>", or "<i>=C" / "<i>=R" for
// a cell that equals the comment's or the response's HTML (stored once, on those fields).
func rawCellValue(i int, cell, html, responseHTML string) string {
	n := strconv.Itoa(i)
	switch {
	case cell == html && cell != "":
		return n + "=C"
	case cell == responseHTML && cell != "":
		return n + "=R"
	}
	return n + "\t" + cell
}

// slugOf returns the slug of a consultation ID.
func slugOf(consultationID string) string {
	return strings.TrimPrefix(consultationID, "consultation/")
}

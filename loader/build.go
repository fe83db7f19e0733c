package loader

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// Build turns the comment rows of one result table (read with mapping) into the consultation's dataset.
// Every row becomes a comment: what cannot be understood as it stands (a 該当箇所 in no
// known form, a submitter label that names two bodies) is kept as written and reported
// in warnings, with its file and line.
func Build(m Manifest, mapping *Mapping, rows []Row, tax *Taxonomy) (*graph.Dataset, []*graph.Error) {
	b := &builder{
		m: m, tax: tax, mapping: mapping,
		cid:        graph.ConsultationID(m.Slug),
		submitters: map[string]graph.Submitter{},
		orgs:       map[string]graph.Organization{},
		sections:   map[string]graph.Section{},
		responses:  map[responseKey]readResponse{},
	}
	d := &graph.Dataset{Consultation: graph.Consultation{
		ID: b.cid, Slug: m.Slug, Title: m.Title, Ministry: m.Ministry, Deadline: m.Deadline,
		Source: m.Source, Format: m.Format,
	}}
	b.findSubParts(rows)
	for _, r := range rows {
		d.Comments = append(d.Comments, b.comment(r))
	}
	sort.Slice(d.Comments, func(i, j int) bool { return d.Comments[i].Number < d.Comments[j].Number })
	linkSharedResponses(d.Comments)
	d.Submitters = sortedValues(b.submitters)
	d.Organizations = sortedValues(b.orgs)
	d.Sections = sortedValues(b.sections)
	for _, t := range tax.Topics() {
		t.Aliases = sortedCopy(t.Aliases)
		t.Sections = sortedCopy(t.Sections)
		d.Topics = append(d.Topics, t)
	}
	return d, b.warnings
}

type builder struct {
	m          Manifest
	mapping    *Mapping                  // nil for rows built without a table: Section is then the 該当箇所
	subParts   map[string]map[string]int // section code → its texts, numbered by first appearance (see findSubParts)
	tax        *Taxonomy
	cid        string
	submitters map[string]graph.Submitter
	orgs       map[string]graph.Organization
	sections   map[string]graph.Section
	responses  map[responseKey]readResponse // what each distinct response's cells gave (responses.go)
	warnings   []*graph.Error
}

// warn places a caveat at a cell of a row.
func (b *builder) warn(r Row, column int, format string, args ...any) {
	b.warnings = append(b.warnings, &graph.Error{Code: graph.EINVALID, File: b.m.Source, Line: r.Line, Column: column, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) comment(r Row) graph.Comment {
	slug := b.m.Slug
	number := r.Number
	subID := b.submitter(r)
	text := HTMLToText(r.Comment)
	chain, pages := b.section(r, text)
	b.addSections(chain)

	resp := b.response(r.Response, r.Heading)
	sectionID := ""
	if len(chain) > 0 {
		sectionID = chain[len(chain)-1].ID
	}
	c := graph.Comment{
		ID: graph.CommentID(slug, number), Consultation: b.cid, Number: number,
		Submitter: subID, Section: sectionID,
		Text: text, HTML: r.Comment,
		PageRefs: mergePageRefs(pages, ParsePageRefs(text)),
		Source:   graph.Source{File: b.m.Source, Line: r.Line, Cells: slices.Clone(r.Cells)},
		Response: graph.Response{
			ID: graph.ResponseID(slug, number), Text: resp.text, HTML: r.Response,
			TextID: resp.textID, Dispositions: resp.dispositions, SectionRefs: resp.refs,
		},
		Heading:    NormalizeText(r.Heading),
		Attributes: orNil(r.Attributes),
	}
	b.addSections(resp.implied)
	c.Mentions = orNil(b.mentions(text, resp.text, chain))
	c.PageRefs = orNil(c.PageRefs)
	c.Response.SectionRefs = orNil(c.Response.SectionRefs)
	return c
}

// submitter reads the row's submitter and returns its ID, "" when the table does not
// publish who wrote the comment.
func (b *builder) submitter(r Row) string {
	col := b.colOf(FieldSubmitter)
	sub, org, note := ReadSubmitter(b.m.Slug, r.Submitter, r.SubmitterKind)
	if sub == nil {
		return ""
	}
	if note != "" {
		b.warn(r, col, "%s", note)
	}
	if prev, ok := b.submitters[sub.ID]; ok && prev.Name != sub.Name {
		b.warn(r, col, "label %s names %q here but %q in an earlier row: this row's submitter is kept as %s(%s)", sub.Label, sub.Name, prev.Name, sub.Label, sub.Name)
		sub.Label += "(" + sub.Name + ")"
		sub.ID = graph.SubmitterID(b.m.Slug, sub.Label)
	}
	sub.Consultation = b.cid
	b.submitters[sub.ID] = *sub
	if org != nil {
		b.orgs[org.ID] = *org
	}
	return sub.ID
}

// section reads the row's 該当箇所, or, when the table has no such column, the place
// written at the start of the comment's text (P２ L22 …, 第２部第１章について).
func (b *builder) section(r Row, text string) ([]graph.Section, []graph.PageRef) {
	if b.colOf(FieldSection) < 0 && !b.noMapping() {
		return leadingLocation(b.m.Slug, text)
	}
	chain, pages, err := parseSectionCell(b.m.Slug, r.Section)
	if err == nil && len(chain) > 0 {
		if parts := b.subParts[chain[len(chain)-1].Code]; len(parts) > 1 {
			chain = subPart(b.m.Slug, chain, parts)
		}
	}
	if err != nil {
		s := verbatimSection(b.m.Slug, NormalizeText(r.Section))
		b.warn(r, b.colOf(FieldSection)+1, "該当箇所 %q is in no known form: kept as the section %s with this text as its title", clip(strings.TrimSpace(r.Section), 40), s.Code)
		return []graph.Section{s}, nil
	}
	return chain, pages
}

// findSubParts finds the section codes whose cells carry different texts after the
// code: 「第３章 基本的方針A等」, 「第３章 基本的方針B等」. The text after a code is the
// section's title when every cell with that code gives the same one (Ⅲ(5)トラストサービスの
// …); when cells differ, each text names a part within the section, and becomes a
// section of its own under it (see subPart).
func (b *builder) findSubParts(rows []Row) {
	if b.colOf(FieldSection) < 0 && !b.noMapping() {
		return
	}
	b.subParts = map[string]map[string]int{}
	for _, r := range rows {
		chain, _, err := parseSectionCell(b.m.Slug, r.Section)
		if err != nil || len(chain) == 0 {
			continue
		}
		last := chain[len(chain)-1]
		if last.Title == "" || last.Code == "OTHER" {
			continue
		}
		parts := b.subParts[last.Code]
		if parts == nil {
			parts = map[string]int{}
			b.subParts[last.Code] = parts
		}
		if _, ok := parts[last.Title]; !ok {
			parts[last.Title] = len(parts) + 1
		}
	}
}

// subPart puts the text of a cell under its section as a part of its own: code
// <section>-T<n>, n numbering the section's texts in the order the table first gives
// them, the text as its title.
func subPart(slug string, chain []graph.Section, parts map[string]int) []graph.Section {
	last := chain[len(chain)-1]
	code := fmt.Sprintf("%s-T%d", last.Code, parts[last.Title])
	part := graph.Section{ID: graph.SectionID(slug, code), Consultation: last.Consultation, Code: code, Chapter: last.Chapter, Title: last.Title, Parent: last.ID}
	chain = append(chain[:len(chain)-1:len(chain)-1], last)
	chain[len(chain)-1].Title = ""
	return append(chain, part)
}

// colOf is the 0-based column of f in the table the rows came from, -1 when none.
func (b *builder) colOf(f Field) int {
	if b.mapping == nil {
		return -1
	}
	return b.mapping.Col(f)
}

// noMapping is true when rows were built without a table (tests building rows by hand):
// their Section field is then read as a 該当箇所 cell.
func (b *builder) noMapping() bool { return b.mapping == nil }

// mergePageRefs puts the pages named by the section cell first, then those in the text,
// one per page.
func mergePageRefs(a, b []graph.PageRef) []graph.PageRef {
	seen := map[int]bool{}
	var out []graph.PageRef
	for _, p := range append(slices.Clone(a), b...) {
		if !seen[p.Page] {
			seen[p.Page] = true
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) addSections(chain []graph.Section) {
	for _, s := range chain {
		s.Consultation = b.cid
		if prev, ok := b.sections[s.ID]; ok && prev.Title != "" {
			continue // the first title seen wins; references from responses carry none
		}
		b.sections[s.ID] = s
	}
}

// mentions finds the topics of a comment: in its text, through the section it is about
// (the taxonomy's section links, and topic names in the section title), and in the
// response. Each topic is recorded once per place it was found and surface form.
func (b *builder) mentions(text, respText string, chain []graph.Section) []graph.TopicMention {
	var out []graph.TopicMention
	seen := map[string]bool{}
	add := func(topic string, via graph.MentionVia, surface string) {
		k := topic + "|" + string(via) + "|" + surface
		if !seen[k] {
			seen[k] = true
			out = append(out, graph.TopicMention{Topic: topic, Via: via, Surface: surface})
		}
	}
	for _, m := range b.tax.MatchSurfaces(text) {
		add(m.Topic, graph.ViaComment, m.Surface)
	}
	if len(chain) > 0 {
		s := chain[len(chain)-1]
		for _, t := range b.tax.TopicsForSection(s.Code) {
			add(t, graph.ViaSection, s.Title)
		}
		for _, m := range b.tax.Match(s.Title) {
			add(m.Topic, graph.ViaSection, m.Surface)
		}
	}
	for _, m := range b.tax.MatchSurfaces(respText) {
		add(m.Topic, graph.ViaResponse, m.Surface)
	}
	return out
}

// textHash identifies a response text, so that responses given word for word to many
// comments share one ResponseText node.
func textHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

func sortedValues[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

func sortedCopy(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}

// orNil keeps "none" as nil, the form the store reads back.
func orNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

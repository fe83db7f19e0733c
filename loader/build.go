package loader

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/pcgraph/pcgraph/graph"
)

// Build turns the rows of one result table into the consultation's dataset. A row that
// cannot be understood (an unknown submitter form, a section that names no section) is
// left out and reported in problems, with its file and line; everything else is built.
func Build(m Manifest, rows []Row, tax *Taxonomy) (*graph.Dataset, []*graph.Error) {
	b := &builder{
		m: m, tax: tax,
		cid:        graph.ConsultationID(m.Slug),
		submitters: map[string]graph.Submitter{},
		orgs:       map[string]graph.Organization{},
		sections:   map[string]graph.Section{},
	}
	d := &graph.Dataset{Consultation: graph.Consultation{
		ID: b.cid, Slug: m.Slug, Title: m.Title, Ministry: m.Ministry, Deadline: m.Deadline,
		Source: m.Source, Format: m.Format,
	}}
	for _, r := range rows {
		c, err := b.comment(r)
		if err != nil {
			b.problems = append(b.problems, err)
			continue
		}
		d.Comments = append(d.Comments, c)
	}
	sort.Slice(d.Comments, func(i, j int) bool { return d.Comments[i].Number < d.Comments[j].Number })
	d.Submitters = sortedValues(b.submitters)
	d.Organizations = sortedValues(b.orgs)
	d.Sections = sortedValues(b.sections)
	for _, t := range tax.Topics() {
		t.Aliases = sortedCopy(t.Aliases)
		t.Sections = sortedCopy(t.Sections)
		d.Topics = append(d.Topics, t)
	}
	return d, b.problems
}

type builder struct {
	m          Manifest
	tax        *Taxonomy
	cid        string
	submitters map[string]graph.Submitter
	orgs       map[string]graph.Organization
	sections   map[string]graph.Section
	problems   []*graph.Error
}

// rowError places a problem at a cell of a row.
func (b *builder) rowError(r Row, column int, format string, args ...any) *graph.Error {
	return &graph.Error{Code: graph.EINVALID, File: b.m.Source, Line: r.Line, Column: column, Message: fmt.Sprintf(format, args...)}
}

func (b *builder) comment(r Row) (graph.Comment, *graph.Error) {
	slug := b.m.Slug
	number, err := strconv.Atoi(NormalizeText(r.Cells[0]))
	if err != nil {
		return graph.Comment{}, b.rowError(r, 1, "項番 %q is not a number", r.Cells[0])
	}
	sub, org, err := ParseSubmitter(slug, r.Cells[1])
	if err != nil {
		return graph.Comment{}, b.rowError(r, 2, "%v", err)
	}
	if prev, ok := b.submitters[sub.ID]; ok && prev.Name != sub.Name {
		return graph.Comment{}, b.rowError(r, 2, "label %s names %q here but %q in an earlier row", sub.Label, sub.Name, prev.Name)
	}
	chain, sectionID, err := ParseSection(slug, r.Cells[2])
	if err != nil {
		return graph.Comment{}, b.rowError(r, 3, "%v", err)
	}
	sub.Consultation = b.cid
	b.submitters[sub.ID] = sub
	if org != nil {
		b.orgs[org.ID] = *org
	}
	b.addSections(chain)

	text := HTMLToText(r.Cells[3])
	respText := HTMLToText(r.Cells[4])
	c := graph.Comment{
		ID: graph.CommentID(slug, number), Consultation: b.cid, Number: number,
		Submitter: sub.ID, Section: sectionID,
		Text: text, HTML: r.Cells[3],
		PageRefs: ParsePageRefs(text),
		Source:   graph.Source{File: b.m.Source, Line: r.Line, Cells: slices.Clone(r.Cells)},
		Response: graph.Response{
			ID: graph.ResponseID(slug, number), Text: respText, HTML: r.Cells[4],
			TextID:       graph.ResponseTextID(slug, textHash(respText)),
			Dispositions: ClassifyResponse(respText),
		},
	}
	refs, implied := ParseSectionRefs(slug, r.Cells[4]) // before NFKC, which turns ③ into 3
	c.Response.SectionRefs = refs
	b.addSections(implied)
	c.Mentions = orNil(b.mentions(text, respText, chain))
	c.PageRefs = orNil(c.PageRefs)
	c.Response.SectionRefs = orNil(c.Response.SectionRefs)
	return c, nil
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

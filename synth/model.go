package synth

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/pcgraph/pcgraph/data"
	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// bundledDir is the consultation the shapes are measured from.
const bundledDir = "mic-iot5g-security-2020"

// model is what Generate draws from: the bundled consultation, taken apart. Every number
// here is measured from the table (through the loader, so that "a section" or "an
// organization" means what it means to the rest of pcgraph), none is typed in.
type model struct {
	manifest loader.Manifest

	comments []prototype // the real comments, in table order
	sections []section   // in the order the table first uses them (the draft's order)
	// chapters gives, per chapter numeral (IV), the share of its rows that write it as
	// one Unicode character (Ⅳ) rather than in ASCII.
	chapters map[string]float64

	// The real submitters by kind; a synthetic submitter behaves like one of them.
	orgs, individuals, groups []persona
	// The shares of comments written by each kind of submitter.
	orgShare, individualShare, groupShare float64

	commentPool  [][]string // per section: the sentences of its comments
	responsePool [][]string // per section: explanation sentences of its one-off responses
	globalPool   []string   // explanation sentences of every one-off response

	layout  layout
	maxRows int // rows per table that keep a file under the loader's limits
}

// prototype is one real comment: what a synthetic comment is modelled on.
type prototype struct {
	number    int
	section   int // index into model.sections
	comment   []token
	response  []token
	vary      bool // the response is a one-off: vary it so that copies differ
	insertAt  int  // when varied by adding an explaining sentence: where; else -1
	responded []graph.Disposition
}

// section is a 該当箇所 as the table writes it. Chapters whose numeral the table writes
// both ways (Ⅳ(1) and IV(1)) are rewritten per row; see model.chapters.
type section struct {
	id      string // the loader's section ID; "" for a general comment (—)
	chapter string // the chapter numeral in ASCII (IV); "" when the cell has none
	rest    string // the cell after the numeral: (1)研究開発の推進; the whole cell when no numeral
}

// persona is a real submitter: its kind and its comments (indices into model.comments).
type persona struct {
	cell     string // its 意見提出者 cell as written
	kind     graph.SubmitterKind
	comments []int
}

// bundledModel measures the bundled table once per process.
var bundledModel = sync.OnceValues(func() (*model, error) {
	return measure(data.Bundled(), bundledDir)
})

// The bundled table's columns (項番, 意見提出者, 該当箇所, 御意見の詳細, 御意見に対する考え方):
// synth takes that one table apart, so it knows its layout.
const (
	colSubmitter = 1
	colSection   = 2
	colComment   = 3
	colResponse  = 4
)

// measure loads dir from fsys and takes it apart.
func measure(fsys fs.FS, dir string) (*model, error) {
	res, err := loader.LoadFS(fsys, dir, loader.Options{})
	if err != nil {
		return nil, err
	}
	if len(res.Problems) > 0 {
		return nil, graph.Errorf(graph.EINTERNAL, "the bundled table %s has problems: %v", dir, res.Problems[0])
	}
	raw, err := fs.ReadFile(fsys, path.Join(dir, "results.tsv"))
	if err != nil {
		return nil, graph.Errorf(graph.EINTERNAL, "read the bundled table: %v", err)
	}
	manifestFile := path.Join(dir, loader.ManifestFile)
	mf, err := fs.ReadFile(fsys, manifestFile)
	if err != nil {
		return nil, graph.Errorf(graph.EINTERNAL, "read the bundled manifest: %v", err)
	}
	d := res.Datasets[0]
	m := &model{chapters: map[string]float64{}}
	if m.manifest, err = loader.ParseManifest(manifestFile, mf); err != nil {
		return nil, err
	}

	kinds := map[string]graph.SubmitterKind{}
	for _, s := range d.Submitters {
		kinds[s.ID] = s.Kind
	}
	sectionIndex := map[string]int{}
	unicodeRows, chapterRows := map[string]int{}, map[string]int{}
	personaIndex := map[string]*persona{}
	var personaOrder []string
	for _, c := range d.Comments {
		cell := c.Source.Cells[colSection]
		chapter, uni, rest := splitNumeral(cell)
		key := c.Section
		if c.Section != "" && chapter == "" {
			key = "raw:" + cell // a section the loader knows by a form we do not rewrite
		}
		si, ok := sectionIndex[key]
		if !ok {
			si = len(m.sections)
			sectionIndex[key] = si
			s := section{id: c.Section, chapter: chapter, rest: rest}
			if chapter == "" {
				s.rest = cell
			}
			m.sections = append(m.sections, s)
		}
		if chapter != "" {
			chapterRows[chapter]++
			if uni {
				unicodeRows[chapter]++
			}
		}
		p := prototype{
			number: c.Number, section: si,
			comment:  splitCell(c.Source.Cells[colComment]),
			response: splitCell(c.Source.Cells[colResponse]),
		}
		for _, a := range c.Response.Dispositions {
			p.responded = append(p.responded, a.Disposition)
		}
		m.comments = append(m.comments, p)

		if personaIndex[c.Submitter] == nil {
			personaIndex[c.Submitter] = &persona{cell: c.Source.Cells[colSubmitter], kind: kinds[c.Submitter]}
			personaOrder = append(personaOrder, c.Submitter)
		}
		personaIndex[c.Submitter].comments = append(personaIndex[c.Submitter].comments, len(m.comments)-1)
	}
	for ch, n := range chapterRows {
		m.chapters[ch] = float64(unicodeRows[ch]) / float64(n)
	}

	var orgRows, individualRows, groupRows int
	for _, id := range personaOrder {
		p := *personaIndex[id]
		switch p.kind {
		case graph.KindOrganization:
			m.orgs, orgRows = append(m.orgs, p), orgRows+len(p.comments)
		case graph.KindIndividual:
			m.individuals, individualRows = append(m.individuals, p), individualRows+len(p.comments)
		case graph.KindGroup:
			m.groups, groupRows = append(m.groups, p), groupRows+len(p.comments)
		}
	}
	if len(m.orgs) == 0 {
		// The organization pool needs organizations to model.
		return nil, graph.Errorf(graph.EINTERNAL, "the table %s has no organization to model synthetic ones on", dir)
	}
	n := float64(len(m.comments))
	m.orgShare, m.individualShare, m.groupShare = float64(orgRows)/n, float64(individualRows)/n, float64(groupRows)/n

	m.measureResponses(d)
	m.measurePools()
	m.layout = measureLayout(string(raw))
	// The biggest table the loader takes: its row limit, or half its byte limit at the
	// mean row size (sizes vary; half leaves room for a table of long rows).
	rowBytes := len(raw) / len(m.comments)
	m.maxRows = min(loader.MaxRows, loader.MaxFileBytes/(2*rowBytes))
	return m, nil
}

// measureResponses decides which responses may be varied. A response given word for word
// to several comments is boilerplate (今後の取組の参考とすることが適当と考えます): it is
// reused as it is, so synthetic responses share texts as real ones do. A one-off response
// is varied so that its copies differ as the ministry's individual answers do: some of
// its explaining sentences are swapped for others, or, when every sentence of it carries
// a disposition (御指摘の点も踏まえつつ、国際連携の推進を図ることが重要と考えます。), one
// or two explaining sentences are added after it. Either way the sentences carrying dispositions
// stay, so the classifier finds in the copy what it found in the original; a response
// whose dispositions the classifier finds only across sentences is left as it is.
func (m *model) measureResponses(d *graph.Dataset) {
	uses := map[string]int{}
	for _, c := range d.Comments {
		uses[c.Response.Text]++
	}
	for i, c := range d.Comments {
		p := &m.comments[i]
		p.insertAt = -1
		if uses[c.Response.Text] > 1 {
			continue
		}
		var union []graph.Disposition
		explaining, last := false, -1
		for j, t := range p.response {
			if strings.TrimSpace(t.text) != "" && !tagPattern.MatchString(t.text) {
				last = j
			}
			if !t.sentence {
				continue
			}
			ds := classify(t.text)
			if len(ds) == 1 && ds[0] == graph.Explanation {
				explaining = true
				continue
			}
			p.response[j].sentence = false // carries a disposition: keep it
			union = append(union, ds...)
		}
		if len(union) == 0 {
			union = []graph.Disposition{graph.Explanation}
		}
		slices.Sort(union)
		union = slices.Compact(union)
		want := slices.Clone(p.responded)
		slices.Sort(want)
		if !slices.Equal(union, want) {
			continue
		}
		switch {
		case explaining:
			p.vary = true
		case last >= 0 && strings.HasSuffix(p.response[last].text, "。"):
			// A sentence added after one that ends with 。 cannot join it in a match.
			p.vary, p.insertAt = true, last+1
		}
	}
}

// minResponsePool is the fewest explaining sentences a section must have for its
// responses to be varied with its own: with fewer, copies of one response would mostly
// repeat each other, so they draw on those of all sections.
const minResponsePool = 8

// measurePools gathers, per section, the sentences comments are recombined from and the
// explanations one-off responses are varied with.
func (m *model) measurePools() {
	m.commentPool = make([][]string, len(m.sections))
	m.responsePool = make([][]string, len(m.sections))
	for _, p := range m.comments {
		for _, t := range p.comment {
			if t.sentence {
				m.commentPool[p.section] = append(m.commentPool[p.section], t.text)
			}
		}
		if !p.vary || p.insertAt >= 0 {
			continue
		}
		for _, t := range p.response {
			if t.sentence {
				m.responsePool[p.section] = append(m.responsePool[p.section], t.text)
				m.globalPool = append(m.globalPool, t.text)
			}
		}
	}
	for i, pool := range m.responsePool {
		if len(pool) < minResponsePool {
			m.responsePool[i] = m.globalPool
		}
	}
}

// classify gives the dispositions of one sentence of a raw response cell.
func classify(raw string) []graph.Disposition {
	var out []graph.Disposition
	for _, a := range loader.ClassifyResponse(loader.HTMLToText(raw)) {
		out = append(out, a.Disposition)
	}
	return out
}

// uppercaseNumerals maps the Unicode Roman-numeral characters tables use to ASCII.
var uppercaseNumerals = []struct{ uni, ascii string }{
	{"Ⅰ", "I"}, {"Ⅱ", "II"}, {"Ⅲ", "III"}, {"Ⅳ", "IV"}, {"Ⅴ", "V"}, {"Ⅵ", "VI"},
	{"Ⅶ", "VII"}, {"Ⅷ", "VIII"}, {"Ⅸ", "IX"}, {"Ⅹ", "X"}, {"Ⅺ", "XI"}, {"Ⅻ", "XII"},
}

// splitNumeral splits a 該当箇所 cell into its chapter numeral (in ASCII), whether the
// cell writes it as one Unicode character, and the rest: "Ⅳ(1)研究開発の推進" →
// "IV", true, "(1)研究開発の推進". A cell without a numeral followed by a section
// number (—, その他) gives chapter "".
func splitNumeral(cell string) (chapter string, unicode bool, rest string) {
	for _, n := range uppercaseNumerals {
		if strings.HasPrefix(cell, n.uni) {
			return n.ascii, true, cell[len(n.uni):]
		}
	}
	i := 0
	for i < len(cell) && strings.IndexByte("IVX", cell[i]) >= 0 {
		i++
	}
	if i > 0 && i < len(cell) && (cell[i] == '(' || strings.HasPrefix(cell[i:], "（")) {
		for _, n := range uppercaseNumerals {
			if n.ascii == cell[:i] {
				return n.ascii, false, cell[i:]
			}
		}
	}
	return "", false, cell
}

// numeral writes a chapter numeral as one Unicode character or in ASCII.
func numeral(ascii string, unicode bool) string {
	if unicode {
		for _, n := range uppercaseNumerals {
			if n.ascii == ascii {
				return n.uni
			}
		}
	}
	return ascii
}

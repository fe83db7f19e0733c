package loader

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/pcgraph/pcgraph/graph"
)

// formatFixtures are the bundled table as each format publishes it (see the readers'
// tests, which write them with -update). loose formats (PDF) cannot keep where a line
// was broken, so their texts are compared without whitespace.
var formatFixtures = []struct {
	file, format string
	read         ReadOptions
	loose        bool
}{
	{"results.xlsx", FormatXLSX, ReadOptions{}, false},
	{"results.docx", FormatDOCX, ReadOptions{}, false},
	{"results.html", FormatHTML, ReadOptions{Table: 2}, false},
	{"results.pdf", FormatPDF, ReadOptions{}, true},
}

// TestFormatsGiveTheSameGraph loads the bundled table from each format's fixture, with
// the format detected from the content, and expects the same consultation as from the
// TSV: the same comments, submitters, sections, topics, dispositions and page references
// — everything but provenance (the raw cells, lines, and HTML as published).
func TestFormatsGiveTheSameGraph(t *testing.T) {
	want := loadFixture(t, "../data/mic-iot5g-security-2020/results.tsv", ReadOptions{})
	for _, f := range formatFixtures {
		t.Run(f.format, func(t *testing.T) {
			path := filepath.Join("testdata", "formats", f.file)
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("fixture missing: %v (regenerate it with go test ./loader -update)", err)
			}
			got := loadFixture(t, path, f.read)
			if f.format == FormatHTML {
				// The page has a caption row spanning the table before chapter Ⅲ, as
				// ministries write for groups: a heading on the rows under it.
				if h := got.Comments[len(got.Comments)-1].Heading; h == "" || got.Comments[0].Heading != "" {
					t.Errorf("caption row: headings %q … %q, want none, then the caption", got.Comments[0].Heading, h)
				}
			}
			if got.Consultation.Format != f.format {
				t.Errorf("detected format %q, want %q", got.Consultation.Format, f.format)
			}
			compareDatasets(t, withoutProvenance(want, f.loose), withoutProvenance(got, f.loose))
		})
	}
}

func loadFixture(t *testing.T, path string, read ReadOptions) *graph.Dataset {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := Manifest{Slug: "mic-iot5g-security-2020", Title: "IoT・5Gセキュリティ総合対策2020(案)", Source: filepath.Base(path), Sheet: read.Sheet, Table: read.Table}
	res, err := LoadBytes(m, data, Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, p := range res.Problems {
		t.Errorf("%s: problem %v", path, p)
	}
	if res.Comments() != 107 {
		t.Fatalf("%s: %d comments, want 107", path, res.Comments())
	}
	return res.Datasets[0]
}

// withoutProvenance clears what depends on the file rather than the table: the raw
// cells, lines, file, the HTML as published and group headings (a fixture may add a
// caption row the TSV lacks: the test checks it apart); for loose formats it also removes the
// whitespace of texts and surfaces.
func withoutProvenance(d *graph.Dataset, loose bool) *graph.Dataset {
	squeeze := func(s string) string {
		if !loose {
			return s
		}
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	out := *d
	out.Consultation.Source, out.Consultation.Format = "", ""
	out.Comments = make([]graph.Comment, len(d.Comments))
	for i, c := range d.Comments {
		c.HTML, c.Response.HTML, c.Source, c.Heading = "", "", graph.Source{}, ""
		c.Text, c.Response.Text = squeeze(c.Text), squeeze(c.Response.Text)
		if loose {
			c.Response.TextID = ""
		}
		c.PageRefs = append([]graph.PageRef(nil), c.PageRefs...)
		for j := range c.PageRefs {
			c.PageRefs[j].Surface = squeeze(c.PageRefs[j].Surface)
		}
		c.Mentions = append([]graph.TopicMention(nil), c.Mentions...)
		for j := range c.Mentions {
			c.Mentions[j].Surface = squeeze(c.Mentions[j].Surface)
		}
		c.Response.Dispositions = append([]graph.DispositionAssignment(nil), c.Response.Dispositions...)
		for j := range c.Response.Dispositions {
			c.Response.Dispositions[j].Evidence = squeeze(c.Response.Dispositions[j].Evidence)
		}
		out.Comments[i] = c
	}
	subs := make([]graph.Submitter, len(d.Submitters))
	for i, s := range d.Submitters {
		s.Raw = ""
		subs[i] = s
	}
	out.Submitters = subs
	return &out
}

// compareDatasets reports the first differences between two datasets, comment by comment.
func compareDatasets(t *testing.T, want, got *graph.Dataset) {
	t.Helper()
	if len(got.Comments) != len(want.Comments) {
		t.Fatalf("%d comments, want %d", len(got.Comments), len(want.Comments))
	}
	bad := 0
	for i := range want.Comments {
		if !reflect.DeepEqual(got.Comments[i], want.Comments[i]) {
			if bad++; bad <= 3 {
				t.Errorf("comment %d differs:\n got %+v\nwant %+v", want.Comments[i].Number, got.Comments[i], want.Comments[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d comments differ", bad, len(want.Comments))
	}
	for name, pair := range map[string][2]any{
		"consultation":  {got.Consultation, want.Consultation},
		"submitters":    {got.Submitters, want.Submitters},
		"organizations": {got.Organizations, want.Organizations},
		"sections":      {got.Sections, want.Sections},
		"topics":        {got.Topics, want.Topics},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differ:\n got %+v\nwant %+v", name, pair[0], pair[1])
		}
	}
}

package synth

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// table writes consultation k of a plan to a string, and gives the rows it was drawn
// from: writeTable draws its rows first, from the same stream.
func table(t *testing.T, m *model, o Options, p *plan, k int) (string, []row) {
	t.Helper()
	var b strings.Builder
	c := p.consultations[k]
	writeTable(&b, m, newRand(o.Seed, streamConsultation+uint64(k)), c)
	return b.String(), drawRows(m, newRand(o.Seed, streamConsultation+uint64(k)), c)
}

// build reads a table as the loader does.
func build(t *testing.T, slug, tsv string) *graph.Dataset {
	t.Helper()
	tab, err := loader.ReadTable("results.tsv", []byte(tsv), loader.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	d, more := loader.Build(loader.Manifest{Slug: slug, Title: slug, Source: "results.tsv"}, tab.Mapping, tab.Rows, loader.DefaultTaxonomy())
	if problems := append(tab.Problems, more...); len(problems) > 0 {
		t.Fatalf("%s: %d problems, the first %v", slug, len(problems), problems[0])
	}
	return d
}

// Varying a response must not change how it is classified: the synthetic disposition mix
// is the real one only because every copy answers as its original did.
func TestResponsesClassifyLikeTheirOriginals(t *testing.T) {
	m, err := bundledModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			o := Options{Comments: 3000, Consultations: 3, Seed: seed}
			p := newPlan(m, o)
			varied := 0
			for k := range p.consultations {
				tsv, rows := table(t, m, o, p, k)
				d := build(t, Slug(k), tsv)
				if len(d.Comments) != len(rows) {
					t.Fatalf("%s: %d comments read, %d written", Slug(k), len(d.Comments), len(rows))
				}
				for i, c := range d.Comments {
					proto := rows[i].proto
					var got []graph.Disposition
					for _, a := range c.Response.Dispositions {
						got = append(got, a.Disposition)
					}
					if !slices.Equal(got, proto.responded) {
						t.Errorf("%s comment %d (from bundled comment %d): dispositions %v, the original's %v\nresponse: %s",
							Slug(k), c.Number, proto.number, got, proto.responded, c.Response.Text)
					}
					if want := m.sections[proto.section].id; sectionCode(c.Section) != sectionCode(want) {
						t.Errorf("%s comment %d: section %q, the original's %q", Slug(k), c.Number, c.Section, want)
					}
					if proto.vary {
						varied++
					}
				}
			}
			if varied == 0 {
				t.Error("no response was varied")
			}
		})
	}
}

// sectionCode is the code part of a section ID (III-5), "" for none.
func sectionCode(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[i+1:]
	}
	return id
}

func TestTableIsPaginatedLikeTheBundledOne(t *testing.T) {
	m, err := bundledModel()
	if err != nil {
		t.Fatal(err)
	}
	l := m.layout
	if l.repeatHeaders == 0 || l.leadingBlank == 0 || l.blankBefore == 0 {
		t.Fatalf("the bundled table's layout is not what the test expects (repeated headers with blank lines): %+v", l)
	}
	o := Options{Comments: 1000, Consultations: 1, Seed: 9}
	tsv, rows := table(t, m, o, newPlan(m, o), 0)
	lines := strings.Split(tsv, "\n")

	if got := strings.HasSuffix(tsv, "\n"); got != l.finalNewline {
		t.Errorf("the table ends with a line break: %v; the bundled one: %v", got, l.finalNewline)
	}
	for i := range l.leadingBlank {
		if lines[i] != "" {
			t.Fatalf("line %d is %q; the bundled table starts with %d blank lines", i+1, lines[i], l.leadingBlank)
		}
	}
	if lines[l.leadingBlank] != l.header {
		t.Fatalf("line %d is %q, want the header", l.leadingBlank+1, lines[l.leadingBlank])
	}
	headers, data := 0, 0
	var pages []int
	for i, line := range lines {
		switch {
		case line == l.header:
			headers++
			if headers == 1 {
				continue
			}
			pages = append(pages, data)
			data = 0
			for j := 1; j <= l.blankBefore; j++ {
				if lines[i-j] != "" {
					t.Errorf("line %d: the repeated header is not preceded by %d blank lines (line %d is %.30q)", i+1, l.blankBefore, i-j+1, lines[i-j])
				}
			}
			if before := lines[i-l.blankBefore-1]; strings.Count(before, "\t") != 4 || before == l.header {
				t.Errorf("line %d: the page before the repeated header ends in %.30q, not a data row", i+1, before)
			}
		case line != "":
			data++
		}
	}
	if data != 0 {
		pages = append(pages, data)
	}
	if sum(pages) != len(rows) {
		t.Errorf("%d data lines, want %d rows", sum(pages), len(rows))
	}
	lo, hi := slices.Min(l.rowsPerPage), slices.Max(l.rowsPerPage)
	for i, n := range pages[:len(pages)-1] {
		if n < lo || n > hi {
			t.Errorf("page %d has %d rows; the bundled table's pages have %d to %d", i+1, n, lo, hi)
		}
	}
	wantMean := float64(sum(l.rowsPerPage)) / float64(len(l.rowsPerPage))
	if mean := float64(len(rows)) / float64(len(pages)); !near(mean, wantMean, 0.2, 0) {
		t.Errorf("%.1f rows per page, the bundled table %.1f", mean, wantMean)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func TestChapterNumeralsAreMixedAsInTheBundledTable(t *testing.T) {
	m, err := bundledModel()
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Comments: 2000, Consultations: 1, Seed: 4}
	tsv, _ := table(t, m, o, newPlan(m, o), 0)
	forms := map[string][]string{} // chapter → forms in table order
	for line := range strings.SplitSeq(tsv, "\n") {
		cells := strings.Split(line, "\t")
		if len(cells) != 5 || cells[0] == "項番" {
			continue
		}
		if ch, uni, _ := splitNumeral(cells[2]); ch != "" {
			form := "ascii"
			if uni {
				form = "unicode"
			}
			if f := forms[ch]; len(f) == 0 || f[len(f)-1] != form {
				forms[ch] = append(forms[ch], form)
			}
		}
	}
	for ch, share := range m.chapters {
		var want []string
		switch {
		case share == 1:
			want = []string{"unicode"}
		case share == 0:
			want = []string{"ascii"}
		default:
			want = []string{"unicode", "ascii"} // Ⅳ(1) first, then IV(1), as in the bundled table
		}
		if !slices.Equal(forms[ch], want) {
			t.Errorf("chapter %s (Unicode in %.2f of the bundled rows): written %v in table order, want %v", ch, share, forms[ch], want)
		}
	}
}

func TestSplitCell(t *testing.T) {
	tests := []struct {
		cell string
		want []token
	}{
		{"", nil},
		{"短い。", []token{{"短い。", false}}},
		{"一つ目の文。 二つ目の文です。", []token{{"一つ目の文。", true}, {" 二つ目の文です。", true}}},
		{`<p>本文の段落。</p> <ul style="list-style-type: none"> ・項目の文`, []token{
			{"<p>", false}, {"本文の段落。", true}, {"</p>", false}, {" ", false},
			{`<ul style="list-style-type: none">`, false}, {" ・項目の文", true},
		}},
		{`"NOTICE"について述べる。`, []token{{`"NOTICE"について述べる。`, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			got := splitCell(tt.cell)
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitCell(%q) = %v, want %v", tt.cell, got, tt.want)
			}
		})
	}
	m, err := bundledModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.comments {
		for _, ts := range [][]token{p.comment, p.response} {
			var b strings.Builder
			for _, tk := range ts {
				b.WriteString(tk.text)
				if strings.ContainsAny(tk.text, "\t\n") {
					t.Errorf("bundled comment %d: token %q holds a tab or line break", p.number, tk.text)
				}
			}
			if b.Len() == 0 {
				t.Errorf("bundled comment %d: an empty cell", p.number)
			}
		}
	}
}

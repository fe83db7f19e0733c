package loader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// htmlFixture is the bundled table as a ministry's results page, in Shift_JIS. It is
// written by resultsPage; refresh it with
//
//	go test ./loader -run TestReadHTMLFixture -update
const htmlFixture = "testdata/formats/results.html"

// fixtureCaption is the text of the row spanning all columns that the fixture puts before
// the first comment on chapter Ⅲ, as ministries head groups of comments.
const fixtureCaption = "Ⅲ 具体的施策に関する御意見"

// bundledTSV is the table the fixture is made from.
const bundledTSV = "../data/mic-iot5g-security-2020/results.tsv"

// Columns of the bundled table the fixture treats apart.
const (
	tsvSubmitter = 1 // 意見提出者, merged with rowspan
	tsvSection   = 2 // 該当箇所, whose chapter Ⅲ the caption row heads
)

// tsvTable returns the bundled table's header and its comments: its records less the
// blank ones and the header repeated at page breaks.
func tsvTable(t testing.TB) (header []string, rows [][]string) {
	t.Helper()
	data, err := os.ReadFile(bundledTSV)
	if err != nil {
		t.Fatalf("reading the bundled table: %v", err)
	}
	recs, err := readDelimited(bundledTSV, data, ReadOptions{})
	if err != nil {
		t.Fatalf("readDelimited(%s): %v", bundledTSV, err)
	}
	for _, r := range recs {
		switch {
		case blankCells(r.Cells):
		case r.Cells[0] == "項番":
			if header == nil {
				header = r.Cells
			}
		default:
			rows = append(rows, r.Cells)
		}
	}
	return header, rows
}

// resultsPage writes the bundled table as a ministry's results page: a heading, a small
// table of counts, then the results with a <th> header, cells as the TSV holds them
// (HTML as written; plain text escaped), equal submitters of consecutive comments merged
// with rowspan, and a caption row with colspan="5". It is Shift_JIS, and characters that
// Shift_JIS lacks are numeric character references. Each cell is on its own line, so
// that a row's line is not just its index.
func resultsPage(t testing.TB) []byte {
	t.Helper()
	header, rows := tsvTable(t)
	submitters := map[string]bool{}
	captionAt := -1
	for i, r := range rows {
		submitters[r[tsvSubmitter]] = true
		if captionAt < 0 && strings.HasPrefix(r[tsvSection], "Ⅲ") {
			captionAt = i
		}
	}
	if captionAt <= 0 {
		t.Fatalf("the bundled table has no comment on chapter Ⅲ after the first: the fixture needs one for its caption row")
	}
	cell := func(tag, attr, c string) string {
		if !IsHTML(c) {
			c = html.EscapeString(c)
		}
		return "<" + tag + attr + ">" + strings.TrimSpace(c) + "</" + tag + ">\n"
	}
	var b strings.Builder
	const title = "「IoT・5Gセキュリティ総合対策2020(案)」に対する意見募集の結果"
	b.WriteString("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"Shift_JIS\">\n")
	b.WriteString("<title>" + title + "|総務省</title>\n</head>\n<body>\n")
	b.WriteString("<h1>" + title + "</h1>\n<h2>提出意見数</h2>\n<table border=\"1\">\n")
	fmt.Fprintf(&b, "<tr>\n<th>提出意見数</th>\n<td>%d件</td>\n</tr>\n", len(rows))
	fmt.Fprintf(&b, "<tr>\n<th>意見提出者数</th>\n<td>%d者</td>\n</tr>\n</table>\n", len(submitters))
	b.WriteString("<h2>提出された御意見及び御意見に対する考え方</h2>\n<table border=\"1\">\n<thead>\n<tr>\n")
	for _, h := range header {
		b.WriteString(cell("th", ` scope="col"`, h))
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	for i := 0; i < len(rows); {
		if i == captionAt {
			b.WriteString("<tr>\n" + cell("th", ` colspan="5"`, fixtureCaption) + "</tr>\n")
		}
		j := i + 1
		for j < len(rows) && j != captionAt && rows[j][tsvSubmitter] == rows[i][tsvSubmitter] {
			j++
		}
		for k := i; k < j; k++ {
			b.WriteString("<tr>\n")
			for col, c := range rows[k] {
				switch {
				case col != tsvSubmitter:
					b.WriteString(cell("td", "", c))
				case k == i && j-i > 1:
					b.WriteString(cell("td", fmt.Sprintf(` rowspan="%d"`, j-i), c))
				case k == i:
					b.WriteString(cell("td", "", c))
				}
			}
			b.WriteString("</tr>\n")
		}
		i = j
	}
	b.WriteString("</tbody>\n</table>\n</body>\n</html>\n")
	return toShiftJIS(t, b.String())
}

// toShiftJIS encodes text as Shift_JIS, writing a character that does not survive the
// round trip as a numeric character reference.
func toShiftJIS(t testing.TB, text string) []byte {
	t.Helper()
	enc, dec := japanese.ShiftJIS.NewEncoder(), japanese.ShiftJIS.NewDecoder()
	var out []byte
	for _, r := range text {
		b, err := enc.Bytes([]byte(string(r)))
		if err == nil {
			if back, err := dec.Bytes(b); err == nil && string(back) == string(r) {
				out = append(out, b...)
				continue
			}
		}
		out = fmt.Appendf(out, "&#x%X;", r)
	}
	return out
}

// blankCells reports whether every cell is blank.
func blankCells(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// shorten cuts s to n runes for messages.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// blankFree leaves out the records whose cells are all blank.
func blankFree(recs []Record) []Record {
	var out []Record
	for _, r := range recs {
		if !blankCells(r.Cells) {
			out = append(out, r)
		}
	}
	return out
}

func TestReadHTMLFixture(t *testing.T) {
	page := resultsPage(t)
	if *update {
		if err := os.MkdirAll(filepath.Dir(htmlFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(htmlFixture, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(htmlFixture)
	if err != nil {
		t.Fatalf("reading the fixture: %v (write it with -update)", err)
	}
	if !bytes.Equal(file, page) {
		t.Fatalf("%s (%d bytes) is not the page the bundled table gives (%d bytes): run go test ./loader -run TestReadHTMLFixture -update", htmlFixture, len(file), len(page))
	}
	_, tsvRows := tsvTable(t)

	t.Run("Shift_JIS", func(t *testing.T) {
		if utf8.Valid(file) {
			t.Fatalf("the fixture is valid UTF-8: it does not test decoding Shift_JIS")
		}
		text, err := japanese.ShiftJIS.NewDecoder().Bytes(file)
		if err != nil || bytes.ContainsRune(text, utf8.RuneError) {
			t.Fatalf("the fixture does not decode as Shift_JIS without replacement characters (err %v)", err)
		}
		// Every character of the TSV is in the page, as itself or as a reference.
		seen := map[rune]bool{}
		refs := 0
		for _, r := range tsvRows {
			for _, c := range r {
				for _, ch := range c {
					if seen[ch] {
						continue
					}
					seen[ch] = true
					ref := fmt.Sprintf("&#x%X;", ch)
					switch {
					case bytes.Contains(text, []byte(ref)):
						refs++
					case !bytes.ContainsRune(text, ch):
						t.Errorf("character %U %q of the TSV is not in the page, nor its reference %s", ch, ch, ref)
					}
				}
			}
		}
		if refs == 0 || !bytes.Contains(text, []byte("&#x2014;")) {
			t.Errorf("the page has %d numeric references, and none for — (U+2014, the TSV's empty 該当箇所): the fixture does not test them", refs)
		}
	})

	t.Run("results", func(t *testing.T) {
		recs, err := readHTML(htmlFixture, file, ReadOptions{Table: 2})
		if err != nil {
			t.Fatalf("readHTML(Table 2): %v", err)
		}
		lines := strings.Split(string(file), "\n")
		for _, r := range recs {
			if r.Line < 1 || r.Line > len(lines) || !strings.HasPrefix(lines[r.Line-1], "<tr>") {
				t.Errorf("record %q: Line %d is not a line of the page that starts a <tr>", shorten(strings.Join(r.Cells, "|"), 40), r.Line)
			}
		}
		recs = blankFree(recs)
		var headers, captions, comments []Record
		for _, r := range recs {
			switch {
			case len(r.Cells) > 0 && r.Cells[0] == "項番":
				headers = append(headers, r)
			case len(r.Cells) > 0 && r.Cells[0] == fixtureCaption:
				captions = append(captions, r)
			default:
				comments = append(comments, r)
			}
		}
		wantHeader := []string{"項番", "意見提出者", "該当箇所", "御意見の詳細", "御意見に対する考え方"}
		if len(headers) != 1 || !reflect.DeepEqual(headers[0].Cells, wantHeader) {
			t.Errorf("header records: %+v, want one with %q", headers, wantHeader)
		}
		wantCaption := []string{fixtureCaption, fixtureCaption, fixtureCaption, fixtureCaption, fixtureCaption}
		if len(captions) != 1 || !reflect.DeepEqual(captions[0].Cells, wantCaption) {
			t.Errorf("caption records: %+v, want one whose colspan=5 gives %q", captions, wantCaption)
		}
		if len(comments) != 107 || len(tsvRows) != 107 {
			t.Fatalf("got %d comment records from the page and %d from the TSV, want 107 each", len(comments), len(tsvRows))
		}
		rawEqual, merged := 0, 0
		for i, r := range comments {
			if len(r.Cells) != 5 {
				t.Errorf("comment %d (line %d): %d cells, want 5", i+1, r.Line, len(r.Cells))
				continue
			}
			for col, c := range r.Cells {
				if got, want := HTMLToText(c), HTMLToText(tsvRows[i][col]); got != want {
					t.Errorf("comment %d (line %d), column %d: HTMLToText gives\n%q\nwant (from the TSV)\n%q", i+1, r.Line, col+1, shorten(got, 80), shorten(want, 80))
				}
				if IsHTML(c) && c == strings.TrimSpace(tsvRows[i][col]) {
					rawEqual++
				}
			}
			if !strings.Contains(lines[r.Line], "<td>") {
				t.Errorf("comment %d: line %d after its <tr> is %q, not its 項番 cell", i+1, r.Line+1, lines[r.Line])
			}
			if !strings.Contains(lines[r.Line+1], "rowspan") && !strings.Contains(lines[r.Line+1], r.Cells[tsvSubmitter]) {
				merged++ // its 意見提出者 cell is the one a row above spans down
			}
		}
		// The cells are the page's markup as published: the TSV's <p> and <ul> cells are
		// there byte for byte, not re-rendered.
		if rawEqual < 50 {
			t.Errorf("only %d cells hold the TSV's HTML exactly as written", rawEqual)
		}
		if merged < 20 {
			t.Errorf("only %d comments take their submitter from a rowspan: the fixture does not test rowspan", merged)
		}
	})

	t.Run("tables", func(t *testing.T) {
		first, err := readHTML(htmlFixture, file, ReadOptions{Table: 1})
		want := [][]string{{"提出意見数", "107件"}, {"意見提出者数", "23者"}}
		if err != nil || !equalRecords(first, want) {
			t.Errorf("Table 1 = %q, %v; want %q", recordCells(first), err, want)
		}
		second, _ := readHTML(htmlFixture, file, ReadOptions{Table: 2})
		all, err := readHTML(htmlFixture, file, ReadOptions{Table: 0})
		if err != nil || !reflect.DeepEqual(all, append(append([]Record{}, first...), second...)) {
			t.Errorf("Table 0 gives %d records (err %v), want table 1's %d then table 2's %d", len(all), err, len(first), len(second))
		}
		_, err = readHTML(htmlFixture, file, ReadOptions{Table: 3})
		if err == nil || !strings.Contains(err.Error(), "has 2 top-level tables") {
			t.Errorf("Table 3: error %v, want one saying the page has 2 tables", err)
		}
	})

	t.Run("DetectFormat", func(t *testing.T) {
		if f, err := DetectFormat(htmlFixture, file); f != FormatHTML || err != nil {
			t.Errorf("DetectFormat(fixture) = %q, %v; want html", f, err)
		}
	})
}

// recordCells returns the cells of recs, for messages and comparisons.
func recordCells(recs []Record) [][]string {
	out := make([][]string, len(recs))
	for i, r := range recs {
		out[i] = r.Cells
	}
	return out
}

// equalRecords compares the cells of recs with want, a row without cells equal to {}.
func equalRecords(recs []Record, want [][]string) bool {
	if len(recs) != len(want) {
		return false
	}
	for i, r := range recs {
		if len(r.Cells) != len(want[i]) || len(r.Cells) > 0 && !reflect.DeepEqual(r.Cells, want[i]) {
			return false
		}
	}
	return true
}

func TestReadHTMLSpans(t *testing.T) {
	tests := []struct {
		name, page string
		want       [][]string
	}{
		{"plain", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
			[][]string{{"a", "b"}, {"c", "d"}}},
		{"th, td and row groups in document order",
			"<table><thead><tr><th>h1<th>h2</thead><tfoot><tr><td>f1<td>f2</tfoot><tbody><tr><td>a<td>b</tbody></table>",
			[][]string{{"h1", "h2"}, {"f1", "f2"}, {"a", "b"}}},
		{"end tags left out, cells without a <tr>", "<table><td>a<td>b<tr><td>c</table>",
			[][]string{{"a", "b"}, {"c"}}},
		{"colspan", "<table><tr><td colspan=3>x<tr><td>a<td>b<td>c</table>",
			[][]string{{"x", "x", "x"}, {"a", "b", "c"}}},
		{"rowspan", "<table><tr><td rowspan=2>A<td>B<tr><td>C</table>",
			[][]string{{"A", "B"}, {"A", "C"}}},
		{"rowspan and colspan together", "<table><tr><td rowspan=2 colspan=2>X<td>1<tr><td>2<tr><td>a<td>b<td>c</table>",
			[][]string{{"X", "X", "1"}, {"X", "X", "2"}, {"a", "b", "c"}}},
		{"rowspan past the table's end makes no rows", "<table><tr><td rowspan=5>A<td>1<tr><td>2</table>",
			[][]string{{"A", "1"}, {"A", "2"}}},
		{"rowspan=0 runs to the end of its row group",
			"<table><tbody><tr><td rowspan=0>A<td>1<tr><td>2<tr><td>3</tbody><tbody><tr><td>x<td>y</table>",
			[][]string{{"A", "1"}, {"A", "2"}, {"A", "3"}, {"x", "y"}}},
		{"rowspan stops at the row group's end", "<table><thead><tr><th rowspan=3>H<th>h</thead><tr><td>a<td>b</table>",
			[][]string{{"H", "h"}, {"a", "b"}}},
		{"a slot no cell covers is empty", "<table><tr><td>a<td>b<td rowspan=2>C<tr><td>d</table>",
			[][]string{{"a", "b", "C"}, {"d", "", "C"}}},
		{"overlap: a colspan over a rowspan's slot leaves it to the rowspan",
			"<table><tr><td>a<td rowspan=2>B<tr><td colspan=2>C<td>d</table>",
			[][]string{{"a", "B"}, {"C", "B", "d"}}},
		{"overlap: a rowspan does not take over a slot another spans down into",
			"<table><tr><td>a<td>b<td rowspan=3>C<tr><td colspan=3 rowspan=2>D<tr></table>",
			[][]string{{"a", "b", "C"}, {"D", "D", "C"}, {"D", "D", "C"}}},
		{"overlap: rowspans side by side", "<table><tr><td rowspan=3>A<td>1<tr><td rowspan=2 colspan=2>B<tr><td>x</table>",
			[][]string{{"A", "1"}, {"A", "B", "B"}, {"A", "B", "B", "x"}}},
		{"span values as HTML reads them",
			`<table><tr><td colspan="0">a<td colspan="2.9">b<td colspan="abc">c<td colspan=" +2">d<td rowspan="-1">e</table>`,
			[][]string{{"a", "b", "b", "c", "d", "d", "e"}}},
		{"a nested table stays in its cell",
			"<table><tr><td>x<table><tr><td>in</td></tr></table>y</td><td>z</td></tr><tr><td>w</table>",
			[][]string{{"x<table><tr><td>in</td></tr></table>y", "z"}, {"w"}}},
		{"caption, text between rows and empty rows are no cells",
			"<table><caption>表1<table><tr><td>in caption</table></caption> stray <tr></tr><tr><td> </td></tr><tr><td>a</td></tr></table>",
			[][]string{{}, {""}, {"a"}}},
		{"cell values: markup as written, text without tags decoded",
			"<table><tr><td> <p>x &amp; y</p> </td><td>a &amp; b&#x2014;c\nd</td><td>&lt;p&gt;</td><td>C&C</td></table>",
			[][]string{{"<p>x &amp; y</p>", "a & b—c d", "&lt;p&gt;", "C&C"}}},
		{"script and comments do not end a cell",
			"<!-- <table> --><table><tr><td>a<script>\"</td><td>\"</script><!-- </td> --></td><td>b</table>",
			[][]string{{"a<script>\"</td><td>\"</script><!-- </td> -->", "b"}}},
		{"a <table> between rows ends the table", "<table><tr><td>a</td></tr><table><tr><td>b</table>",
			[][]string{{"a"}, {"b"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readHTML("t.html", []byte(tc.page), ReadOptions{})
			if err != nil {
				t.Fatalf("readHTML(%q): %v", tc.page, err)
			}
			if !equalRecords(recs, tc.want) {
				t.Errorf("readHTML(%q) =\n%q\nwant\n%q", tc.page, recordCells(recs), tc.want)
			}
		})
	}
}

func TestReadHTMLLines(t *testing.T) {
	page := "<table>\n<tr>\n<td>a\nb</td>\n</tr>\n<tr><td>c</td></tr>\n<td>implicit</td>\n</table>"
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		t.Run(fmt.Sprintf("%q", eol), func(t *testing.T) {
			recs, err := readHTML("t.html", []byte(strings.ReplaceAll(page, "\n", eol)), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, r := range recs {
				lines = append(lines, r.Line)
			}
			if !reflect.DeepEqual(lines, []int{2, 6, 7}) || !equalRecords(recs, [][]string{{"a b"}, {"c"}, {"implicit"}}) {
				t.Errorf("lines %v, cells %q; want lines [2 6 7], cells [[a b] [c] [implicit]]", lines, recordCells(recs))
			}
		})
	}
}

func TestReadHTMLEncoding(t *testing.T) {
	body := "<table>\n<tr><th>項番</th><th>意見提出者</th><td>C&amp;C—～</td></tr>\n</table>\n"
	encode := func(e encoding.Encoding, s string) []byte {
		b, err := e.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatalf("encoding %q: %v", s, err)
		}
		return b
	}
	sjisBody := strings.ReplaceAll(body, "—", "&#x2014;")
	long := "<!--" + strings.Repeat("長い注釈。", 300) + "-->\n" // pushes the meta past 1024 bytes
	tests := []struct {
		name string
		data []byte
		line int // the line of the <tr>
	}{
		{"UTF-8, undeclared", []byte(body), 2},
		{"UTF-8 with a BOM", append([]byte("\xef\xbb\xbf"), body...), 2},
		{"UTF-8, declared", []byte("<meta charset=\"utf-8\">\n" + body), 3},
		{"UTF-16LE with a BOM", encode(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), body), 2},
		{"UTF-16BE with a BOM", encode(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), body), 2},
		{"Shift_JIS, <meta charset>", encode(japanese.ShiftJIS, "<html><head><meta charset=\"Shift_JIS\"></head>\n"+sjisBody), 3},
		{"Shift_JIS, http-equiv", encode(japanese.ShiftJIS, "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=x-sjis\">\n"+sjisBody), 3},
		{"Shift_JIS, XML declaration", encode(japanese.ShiftJIS, "<?xml version=\"1.0\" encoding='Shift_JIS'?>\n"+sjisBody), 3},
		{"Shift_JIS, undeclared", encode(japanese.ShiftJIS, sjisBody), 2},
		{"EUC-JP, declared after 1024 bytes", encode(japanese.EUCJP, long+"<meta charset=euc-jp>\n"+sjisBody), 4},
		{"declares Shift_JIS but saved as UTF-8", []byte("<meta charset=\"Shift_JIS\">\n" + body), 3},
	}
	want := [][]string{{"項番", "意見提出者", "C&C—～"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readHTML("t.html", tc.data, ReadOptions{})
			if err != nil {
				t.Fatalf("readHTML: %v", err)
			}
			if !equalRecords(recs, want) || recs[0].Line != tc.line {
				t.Errorf("readHTML = %q at line %d; want %q at line %d", recordCells(recs), recs[0].Line, want, tc.line)
			}
		})
	}
}

func TestReadHTMLTableSelection(t *testing.T) {
	page := "<p>前文</p><table><tr><td>one</td></tr></table>\n" +
		"<table><tr><td>two<table><tr><td>nested</td></tr></table></td></tr></table>\n" +
		"<div><table><tr><td>three</td></tr></table></div>"
	tests := []struct {
		table int
		want  [][]string
	}{
		{0, [][]string{{"one"}, {"two<table><tr><td>nested</td></tr></table>"}, {"three"}}},
		{1, [][]string{{"one"}}},
		{2, [][]string{{"two<table><tr><td>nested</td></tr></table>"}}},
		{3, [][]string{{"three"}}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("table ", tc.table), func(t *testing.T) {
			recs, err := readHTML("t.html", []byte(page), ReadOptions{Table: tc.table})
			if err != nil || !equalRecords(recs, tc.want) {
				t.Errorf("Table %d: %q, %v; want %q", tc.table, recordCells(recs), err, tc.want)
			}
		})
	}
}

func TestReadHTMLHostileSpans(t *testing.T) {
	t.Run("colspan is clamped to 1000", func(t *testing.T) {
		recs, err := readHTML("t.html", []byte("<table><tr><td colspan=100000>x<td colspan=99999999999999999999999>y</table>"), ReadOptions{})
		if err != nil || len(recs) != 1 || len(recs[0].Cells) != 2*maxColspan {
			t.Fatalf("got %d records, %v; want one of %d cells", len(recs), err, 2*maxColspan)
		}
	})
	t.Run("rowspan makes no rows", func(t *testing.T) {
		recs, err := readHTML("t.html", []byte("<table><tr><td rowspan=100000>x<tr><tr></table>"), ReadOptions{})
		if err != nil || !equalRecords(recs, [][]string{{"x"}, {"x"}, {"x"}}) {
			t.Fatalf("got %q, %v; want three rows of x", recordCells(recs), err)
		}
	})
	var before, after runtime.MemStats
	tests := []struct {
		name, page, message string
	}{
		{"many wide cells", "<table>\n<tr>" + strings.Repeat("<td colspan=1000>x", maxHTMLSlots/maxColspan+1) + "</table>", "cells once rowspan and colspan"},
		{"a large cell spread wide", "<table>\n<tr><td colspan=1000>" + strings.Repeat("あ", maxHTMLBytes/maxColspan/3+1) + "</table>", "MiB of cell text"},
		{"many rows", "<table>\n" + strings.Repeat("<tr>", maxHTMLRows+1) + "</table>", "rows"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runtime.ReadMemStats(&before)
			recs, err := readHTML("t.html", []byte(tc.page), ReadOptions{})
			runtime.ReadMemStats(&after)
			checkHTMLError(t, recs, err, "t.html", 2, tc.message)
			if alloc := after.TotalAlloc - before.TotalAlloc - uint64(len(tc.page)); alloc > 256<<20 {
				t.Errorf("reading allocated %d MiB", alloc>>20)
			}
		})
	}
}

// checkHTMLError asserts that err is an invalid-input *graph.Error about file at line,
// whose message contains what, with no records.
func checkHTMLError(t *testing.T, recs []Record, err error, file string, line int, what string) {
	t.Helper()
	var e *graph.Error
	switch {
	case !errors.As(err, &e):
		t.Fatalf("error %v is not a *graph.Error", err)
	case e.Code != graph.EINVALID || e.File != file || e.Line != line:
		t.Errorf("error %+v: want code %s, file %s, line %d", e, graph.EINVALID, file, line)
	case !strings.Contains(e.Message, what):
		t.Errorf("error %q does not say %q", e.Message, what)
	case len(e.Message) > 300:
		t.Errorf("error message is %d bytes: it echoes the page?", len(e.Message))
	}
	if recs != nil {
		t.Errorf("error %v came with %d records", err, len(recs))
	}
}

func TestReadHTMLErrors(t *testing.T) {
	twoTables := "<table><tr><td>a</table><table><tr><td>b</table>"
	tests := []struct {
		name  string
		data  string
		table int
		line  int
		what  string
	}{
		{"empty page", "", 0, 0, "no <table>"},
		{"no table", "<html><body><p>意見募集の結果</p></body></html>", 0, 0, "no <table>"},
		{"tables only in a comment, a script or a textarea",
			"<!-- <table><tr><td>x</td></tr></table> --><script>document.write('<table>')</script><textarea><table></textarea>", 0, 0, "no <table>"},
		{"table index out of range", twoTables, 3, 0, "has 2 top-level tables"},
		{"negative table index", twoTables, -1, 0, "numbered from 1"},
		{"neither UTF-8 nor Shift_JIS", "<table>\n<tr><td>\x80\xff\xfe</td></tr></table>", 0, 2, "neither UTF-8 nor Shift_JIS"},
		{"declared encoding contradicted", "<meta charset=\"utf-8\">\n<table>\n<tr><td>\xff\xfe</td></tr></table>", 0, 3, "declares the encoding utf-8"},
		{"UTF-8 BOM, then not UTF-8", "\xef\xbb\xbf<table>\n\n<tr><td>\xff</td></tr></table>", 0, 3, "UTF-8 byte order mark"},
		{"UTF-16 with an odd byte", "\xff\xfe<\x00t\x00\n\x00x", 0, 2, "UTF-16"},
		{"UTF-16 with an unpaired surrogate", "\xff\xfe<\x00\n\x00\n\x00\x00\xd8a\x00", 0, 3, "UTF-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readHTML("page.html", []byte(tc.data), ReadOptions{Table: tc.table})
			checkHTMLError(t, recs, err, "page.html", tc.line, tc.what)
		})
	}
}

func TestDetectFormatHTML(t *testing.T) {
	bundled, err := os.ReadFile(bundledTSV)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"a fragment that starts with <table>", []byte("<table><tr><td>x</td></tr></table>"), FormatHTML},
		{"a BOM, blank lines and upper case", []byte("\xef\xbb\xbf\r\n  <TABLE border=1><TR><TD>x"), FormatHTML},
		{"a page whose table is far down", []byte("<!DOCTYPE html>\n<p>" + strings.Repeat("前文", 5000) + "</p><table\n>"), FormatHTML},
		{"the bundled TSV", bundled, FormatTSV},
		{"a TSV whose cell holds a table", []byte("項番\t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方\n1\t個人A\t—\t<table><tr><td>x</td></tr></table>\t回答\n"), FormatTSV},
		{"markup without a table", []byte("<p>意見</p>\t<tablet>"), FormatTSV},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := DetectFormat("f", tc.data); got != tc.want || err != nil {
				t.Errorf("DetectFormat = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	t.Run("looking does not copy the file", func(t *testing.T) {
		page := []byte("<html>" + strings.Repeat("<p>意見</p>\n", 10000) + "<TABLE>")
		if n := testing.AllocsPerRun(5, func() { looksLikeHTML(page) }); n != 0 {
			t.Errorf("looksLikeHTML allocates %v times on a %d-byte page, want 0", n, len(page))
		}
	})
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte("<table><tr><th>項番<th>意見提出者</tr><tr><td rowspan=2>1<td colspan=3>x<tr><td>y</table>"), uint8(0))
	f.Add([]byte("<meta charset=shift_jis><table><td>\x8d\x80\x94\xd4<table><tr><td>n</table></td><tr><td rowspan=0>z</table>"), uint8(1))
	f.Add([]byte("<table><caption>c</caption><tbody><tr><td colspan=1000 rowspan=65535>a</tbody><tr><td>\xff"), uint8(2))
	f.Add([]byte("\xff\xfe<\x00t\x00a\x00b\x00l\x00e\x00>\x00"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, table uint8) {
		recs, err := readHTML("f", data, ReadOptions{Table: int(table % 4)})
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Code != graph.EINVALID || e.File != "f" {
				t.Fatalf("error %v is not an invalid *graph.Error about f", err)
			}
			if recs != nil {
				t.Fatalf("error %v came with %d records", err, len(recs))
			}
			return
		}
		last, slots := 1, 0
		for _, r := range recs {
			if r.Line < last {
				t.Fatalf("record at line %d follows one at line %d", r.Line, last)
			}
			last = r.Line
			slots += len(r.Cells)
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("record at line %d has a cell that is not UTF-8: %q", r.Line, c)
				}
			}
		}
		if slots > maxHTMLSlots {
			t.Fatalf("%d cells, more than the bound %d", slots, maxHTMLSlots)
		}
	})
}

package loader

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
)

const (
	docxFixture = "testdata/formats/results.docx"
	// docxSplit is the number of comments in the fixture's first table: the second
	// starts in the middle of a submitter's run (54 and 55 are 法人E's).
	docxSplit = 54
)

// docxWidths are the fixture's column widths in twentieths of a point (A4 landscape).
var docxWidths = [NumColumns]int{700, 2200, 1700, 5000, 4970}

// docxPackage wraps a document body (WordprocessingML with the w: prefix) in the
// smallest package Word and LibreOffice open: [Content_Types].xml, _rels/.rels and
// word/document.xml.
func docxPackage(t testing.TB, body string) []byte {
	t.Helper()
	return writeZip(t, docxParts(nsWord, body))
}

func docxParts(ns, body string) []zipPart {
	contentTypes := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="` + ns + `" xmlns:mc="` + nsMC + `" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"><w:body>` +
		body + `</w:body></w:document>`
	return []zipPart{{"[Content_Types].xml", []byte(contentTypes)}, {"_rels/.rels", []byte(rels)}, {"word/document.xml", []byte(doc)}}
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// wParas writes text as paragraphs: "\n\n" between paragraphs, <w:br/> for "\n".
func wParas(text, pPr, rPr string) string {
	if text == "" {
		return `<w:p>` + pPr + `</w:p>`
	}
	var b strings.Builder
	for para := range strings.SplitSeq(text, "\n\n") {
		b.WriteString(`<w:p>` + pPr + `<w:r>` + rPr)
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString(`<w:br/>`)
			}
			b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
		}
		b.WriteString(`</w:r></w:p>`)
	}
	return b.String()
}

// buildDOCXFixture lays the comments out as ministries publish a Word document: a
// title paragraph, then the table, split in two at a page break with the header
// repeated, each run of equal 意見提出者 cells merged vertically, and each cell's
// paragraphs as paragraphs with line breaks inside them.
func buildDOCXFixture(t testing.TB, recs []Record) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t>` + esc(fixtureTitle) + `</w:t></w:r></w:p>`)
	cell := func(col int, tcPr, text, pPr, rPr string) {
		fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s</w:tcPr>%s</w:tc>`, docxWidths[col], tcPr, wParas(text, pPr, rPr))
	}
	table := func(rows []Record) {
		b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>`)
		for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
			fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
		}
		b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
		for _, w := range docxWidths {
			fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
		}
		b.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>`)
		for c, name := range HeaderNames {
			cell(c, `<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`, name, `<w:pPr><w:jc w:val="center"/></w:pPr>`, `<w:rPr><w:b/></w:rPr>`)
		}
		b.WriteString(`</w:tr>`)
		for i, r := range rows {
			b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
			cell(ColNumber, "", publishedText(r.Cells[ColNumber]), `<w:pPr><w:jc w:val="center"/></w:pPr>`, "")
			sub := publishedText(r.Cells[ColSubmitter])
			switch {
			case i > 0 && sub == publishedText(rows[i-1].Cells[ColSubmitter]):
				cell(ColSubmitter, `<w:vMerge/>`, "", "", "")
			case i+1 < len(rows) && sub == publishedText(rows[i+1].Cells[ColSubmitter]):
				cell(ColSubmitter, `<w:vMerge w:val="restart"/>`, sub, "", "")
			default:
				cell(ColSubmitter, "", sub, "", "")
			}
			for c := ColSection; c < NumColumns; c++ {
				cell(c, "", publishedText(r.Cells[c]), "", "")
			}
			b.WriteString(`</w:tr>`)
		}
		b.WriteString(`</w:tbl>`)
	}
	table(recs[:docxSplit])
	b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	table(recs[docxSplit:])
	b.WriteString(`<w:p/><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`)
	return docxPackage(t, b.String())
}

func TestDOCXFixture(t *testing.T) {
	want := bundledRecords(t)
	built := buildDOCXFixture(t, want)
	t.Run("deterministic", func(t *testing.T) {
		if again := buildDOCXFixture(t, want); !bytes.Equal(again, built) {
			t.Fatalf("two builds differ (%d and %d bytes): the fixture would change on every -update", len(built), len(again))
		}
	})
	t.Run("current", func(t *testing.T) { checkFixture(t, docxFixture, built) })
	data := fixture(t, docxFixture)
	t.Run("DetectFormat", func(t *testing.T) {
		if got, err := DetectFormat(docxFixture, data); got != FormatDOCX || err != nil {
			t.Fatalf("DetectFormat(%s) = %q, %v; want %q", docxFixture, got, err, FormatDOCX)
		}
	})
	t.Run("merged", func(t *testing.T) {
		// Rows continuing a run of the same submitter within one table: what the reader
		// must fill in for the comparison below to pass.
		continued := 0
		for i := 1; i < len(want); i++ {
			if i != docxSplit && HTMLToText(want[i].Cells[ColSubmitter]) == HTMLToText(want[i-1].Cells[ColSubmitter]) {
				continued++
			}
		}
		if n := bytes.Count(readPart(t, data, "word/document.xml"), []byte("<w:vMerge/>")); n != continued || n < 20 {
			t.Fatalf("the fixture has %d continued vertical merges, want %d (at least 20)", n, continued)
		}
	})
	t.Run("every table", func(t *testing.T) {
		recs, err := readDOCX(docxFixture, data, ReadOptions{})
		if err != nil {
			t.Fatalf("readDOCX(%s): %v", docxFixture, err)
		}
		if len(recs) != 107+2 {
			t.Fatalf("got %d records, want 109: two headers and 107 comments", len(recs))
		}
		for i, r := range recs {
			if r.Line != i+1 {
				t.Fatalf("record %d is at line %d", i+1, r.Line)
			}
		}
		for _, line := range []int{1, docxSplit + 2} {
			if got := recs[line-1].Cells; !reflect.DeepEqual(got, HeaderNames[:]) {
				t.Errorf("record at line %d = %q, want the header", line, got)
			}
		}
		checkSameCells(t, dataRecords(recs), want)
	})
	for _, tt := range []struct {
		table      int
		rows       int
		first, row string // 項番 of the first comment and the last
	}{{1, docxSplit + 1, "1", "54"}, {2, 107 - docxSplit + 1, "55", "107"}} {
		t.Run(fmt.Sprintf("table %d", tt.table), func(t *testing.T) {
			recs, err := readDOCX(docxFixture, data, ReadOptions{Table: tt.table})
			if err != nil {
				t.Fatalf("readDOCX(%s, table %d): %v", docxFixture, tt.table, err)
			}
			if len(recs) != tt.rows {
				t.Fatalf("table %d has %d rows, want %d", tt.table, len(recs), tt.rows)
			}
			first, last := recs[1], recs[len(recs)-1]
			if first.Line != 2 || first.Cells[0] != tt.first || last.Line != tt.rows || last.Cells[0] != tt.row {
				t.Fatalf("table %d runs from line %d (項番 %q) to line %d (項番 %q); want 2 (%s) to %d (%s)",
					tt.table, first.Line, first.Cells[0], last.Line, last.Cells[0], tt.first, tt.rows, tt.row)
			}
		})
	}
}

// para is a paragraph with one run of text.
func para(text string) string { return `<w:p><w:r><w:t>` + esc(text) + `</w:t></w:r></w:p>` }

// tc is a cell of paragraphs; tcPr holds its properties.
func tc(tcPr string, paras ...string) string {
	if len(paras) == 0 {
		paras = []string{`<w:p/>`}
	}
	return `<w:tc><w:tcPr>` + tcPr + `</w:tcPr>` + strings.Join(paras, "") + `</w:tc>`
}

func tr(cells ...string) string            { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }
func tbl(rows ...string) string            { return `<w:tbl><w:tblPr/>` + strings.Join(rows, "") + `</w:tbl>` }
func cell(text string) string              { return tc("", para(text)) }
func rec(line int, cells ...string) Record { return Record{Line: line, Cells: cells} }

func TestReadDOCXCells(t *testing.T) {
	textBox := func(inner string) string {
		return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` + inner +
			`</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` + inner +
			`</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
	}
	tests := []struct {
		name   string
		body   string
		strict bool // the strict OOXML namespace
		want   []Record
	}{
		{"paragraphs, line breaks and tabs", tbl(tr(tc("",
			`<w:p><w:r><w:t>一行目</w:t><w:br/><w:t>二行目</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t>段落</w:t><w:tab/><w:t>タブ</w:t><w:cr/><w:t xml:space="preserve"> 改行</w:t></w:r></w:p>`))),
			false, []Record{rec(1, "一行目\n二行目\n\n段落\tタブ\n 改行")}},
		{"runs joined, empty paragraphs dropped", tbl(tr(tc("",
			`<w:p><w:r><w:t>御意</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>見</w:t></w:r><w:hyperlink w:anchor="x"><w:r><w:t>(リンク)</w:t></w:r></w:hyperlink></w:p>`,
			`<w:p/>`, `<w:p><w:pPr><w:jc w:val="left"/></w:pPr></w:p>`, para("2")))),
			false, []Record{rec(1, "御意見(リンク)\n\n2")}},
		{"tracked changes: deleted and moved-away text left out", tbl(tr(tc("",
			`<w:p><w:r><w:t>残る</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>消えた</w:delText><w:tab/><w:br/></w:r></w:del>`+
				`<w:ins w:id="2" w:author="a"><w:r><w:t>加えた</w:t></w:r></w:ins>`+
				`<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移動元</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>移動先</w:t></w:r></w:moveTo></w:p>`))),
			false, []Record{rec(1, "残る加えた移動先")}},
		{"tab stops, field codes and fallbacks are not text", tbl(tr(tc("",
			`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`+
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			`<w:p>`+textBox(para("箱"))+`</w:p>`))),
			false, []Record{rec(1, "3\n\n箱")}},
		{"a cell spanning columns", tbl(
			tr(tc(`<w:gridSpan w:val="2"/>`, para("横")), cell("B")),
			tr(cell("1"), cell("2"), cell("3"))),
			false, []Record{rec(1, "横", "横", "B"), rec(2, "1", "2", "3")}},
		{"a submitter merged down their rows", tbl(
			tr(cell("1"), tc(`<w:vMerge w:val="restart"/>`, para("法人A")), cell("意見1")),
			tr(cell("2"), tc(`<w:vMerge/>`), cell("意見2")),
			tr(cell("3"), tc(`<w:vMerge w:val="continue"/>`), cell("意見3")),
			tr(cell("4"), cell("個人B"), cell("意見4")),
			tr(cell("5"), tc(`<w:vMerge/>`, para("own")), cell("意見5"))),
			false, []Record{rec(1, "1", "法人A", "意見1"), rec(2, "2", "法人A", "意見2"), rec(3, "3", "法人A", "意見3"),
				rec(4, "4", "個人B", "意見4"), rec(5, "5", "own", "意見5")}},
		{"a response merged down and across", tbl(
			tr(cell("1"), tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, para("考え方"))),
			tr(cell("2"), tc(`<w:gridSpan w:val="2"/><w:vMerge/>`))),
			false, []Record{rec(1, "1", "考え方", "考え方"), rec(2, "2", "考え方", "考え方")}},
		{"grid columns skipped before a row", tbl(
			tr(cell("a"), cell("b")),
			`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>`+cell("c")+`</w:tr>`),
			false, []Record{rec(1, "a", "b"), rec(2, "", "c")}},
		{"a legacy horizontal merge", tbl(tr(tc(`<w:hMerge w:val="restart"/>`, para("H")), tc(`<w:hMerge/>`), cell("x"))),
			false, []Record{rec(1, "H", "H", "x")}},
		{"a nested table is text of its cell", tbl(tr(cell("1"), tc("", para("外"),
			tbl(tr(cell("内1"), tc(`<w:gridSpan w:val="3"/><w:vMerge w:val="restart"/>`, para("内2"))), tr(cell("内3"), tc(`<w:vMerge/>`))),
			para("後")), cell("x"))),
			false, []Record{rec(1, "1", "外\n\n内1\n\n内2\n\n内3\n\n後", "x")}},
		{"content controls and custom XML around rows and cells", tbl(
			`<w:sdt><w:sdtPr/><w:sdtContent>`+tr(cell("1"), `<w:sdt><w:sdtContent>`+cell("2")+`</w:sdtContent></w:sdt>`)+`</w:sdtContent></w:sdt>`,
			`<w:customXml w:element="row">`+tr(cell("3"), tc("", `<w:p><w:smartTag w:element="x"><w:r><w:t>4</w:t></w:r></w:smartTag></w:p>`))+`</w:customXml>`),
			false, []Record{rec(1, "1", "2"), rec(2, "3", "4")}},
		{"text outside tables left out, empty rows kept", para("前書き") + tbl(tr(tc("")), tr(cell("x"))) + para("後書き"),
			false, []Record{rec(1, ""), rec(2, "x")}},
		{"a table in a text box is not a table of the body",
			`<w:p>` + textBox(tbl(tr(cell("箱の表")))) + `</w:p>` + tbl(tr(cell("本文の表"))),
			false, []Record{rec(1, "本文の表")}},
		{"strict Office Open XML", tbl(tr(cell("厳格"), tc(`<w:gridSpan w:val="2"/>`, para("s")))),
			true, []Record{rec(1, "厳格", "s", "s")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns := nsWord
			if tt.strict {
				ns = nsWordStrict
			}
			got, err := readDOCX("t.docx", writeZip(t, docxParts(ns, tt.body)), ReadOptions{})
			if err != nil {
				t.Fatalf("readDOCX: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("readDOCX:\ngot  %q\nwant %q", showRecords(got), showRecords(tt.want))
			}
		})
	}
}

func TestReadDOCXTables(t *testing.T) {
	data := docxPackage(t, para("表1")+tbl(tr(cell("a1")), tr(tc(`<w:vMerge w:val="restart"/>`, para("A"))))+
		para("表2")+tbl(tr(tc(`<w:vMerge/>`, para("own"))), tr(cell("b2"), tc("", tbl(tr(cell("nested"))))))+
		para("表3")+tbl(tr(cell("c1"))))
	all := []Record{rec(1, "a1"), rec(2, "A"), rec(3, "own"), rec(4, "b2", "nested"), rec(5, "c1")}
	tests := []struct {
		table int
		want  []Record
	}{
		{0, all}, // a vertical merge does not run into the next table
		{1, all[:2]},
		{2, []Record{rec(1, "own"), rec(2, "b2", "nested")}}, // lines count the rows read
		{3, []Record{rec(1, "c1")}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.table), func(t *testing.T) {
			got, err := readDOCX("t.docx", data, ReadOptions{Table: tt.table})
			if err != nil {
				t.Fatalf("readDOCX(table %d): %v", tt.table, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("readDOCX(table %d):\ngot  %q\nwant %q", tt.table, showRecords(got), showRecords(tt.want))
			}
		})
	}
}

func TestReadDOCXErrors(t *testing.T) {
	fix := fixture(t, docxFixture)
	doc := readPart(t, fix, "word/document.xml")
	tests := []struct {
		name      string
		data      []byte
		table     int
		want      string
		line, col int
	}{
		{"text, not a document", realTable(t), 0, "not a Word document (.docx): the ZIP archive is broken or cut short", 0, 0},
		{"cut short", fix[:len(fix)-100], 0, "not a Word document (.docx): the ZIP archive is broken or cut short", 0, 0},
		{"a ZIP without a document", writeZip(t, []zipPart{{"readme.txt", []byte("hello")}}), 0, "not a Word document (.docx): the ZIP archive has no word/document.xml", 0, 0},
		{"a workbook", fixture(t, xlsxFixture), 0, "an Excel workbook (.xlsx), not a Word document (.docx)", 0, 0},
		{"encrypted", encrypted(t, fix), 0, "the document is encrypted (password-protected): open it, remove the password", 0, 0},
		{"a .doc", legacyOLE(t, fix), 0, "an Office 97-2003 document (.doc), not .docx", 0, 0},
		{"damaged XML", replacePart(t, fix, "word/document.xml", doc[:len(doc)/2]), 0, "word/document.xml cannot be read (XML syntax error", 0, 0},
		{"not UTF-8", replacePart(t, fix, "word/document.xml", []byte("<w:document xmlns:w=\""+nsWord+"\"><w:t>\xff</w:t></w:document>")), 0, "word/document.xml cannot be read (XML syntax error", 0, 0},
		{"no table", docxPackage(t, para(fixtureTitle)), 0, "the document has no table", 0, 0},
		{"a table out of range", fix, 3, "there is no table 3: the document has 2 tables", 0, 0},
		{"one table only", docxPackage(t, tbl(tr(cell("x")))), 2, "there is no table 2: the document has 1 table", 0, 0},
		{"a negative table", fix, -1, "table -1: give a table's number from 1, or 0 for every table", 0, 0},
		{"a ZIP bomb", declaredHuge(t, "word/document.xml"), 0, fmt.Sprintf("word/document.xml unpacks to more than %d bytes", MaxFileBytes), 0, 0},
		{"too large a file", make([]byte, MaxFileBytes+1), 0, fmt.Sprintf("the file is %d bytes; the limit is %d", MaxFileBytes+1, MaxFileBytes), 0, 0},
		{"too large a cell", docxPackage(t, tbl(tr(cell("1")), tr(cell("2"), tc("", para("a"), para(strings.Repeat("x", MaxCellBytes)))))), 0,
			fmt.Sprintf("cell 2 is more than %d bytes", MaxCellBytes), 2, 2},
		{"too many rows", docxPackage(t, tbl(strings.Repeat(`<w:tr/>`, MaxRows+1))), 0, fmt.Sprintf("more than %d rows", MaxRows), MaxRows + 1, 0},
		{"too wide a span", docxPackage(t, tbl(tr(cell("1"), tc(`<w:gridSpan w:val="1000000"/>`)))), 0, `a cell spans "1000000" grid columns; a Word table has at most 63`, 1, 2},
		{"too many cells", docxPackage(t, tbl(strings.Repeat(tr(tc(`<w:gridSpan w:val="63"/>`)), maxCells/63+1))), 0,
			fmt.Sprintf("the document has more than %d table cells", maxCells), maxCells/63 + 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := readDOCX("bad.docx", tt.data, ReadOptions{Table: tt.table})
			e := checkInvalid(t, "bad.docx", recs, err, tt.want)
			if e.Line != tt.line || e.Column != tt.col {
				t.Fatalf("error %q is at line %d, column %d; want %d, %d", e.Message, e.Line, e.Column, tt.line, tt.col)
			}
		})
	}
}

// The fuzzer's seeds run under go test; to explore:
//
//	go test ./loader -run XXX -fuzz FuzzReadDOCX -fuzztime 30s
func FuzzReadDOCX(f *testing.F) {
	f.Add(fixture(f, docxFixture), 0)
	// Stored rather than deflated, so that mutations reach the XML.
	body := tbl(tr(cell("1"), tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, para("a"), tbl(tr(cell("n"))))),
		tr(cell("2"), tc(`<w:gridSpan w:val="2"/><w:vMerge/>`)), `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>`+cell("x")+`</w:tr>`) +
		tbl(tr(tc(`<w:hMerge w:val="restart"/>`, `<w:p><w:del><w:r><w:delText>d</w:delText></w:r></w:del><w:r><w:t>t</w:t><w:br/><w:tab/></w:r></w:p>`)))
	f.Add(writeZipMethod(f, 0, docxParts(nsWord, body)), 2)
	f.Fuzz(func(t *testing.T, data []byte, table int) {
		recs, err := readDOCX("f.docx", data, ReadOptions{Table: table % 4})
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Code != graph.EINVALID || e.File != "f.docx" {
				t.Fatalf("error %v is not an invalid *graph.Error of f.docx", err)
			}
			if recs != nil {
				t.Fatalf("error %v came with %d records", err, len(recs))
			}
			return
		}
		for i, r := range recs {
			if r.Line != i+1 {
				t.Fatalf("record %d is at line %d", i+1, r.Line)
			}
			for _, c := range r.Cells {
				if !utf8.ValidString(c) || len(c) > MaxCellBytes {
					t.Fatalf("record at line %d has a cell of %d bytes that is too large or not UTF-8", r.Line, len(c))
				}
			}
		}
	})
}

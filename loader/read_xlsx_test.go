package loader

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

const (
	xlsxFixture = "testdata/formats/results.xlsx"
	xlsxSheet   = "意見募集の結果"
)

// buildXLSXFixture lays the comments out as ministries publish a workbook: the title in
// row 1 merged over the table's width, the header in row 3, one comment a row from
// row 4 with 項番 as a number, line breaks inside the cells, and each run of equal
// 意見提出者 cells merged into one.
func buildXLSXFixture(t testing.TB, recs []Record) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("building %s: %v", xlsxFixture, err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	must(f.SetSheetName("Sheet1", xlsxSheet))
	must(f.SetCellStr(xlsxSheet, "A1", fixtureTitle))
	must(f.MergeCell(xlsxSheet, "A1", "E1"))
	must(f.SetCellStyle(xlsxSheet, "A1", "A1", style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})))
	for c, name := range HeaderNames {
		must(f.SetCellStr(xlsxSheet, cellName(c+1, 3), name))
	}
	must(f.SetCellStyle(xlsxSheet, "A3", "E3", style(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})))
	runStart := 0
	for i, r := range recs {
		row := 4 + i
		n, err := parseNumber(r.Cells[ColNumber])
		must(err)
		must(f.SetCellInt(xlsxSheet, cellName(1, row), int64(n)))
		submitter := publishedText(r.Cells[ColSubmitter])
		if i == 0 || submitter != publishedText(recs[i-1].Cells[ColSubmitter]) {
			if i-runStart > 1 {
				must(f.MergeCell(xlsxSheet, cellName(2, 4+runStart), cellName(2, row-1)))
			}
			runStart = i
			must(f.SetCellStr(xlsxSheet, cellName(2, row), submitter))
		}
		for c := ColSection; c < NumColumns; c++ {
			must(f.SetCellStr(xlsxSheet, cellName(c+1, row), publishedText(r.Cells[c])))
		}
	}
	if len(recs)-runStart > 1 {
		must(f.MergeCell(xlsxSheet, cellName(2, 4+runStart), cellName(2, 3+len(recs))))
	}
	last := 3 + len(recs)
	must(f.SetCellStyle(xlsxSheet, "A4", cellName(5, last), style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})))
	widths := []float64{6, 24, 18, 70, 70}
	for i, width := range widths {
		col := string(rune('A' + i))
		must(f.SetColWidth(xlsxSheet, col, col, width))
	}
	// Excel stores the heights it fits rows to; LibreOffice shows what is stored.
	for i, r := range recs {
		lines := 1
		for c, w := range widths {
			lines = max(lines, wrappedLines(publishedText(r.Cells[c]), w))
		}
		must(f.SetRowHeight(xlsxSheet, 4+i, min(409, 15*float64(lines)+3)))
	}
	must(f.SetSheetDimension(xlsxSheet, "A1:"+cellName(5, last)))
	landscape, a4, one, zero, fit := "landscape", 9, 1, 0, true
	must(f.SetPageLayout(xlsxSheet, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4, FitToWidth: &one, FitToHeight: &zero}))
	must(f.SetSheetProps(xlsxSheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	must(f.SetPanes(xlsxSheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}))
	buf, err := f.WriteToBuffer()
	must(err)
	return repackXLSX(t, buf.Bytes())
}

// wrappedLines estimates the lines text takes in a column cols characters wide, a
// full-width character counting two.
func wrappedLines(text string, cols float64) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		w := 0.0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				w += 2
			default:
				w++
			}
		}
		n += max(1, int(math.Ceil(w/(cols-1))))
	}
	return n
}

// repackXLSX makes excelize's output the same bytes on every run: the entries sorted
// ([Content_Types].xml first, as Office writes it) and dated fixtureTime.
func repackXLSX(t testing.TB, data []byte) []byte {
	parts := readZip(t, data)
	sort.Slice(parts, func(i, j int) bool {
		a, b := parts[i].Name, parts[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	return writeZip(t, parts)
}

func TestXLSXFixture(t *testing.T) {
	want := bundledRecords(t)
	built := buildXLSXFixture(t, want)
	t.Run("deterministic", func(t *testing.T) {
		if again := buildXLSXFixture(t, want); !bytes.Equal(again, built) {
			t.Fatalf("two builds differ (%d and %d bytes): the fixture would change on every -update", len(built), len(again))
		}
	})
	t.Run("current", func(t *testing.T) { checkFixture(t, xlsxFixture, built) })
	data := fixture(t, xlsxFixture)
	t.Run("DetectFormat", func(t *testing.T) {
		if got, err := DetectFormat(xlsxFixture, data); got != FormatXLSX || err != nil {
			t.Fatalf("DetectFormat(%s) = %q, %v; want %q", xlsxFixture, got, err, FormatXLSX)
		}
	})
	t.Run("merged", func(t *testing.T) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		merges, err := sheetMerges(zr, xlsxSheet)
		if err != nil {
			t.Fatal(err)
		}
		// the title, and the 19 runs of one submitter's consecutive comments
		if len(merges) != 20 {
			t.Fatalf("the fixture has %d merged ranges, want 20: %v", len(merges), merges)
		}
	})
	recs, err := readXLSX(xlsxFixture, data, ReadOptions{})
	if err != nil {
		t.Fatalf("readXLSX(%s): %v", xlsxFixture, err)
	}
	t.Run("title and header", func(t *testing.T) {
		if len(recs) < 2 {
			t.Fatalf("got %d records", len(recs))
		}
		title := []string{fixtureTitle, fixtureTitle, fixtureTitle, fixtureTitle, fixtureTitle}
		if r := recs[0]; r.Line != 1 || !reflect.DeepEqual(r.Cells, title) {
			t.Errorf("first record = line %d %q, want line 1 with the title in every cell of its merged range", r.Line, r.Cells)
		}
		if r := recs[1]; r.Line != 3 || !reflect.DeepEqual(r.Cells, HeaderNames[:]) {
			t.Errorf("second record = line %d %q, want line 3, the header", r.Line, r.Cells)
		}
	})
	t.Run("records", func(t *testing.T) {
		got := dataRecords(recs)
		checkSameCells(t, got, want)
		for i, r := range got {
			if r.Line != 4+i {
				t.Fatalf("data record %d is at line %d, want row %d", i+1, r.Line, 4+i)
			}
		}
	})
}

// xlsxOf builds a workbook with excelize.
func xlsxOf(t testing.TB, build func(f *excelize.File, sheet string) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f, "Sheet1"); err != nil {
		t.Fatalf("building a workbook: %v", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatalf("writing a workbook: %v", err)
	}
	return buf.Bytes()
}

// setCells sets cells by name; ints and floats are stored as numbers.
func setCells(f *excelize.File, sheet string, cells map[string]any) error {
	for name, v := range cells {
		if err := f.SetCellValue(sheet, name, v); err != nil {
			return err
		}
	}
	return nil
}

// replacePart returns the package with one part's content replaced.
func replacePart(t testing.TB, data []byte, name string, content []byte) []byte {
	t.Helper()
	parts := readZip(t, data)
	found := false
	for i := range parts {
		if parts[i].Name == name {
			parts[i].Data, found = content, true
		}
	}
	if !found {
		t.Fatalf("the package has no part %s", name)
	}
	return writeZip(t, parts)
}

// withSheetXML returns a one-sheet workbook whose sheet1.xml is written by hand: what
// excelize would refuse to write (an over-long cell) or take long to (16384 columns).
func withSheetXML(t testing.TB, sheetData, after string) []byte {
	t.Helper()
	ws := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>` +
		sheetData + `</sheetData>` + after + `</worksheet>`
	empty := xlsxOf(t, func(*excelize.File, string) error { return nil })
	return replacePart(t, empty, "xl/worksheets/sheet1.xml", []byte(ws))
}

func inlineCell(ref, text string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
}

func TestReadXLSXCells(t *testing.T) {
	tests := []struct {
		name  string
		build func(f *excelize.File, s string) error
		want  []Record
	}{
		{"numbers as Excel displays them", func(f *excelize.File, s string) error {
			return setCells(f, s, map[string]any{"A1": 12, "B1": 1.5, "C1": 3.0, "D1": 0.1 + 0.2, "E1": "0012"})
		}, []Record{{Line: 1, Cells: []string{"12", "1.5", "3", "0.3", "0012"}}}},
		{"line breaks kept", func(f *excelize.File, s string) error {
			return setCells(f, s, map[string]any{"A1": "一行目\n二行目\n\n次の段落", "B1": "CR LF\r\nCR\rend"})
		}, []Record{{Line: 1, Cells: []string{"一行目\n二行目\n\n次の段落", "CR LF\nCR\nend"}}}},
		{"a submitter merged over their rows", func(f *excelize.File, s string) error {
			if err := setCells(f, s, map[string]any{"A2": 1, "A3": 2, "A4": 3, "A5": 4, "B2": "法人A", "B5": "個人B"}); err != nil {
				return err
			}
			return f.MergeCell(s, "B2", "B4")
		}, []Record{{Line: 2, Cells: []string{"1", "法人A"}}, {Line: 3, Cells: []string{"2", "法人A"}},
			{Line: 4, Cells: []string{"3", "法人A"}}, {Line: 5, Cells: []string{"4", "個人B"}}}},
		{"a range merged across", func(f *excelize.File, s string) error {
			if err := setCells(f, s, map[string]any{"A1": 1, "B1": "横", "E1": "end"}); err != nil {
				return err
			}
			return f.MergeCell(s, "B1", "D1")
		}, []Record{{Line: 1, Cells: []string{"1", "横", "横", "横", "end"}}}},
		{"a response merged over two rows and two columns", func(f *excelize.File, s string) error {
			if err := setCells(f, s, map[string]any{"A1": 1, "A2": 2, "B1": "考え方", "D1": "x"}); err != nil {
				return err
			}
			return f.MergeCell(s, "B1", "C2")
		}, []Record{{Line: 1, Cells: []string{"1", "考え方", "考え方", "x"}}, {Line: 2, Cells: []string{"2", "考え方", "考え方"}}}},
		{"merged ranges cut to the used range", func(f *excelize.File, s string) error {
			// The used range is A1:D2: the last row and the last column with a value.
			if err := setCells(f, s, map[string]any{"A1": "x", "A2": "y", "B1": "縦", "D1": "横"}); err != nil {
				return err
			}
			if err := f.MergeCell(s, "B1", "B1000"); err != nil {
				return err
			}
			return f.MergeCell(s, "D1", "Z1")
		}, []Record{{Line: 1, Cells: []string{"x", "縦", "", "横"}}, {Line: 2, Cells: []string{"y", "縦"}}}},
		{"an empty merged range adds nothing", func(f *excelize.File, s string) error {
			if err := setCells(f, s, map[string]any{"A1": "x", "A3": "y"}); err != nil {
				return err
			}
			return f.MergeCell(s, "B1", "B3")
		}, []Record{{Line: 1, Cells: []string{"x"}}, {Line: 3, Cells: []string{"y"}}}},
		{"blank rows left out, lines are row numbers", func(f *excelize.File, s string) error {
			return setCells(f, s, map[string]any{"B2": "a", "A7": "b", "C7": "  "})
		}, []Record{{Line: 2, Cells: []string{"", "a"}}, {Line: 7, Cells: []string{"b", "", "  "}}}},
		{"the last row of the limit", func(f *excelize.File, s string) error {
			return setCells(f, s, map[string]any{"A1": "first", "A" + fmt.Sprint(MaxRows): "last"})
		}, []Record{{Line: 1, Cells: []string{"first"}}, {Line: MaxRows, Cells: []string{"last"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readXLSX("t.xlsx", xlsxOf(t, tt.build), ReadOptions{})
			if err != nil {
				t.Fatalf("readXLSX: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("readXLSX:\ngot  %q\nwant %q", showRecords(got), showRecords(tt.want))
			}
		})
	}
}

func TestReadXLSXSheet(t *testing.T) {
	data := xlsxOf(t, func(f *excelize.File, s string) error {
		if err := f.SetSheetName(s, "表紙"); err != nil {
			return err
		}
		for _, name := range []string{"結果", "非表示", "1"} {
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
			if err := f.SetCellStr(name, "A1", "sheet "+name); err != nil {
				return err
			}
		}
		return f.SetSheetVisible("非表示", false)
	})
	tests := []struct {
		sheet string
		a1    string // A1 of the sheet read
		err   string // or a part of the error
	}{
		{"", "sheet 結果", ""},     // the first sheet with a cell: 表紙 is empty
		{"結果", "sheet 結果", ""},   // by name
		{"非表示", "sheet 非表示", ""}, // a hidden sheet too
		{"2", "sheet 結果", ""},    // by number
		{"1", "sheet 1", ""},     // a name before a number
		{"4", "sheet 1", ""},
		{"表紙", "", `sheet "表紙" has no non-empty cell`},
		{"5", "", `there is no sheet "5": the workbook's 4 sheets are 1 "表紙", 2 "結果", 3 "非表示", 4 "1" (give a name or a number)`},
		{"Results", "", `there is no sheet "Results"`},
		{"0", "", `there is no sheet "0"`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.sheet), func(t *testing.T) {
			recs, err := readXLSX("t.xlsx", data, ReadOptions{Sheet: tt.sheet})
			if tt.err != "" {
				checkInvalid(t, "t.xlsx", recs, err, tt.err)
				return
			}
			if err != nil || len(recs) != 1 || recs[0].Cells[0] != tt.a1 {
				t.Fatalf("Sheet %q: got %s, %v; want the sheet whose A1 is %q", tt.sheet, showRecords(recs), err, tt.a1)
			}
		})
	}
}

// checkInvalid fails unless err is an EINVALID *graph.Error naming file, whose message
// has want, and no record came with it.
func checkInvalid(t *testing.T, file string, recs []Record, err error, want string) *graph.Error {
	t.Helper()
	var e *graph.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want a *graph.Error containing %q", err, err, want)
	}
	if e.Code != graph.EINVALID || e.File != file || !strings.Contains(e.Message, want) {
		t.Fatalf("got %s error %q in file %q, want invalid, %q, in %q", e.Code, e.Message, e.File, want, file)
	}
	if recs != nil {
		t.Fatalf("the error came with %d records, want none", len(recs))
	}
	return e
}

// encrypted returns pkg encrypted with a password, as Office saves it.
func encrypted(t testing.TB, pkg []byte) []byte {
	t.Helper()
	b, err := excelize.Encrypt(pkg, &excelize.Options{Password: "secret"})
	if err != nil {
		t.Fatalf("encrypting: %v", err)
	}
	return b
}

// legacyOLE returns an OLE compound file that is not an encrypted package, like an
// .xls or .doc: an encrypted one with its EncryptionInfo stream renamed.
func legacyOLE(t testing.TB, pkg []byte) []byte {
	t.Helper()
	utf16 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), 0)
		}
		return b
	}
	b := encrypted(t, pkg)
	if !bytes.Contains(b, utf16("EncryptionInfo")) {
		t.Fatal("no EncryptionInfo stream to rename")
	}
	return bytes.ReplaceAll(b, utf16("EncryptionInfo"), utf16("WorkbookStream"))
}

// declaredHuge is a ZIP with one entry whose directory says it unpacks to more than
// MaxFileBytes.
func declaredHuge(t testing.TB, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 5, UncompressedSize64: MaxFileBytes + 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<a/>\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXErrors(t *testing.T) {
	fix := fixture(t, xlsxFixture)
	noSheet := regexp.MustCompile(`<sheets>.*</sheets>`).ReplaceAll(readPart(t, fix, "xl/workbook.xml"), []byte("<sheets/>"))
	farCells := strings.Repeat(`<row>`+inlineCell("XFD1", "z")+`</row>`, maxCells/16384+1)
	tests := []struct {
		name      string
		data      []byte
		want      string
		line, col int
	}{
		{"text, not a workbook", realTable(t), "not an Excel workbook (.xlsx): the ZIP archive is broken", 0, 0},
		{"cut short", fix[:len(fix)/2], "not an Excel workbook (.xlsx): the ZIP archive is broken or cut short", 0, 0},
		{"a ZIP without a workbook", writeZip(t, []zipPart{{"readme.txt", []byte("hello")}}), "holds no workbook part", 0, 0},
		{"a Word document", writeZip(t, []zipPart{{"word/document.xml", []byte("<w:document/>")}}), "a Word document (.docx), not an Excel workbook", 0, 0},
		{"a damaged part", replacePart(t, fix, "xl/workbook.xml", []byte("<workbook><sheets><sheet")), "the workbook is damaged and cannot be read", 0, 0},
		{"encrypted", encrypted(t, fix), "the workbook is encrypted (password-protected): open it, remove the password", 0, 0},
		{"an .xls", legacyOLE(t, fix), "an Office 97-2003 workbook (.xls), not .xlsx", 0, 0},
		{"no sheet", replacePart(t, fix, "xl/workbook.xml", noSheet), "the workbook has no sheet", 0, 0},
		{"every sheet empty", xlsxOf(t, func(*excelize.File, string) error { return nil }), `no sheet has a non-empty cell: the workbook's one sheet is 1 "Sheet1"`, 0, 0},
		{"a ZIP bomb", declaredHuge(t, "xl/workbook.xml"), fmt.Sprintf("the workbook unpacks to %d bytes; the limit is %d", MaxFileBytes+1, MaxFileBytes), 0, 0},
		{"too large a file", make([]byte, MaxFileBytes+1), fmt.Sprintf("the file is %d bytes; the limit is %d", MaxFileBytes+1, MaxFileBytes), 0, 0},
		{"too many rows", xlsxOf(t, func(f *excelize.File, s string) error {
			return setCells(f, s, map[string]any{"B2": "first", "A" + fmt.Sprint(MaxRows+2): "one too many"})
		}), fmt.Sprintf(`sheet "Sheet1" has more than %d rows (from row 2 on)`, MaxRows), MaxRows + 2, 0},
		{"too large a cell", withSheetXML(t, `<row r="2">`+inlineCell("A2", "1")+inlineCell("C2", strings.Repeat("あ", MaxCellBytes/3+1))+`</row>`, ""),
			fmt.Sprintf("cell C2 is %d bytes; the limit is %d", MaxCellBytes/3*3+3, MaxCellBytes), 2, 3},
		{"cells far to the right", withSheetXML(t, farCells, ""), fmt.Sprintf(`more than %d cells up to its last non-empty column`, maxCells), maxCells/16384 + 1, 0},
		{"a merged range over the whole sheet", withSheetXML(t, `<row r="1">`+inlineCell("A1", "x")+inlineCell("XFD1", "y")+`</row><row r="300">`+inlineCell("A300", "z")+`</row>`,
			`<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`), fmt.Sprintf("more than %d cells once its merged ranges are filled in", maxCells), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := readXLSX("bad.xlsx", tt.data, ReadOptions{})
			e := checkInvalid(t, "bad.xlsx", recs, err, tt.want)
			if e.Line != tt.line || e.Column != tt.col {
				t.Fatalf("error %q is at line %d, column %d; want %d, %d", e.Message, e.Line, e.Column, tt.line, tt.col)
			}
		})
	}
}

// readPart returns one part of a package.
func readPart(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	for _, p := range readZip(t, data) {
		if p.Name == name {
			return p.Data
		}
	}
	t.Fatalf("the package has no part %s", name)
	return nil
}

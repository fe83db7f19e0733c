package loader

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader/pdftext"
)

const pdfFixture = "testdata/formats/results.pdf"

// TestPDFFixture keeps testdata/formats/results.pdf the PDF that makeResultsPDF draws
// (go test ./loader -run TestPDFFixture -update rewrites it), and checks that drawing it
// is deterministic.
func TestPDFFixture(t *testing.T) {
	fresh := makeResultsPDF(t, pdfLayout{ruled: true})
	if again := makeResultsPDF(t, pdfLayout{ruled: true}); !bytes.Equal(fresh, again) {
		t.Fatalf("drawing the PDF twice gave different bytes (%d and %d): the fixture would change at every -update", len(fresh), len(again))
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(pdfFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pdfFixture, fresh, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kept, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatalf("%v (go test ./loader -run TestPDFFixture -update makes it)", err)
	}
	if !bytes.Equal(kept, fresh) {
		t.Errorf("%s (%d bytes) is not what the generator draws now (%d bytes): run go test ./loader -run TestPDFFixture -update", pdfFixture, len(kept), len(fresh))
	}
}

// noSpace is text in normal form without any whitespace: wrapping inserts line breaks
// where the PDF writer broke lines, and paragraph breaks cannot be recovered exactly.
func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, NormalizeText(s))
}

// checkAgainstTSV asserts that recs hold the bundled table's 107 rows, cell by cell, and
// returns how many cells match with whitespace kept too.
func checkAgainstTSV(t *testing.T, recs []Record) (exact, cells int) {
	t.Helper()
	_, want := tableCells(t)
	got := dataRecords(recs)
	if len(got) != len(want) {
		t.Fatalf("got %d data records, want %d", len(got), len(want))
	}
	for i, r := range got {
		if len(r.Cells) != len(want[i]) {
			t.Errorf("record %d (page %d): %d cells, want %d", r.Line, r.Page, len(r.Cells), len(want[i]))
			continue
		}
		for c := range r.Cells {
			cells++
			g, w := NormalizeText(r.Cells[c]), want[i][c]
			if g == w {
				exact++
			}
			if noSpace(g) != noSpace(w) {
				t.Errorf("row %s (record %d, page %d), column %s:\n got %q\nwant %q", want[i][0], r.Line, r.Page, HeaderNames[c], clip(noSpace(g), 300), clip(noSpace(w), 300))
			}
		}
	}
	// Text above a ruled page's table is a record of one cell: here only the title, on
	// page 1 (tables without rules have their text above dropped).
	var above []Record
	for _, r := range recs {
		if len(r.Cells) == 1 {
			above = append(above, r)
		}
	}
	if len(above) > 1 || len(above) == 1 && (above[0].Page != 1 || NormalizeText(above[0].Cells[0]) != NormalizeText(fixtureTitle)) {
		t.Errorf("text above the tables: %v, want the title alone, on page 1", above)
	}
	if headers := len(recs) - len(got) - len(above); headers != recs[len(recs)-1].Page {
		t.Errorf("%d header rows for %d pages: want the header once a page, and no running title or page number as a record", headers, recs[len(recs)-1].Page)
	}
	last := Record{}
	for i, r := range recs {
		if r.Line != i+1 || r.Page < max(1, last.Page) {
			t.Errorf("record %d: Line %d, Page %d after page %d: want Line %d and pages in order", i, r.Line, r.Page, last.Page, i+1)
		}
		last = r
	}
	return exact, cells
}

func TestReadPDF(t *testing.T) {
	kept, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatalf("%v (go test ./loader -run TestPDFFixture -update makes it)", err)
	}
	fresh := filepath.Join(t.TempDir(), "results.pdf")
	if err := os.WriteFile(fresh, makeResultsPDF(t, pdfLayout{ruled: true}), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{pdfFixture, fresh} {
		t.Run(map[bool]string{true: "fixture", false: "fresh"}[file == pdfFixture], func(t *testing.T) {
			data := kept
			if file == fresh {
				if data, err = os.ReadFile(fresh); err != nil {
					t.Fatal(err)
				}
			}
			if f, err := DetectFormat(file, data); f != FormatPDF || err != nil {
				t.Fatalf("DetectFormat = %q, %v; want pdf", f, err)
			}
			recs, err := readPDF(file, data, ReadOptions{})
			if err != nil {
				t.Fatalf("readPDF: %v", err)
			}
			exact, cells := checkAgainstTSV(t, recs)
			t.Logf("%d records on %d pages; %d of %d cells equal with whitespace kept", len(recs), recs[len(recs)-1].Page, exact, cells)
		})
	}
}

// TestReadPDFSplitRow checks a row that the fixture splits over a page break: 項番 7
// starts on page 2 and ends on page 3, under the repeated header.
func TestReadPDFSplitRow(t *testing.T) {
	data, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	_, want := tableCells(t)
	row7 := want[6]
	pages, err := pdftext.Read(data, pdftext.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	// The test is only worth something if the row is really cut: its last words are
	// drawn on page 3.
	var page3 strings.Builder
	for _, g := range pages[2].Glyphs {
		page3.WriteString(g.Text)
	}
	tail := []rune(noSpace(row7[3]))
	if end := string(tail[len(tail)-20:]); !strings.Contains(noSpace(page3.String()), end) {
		t.Fatalf("the end of row 7's comment %q is not on page 3: the fixture no longer splits it", end)
	}
	recs, err := readPDF("results.pdf", data, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []Record
	for _, r := range dataRecords(recs) {
		if r.Page == 2 || r.Page == 3 {
			got = append(got, r)
		}
	}
	if len(got) < 2 || got[0].Cells[0] != "6" || got[1].Cells[0] != "7" || got[2].Cells[0] != "8" {
		t.Fatalf("pages 2-3 start with rows %q; want 6, 7, 8 (the rest of 7 joined, not a row of its own)", firstCells(got))
	}
	r := got[1]
	if r.Page != 2 {
		t.Errorf("row 7 has Page %d, want 2 (where it starts)", r.Page)
	}
	for c, w := range row7 {
		if noSpace(r.Cells[c]) != noSpace(w) {
			t.Errorf("row 7, column %s: got %q\nwant %q", HeaderNames[c], clip(noSpace(r.Cells[c]), 200), clip(noSpace(w), 200))
		}
	}
}

func firstCells(recs []Record) []string {
	var s []string
	for _, r := range recs {
		s = append(s, r.Cells[0])
	}
	return s
}

// TestReadPDFUnruled reads the table drawn without any ruling line, on shorter pages
// (more rows split): columns come from the gaps under the headings, rows from the 項番
// column.
func TestReadPDFUnruled(t *testing.T) {
	data := makeResultsPDF(t, pdfLayout{pageH: 420})
	recs, err := readPDF("unruled.pdf", data, ReadOptions{})
	if err != nil {
		t.Fatalf("readPDF: %v", err)
	}
	exact, cells := checkAgainstTSV(t, recs)
	t.Logf("%d records on %d pages; %d of %d cells equal with whitespace kept", len(recs), recs[len(recs)-1].Page, exact, cells)
}

// TestReadPDFErrors checks the files that are refused: an EINVALID *graph.Error naming
// the file, and no records.
func TestReadPDFErrors(t *testing.T) {
	kept, err := os.ReadFile(pdfFixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"no text", makeResultsPDF(t, pdfLayout{ruled: true, rows: 5, noText: true}), "no text layer"},
		{"scan", imagePDF(t), "no text layer: this PDF is an image; OCR it first"},
		{"not a table", prosePDF(t, nil), "no table found"},
		{"encrypted", prosePDF(t, func(p *fpdf.Fpdf) { p.SetProtection(fpdf.CnProtectPrint, "user", "owner") }), "encrypted"},
		{"truncated", kept[:len(kept)/2], "cut short"},
		{"not a PDF", []byte("%PDF-1.7\n%% nothing else\n"), "cut short"},
		{"no catalog", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Page >>\nendobj\nstartxref\n9\n%%EOF\n"), "no document catalog"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.name + ".pdf"
			recs, err := readPDF(file, tc.data, ReadOptions{})
			var e *graph.Error
			if !errors.As(err, &e) {
				t.Fatalf("readPDF gave %d records and error %v; want a *graph.Error", len(recs), err)
			}
			if e.Code != graph.EINVALID || e.File != file || recs != nil {
				t.Errorf("readPDF: %d records, error code %q, file %q; want no records, %q, %q", len(recs), e.Code, e.File, graph.EINVALID, file)
			}
			if !strings.Contains(e.Message, tc.want) {
				t.Errorf("message %q does not say %q", e.Message, tc.want)
			}
		})
	}
}

// imagePDF is a scanned page: one image, no text.
func imagePDF(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(3, 3, color.Black)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("L", "pt", "A4", "")
	pdf.SetCreationDate(time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC))
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &b)
	pdf.ImageOptions("scan", 36, 36, 700, 500, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return output(t, pdf)
}

// prosePDF is a page of Japanese prose, no table; edit may change the document first.
func prosePDF(t *testing.T, edit func(*fpdf.Fpdf)) []byte {
	ttf, err := os.ReadFile(pdfFont)
	if err != nil {
		t.Fatalf("the Japanese test font is missing (apt-get install fonts-ipafont-gothic): %v", err)
	}
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCreationDate(time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC))
	if edit != nil {
		edit(pdf)
	}
	pdf.AddUTF8FontFromBytes("ipag", "", ttf)
	pdf.SetFont("ipag", "", 10.5)
	pdf.AddPage()
	_, rows := tableCells(t)
	for i, r := range rows[:6] {
		pdf.Text(50, float64(60+20*i), fmt.Sprintf("%s:%s", r[1], clip(r[3], 30)))
	}
	return output(t, pdf)
}

func output(t *testing.T, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatalf("writing a test PDF: %v", err)
	}
	return b.Bytes()
}

// fuzzLimits bound the work on one fuzzed input to a fraction of a second.
var fuzzLimits = pdftext.Limits{MaxPages: 50, MaxDecoded: 8 << 20, MaxOps: 200_000, MaxGlyphs: 100_000}

func FuzzReadPDF(f *testing.F) {
	small := makeResultsPDF(f, pdfLayout{ruled: true, rows: 3, pageH: 250})
	f.Add(small)
	f.Add(makeResultsPDF(f, pdfLayout{rows: 2, pageH: 250}))
	f.Add(small[:len(small)*2/3])
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]>>endobj " +
		"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<</F1<</Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj " +
		"4 0 obj<</Length 60>>stream\nBT /F1 10 Tf 50 700 Td (No.) Tj 40 0 Td [(iken) -250 (x)] TJ ET 0 0 m 100 0 l S\nendstream endobj\n" +
		"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := readPDFWith("f.pdf", data, fuzzLimits)
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Code != graph.EINVALID || e.File != "f.pdf" || recs != nil {
				t.Fatalf("error %v (with %d records) is not an EINVALID *graph.Error naming the file", err, len(recs))
			}
			if strings.Contains(e.Message, "internal error") {
				t.Fatalf("a bug, not a bad file: %v", e)
			}
			return
		}
		for i, r := range recs {
			if r.Line != i+1 || r.Page < 1 {
				t.Fatalf("record %d has Line %d, Page %d", i, r.Line, r.Page)
			}
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("record %d has a cell that is not UTF-8: %q", i, c)
				}
			}
		}
	})
}

func BenchmarkReadPDF(b *testing.B) {
	data, err := os.ReadFile(pdfFixture)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readPDF("results.pdf", data, ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

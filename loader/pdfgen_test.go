package loader

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// The test PDFs are made from the bundled table the way ministries publish theirs: A4
// landscape, a title on page 1, the five columns ruled, cell text wrapped in its column,
// the header repeated at the top of every page, a running title and a page number on
// every page, and rows that do not fit split across the page break (the rest on the next
// page, under the header, with an empty 項番 cell).
//
// The font is IPA Gothic (fonts-ipafont-gothic), a TrueType font: fpdf embeds only
// TrueType outlines, not the CFF outlines in a collection (.ttc) that fonts-noto-cjk
// ships. fpdf writes it as a Type0 font, Identity-H, with a ToUnicode CMap.
const pdfFont = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"

// pdfLayout says how a test PDF is drawn.
type pdfLayout struct {
	ruled  bool    // ruling lines around every cell
	pageH  float64 // page height in points (A4 landscape: 595.28); smaller splits more rows
	rows   int     // data rows taken from the table; 0 means all
	noText bool    // draw the ruling only: a PDF without a text layer
}

var (
	pdfTitle   = "「IoT・5Gセキュリティ総合対策2020(案)」に対する意見募集の結果"
	pdfRunning = "IoT・5Gセキュリティ総合対策 意見募集結果"
	pdfColumns = []float64{40, 130, 130, 250, 220} // widths in points; 770 in all
)

const (
	pdfMargin = 36.0
	pdfSize   = 9.0  // font size of the cells
	pdfLead   = 13.0 // line pitch
	pdfPad    = 4.0  // cell padding
)

// tableCells returns the bundled table's header and data rows as cell text
// as published (publishedText), without the blank rows and repeated headers of the TSV.
func tableCells(t testing.TB) (header []string, rows [][]string) {
	t.Helper()
	recs, err := readDelimited("results.tsv", realTable(t), ReadOptions{})
	if err != nil {
		t.Fatalf("reading the bundled table: %v", err)
	}
	for _, r := range recs {
		if isBlankRow(r.Cells) {
			continue
		}
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = publishedText(c)
		}
		if cells[0] == "項番" {
			if header == nil {
				header = cells
			}
			continue
		}
		rows = append(rows, cells)
	}
	return header, rows
}

// makeResultsPDF draws the bundled table as a PDF; its bytes depend only on the table
// and the layout (fixed dates, sorted catalog).
func makeResultsPDF(t testing.TB, lay pdfLayout) []byte {
	t.Helper()
	ttf, err := os.ReadFile(pdfFont)
	if err != nil {
		t.Fatalf("the Japanese test font is missing (apt-get install fonts-ipafont-gothic): %v", err)
	}
	header, rows := tableCells(t)
	if lay.rows > 0 {
		rows = rows[:lay.rows]
	}
	if lay.pageH == 0 {
		lay.pageH = 595.28
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "pt",
		Size: fpdf.SizeType{Wd: lay.pageH, Ht: 841.89}})
	stamp := time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.AddUTF8FontFromBytes("ipag", "", ttf)
	pdf.SetFont("ipag", "", pdfSize)
	pdf.SetLineWidth(0.5)
	pageW, pageH := pdf.GetPageSize()
	bottom := pageH - pdfMargin - 10 // the footer is below
	g := &pdfGen{pdf: pdf, lay: lay, widths: map[rune]float64{}}

	newPage := func() float64 {
		pdf.AddPage()
		n := pdf.PageNo()
		pdf.SetFontSize(8)
		if !lay.noText {
			pdf.Text(pageW-pdfMargin-pdf.GetStringWidth(pdfRunning), 24, pdfRunning)
			num := fmt.Sprintf("- %d -", n)
			pdf.Text((pageW-pdf.GetStringWidth(num))/2, pageH-18, num)
		}
		y := pdfMargin
		if n == 1 {
			pdf.SetFontSize(14)
			if !lay.noText {
				pdf.Text((pageW-pdf.GetStringWidth(pdfTitle))/2, y+14, pdfTitle)
			}
			y += 30
		}
		pdf.SetFontSize(pdfSize)
		hl := g.wrapRow(header)
		return g.drawRow(hl, y, true)
	}
	y := newPage()
	for _, r := range rows {
		lines := g.wrapRow(r)
		for {
			n := rowLines(lines)
			fit := int((bottom - y - 2*pdfPad) / pdfLead)
			if n <= fit {
				y = g.drawRow(lines, y, false)
				break
			}
			if fit < 2 { // not worth splitting: the whole row goes to the next page
				y = newPage()
				continue
			}
			// The part that fits stays on this page; the rest goes to the next one.
			head, rest := splitRow(lines, fit)
			g.drawRow(head, y, false)
			lines = rest
			y = newPage()
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatalf("writing the test PDF: %v", err)
	}
	return buf.Bytes()
}

type pdfGen struct {
	pdf    *fpdf.Fpdf
	lay    pdfLayout
	widths map[rune]float64
}

// wrapRow wraps each cell's paragraphs to its column: a line breaks where the next
// character would overflow (or at the last space, for Latin words); an empty line
// separates paragraphs.
func (g *pdfGen) wrapRow(cells []string) [][]string {
	out := make([][]string, len(cells))
	for i, c := range cells {
		max := pdfColumns[i] - 2*pdfPad
		for p, para := range strings.Split(c, "\n\n") {
			if p > 0 {
				out[i] = append(out[i], "")
			}
			for _, line := range strings.Split(para, "\n") {
				out[i] = append(out[i], g.wrap(line, max)...)
			}
		}
	}
	return out
}

func (g *pdfGen) wrap(s string, max float64) []string {
	var lines []string
	r := []rune(s)
	for len(r) > 0 {
		w, end := 0.0, 0
		for end < len(r) {
			cw, ok := g.widths[r[end]]
			if !ok {
				cw = g.pdf.GetStringWidth(string(r[end]))
				g.widths[r[end]] = cw
			}
			if w+cw > max && end > 0 {
				break
			}
			w += cw
			end++
		}
		if end < len(r) && isLatin(r[end]) && isLatin(r[end-1]) {
			// Do not cut a Latin word or number (as typesetters do): break where it
			// begins — after a space, a hyphen or a Japanese character.
			k := end
			for k > 0 && isLatin(r[k-1]) && r[k-1] != '-' {
				k--
			}
			if k > 0 {
				end = k
			}
		}
		lines = append(lines, strings.TrimRight(string(r[:end]), " "))
		r = r[end:]
		for len(r) > 0 && r[0] == ' ' {
			r = r[1:]
		}
	}
	return lines
}

func isLatin(r rune) bool { return r < 0x2000 && r != ' ' }

func rowLines(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

// splitRow cuts a row after n lines: the rest has an empty 項番 cell, and no cell of it
// starts with a paragraph's blank line.
func splitRow(cells [][]string, n int) (head, rest [][]string) {
	head = make([][]string, len(cells))
	rest = make([][]string, len(cells))
	for i, c := range cells {
		k := min(n, len(c))
		head[i], rest[i] = c[:k], c[k:]
		for len(rest[i]) > 0 && rest[i][0] == "" {
			rest[i] = rest[i][1:]
		}
	}
	rest[0] = nil
	return head, rest
}

// drawRow draws one row (or the part of it on this page) at y and returns the y below it.
func (g *pdfGen) drawRow(cells [][]string, y float64, header bool) float64 {
	pdf := g.pdf
	h := float64(rowLines(cells))*pdfLead + 2*pdfPad
	x := pdfMargin
	total := 0.0
	for _, w := range pdfColumns {
		total += w
	}
	if g.lay.ruled {
		if header {
			pdf.SetFillColor(230, 230, 230)
			pdf.Rect(x, y, total, h, "FD")
		} else {
			pdf.Rect(x, y, total, h, "D")
		}
		for _, w := range pdfColumns[:len(pdfColumns)-1] {
			x += w
			pdf.Line(x, y, x, y+h)
		}
	}
	if !g.lay.noText {
		x = pdfMargin
		for i, lines := range cells {
			for k, line := range lines {
				if line != "" {
					pdf.Text(x+pdfPad, y+pdfPad+pdfSize+float64(k)*pdfLead, line)
				}
			}
			x += pdfColumns[i]
		}
	}
	return y + h
}

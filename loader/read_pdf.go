package loader

import (
	"errors"
	"fmt"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader/pdftext"
)

// readPDF rebuilds the result table of a PDF from where its text and ruling lines are
// drawn (see pdf_table.go): one record a row, in page order, a row split by a page break
// joined again. The header row is returned each time it is repeated; ReadTable drops the
// repeats.
//
// Refused: an encrypted file, a file with no text (a scan), a file whose fonts give no
// Unicode text, a file without a table, a broken or truncated file.
func readPDF(file string, data []byte, _ ReadOptions) ([]Record, error) {
	return readPDFWith(file, data, pdftext.DefaultLimits)
}

// readPDFWith is readPDF within other limits (the fuzz target's are tighter).
func readPDFWith(file string, data []byte, lim pdftext.Limits) ([]Record, error) {
	fail := func(format string, args ...any) ([]Record, error) {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: fmt.Sprintf(format, args...)}
	}
	pages, err := pdftext.Read(data, lim)
	var perr *pdftext.Error
	switch {
	case errors.Is(err, pdftext.ErrEncrypted):
		return fail("the PDF is encrypted (password-protected): open it, print or save it as an unprotected PDF, and load that")
	case errors.As(err, &perr):
		return fail("%s", perr.Message)
	case err != nil:
		return fail("the PDF could not be read: %v", err)
	}
	glyphs, unknown, images := 0, 0, 0
	laid := make([]pdfPage, len(pages))
	for i, p := range pages {
		images += p.Images
		for _, g := range p.Glyphs {
			glyphs++
			if g.Text == "\uFFFD" {
				unknown++
			}
		}
		laid[i] = layoutPage(p)
	}
	switch {
	case glyphs == 0 && images > 0:
		return fail("no text layer: this PDF is an image; OCR it first")
	case glyphs == 0:
		return fail("no text layer: this PDF shows no text (if it is a scan, OCR it first)")
	case unknown*2 > glyphs:
		return fail("the PDF's text cannot be decoded: %d of its %d characters use fonts without a Unicode mapping (ToUnicode); export it again from the original document, or OCR it", unknown, glyphs)
	}
	t, ok := findTable(laid)
	if !ok {
		return fail("no table found: no page has a header row with a 項番 (or 番号) heading and an 意見 heading; is this the result table of a consultation?")
	}
	recs := t.records(t.rows())
	if len(recs) == 0 {
		return fail("no table found: the header row has no rows under it")
	}
	return recs, nil
}

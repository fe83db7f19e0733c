package loader

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// Record is one row of a table as a format reader gives it: its cells as text, and where
// the row is in the file. A reader knows nothing of headers, columns or comments;
// recognising the header, mapping the columns and building comments happen after, the
// same for every format (see ReadTable).
//
// Cells are plain text in which paragraphs are separated by a blank line ("\n\n") and
// line breaks within a paragraph are "\n", except that a reader of a format whose cells
// are HTML (the HTML reader; TSV/CSV cells that hold markup) gives the cell's markup as
// published: HTMLToText turns both into the same normalised text.
type Record struct {
	// Line is the 1-based position that messages give: the line the row starts on (TSV,
	// CSV, and the source line of the <tr> in HTML), the sheet's row number (XLSX), the
	// row counted over the tables read (DOCX), the row counted over all pages (PDF).
	Line int
	// Page is the 1-based page the row starts on, for formats that have pages (PDF); 0
	// for the others.
	Page  int
	Cells []string
}

// ReadOptions select what a reader reads in a file that holds several tables.
type ReadOptions struct {
	// Sheet is the XLSX sheet, by name or 1-based index; empty means the first sheet
	// that has a non-empty cell.
	Sheet string
	// Table is the 1-based index of the table in a DOCX or HTML document; 0 means every
	// table, in document order, one after the other (a Word document often splits one
	// table at page or chapter breaks; rows above the header are reported, not loaded).
	Table int
}

// A TableReader turns the bytes of a file of one format into its records, in document
// order. A file that cannot be read at all gives a *graph.Error with Code EINVALID (the
// file name, and the line when one is known) and no records, so that nothing is loaded
// half-way. Blank rows may be returned or not; ReadTable skips them.
type TableReader func(file string, data []byte, opt ReadOptions) ([]Record, error)

// Formats, as a manifest's format: key names them.
const (
	FormatTSV  = "tsv"
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatDOCX = "docx"
	FormatHTML = "html"
	FormatPDF  = "pdf"
)

// readers holds one reader per format. TSV and CSV share one (the separator is detected).
var readers = map[string]TableReader{
	FormatTSV:  readDelimited,
	FormatCSV:  readDelimited,
	FormatXLSX: readXLSX,
	FormatDOCX: readDOCX,
	FormatHTML: readHTML,
	FormatPDF:  readPDF,
}

// Formats lists the formats a manifest may name.
var Formats = []string{FormatTSV, FormatCSV, FormatXLSX, FormatDOCX, FormatHTML, FormatPDF}

// DetectFormat tells a file's format from its content, never from its name: a PDF
// header, a ZIP holding a workbook (XLSX) or a Word document (DOCX), HTML markup with a
// table, else delimited text (TSV or CSV: the text reader tells them apart). It returns
// an error for files that are none of these (an Office binary file, another ZIP).
func DetectFormat(file string, data []byte) (string, error) {
	fail := func(format string, args ...any) (string, error) {
		return "", &graph.Error{Code: graph.EINVALID, File: file, Line: 1, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fail("a broken ZIP archive (an .xlsx or .docx file cut short?): %v", err)
		}
		for _, f := range zr.File {
			switch f.Name {
			case "xl/workbook.xml":
				return FormatXLSX, nil
			case "word/document.xml":
				return FormatDOCX, nil
			}
		}
		return fail("a ZIP archive that is neither an Excel workbook (.xlsx) nor a Word document (.docx)")
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return fail("an Office binary file (.xls or .doc): save it as .xlsx or .docx, or export the table as CSV")
	}
	if looksLikeHTML(data) {
		return FormatHTML, nil
	}
	return FormatTSV, nil
}

// looksLikeHTML reports whether data starts (after a BOM and whitespace) with markup and
// holds a <table>: an HTML page or fragment. A TSV whose cells hold <p> does not start
// with a tag.
func looksLikeHTML(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xef, 0xbb, 0xbf}), " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	return hasTableTag(data)
}

// hasTableTag reports whether data holds a <table> start tag, in any case, without
// lowercasing a copy of the whole file (which may be hundreds of megabytes).
func hasTableTag(data []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		if len(data)-i >= len("table") && bytes.EqualFold(data[i:i+len("table")], []byte("table")) &&
			(len(data) == i+len("table") || bytes.IndexByte([]byte(" \t\n\r\f/>"), data[i+len("table")]) >= 0) {
			return true
		}
	}
}

// readRecords reads data as format (detecting it when format is empty) and returns the
// format it read.
func readRecords(file string, data []byte, format string, opt ReadOptions) ([]Record, string, error) {
	if format == "" {
		f, err := DetectFormat(file, data)
		if err != nil {
			return nil, "", err
		}
		format = f
	}
	read, ok := readers[strings.ToLower(format)]
	if !ok {
		return nil, "", &graph.Error{Code: graph.EINVALID, File: file,
			Message: fmt.Sprintf("format %q is not one of %s", format, strings.Join(Formats, ", "))}
	}
	recs, err := read(file, data, opt)
	if err == nil && format == FormatTSV && commaSeparated(data) {
		format = FormatCSV
	}
	return recs, format, err
}

// commaSeparated reports whether delimited text separates its cells with commas: the
// first line with a tab or a comma has more commas. It looks at the bytes, which works
// for UTF-8 and Shift_JIS (both keep ASCII as is); UTF-16 text (Excel's "Unicode text")
// is tab-separated.
func commaSeparated(data []byte) bool {
	for n := 0; len(data) > 0 && n < maxPreamble; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		tabs, commas := bytes.Count(line, []byte("\t")), bytes.Count(line, []byte(","))
		if tabs > 0 || commas > 0 {
			return commas > tabs
		}
	}
	return false
}

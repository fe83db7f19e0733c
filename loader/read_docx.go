package loader

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// Namespaces of the WordprocessingML elements read: the transitional one Word writes,
// the strict one it can be asked for, and markup compatibility (mc:Fallback repeats a
// text box's text for older readers).
const (
	nsWord       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC         = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// maxGridSpan is the widest a Word table can be (63 columns); a cell spanning more is
// a damaged or hostile file.
const maxGridSpan = 63

// readDOCX reads the tables of a Word document (word/document.xml, streamed with
// encoding/xml). Each row (<w:tr>) of a table in the body is a record. A cell's
// paragraphs are joined with "\n\n"; <w:br/> and <w:cr/> are "\n", <w:tab/> a tab;
// deleted text (tracked changes) is left out and inserted text kept. A cell spanning N
// grid columns (<w:gridSpan>) gives N cells with its text, and a cell continuing a
// vertical merge (<w:vMerge/>) the text of the cell that started it, as the merged
// cell shows. A table nested in a cell is text of that cell: its paragraphs in order.
//
// opt.Table is the 1-based index of the table among the body's tables, 0 for every
// table one after the other (Word documents often split one table at page or chapter
// breaks). Record.Line is the row's position counted over the tables read.
func readDOCX(file string, data []byte, opt ReadOptions) ([]Record, error) {
	fail := func(line, col int, format string, args ...any) ([]Record, error) {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case len(data) > MaxFileBytes:
		return fail(0, 0, "the file is %d bytes; the limit is %d", len(data), MaxFileBytes)
	case opt.Table < 0:
		return fail(0, 0, "table %d: give a table's number from 1, or 0 for every table", opt.Table)
	case bytes.HasPrefix(data, oleHeader):
		return fail(0, 0, "%s", oleMessage(data, "document", ".docx", ".doc"))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail(0, 0, "not a Word document (.docx): the ZIP archive is broken or cut short (%s)", clip(err.Error(), 80))
	}
	part := findPart(zr, "word/document.xml")
	if part == nil {
		if findPart(zr, "xl/workbook.xml") != nil {
			return fail(0, 0, "an Excel workbook (.xlsx), not a Word document (.docx): give its format as xlsx")
		}
		return fail(0, 0, "not a Word document (.docx): the ZIP archive has no word/document.xml")
	}
	rc, err := openPart(part, MaxFileBytes)
	if err != nil {
		return fail(0, 0, "word/document.xml %s: %s", partError(err), "the file is damaged, or a ZIP bomb")
	}
	defer rc.Close()
	p := &docxParser{file: file, want: opt.Table, budget: maxCells}
	if err := p.parse(xml.NewDecoder(rc)); err != nil {
		var ge *graph.Error
		if errors.As(err, &ge) {
			return nil, ge
		}
		return fail(0, 0, "word/document.xml cannot be read (%s): the file is damaged; open it in Word and save it again", partError(err))
	}
	switch {
	case p.tables == 0:
		return fail(0, 0, "the document has no table: the result table must be a Word table, not text laid out with tabs or spaces")
	case opt.Table > p.tables:
		return fail(0, 0, "there is no table %d: the document has %d %s", opt.Table, p.tables, plural(p.tables, "table", "tables"))
	}
	return p.recs, nil
}

// partError describes an error reading a part, briefly.
func partError(err error) string {
	if errors.Is(err, errPartTooLarge) {
		return fmt.Sprintf("unpacks to more than %d bytes", MaxFileBytes)
	}
	return clip(err.Error(), 80)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// docxParser follows the document's elements. Only the body's tables (those not inside
// a cell or a text box) make records; what lies inside a body table's cell, nested
// tables included, is text of that cell.
type docxParser struct {
	file   string
	want   int // opt.Table
	tables int // body tables seen
	line   int // rows read
	recs   []Record
	budget int // cells that may still be given

	skip   int // depth inside an element whose content is not text (w:del, w:pPr, …)
	inner  int // depth of tables inside the current cell, or inside a text box outside a table
	txbx   int // depth of text boxes outside a body table's cell
	table  bool
	active bool // the current body table is one of those read

	row     []string
	gridCol int            // grid column of the next cell of the row
	vMerge  map[int]string // grid column → text of the cell that started a vertical merge
	hMerge  string         // text of the cell that started a legacy horizontal merge

	cell   *docxCell
	paras  []*strings.Builder // open paragraphs of the cell, innermost last
	inText int                // depth inside <w:t>
}

// docxCell is a body table's cell being read.
type docxCell struct {
	text   []string // its non-empty paragraphs
	size   int      // bytes of text so far
	span   int
	vMerge string // "restart", "continue" or ""
	hMerge string
}

// fail reports a problem in the row being read (its line is known only when the row is
// one of those read).
func (p *docxParser) fail(col int, format string, args ...any) error {
	e := &graph.Error{Code: graph.EINVALID, File: p.file, Message: fmt.Sprintf(format, args...)}
	if p.active {
		e.Line, e.Column = p.line+1, col
	}
	return e
}

func (p *docxParser) parse(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if done, err := p.end(t); err != nil || done {
				return err
			}
		case xml.CharData:
			if p.skip == 0 && p.inText > 0 && len(p.paras) > 0 {
				if err := p.write(string(t)); err != nil {
					return err
				}
			}
		}
	}
}

// start handles a start element.
func (p *docxParser) start(e xml.StartElement) error {
	if p.skip > 0 {
		p.skip++
		return nil
	}
	if e.Name.Space == nsMC && e.Name.Local == "Fallback" {
		p.skip = 1
		return nil
	}
	if e.Name.Space != nsWord && e.Name.Space != nsWordStrict {
		return nil
	}
	inCell := p.cell != nil
	switch e.Name.Local {
	case "del", "delText", "moveFrom", "instrText", "delInstrText", "pPr", "rPr", "tblPr", "sectPr":
		// Deleted or moved-away text, field codes, and properties (a paragraph's tab
		// stops are <w:tab> too) are not text.
		p.skip = 1
	case "txbxContent":
		if !inCell {
			p.txbx++
		}
	case "tbl":
		if inCell || p.txbx > 0 || p.inner > 0 {
			p.inner++
			return nil
		}
		p.tables++
		p.table = true
		p.active = p.want == 0 || p.want == p.tables
		p.vMerge = map[int]string{}
	case "tr":
		if p.table && p.inner == 0 && !inCell {
			p.row, p.gridCol, p.hMerge = nil, 0, ""
		}
	case "gridBefore":
		if p.table && p.inner == 0 && !inCell {
			n, err := p.span(e)
			if err != nil {
				return err
			}
			p.gridCol += n
			if p.active {
				if p.budget -= n; p.budget < 0 {
					return p.fail(0, "the document has more than %d table cells", maxCells)
				}
				for range n {
					p.row = append(p.row, "")
				}
			}
		}
	case "tc":
		if p.table && p.inner == 0 && !inCell {
			p.cell = &docxCell{span: 1}
		}
	case "gridSpan", "vMerge", "hMerge":
		if !inCell || p.inner > 0 || len(p.paras) > 0 {
			return nil
		}
		switch e.Name.Local {
		case "gridSpan":
			n, err := p.span(e)
			if err != nil {
				return err
			}
			p.cell.span = max(n, 1)
		case "vMerge":
			p.cell.vMerge = mergeVal(e)
		case "hMerge":
			p.cell.hMerge = mergeVal(e)
		}
	case "p":
		if inCell {
			p.paras = append(p.paras, &strings.Builder{})
		}
	case "t":
		p.inText++
	case "tab", "ptab":
		return p.write("\t")
	case "br", "cr":
		return p.write("\n")
	case "noBreakHyphen":
		return p.write("\u2011")
	}
	return nil
}

// end handles an end element; done says the tables asked for have all been read.
func (p *docxParser) end(e xml.EndElement) (done bool, err error) {
	if p.skip > 0 {
		p.skip--
		return false, nil
	}
	if e.Name.Space != nsWord && e.Name.Space != nsWordStrict {
		return false, nil
	}
	inCell := p.cell != nil
	switch e.Name.Local {
	case "t":
		p.inText = max(p.inText-1, 0)
	case "p":
		if inCell && len(p.paras) > 0 {
			b := p.paras[len(p.paras)-1]
			p.paras = p.paras[:len(p.paras)-1]
			if b.Len() > 0 {
				p.cell.text = append(p.cell.text, b.String())
			}
		}
	case "txbxContent":
		if !inCell && p.txbx > 0 {
			p.txbx--
		}
	case "tc":
		if inCell && p.inner == 0 {
			return false, p.endCell()
		}
	case "tr":
		if p.table && p.inner == 0 && !inCell && p.active {
			if len(p.recs) == MaxRows {
				return false, p.fail(0, "more than %d rows: split the table into several consultations", MaxRows)
			}
			p.line++
			p.recs = append(p.recs, Record{Line: p.line, Cells: p.row})
			p.row = nil
		}
	case "tbl":
		if p.inner > 0 {
			p.inner--
			return false, nil
		}
		if p.table {
			p.table = false
			return p.want != 0 && p.tables == p.want, nil
		}
	}
	return false, nil
}

// write adds text to the innermost open paragraph of the cell being read.
func (p *docxParser) write(s string) error {
	if p.skip > 0 || p.cell == nil || len(p.paras) == 0 || !p.active {
		return nil
	}
	p.cell.size += len(s)
	if p.cell.size > MaxCellBytes {
		return p.fail(len(p.row)+1, "cell %d is more than %d bytes, the limit", len(p.row)+1, MaxCellBytes)
	}
	p.paras[len(p.paras)-1].WriteString(s)
	return nil
}

// endCell adds the cell just read to the row, as many times as it spans columns, with
// the text of the cell it continues when it continues a merge.
func (p *docxParser) endCell() error {
	c := p.cell
	p.cell, p.paras, p.inText = nil, nil, 0
	text := strings.Join(c.text, "\n\n")
	switch c.vMerge {
	case "restart":
		p.vMerge[p.gridCol] = text
	case "continue":
		if t, ok := p.vMerge[p.gridCol]; ok {
			text = t
		}
	default:
		delete(p.vMerge, p.gridCol)
	}
	switch c.hMerge {
	case "restart":
		p.hMerge = text
	case "continue":
		if p.hMerge != "" {
			text = p.hMerge
		}
	}
	if !p.active {
		p.gridCol += c.span
		return nil
	}
	if len(text) > MaxCellBytes {
		return p.fail(len(p.row)+1, "cell %d is more than %d bytes, the limit", len(p.row)+1, MaxCellBytes)
	}
	if p.budget -= c.span; p.budget < 0 {
		return p.fail(len(p.row)+1, "the document has more than %d table cells", maxCells)
	}
	for range c.span {
		p.row = append(p.row, text)
	}
	p.gridCol += c.span
	return nil
}

// span reads the w:val of a <w:gridSpan> or <w:gridBefore>: a number of grid columns
// (0 when absent).
func (p *docxParser) span(e xml.StartElement) (int, error) {
	v := attr(e, "val")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxGridSpan {
		return 0, p.fail(len(p.row)+1, "a cell spans %q grid columns; a Word table has at most %d", clip(v, 20), maxGridSpan)
	}
	return n, nil
}

// mergeVal reads the w:val of a <w:vMerge> or <w:hMerge>: "restart", or "continue"
// (also when absent).
func mergeVal(e xml.StartElement) string {
	if attr(e, "val") == "restart" {
		return "restart"
	}
	return "continue"
}

package loader

import (
	"fmt"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads the tables of an HTML page (a ministry's results page, or a fragment
// holding a <table>). Every <tr> of a top-level table is a record, in document order,
// with its <th> and <td> cells, rowspan and colspan expanded (spanGrid); Line is the
// source line its <tr> starts on. A table inside a cell belongs to that cell's HTML.
// opt.Table picks the n-th top-level table; 0 takes them all, one after the other.
//
// The page is walked as a token stream, not parsed into a tree: the tree would lose
// where each row starts and what each cell holds as written. Where tags are left out or
// misnested, the walk closes cells, rows and tables where the HTML parser would (a new
// <td> or <tr> closes the open one, </table> closes the innermost table, a <table>
// outside a cell ends the table it is in).
func readHTML(file string, data []byte, opt ReadOptions) ([]Record, error) {
	fail := func(line int, format string, args ...any) ([]Record, error) {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return fail(0, "the page is %d bytes; the limit is %d", len(data), MaxFileBytes)
	}
	if opt.Table < 0 {
		return fail(0, "table %d: tables are numbered from 1 in the order the page gives them (0 reads them all)", opt.Table)
	}
	text, err := decodeHTML(file, data)
	if err != nil {
		return nil, err
	}
	w := &htmlWalk{src: text, want: opt.Table}
	if err := w.walk(); err != nil {
		return fail(w.errLine, "the page's tables hold %v: correct the rowspan and colspan of this row, or split the page into several consultations", err)
	}
	switch {
	case w.tables == 0:
		return fail(0, "no <table> in the page: the results must be an HTML table (<table> with <tr> rows of <th>/<td> cells)")
	case opt.Table > w.tables:
		return fail(0, "table %d asked for, but the page has %d top-level tables (tables inside a cell belong to that cell): choose one from 1 to %d, or 0 to read them all", opt.Table, w.tables, w.tables)
	}
	return w.recs, nil
}

// htmlWalk is the state of one walk over a page's tokens.
type htmlWalk struct {
	src     string
	want    int // the top-level table to read, 0 for all
	tables  int // top-level tables met so far
	open    []*htmlTable
	limits  spanLimits
	recs    []Record
	done    bool // the wanted table is read: the rest of the page is not needed
	errLine int  // the line of the row a bound was passed on
}

// htmlTable is a table being walked: where its open row and cell start, and the grid
// its rows are laid out on when they are records.
type htmlTable struct {
	top       bool // a top-level table, not inside another's cell
	keep      bool // its rows are records
	inRow     bool
	inCell    bool
	inCaption bool
	rowLine   int // the line of the open row's <tr>
	cellStart int // the offset of the open cell's content
	colspan   int
	rowspan   int
	grid      spanGrid
}

func (w *htmlWalk) walk() error {
	z := html.NewTokenizer(strings.NewReader(w.src))
	off, line := 0, 1 // where the current token starts
	for !w.done {
		tt := z.Next()
		if tt == html.ErrorToken {
			// The end of the page (the source is a string: nothing else can fail).
			for len(w.open) > 0 {
				if err := w.closeTable(off); err != nil {
					return err
				}
			}
			return nil
		}
		// The raw bytes of the tokens partition the source: their lengths give the offset,
		// their newlines the line. Read before TagName, which lowercases them in place.
		raw := z.Raw()
		start, startLine := off, line
		off += len(raw)
		for _, c := range raw {
			if c == '\n' {
				line++
			}
		}
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if err := w.tag(z, a, tt != html.EndTagToken, hasAttr, start, off, startLine); err != nil {
			return err
		}
	}
	return nil
}

// tag handles one start or end tag that starts at offset start on line line and ends at
// offset end.
func (w *htmlWalk) tag(z *html.Tokenizer, a atom.Atom, isStart, hasAttr bool, start, end, line int) error {
	var t *htmlTable
	if len(w.open) > 0 {
		t = w.open[len(w.open)-1]
	}
	if a == atom.Table {
		switch {
		case !isStart:
			if t != nil {
				return w.closeTable(start)
			}
		case t == nil:
			w.openTable(true)
		case t.inCell || t.inCaption:
			w.openTable(false)
		default:
			// A <table> between the rows of a table ends it and starts the next.
			top := t.top
			if err := w.closeTable(start); err != nil {
				return err
			}
			w.openTable(top)
		}
		return nil
	}
	if t == nil {
		return nil
	}
	if t.inCaption {
		// A caption's content is not a row. Table structure ends it.
		switch {
		case !isStart && a == atom.Caption:
			t.inCaption = false
			return nil
		case isStart && (a == atom.Caption || a == atom.Colgroup || a == atom.Col || a == atom.Thead ||
			a == atom.Tbody || a == atom.Tfoot || a == atom.Tr || a == atom.Td || a == atom.Th):
			t.inCaption = false
		default:
			return nil
		}
	}
	switch a {
	case atom.Td, atom.Th:
		if !isStart {
			if t.inCell {
				return w.closeCell(t, start)
			}
			return nil
		}
		if err := w.closeCell(t, start); err != nil {
			return err
		}
		if !t.inRow {
			if err := w.openRow(t, line); err != nil {
				return err
			}
		}
		t.inCell, t.cellStart = true, end
		t.colspan, t.rowspan = 1, 1
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "colspan":
				t.colspan = parseSpan(string(v), 1, maxColspan)
				if t.colspan == 0 {
					t.colspan = 1
				}
			case "rowspan":
				t.rowspan = parseSpan(string(v), 1, maxRowspan)
			}
		}
	case atom.Tr:
		if err := w.closeRow(t, start); err != nil {
			return err
		}
		if isStart {
			return w.openRow(t, line)
		}
	case atom.Thead, atom.Tbody, atom.Tfoot, atom.Caption, atom.Colgroup, atom.Col:
		if a == atom.Col && !isStart {
			return nil
		}
		if err := w.closeRow(t, start); err != nil {
			return err
		}
		t.grid.endGroup()
		t.inCaption = isStart && a == atom.Caption
	}
	return nil
}

// openTable starts a table; a top-level one is counted, and kept when it is wanted.
func (w *htmlWalk) openTable(top bool) {
	t := &htmlTable{top: top}
	if top {
		w.tables++
		t.keep = w.want == 0 || w.want == w.tables
		t.grid.limits = &w.limits
	}
	w.open = append(w.open, t)
}

// closeTable closes the innermost table, its open cell ending at offset end.
func (w *htmlWalk) closeTable(end int) error {
	t := w.open[len(w.open)-1]
	err := w.closeRow(t, end)
	w.open = w.open[:len(w.open)-1]
	w.done = t.keep && w.want != 0
	return err
}

func (w *htmlWalk) openRow(t *htmlTable, line int) error {
	t.inRow, t.rowLine = true, line
	if !t.keep {
		return nil
	}
	return w.onRow(t, t.grid.startRow())
}

// closeRow closes the open row of t, if any, and its cell, which ends at offset end.
func (w *htmlWalk) closeRow(t *htmlTable, end int) error {
	if err := w.closeCell(t, end); err != nil {
		return err
	}
	if !t.inRow {
		return nil
	}
	t.inRow = false
	if t.keep {
		w.recs = append(w.recs, Record{Line: t.rowLine, Cells: t.grid.endRow()})
	}
	return nil
}

// closeCell closes the open cell of t, if any, its content ending at offset end.
func (w *htmlWalk) closeCell(t *htmlTable, end int) error {
	if !t.inCell {
		return nil
	}
	t.inCell = false
	if !t.keep {
		return nil
	}
	return w.onRow(t, t.grid.place(cellValue(w.src[t.cellStart:end]), t.colspan, t.rowspan))
}

// onRow notes the line of t's open row as the place of err, if any.
func (w *htmlWalk) onRow(t *htmlTable, err error) error {
	if err != nil {
		w.errLine = t.rowLine
	}
	return err
}

// cellValue is what a record holds for a cell's inner HTML: the markup as published,
// trimmed, when it has tags, so that HTMLToText derives its text as for every HTML cell.
// A cell without tags is given as its text instead (character references decoded, line
// breaks of the source as spaces, as HTML reads them), since HTMLToText takes text
// without tags as plain and would keep "&amp;" or "&#x2014;" as written. When decoding
// would make tags of escaped text ("&lt;p&gt;"), the cell stays as written.
func cellValue(inner string) string {
	inner = strings.TrimSpace(inner)
	if IsHTML(inner) || strings.IndexByte(inner, '&') < 0 && strings.IndexByte(inner, '\n') < 0 {
		return inner
	}
	text := html.UnescapeString(inner)
	if IsHTML(text) {
		return inner
	}
	return strings.TrimSpace(strings.ReplaceAll(text, "\n", " "))
}

// parseSpan reads a colspan or rowspan value as HTML does: leading whitespace, digits up
// to the first non-digit; def when there are none; clamped to max.
func parseSpan(v string, def, max int) int {
	v = strings.TrimLeft(v, " \t\n\f\r")
	v = strings.TrimPrefix(v, "+")
	n, digits := 0, 0
	for ; digits < len(v) && v[digits] >= '0' && v[digits] <= '9'; digits++ {
		if n <= max {
			n = n*10 + int(v[digits]-'0')
		}
	}
	if digits == 0 {
		return def
	}
	return min(n, max)
}

package loader

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/xuri/excelize/v2"
)

// readXLSX reads one sheet of an Excel workbook with excelize. Cells come as Excel
// displays them (number formats applied: a 項番 of 12 is "12"), line breaks in a cell
// as "\n", and every cell of a merged range gets the range's value, since ministries
// merge a response over the rows it answers and a submitter over their rows. Record.Line
// is the sheet's row number; blank rows are left out.
//
// The sheet is opt.Sheet, by name or else by 1-based number; by default the first
// sheet that has a non-empty cell (a cover sheet may come before the table).
func readXLSX(file string, data []byte, opt ReadOptions) ([]Record, error) {
	fail := func(format string, args ...any) ([]Record, error) {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return fail("the file is %d bytes; the limit is %d", len(data), MaxFileBytes)
	}
	if bytes.HasPrefix(data, oleHeader) {
		return fail("%s", oleMessage(data, "workbook", ".xlsx", ".xls"))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail("not an Excel workbook (.xlsx): the ZIP archive is broken or cut short (%s)", clip(err.Error(), 80))
	}
	switch {
	case findPart(zr, "xl/workbook.xml") == nil && findPart(zr, "word/document.xml") != nil:
		return fail("a Word document (.docx), not an Excel workbook (.xlsx): give its format as docx")
	case findPart(zr, workbookPart(zr)) == nil:
		return fail("not an Excel workbook (.xlsx): the ZIP archive holds no workbook part")
	}
	var unpacked uint64
	for _, f := range zr.File {
		unpacked += f.UncompressedSize64
	}
	if unpacked > MaxFileBytes {
		return fail("the workbook unpacks to %d bytes; the limit is %d (a damaged file, or a ZIP bomb)", unpacked, MaxFileBytes)
	}
	// UnzipSizeLimit makes excelize check the same bound; archive/zip refuses an entry
	// that unpacks to more than its header declares.
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxFileBytes})
	if err != nil {
		return fail("the workbook is damaged and cannot be read (%s): open it in Excel and save it again", clip(err.Error(), 80))
	}
	defer wb.Close() // removes the temporary files of large sheets
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return fail("the workbook has no sheet")
	}
	candidates := sheets
	if opt.Sheet != "" {
		name, ok := pickSheet(sheets, opt.Sheet)
		if !ok {
			return fail("there is no sheet %q: %s (give a name or a number)", clip(opt.Sheet, 40), listSheets(sheets))
		}
		candidates = []string{name}
	}
	for _, name := range candidates {
		recs, err := readSheet(file, wb, zr, name)
		if err != nil || len(recs) > 0 {
			return recs, err
		}
	}
	if opt.Sheet != "" {
		return fail("sheet %q has no non-empty cell", clip(candidates[0], 40))
	}
	return fail("no sheet has a non-empty cell: %s", listSheets(sheets))
}

// pickSheet finds a sheet by its name, else by its 1-based number.
func pickSheet(sheets []string, want string) (string, bool) {
	for _, s := range sheets {
		if s == want {
			return s, true
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(want)); err == nil && n >= 1 && n <= len(sheets) {
		return sheets[n-1], true
	}
	return "", false
}

// listSheets names the sheets for a message: the workbook's 2 sheets are 1 "A", 2 "B".
func listSheets(sheets []string) string {
	var b strings.Builder
	if len(sheets) == 1 {
		b.WriteString("the workbook's one sheet is")
	} else {
		fmt.Fprintf(&b, "the workbook's %d sheets are", len(sheets))
	}
	for i, s := range sheets {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(sheets)-i)
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %d %q", i+1, clip(s, 30))
	}
	return b.String()
}

// readSheet reads one sheet's non-blank rows, merged ranges expanded. The used range is
// the rows and columns from the first to the last non-empty cell; merged ranges are cut
// to it, so that a range drawn over a whole column adds no rows.
func readSheet(file string, wb *excelize.File, zr *zip.Reader, sheet string) ([]Record, error) {
	fail := func(line, col int, format string, args ...any) ([]Record, error) {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
	}
	damaged := func(err error) ([]Record, error) {
		return fail(0, 0, "sheet %q is damaged and cannot be read (%s): open it in Excel and save it again", clip(sheet, 40), clip(err.Error(), 80))
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return damaged(err)
	}
	defer rows.Close()
	var (
		grid   [][]string // rows first..last; nil for a blank row
		first  int        // the first non-blank row
		width  int        // the used range's last column
		budget = maxCells
	)
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return damaged(err)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		if first == 0 {
			first = line
		}
		if line-first+1 > MaxRows {
			return fail(line, 0, "sheet %q has more than %d rows (from row %d on): split the table into several consultations", clip(sheet, 40), MaxRows, first)
		}
		if budget -= len(cells); budget < 0 {
			return fail(line, 0, "sheet %q has more than %d cells up to its last non-empty column: delete the columns beyond the table", clip(sheet, 40), maxCells)
		}
		for i, c := range cells {
			if len(c) > MaxCellBytes {
				return fail(line, i+1, "cell %s is %d bytes; the limit is %d", cellName(i+1, line), len(c), MaxCellBytes)
			}
			if strings.IndexByte(c, '\r') >= 0 {
				cells[i] = strings.ReplaceAll(strings.ReplaceAll(c, "\r\n", "\n"), "\r", "\n")
			}
		}
		for len(grid) < line-first {
			grid = append(grid, nil)
		}
		grid = append(grid, cells)
		width = max(width, len(cells))
	}
	if err := rows.Error(); err != nil {
		return damaged(err)
	}
	if first == 0 {
		return nil, nil
	}
	merges, err := sheetMerges(zr, sheet)
	if err != nil {
		return damaged(err)
	}
	last := first + len(grid) - 1
	for _, m := range merges {
		if m.row1 < first || m.row1 > last || m.col1 > len(grid[m.row1-first]) {
			continue // the range's value is outside the used range, or empty
		}
		value := grid[m.row1-first][m.col1-1]
		r2, c2 := min(m.row2, last), min(m.col2, width)
		if value == "" || c2 < m.col1 {
			continue
		}
		if budget -= (r2 - m.row1 + 1) * (c2 - m.col1 + 1); budget < 0 {
			return fail(m.row1, m.col1, "sheet %q has more than %d cells once its merged ranges are filled in", clip(sheet, 40), maxCells)
		}
		for r := m.row1; r <= r2; r++ {
			row := grid[r-first]
			for len(row) < c2 {
				row = append(row, "")
			}
			for c := m.col1; c <= c2; c++ {
				row[c-1] = value
			}
			grid[r-first] = row
		}
	}
	var recs []Record
	for i, cells := range grid {
		if cells != nil {
			recs = append(recs, Record{Line: first + i, Cells: cells})
		}
	}
	return recs, nil
}

// cellName gives a cell's name as Excel shows it ("B12").
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return name
}

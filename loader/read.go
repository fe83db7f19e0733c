package loader

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/unicode/norm"
)

// Spec says how to read a table: its format (empty: detected from the content), what to
// read in a file of several tables, and the columns when the manifest names them.
type Spec struct {
	Format  string
	Read    ReadOptions
	Columns map[Field]string // field → header text; nil to recognise the header
	SplitBy string           // a header whose column splits the table (as a round column does)
}

// Table is a result table as read: the mapping chosen, its comment rows, and what was
// wrong, every count exact.
type Table struct {
	Format   string
	Mapping  *Mapping
	Rows     []Row
	Problems []*graph.Error // rows left out, each with its line and the reason
	Warnings []*graph.Error // rows read with a caveat (joined, numbered by position …)
	Counts   Counts
}

// Counts account for every record of a file: Preamble + 1 (the header) + HeaderRepeats
// + Blank + DataRows records, and DataRows = Comments + Headings + Joined + LeftOut.
type Counts struct {
	Preamble      int // rows above the header (a title, a summary table): not comments
	HeaderRepeats int // the header repeated at page breaks
	Blank         int // blank rows after the header
	DataRows      int // every other row after the header
	Comments      int // rows that are comments (len(Rows))
	Headings      int // group heading rows (kept on the rows below them)
	Joined        int // rows continuing the row above, joined to it
	LeftOut       int // rows that could not be read (len(Problems))
}

// Row is one comment row of a result table: where it is, its cells as read, and the
// cells of the mapped columns ("" when the table has no such column).
type Row struct {
	Line  int
	Page  int
	Cells []string // every cell, raw (decoded, not normalised)
	// Number is the 項番; when the table has no usable numbers (none, duplicates,
	// numbering that restarts per group, labels such as 1-2) it is the row's position
	// among the comments, and the printed number is kept in Attributes.
	Number                                                      int
	Submitter, SubmitterKind, Section, Comment, Response, Round string
	Heading                                                     string            // the group heading above the row ("" when none)
	Attributes                                                  []graph.Attribute // the extra columns' non-empty cells, by header
}

// maxPreamble bounds how many rows may stand above the header.
const maxPreamble = 30

// ReadTable reads a result table of any supported format and any ministry's columns.
// file is used only in messages.
//
// A broken file (unknown format or encoding, binary data, no header, an unterminated
// quote) is a fatal error: err is a *graph.Error with Code EINVALID and the line at
// fault, and no table is returned, so that nothing is loaded half-way. A row that cannot
// be read (a stray header, a wrong cell count, an oversized cell) is a problem: reported
// with its line and left out, and reading goes on. Rows read with a caveat are
// warnings. Blank rows and the header repeated at page breaks are skipped (and counted).
func ReadTable(file string, data []byte, spec Spec) (*Table, error) {
	if len(data) > MaxFileBytes {
		return nil, &graph.Error{Code: graph.EINVALID, File: file,
			Message: fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), MaxFileBytes)}
	}
	recs, format, err := readRecords(file, data, spec.Format, spec.Read)
	if err != nil {
		return nil, err
	}
	t := &Table{Format: format}
	r := &tableReader{file: file, t: t, delimited: format == FormatTSV || format == FormatCSV}
	start, err := r.header(recs, spec.Columns, spec.SplitBy)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs[start:] {
		if err := r.record(rec); err != nil {
			return nil, err
		}
	}
	r.firstGroupHeading()
	r.number()
	t.Counts.Comments, t.Counts.LeftOut = len(t.Rows), len(t.Problems)
	return t, nil
}

// tableReader holds the state of reading one table's records.
type tableReader struct {
	file      string
	t         *Table
	delimited bool     // TSV/CSV: a row's cell count is data, not structure
	keys      []string // the header's cells in headerKey form, to recognise its repeats
	heading   string   // the current group heading
	first     string   // the first group heading inside the table
	above     Record   // the row right above the header (a title, or the first group's heading)
}

func (r *tableReader) warn(line, col int, format string, args ...any) {
	r.t.Warnings = append(r.t.Warnings, &graph.Error{Code: graph.EINVALID, File: r.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

func (r *tableReader) problem(line, col int, format string, args ...any) {
	r.t.Problems = append(r.t.Problems, &graph.Error{Code: graph.EINVALID, File: r.file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// header finds the header row among the first rows and returns the index of the record
// after it. Rows above it are counted and reported as warnings.
func (r *tableReader) header(recs []Record, given map[Field]string, splitBy string) (int, error) {
	firstLine, seen := 0, 0
	var why string
	for i, rec := range recs {
		if isBlankRow(rec.Cells) {
			continue
		}
		if firstLine == 0 {
			firstLine = rec.Line
		}
		cells := trimTrailingEmpty(rec.Cells, 0)
		m, ok, missing := mapHeader(cells, given)
		if ok && splitBy != "" {
			ok, missing = m.splitBy(splitBy), fmt.Sprintf("no column %q to split by", splitBy)
		}
		if ok {
			m.Line = rec.Line
			r.t.Mapping, r.keys = m, headerKeys(cells)
			for _, p := range recs[:i] {
				if !isBlankRow(p.Cells) {
					r.above = p
					r.t.Counts.Preamble++
					r.warn(p.Line, 0, "above the header row (line %d), not a comment: %q", rec.Line, clip(strings.Join(strings.Fields(strings.Join(p.Cells, " ")), " "), 40))
				}
			}
			return i + 1, nil
		}
		if why == "" {
			why = missing
		}
		if seen++; seen == maxPreamble {
			break
		}
	}
	if firstLine == 0 {
		return 0, &graph.Error{Code: graph.EINVALID, File: r.file, Message: "empty file: no header row"}
	}
	msg := "no header row: none of the first rows names both a comment column (御意見, 意見の概要, 提出意見 …) and a response column (考え方, 回答, 対応 …)"
	if len(given) > 0 {
		msg = "no header row with the manifest's columns: " + why
	}
	return 0, &graph.Error{Code: graph.EINVALID, File: r.file, Line: firstLine,
		Message: msg + "; name the columns in the manifest (columns: comment: …, response: …)"}
}

// record reads one record after the header: a data row, a group heading, the rest of
// the row above, or something to skip or leave out.
func (r *tableReader) record(rec Record) error {
	cells, ok := r.dataCells(rec)
	if !ok {
		return nil
	}
	m := r.t.Mapping
	row := r.refill(Row{Line: rec.Line, Page: rec.Page, Cells: cells})
	if h, ok := headingOf(cells, m); ok {
		r.setHeading(h)
		return nil
	}
	if r.continues(rec, row, cells) {
		return nil
	}
	if isEmpty(row.Response) && len(r.t.Rows) > 0 {
		prev := r.t.Rows[len(r.t.Rows)-1]
		row.Response = prev.Response
		r.warn(rec.Line, m.Col(FieldResponse)+1, "empty response: the response of the row on line %d above is taken (a response cell merged over several comments)", prev.Line)
	}
	if isEmpty(row.Comment) {
		r.warn(rec.Line, m.Col(FieldComment)+1, "empty comment: the row is kept with no comment text")
	}
	row.Heading = r.heading
	if len(r.t.Rows) == MaxRows {
		return &graph.Error{Code: graph.EINVALID, File: r.file, Line: rec.Line,
			Message: fmt.Sprintf("more than %d rows: split the table into several consultations", MaxRows)}
	}
	r.t.Rows = append(r.t.Rows, row)
	return nil
}

// dataCells returns the cells of a data row, as many as the header's. Blank rows and
// repeats of the header are skipped and counted; a row with an oversized cell, a stray
// header or the wrong number of cells is a problem; a short row can be a group heading.
// ok is false for all of these.
func (r *tableReader) dataCells(rec Record) (cells []string, ok bool) {
	width := len(r.t.Mapping.Header)
	cells = trimTrailingEmpty(rec.Cells, width)
	if isBlankRow(cells) {
		r.t.Counts.Blank++
		return nil, false
	}
	if equalStrings(headerKeys(cells), r.keys) {
		r.t.Counts.HeaderRepeats++
		return nil, false
	}
	r.t.Counts.DataRows++
	if col, size := largestCell(cells); size > MaxCellBytes {
		r.problem(rec.Line, col, "cell %d is %d bytes; the limit is %d (is a closing quote missing?)", col, size, MaxCellBytes)
		return nil, false
	}
	if r.strayHeader(rec, cells) {
		return nil, false
	}
	return r.fitWidth(rec, cells)
}

// fitWidth pads a short row to the header's width. A row with more cells than the
// header, or (in TSV/CSV, where cell counts are data) too few to reach the comment and
// the response, is a problem; a short row that is a group heading sets the heading.
func (r *tableReader) fitWidth(rec Record, cells []string) ([]string, bool) {
	m := r.t.Mapping
	width := len(m.Header)
	if len(cells) > width {
		r.problem(rec.Line, 0, "wrong column count: expected %d, got %d (a cell with a tab, comma or line break must be quoted)", width, len(cells))
		return nil, false
	}
	if len(cells) < width {
		padded := append(append([]string(nil), cells...), make([]string, width-len(cells))...)
		if h, ok := headingOf(padded, m); ok {
			r.setHeading(h)
			return nil, false
		}
		if r.delimited && (len(cells) <= m.Col(FieldComment) || len(cells) <= m.Col(FieldResponse)) {
			r.problem(rec.Line, 0, "wrong column count: expected %d, got %d (a cell with a tab, comma or line break must be quoted)", width, len(cells))
			return nil, false
		}
		cells = append(cells, make([]string, width-len(cells))...)
	}
	return cells, true
}

// continues joins to the row above a row with no number that lacks the comment or the
// response: the rest of the row above, continued over a page break. It reports whether
// it did.
func (r *tableReader) continues(rec Record, row Row, cells []string) bool {
	m := r.t.Mapping
	numberCell := ""
	if c := m.Col(FieldNumber); c >= 0 {
		numberCell = strings.TrimSpace(cells[c])
	}
	prev := len(r.t.Rows) - 1
	if m.Col(FieldNumber) < 0 || numberCell != "" || prev < 0 || !(isEmpty(row.Comment) || isEmpty(row.Response)) {
		return false
	}
	p := &r.t.Rows[prev]
	for i, c := range cells {
		if !isEmpty(c) {
			p.Cells[i] = joinCell(p.Cells[i], c)
		}
	}
	*p = r.refill(*p)
	r.t.Counts.Joined++
	r.warn(rec.Line, 0, "no 項番 and no %s: joined to the row on line %d as its continuation", map[bool]string{true: "comment", false: "response"}[isEmpty(row.Comment)], p.Line)
	return true
}

// isEmpty reports whether a cell holds only white space.
func isEmpty(s string) bool { return strings.TrimSpace(s) == "" }

// setHeading starts a group: the rows below stand under heading h.
func (r *tableReader) setHeading(h string) {
	r.heading = h
	if r.first == "" {
		r.first = h
	}
	r.t.Counts.Headings++
}

// refill reads a row's mapped cells and attributes from its cells (again, after they
// changed).
func (r *tableReader) refill(row Row) Row {
	m := r.t.Mapping
	get := func(f Field) string {
		if c := m.Col(f); c >= 0 {
			return row.Cells[c]
		}
		return ""
	}
	row.Submitter, row.SubmitterKind, row.Section = get(FieldSubmitter), get(FieldSubmitterKind), get(FieldSection)
	row.Comment, row.Response, row.Round = get(FieldComment), get(FieldResponse), get(FieldRound)
	row.Attributes = nil
	for i, f := range m.Fields {
		if f == "" && strings.TrimSpace(row.Cells[i]) != "" {
			row.Attributes = append(row.Attributes, graph.Attribute{Name: attributeName(m.Header[i], i), Value: row.Cells[i]})
		}
	}
	return row
}

// firstGroupHeading reads the row right above the header as the heading of the first
// group when the table's groups are headed (a heading inside the table, repeated with
// the header for the next group, as in 「Ⅰ．当該意見を踏まえて内容を修正するもの」 …
// 「Ⅱ．その他の主な意見」) and that row is numbered the same way (Ⅰ. then Ⅱ., 1. then 2.):
// the first group's heading stands above the first header. Otherwise it stays what
// stands above a table, a title.
func (r *tableReader) firstGroupHeading() {
	cells := r.above.Cells
	if r.first == "" || len(cells) == 0 {
		return
	}
	h, ok := headingOf(cells, &Mapping{Header: cells})
	if !ok || enumeration(h) == "" || enumeration(h) != enumeration(r.first) {
		return
	}
	for i := range r.t.Rows {
		if r.t.Rows[i].Heading != "" {
			break
		}
		r.t.Rows[i].Heading = h
	}
	c := &r.t.Counts
	c.Preamble, c.DataRows, c.Headings = c.Preamble-1, c.DataRows+1, c.Headings+1
	for i, w := range r.t.Warnings {
		if w.Line == r.above.Line && strings.HasPrefix(w.Message, "above the header") {
			r.t.Warnings = append(r.t.Warnings[:i], r.t.Warnings[i+1:]...)
			break
		}
	}
}

// enumerationPatterns tell how a heading is numbered, on its NFKC form.
var enumerationPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"roman", regexp.MustCompile(`^[IVX]{1,5}\s*[.、)]`)},
	{"paren", regexp.MustCompile(`^\(\s*[0-9]{1,3}\s*\)`)},
	{"arabic", regexp.MustCompile(`^[0-9]{1,3}\s*[.、)]`)},
	{"dai", regexp.MustCompile(`^第\s*[0-9一二三四五六七八九十]{1,4}`)},
	{"kanji", regexp.MustCompile(`^[一二三四五六七八九十]{1,3}\s*[.、]`)},
}

// enumeration is the kind of numbering a heading starts with, "" when none.
func enumeration(h string) string {
	for _, p := range enumerationPatterns {
		if p.re.MatchString(h) {
			return p.kind
		}
	}
	return ""
}

// strayHeader reports a row that names columns like a header but is not the table's
// header repeated: it is left out, with where it differs.
func (r *tableReader) strayHeader(rec Record, cells []string) bool {
	m := r.t.Mapping
	first := guessField(cells[0])
	if first == "" || first != m.Fields[0] || !(first == FieldNumber || isColumnHeading(cells)) {
		return false
	}
	if _, err := parseNumber(cells[0]); err == nil {
		return false
	}
	got := fmt.Sprintf("it has %d columns, the header %d", len(cells), len(r.keys))
	col := 1
	for i, k := range headerKeys(cells) {
		if i < len(r.keys) && k != r.keys[i] {
			col, got = i+1, fmt.Sprintf("column %d is %q where the header on line %d has %q", i+1, clip(strings.TrimSpace(cells[i]), 40), m.Line, strings.TrimSpace(m.Header[i]))
			break
		}
	}
	r.problem(rec.Line, col, "stray header: a row naming the columns that is not the table's header (%s); the row is skipped", got)
	return true
}

// isColumnHeading reports whether every non-empty cell of a row names a field.
func isColumnHeading(cells []string) bool {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if guessField(c) == "" {
			return false
		}
		n++
	}
	return n >= 2
}

// headingOf recognises a group heading row inside the table (「当該意見を踏まえて内容を
// 修正するもの」, 「Ⅱ 第2章について」): one text and nothing else, written in the first
// column or across the whole row (a merged cell), with no number.
func headingOf(cells []string, m *Mapping) (string, bool) {
	text, n, filled := "", 0, 0
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		filled++
		if text == "" {
			text, n = c, i
		} else if c != text {
			return "", false
		}
	}
	if text == "" || (n != 0 && filled < len(m.Header)) {
		return "", false
	}
	if c := m.Col(FieldNumber); c >= 0 && filled < len(m.Header) {
		if _, err := parseNumber(cells[c]); err == nil {
			return "", false
		}
	}
	if filled == 1 && n == m.Col(FieldComment) {
		return "", false // a comment with nothing else is a row, not a heading
	}
	return NormalizeText(text), true
}

// number sets each row's Number, round by round when the table holds several: the
// table's 項番 when every row of the round has a distinct positive one, else the
// position among the round's comments, with the printed number kept.
func (r *tableReader) number() {
	var order []string
	groups := map[string][]int{}
	for i, row := range r.t.Rows {
		k := strings.TrimSpace(NormalizeText(row.Round))
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		r.numberGroup(groups[k])
	}
}

func (r *tableReader) numberGroup(idx []int) {
	m, rows := r.t.Mapping, r.t.Rows
	col := m.Col(FieldNumber)
	why := ""
	if col < 0 {
		why = "the table has no number column"
	}
	seen := map[int]int{}
	for _, i := range idx {
		if why != "" {
			break
		}
		n, err := parseNumber(rows[i].Cells[col])
		switch {
		case err != nil:
			why = fmt.Sprintf("line %d: %v", rows[i].Line, err)
		case seen[n] != 0:
			why = fmt.Sprintf("項番 %d is on line %d and on line %d (numbering restarts, or a duplicate)", n, seen[n], rows[i].Line)
		default:
			seen[n] = rows[i].Line
			rows[i].Number = n
		}
	}
	if why == "" {
		return
	}
	for pos, i := range idx {
		rows[i].Number = pos + 1
		if col >= 0 && strings.TrimSpace(rows[i].Cells[col]) != "" {
			a := graph.Attribute{Name: attributeName(m.Header[col], col), Value: strings.TrimSpace(rows[i].Cells[col])}
			rows[i].Attributes = append([]graph.Attribute{a}, rows[i].Attributes...)
		}
	}
	if col >= 0 && len(idx) > 0 {
		r.warn(rows[idx[0]].Line, col+1, "comments are numbered by their position in the table (1 to %d) because %s; the printed numbers are kept as the attribute %q", len(idx), why, attributeName(m.Header[col], col))
	}
}

// attributeName is the name an extra column's cells are kept under: its header, or
// "column N" when the header cell is empty.
func attributeName(header string, col int) string {
	if h := NormalizeText(header); h != "" {
		return strings.Join(strings.Fields(h), " ")
	}
	return fmt.Sprintf("column %d", col+1)
}

// joinCell appends the continuation of a cell.
func joinCell(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	return a + "\n" + b
}

// parseNumber reads a 項番: a positive integer, full-width digits allowed, "No." before
// it allowed.
func parseNumber(cell string) (int, error) {
	s := strings.TrimSpace(norm.NFKC.String(cell))
	if s == "" {
		return 0, fmt.Errorf("empty 項番")
	}
	if l := strings.ToLower(s); strings.HasPrefix(l, "no.") {
		s = strings.TrimSpace(s[3:])
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("項番 %q is not a positive integer", strings.TrimSpace(cell))
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 1_000_000_000 {
		return 0, fmt.Errorf("項番 %q is not a positive integer (1 to 1000000000)", strings.TrimSpace(cell))
	}
	return n, nil
}

// headerKey is the form header cells are compared in: NFKC, no whitespace or stray BOM,
// ご as 御.
func headerKey(cell string) string {
	s := norm.NFKC.String(strings.ReplaceAll(cell, "\ufeff", ""))
	s = strings.Join(strings.Fields(s), "")
	return strings.ReplaceAll(s, "ご意見", "御意見")
}

func headerKeys(cells []string) []string {
	keys := make([]string, len(cells))
	for i, c := range cells {
		keys[i] = headerKey(c)
	}
	return keys
}

// clip shortens s to at most n runes for messages.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isBlankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// trimTrailingEmpty drops empty cells after the first width: spreadsheets often export a
// trailing separator, and an empty cell carries no data that could be lost.
func trimTrailingEmpty(cells []string, width int) []string {
	for len(cells) > width && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// Bounds on what one table may hold, so that a broken or hostile file gives an error
// instead of exhausting memory. The largest real consultations have tens of thousands of
// rows and cells of a few tens of kilobytes.
const (
	MaxFileBytes = 512 << 20 // a whole table
	MaxRows      = 200_000   // data rows of one table
	MaxCellBytes = 1 << 20   // one cell
)

// largestCell returns the 1-based column and size of the largest cell.
func largestCell(cells []string) (col, size int) {
	for i, c := range cells {
		if len(c) > size {
			col, size = i+1, len(c)
		}
	}
	return col, size
}

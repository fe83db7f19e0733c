package loader

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// Columns of a result table, in the order the header must give them.
const (
	ColNumber    = iota // 項番
	ColSubmitter        // 意見提出者
	ColSection          // 該当箇所
	ColComment          // 御意見の詳細
	ColResponse         // 御意見に対する考え方
	NumColumns
)

// HeaderNames are the column names of a result table, as the ministries print them.
var HeaderNames = [NumColumns]string{"項番", "意見提出者", "該当箇所", "御意見の詳細", "御意見に対する考え方"}

// headerAliases are other names tables use for the same columns. They are compared after
// headerKey, so full-width forms, spaces and ご/御 do not matter.
var headerAliases = [NumColumns][]string{
	{"項番", "番号", "No", "No.", "通番"},
	{"意見提出者", "提出者", "御意見提出者"},
	{"該当箇所", "該当部分", "該当項目", "該当ページ"},
	{"御意見の詳細", "意見の詳細", "御意見", "意見", "御意見の概要", "意見の概要", "提出意見"},
	{"御意見に対する考え方", "意見に対する考え方", "考え方", "御意見に対する総務省の考え方"},
}

// Row is one data row of a result table: its 1-based starting line and its cells decoded to UTF-8 (raw, not normalised).
type Row struct {
	Line  int
	Cells []string
}

// Number returns the row's 項番. Rows returned by ReadTable always have a valid one; for
// any other row it returns 0 when the cell is not a positive integer.
func (r Row) Number() int {
	if len(r.Cells) <= ColNumber {
		return 0
	}
	n, err := parseNumber(r.Cells[ColNumber])
	if err != nil {
		return 0
	}
	return n
}

// Encodings and formats ReadTable recognises (what Detect reports).
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF8BOM = "utf-8-bom"
	EncodingUTF16   = "utf-16"
	EncodingCP932   = "shift_jis"
)

// ReadTable decodes and splits a result table. file is used only in messages.
//
// A broken file (unknown encoding, binary data, no header, an unterminated quote) is a
// fatal error: err is a *graph.Error with Code graph.EINVALID and the line at fault, and
// no rows are returned, so that nothing is loaded half-way. A broken row (wrong column
// count, bad or duplicate 項番, a stray header) is a problem: it is reported with its line
// and left out, and reading goes on, so that one run lists every problem of the file.
// Blank rows and the header repeated at every PDF page break are skipped silently.
func ReadTable(file string, data []byte) (rows []Row, problems []*graph.Error, err error) {
	if len(data) > MaxFileBytes {
		return nil, nil, &graph.Error{Code: graph.EINVALID, File: file,
			Message: fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), MaxFileBytes)}
	}
	text, _, err := decode(file, data)
	if err != nil {
		return nil, nil, err
	}
	sep, headerLine, err := detectSeparator(file, text)
	if err != nil {
		return nil, nil, err
	}
	sc := &scanner{s: text, line: 1, sep: sep}
	var header []string      // the header's cells in headerKey form, to recognise its repeats
	var headerCells []string // and as written, for messages
	seen := map[int]int{}
	problem := func(line, col int, format string, args ...any) {
		problems = append(problems, &graph.Error{Code: graph.EINVALID, File: file, Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	for !sc.done() {
		cells, line, err := sc.record()
		if err != nil {
			err.File = file
			return nil, nil, err
		}
		if isBlankRow(cells) {
			continue
		}
		cells = trimTrailingEmpty(cells)
		if col, size := largestCell(cells); size > MaxCellBytes {
			problem(line, col, "cell %d is %d bytes; the limit is %d (is a closing quote missing?)", col, size, MaxCellBytes)
			continue
		}
		if header == nil {
			headerLine = line
			if col, got := headerMismatch(cells); col != 0 {
				return nil, nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line, Column: col,
					Message: fmt.Sprintf("the first non-blank row must be the header %s; %s", strings.Join(HeaderNames[:], "/"), got)}
			}
			header, headerCells = headerKeys(cells), cells
			continue
		}
		if isHeaderLike(cells) {
			if equalStrings(headerKeys(cells), header) {
				continue // the header repeated at a page break
			}
			col, got := headerMismatch(cells)
			if col == 0 {
				// every cell names the right column, but not as the first header did
				for i, k := range headerKeys(cells) {
					if k != header[i] {
						col, got = i+1, fmt.Sprintf("column %d is %q where the header on line %d has %q", i+1, clip(strings.TrimSpace(cells[i]), 40), headerLine, strings.TrimSpace(headerCells[i]))
						break
					}
				}
			}
			problem(line, col, "stray header: a row starting with 項番 that is not the table's header (%s); the row is skipped", got)
			continue
		}
		if len(cells) < NumColumns && sc.done() && !strings.HasSuffix(text, "\n") {
			// A short last row with no line break after it: the file was cut off.
			return nil, nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line,
				Message: fmt.Sprintf("truncated file: the last row has %d of %d columns and no line break after it", len(cells), NumColumns)}
		}
		if len(cells) != NumColumns {
			problem(line, 0, "wrong column count: expected %d, got %d (a cell with a tab, comma or line break must be quoted)", NumColumns, len(cells))
			continue
		}
		n, perr := parseNumber(cells[ColNumber])
		if perr != nil {
			problem(line, ColNumber+1, "%s", perr.Error())
			continue
		}
		if first, dup := seen[n]; dup {
			problem(line, ColNumber+1, "duplicate 項番 %d: line %d has it already", n, first)
			continue
		}
		seen[n] = line
		if len(rows) == MaxRows {
			return nil, nil, &graph.Error{Code: graph.EINVALID, File: file, Line: line,
				Message: fmt.Sprintf("more than %d rows: split the table into several consultations", MaxRows)}
		}
		rows = append(rows, Row{Line: line, Cells: cells})
	}
	if header == nil {
		return nil, nil, &graph.Error{Code: graph.EINVALID, File: file, Line: headerLine, Message: "no header row 項番/意見提出者/該当箇所/御意見の詳細/御意見に対する考え方"}
	}
	return rows, problems, nil
}

// Detect reports the encoding and format ReadTable would read data with, or the fatal
// error it would give for them. The loader records them; `pcgraph check` shows them.
func Detect(file string, data []byte) (encoding, format string, err error) {
	text, encoding, err := decode(file, data)
	if err != nil {
		return "", "", err
	}
	sep, _, err := detectSeparator(file, text)
	if err != nil {
		return encoding, "", err
	}
	if sep == ',' {
		return encoding, FormatCSV, nil
	}
	return encoding, FormatTSV, nil
}

// parseNumber reads a 項番: a positive integer, full-width digits allowed.
func parseNumber(cell string) (int, error) {
	s := strings.TrimSpace(norm.NFKC.String(cell))
	if s == "" {
		return 0, fmt.Errorf("empty 項番: every row needs its number")
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

// isColumnName reports whether cell names column col.
func isColumnName(col int, cell string) bool {
	k := headerKey(cell)
	for _, a := range headerAliases[col] {
		if strings.EqualFold(k, headerKey(a)) {
			return true
		}
	}
	return false
}

// isHeaderLike reports whether a row looks like a header: its first cell names 項番.
func isHeaderLike(cells []string) bool { return len(cells) > 0 && isColumnName(ColNumber, cells[0]) }

// headerMismatch returns 0 when cells are a header, else the 1-based column that is not
// (column 1 when only the count is wrong) and a description of what was found.
func headerMismatch(cells []string) (col int, got string) {
	for i := 0; i < NumColumns && i < len(cells); i++ {
		if !isColumnName(i, cells[i]) {
			return i + 1, fmt.Sprintf("column %d is %q, want %q", i+1, clip(strings.TrimSpace(cells[i]), 40), HeaderNames[i])
		}
	}
	if len(cells) != NumColumns {
		return 1, fmt.Sprintf("it has %d columns, want %d", len(cells), NumColumns)
	}
	return 0, ""
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

// trimTrailingEmpty drops empty cells after the fifth: spreadsheets often export a
// trailing separator, and an empty cell carries no data that could be lost.
func trimTrailingEmpty(cells []string) []string {
	for len(cells) > NumColumns && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// ---- decoding ----

// decode turns the file's bytes into text with LF line ends. The encoding is detected
// from the bytes, never from the file name: a UTF-8 or UTF-16 BOM, else valid UTF-8, else
// Shift_JIS/CP932 when that decodes cleanly into plausible Japanese.
func decode(file string, data []byte) (text, encoding string, err error) {
	fail := func(line int, format string, args ...any) (string, string, error) {
		return "", "", &graph.Error{Code: graph.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fail(0, "empty file: no header row 項番/意見提出者/該当箇所/御意見の詳細/御意見に対する考え方")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fail(1, "this is a PDF, not a result table: export the table as TSV or CSV")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return fail(1, "this is a ZIP archive (an .xlsx or .docx file?), not a result table: export the table as TSV or CSV")
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return fail(1, "this is an Office binary file (.xls or .doc?), not a result table: export the table as TSV or CSV")
	}
	encoding = EncodingUTF8
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data, encoding = data[3:], EncodingUTF8BOM
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		// Excel's "Unicode text" export: UTF-16 with a BOM.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		b, derr := dec.Bytes(data)
		if derr != nil || len(data)%2 != 0 || bytes.ContainsRune(b, utf8.RuneError) {
			return fail(0, "unknown encoding: the file starts with a UTF-16 byte order mark but is not valid UTF-16")
		}
		data, encoding = b, EncodingUTF16
	}
	if off := binaryByte(data); off >= 0 {
		return fail(lineAt(data, off), "binary data: byte 0x%02x is not text (is the file a spreadsheet, a PDF, or UTF-16 without a byte order mark?)", data[off])
	}
	data = bytes.TrimRight(data, "\x1a") // a DOS end-of-file mark
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		if len(data)-off < utf8.UTFMax && utf8.Valid(data[:off]) && !utf8.FullRune(data[off:]) {
			return fail(lineAt(data, off), "truncated file: it ends inside a UTF-8 character")
		}
		b, derr := japanese.ShiftJIS.NewDecoder().Bytes(data)
		if derr != nil || !plausibleJapanese(b) {
			return fail(lineAt(data, off), "unknown encoding: not UTF-8 (invalid byte 0x%02x) and not Shift_JIS/CP932; save the table as UTF-8", data[off])
		}
		data, encoding = b, EncodingCP932
	}
	s := string(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n") // classic Mac line ends
	}
	return s, encoding, nil
}

// binaryByte returns the offset of the first byte that cannot occur in a text file (NUL
// and the C0 controls other than tab, LF, VT, FF, CR and SUB), or -1. SUB (0x1a) is
// allowed: it is a DOS end-of-file mark, and what converters (x/text among them) write for
// a character the target encoding lacks. Such bytes are never part of a multi-byte UTF-8
// or Shift_JIS character, so this works before the encoding is known.
func binaryByte(data []byte) int {
	for i, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1a {
			return i
		}
	}
	return -1
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(data []byte, off int) int { return 1 + bytes.Count(data[:off], []byte{'\n'}) }

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// plausibleJapanese reports whether text decoded from Shift_JIS looks like a Japanese
// document rather than bytes that merely happen to decode: no undecodable byte, some
// kana or kanji, and few of the characters random bytes produce (half-width katakana,
// private-use user-defined characters).
func plausibleJapanese(b []byte) bool {
	if bytes.ContainsRune(b, utf8.RuneError) {
		return false
	}
	var japanese, odd, nonASCII int
	for _, r := range string(b) {
		if r < utf8.RuneSelf {
			continue
		}
		nonASCII++
		switch {
		case r >= 0x3040 && r <= 0x30ff, r >= 0x4e00 && r <= 0x9fff:
			japanese++
		case r >= 0xff61 && r <= 0xff9f, r >= 0xe000 && r <= 0xf8ff:
			odd++
		}
	}
	return japanese > 0 && odd*5 <= nonASCII
}

// ---- splitting ----

// detectSeparator finds the first non-blank line (the header) and chooses tab or comma
// by which it has more of.
func detectSeparator(file, text string) (sep byte, line int, err error) {
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimFunc(l, func(r rune) bool { return r == ',' || gounicode.IsSpace(r) }) == "" {
			continue
		}
		tabs, commas := strings.Count(l, "\t"), strings.Count(l, ",")
		switch {
		case tabs >= commas && tabs > 0:
			return '\t', i + 1, nil
		case commas > 0:
			return ',', i + 1, nil
		}
		return 0, i + 1, &graph.Error{Code: graph.EINVALID, File: file, Line: i + 1,
			Message: fmt.Sprintf("the first non-blank row must be the header 項番/意見提出者/該当箇所/御意見の詳細/御意見に対する考え方, separated by tabs (TSV) or commas (CSV); got %q", clip(strings.TrimSpace(l), 40))}
	}
	return 0, 0, &graph.Error{Code: graph.EINVALID, File: file, Message: "empty file: no header row 項番/意見提出者/該当箇所/御意見の詳細/御意見に対する考え方"}
}

// scanner splits text into records of cells. One scanner reads both TSV and CSV (RFC
// 4180): a cell that starts with a double quote runs to the matching quote, may span lines
// and contains "" for a quote. A cell that starts with a quote but continues after the
// closing one (a TSV cell such as "NOTICE"について) is not a quoted cell and is read as
// written, like every other unquoted cell.
type scanner struct {
	s    string
	pos  int
	line int // line of s[pos]
	sep  byte
}

func (sc *scanner) done() bool { return sc.pos >= len(sc.s) }

// record reads one record and returns its cells and the line it starts on.
func (sc *scanner) record() (cells []string, line int, err *graph.Error) {
	line = sc.line
	for {
		cell, err := sc.cell()
		if err != nil {
			return nil, line, err
		}
		cells = append(cells, cell)
		if sc.pos >= len(sc.s) {
			return cells, line, nil
		}
		switch sc.s[sc.pos] {
		case sc.sep:
			sc.pos++
		case '\n':
			sc.pos++
			sc.line++
			return cells, line, nil
		}
	}
}

// cell reads one cell and leaves pos at the separator, newline or end that follows it.
func (sc *scanner) cell() (string, *graph.Error) {
	s := sc.s
	if sc.pos < len(s) && s[sc.pos] == '"' {
		var b strings.Builder
		i, lines := sc.pos+1, 0
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 {
				return "", &graph.Error{Code: graph.EINVALID, Line: sc.line,
					Message: fmt.Sprintf("truncated file: quoted cell opened at line %d is never closed", sc.line)}
			}
			b.WriteString(s[i : i+j])
			lines += strings.Count(s[i:i+j], "\n")
			i += j + 1
			if i < len(s) && s[i] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			break
		}
		k := i
		for k < len(s) && (s[k] == ' ' || s[k] == '\t' && sc.sep != '\t') {
			k++
		}
		if k == len(s) || s[k] == sc.sep || s[k] == '\n' {
			sc.pos, sc.line = k, sc.line+lines
			return b.String(), nil
		}
		// Not a quoted cell after all: read it as written, below.
	}
	end := sc.pos
	for end < len(s) && s[end] != sc.sep && s[end] != '\n' {
		end++
	}
	cell := s[sc.pos:end]
	sc.pos = end
	return cell, nil
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

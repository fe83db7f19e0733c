package loader

import (
	"bytes"
	"fmt"
	"strings"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Encodings the text reader recognises.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF8BOM = "utf-8-bom"
	EncodingUTF16   = "utf-16"
	EncodingCP932   = "shift_jis"
)

// readDelimited reads TSV or CSV text (the separator is detected from the first line
// that has one): the encoding is detected (UTF-8 with or without a BOM, UTF-16 with a
// BOM, Shift_JIS/CP932), line ends are normalised, and quoted cells may span lines.
func readDelimited(file string, data []byte, _ ReadOptions) ([]Record, error) {
	text, _, err := decode(file, data)
	if err != nil {
		return nil, err
	}
	sep, _, err := detectSeparator(file, text)
	if err != nil {
		return nil, err
	}
	sc := &scanner{s: text, line: 1, sep: sep}
	var recs []Record
	for !sc.done() {
		cells, line, err := sc.record()
		if err != nil {
			err.File = file
			return nil, err
		}
		recs = append(recs, Record{Line: line, Cells: cells})
	}
	if err := checkTruncated(file, text, recs); err != nil {
		return nil, err
	}
	return recs, nil
}

// checkTruncated refuses a file cut off in its last row: no line break at its end, and
// fewer cells in the last row than in the first row that has several (the header).
func checkTruncated(file, text string, recs []Record) error {
	if len(recs) < 2 || strings.HasSuffix(text, "\n") {
		return nil
	}
	last := recs[len(recs)-1]
	for _, r := range recs[:len(recs)-1] {
		if n := len(trimTrailingEmpty(r.Cells, 0)); n > 1 {
			if len(last.Cells) < n && !isBlankRow(last.Cells) {
				return &graph.Error{Code: graph.EINVALID, File: file, Line: last.Line,
					Message: fmt.Sprintf("truncated file: the last row has %d of %d columns and no line break after it", len(last.Cells), n)}
			}
			return nil
		}
	}
	return nil
}

// decode turns the file's bytes into text with LF line ends. The encoding is detected
// from the bytes, never from the file name: a UTF-8 or UTF-16 BOM, else valid UTF-8, else
// Shift_JIS/CP932 when that decodes cleanly into plausible Japanese.
func decode(file string, data []byte) (text, encoding string, err error) {
	fail := func(line int, format string, args ...any) (string, string, error) {
		return "", "", &graph.Error{Code: graph.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fail(0, "empty file: no header row")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fail(1, "this is a PDF, not delimited text: leave format out (or say format: pdf) to read it as a PDF")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return fail(1, "this is a ZIP archive (an .xlsx or .docx file?), not delimited text: leave format out (or say format: xlsx or docx)")
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

// firstInvalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
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

// detectSeparator chooses tab or comma by the first line that has either (a title line
// above the header has neither), by which it has more of.
func detectSeparator(file, text string) (sep byte, line int, err error) {
	first, nonBlank := 0, 0
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimFunc(l, func(r rune) bool { return r == ',' || gounicode.IsSpace(r) }) == "" {
			continue
		}
		if first == 0 {
			first = i + 1
		}
		tabs, commas := strings.Count(l, "\t"), strings.Count(l, ",")
		switch {
		case tabs >= commas && tabs > 0:
			return '\t', i + 1, nil
		case commas > 0:
			return ',', i + 1, nil
		}
		if nonBlank++; nonBlank == maxPreamble {
			break
		}
	}
	if first == 0 {
		return 0, 0, &graph.Error{Code: graph.EINVALID, File: file, Message: "empty file: no header row"}
	}
	return 0, first, &graph.Error{Code: graph.EINVALID, File: file, Line: first,
		Message: "no row with cells separated by tabs (TSV) or commas (CSV): is this a result table?"}
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

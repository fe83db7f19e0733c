package loader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

const realFile = "../data/mic-iot5g-security-2020/results.tsv"

// realTable returns the bundled result table (107 comments, TSV, UTF-8).
func realTable(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(realFile)
	if err != nil {
		t.Fatalf("reading the bundled table: %v", err)
	}
	return data
}

// mustRead reads a table that must have no fatal error and no problems.
func mustRead(t *testing.T, name string, data []byte) []Row {
	t.Helper()
	rows, problems, err := readRows(name, data)
	if err != nil {
		t.Fatalf("ReadTable(%s): unexpected error: %v", name, err)
	}
	for _, p := range problems {
		t.Errorf("ReadTable(%s): unexpected problem: %v", name, p)
	}
	return rows
}

const header = "項番\t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方"

func TestReadTableRealFile(t *testing.T) {
	data := realTable(t)
	rows := mustRead(t, "results.tsv", data)
	if len(rows) != 107 {
		t.Fatalf("got %d rows, want 107", len(rows))
	}
	// The naive reading of this file (no cell spans lines): every line whose first
	// field is a number is a row, and its fields are the cells.
	var want []Row
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 5 && f[0] != "項番" {
			want = append(want, Row{Line: i + 1, Cells: f})
		}
	}
	for i, r := range rows {
		t.Run(fmt.Sprint(i+1), func(t *testing.T) {
			if r.Number != i+1 {
				t.Errorf("row %d: Number() = %d, want %d", i, r.Number, i+1)
			}
			if r.Line != want[i].Line {
				t.Errorf("row %d: Line = %d, want %d", i+1, r.Line, want[i].Line)
			}
			if !reflect.DeepEqual(r.Cells, want[i].Cells) {
				t.Errorf("row %d: cells differ from the file:\n got %q\nwant %q", i+1, r.Cells, want[i].Cells)
			}
		})
	}
	// A few lines checked by eye against the file.
	for number, line := range map[int]int{1: 4, 6: 9, 7: 12, 74: 103, 75: 106, 106: 149, 107: 150} {
		if got := rows[number-1].Line; got != line {
			t.Errorf("項番 %d: Line = %d, want %d", number, got, line)
		}
	}
	if _, enc, err := decode("results.tsv", data); enc != EncodingUTF8 || err != nil {
		t.Errorf("decode = %q, %v; want utf-8, nil", enc, err)
	}
	if tab, err := ReadTable("results.tsv", data, Spec{}); err != nil || tab.Format != FormatTSV {
		t.Errorf("ReadTable format = %v, %v; want tsv", tab, err)
	}
}

// csvCell quotes a cell as RFC 4180 requires.
func csvCell(s string) string {
	if strings.ContainsAny(s, "\",\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// TestReadTableCSV converts the real file to CSV whose cells span lines (a line break
// between paragraphs, and a comma and a quote added to some cells), keeping the repeated
// headers and blank lines, and expects the same rows at the lines they now start on.
func TestReadTableCSV(t *testing.T) {
	tsvRows := mustRead(t, "results.tsv", realTable(t))
	var b strings.Builder
	line := 1
	write := func(cells []string) int {
		start := line
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(csvCell(c))
			line += strings.Count(c, "\n")
		}
		b.WriteString("\n")
		line++
		return start
	}
	b.WriteString("\n")
	line++
	hdr := strings.Split(header, "\t")
	write(hdr)
	var want []Row
	for i, r := range tsvRows {
		cells := make([]string, 5)
		for j, c := range r.Cells {
			cells[j] = strings.ReplaceAll(c, "</p> <p>", "</p>\n<p>")
		}
		if i%10 == 3 {
			cells[3] = `引用 "NOTICE", 以上` + "\n\n" + cells[3]
		}
		if i%8 == 7 {
			b.WriteString("\n")
			line++
			write(hdr)
		}
		want = append(want, Row{Line: write(cells), Cells: cells})
	}
	csv := strings.TrimSuffix(b.String(), "\n")
	rows := mustRead(t, "results.csv", []byte(csv))
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	spanning := 0
	for i := range rows {
		if rows[i].Line != want[i].Line || !reflect.DeepEqual(rows[i].Cells, want[i].Cells) {
			t.Errorf("row %d:\n got line %d %q\nwant line %d %q", i+1, rows[i].Line, rows[i].Cells, want[i].Line, want[i].Cells)
		}
		if strings.Contains(strings.Join(want[i].Cells, ""), "\n") {
			spanning++
		}
	}
	if spanning < 20 {
		t.Errorf("only %d rows have cells spanning lines: the test does not test that", spanning)
	}
	if tab, err := ReadTable("results.csv", []byte(csv), Spec{}); err != nil || tab.Format != FormatCSV {
		t.Errorf("ReadTable format = %v, %v; want csv", tab, err)
	}
}

// TestReadTableEncodings reads the real file re-encoded and with other line ends.
func TestReadTableEncodings(t *testing.T) {
	data := realTable(t)
	// CP932 cannot encode every character of the file (⇄, the em dash —), which the
	// encoder replaces by SUB (0x1a): compare with the UTF-8 text that survives the round
	// trip.
	enc := encoding.ReplaceUnsupported(japanese.ShiftJIS.NewEncoder())
	sjis, err := enc.Bytes(data)
	if err != nil {
		t.Fatalf("encoding to Shift_JIS: %v", err)
	}
	roundTrip, err := japanese.ShiftJIS.NewDecoder().Bytes(sjis)
	if err != nil {
		t.Fatalf("decoding Shift_JIS: %v", err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(data)
	if err != nil {
		t.Fatalf("encoding to UTF-16: %v", err)
	}
	tests := []struct {
		name     string
		data     []byte
		same     []byte // the UTF-8 file it must read like
		encoding string
	}{
		{"utf-8", data, data, EncodingUTF8},
		{"utf-8 with BOM", append([]byte("\xef\xbb\xbf"), data...), data, EncodingUTF8BOM},
		{"CRLF", bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), data, EncodingUTF8},
		{"CR", bytes.ReplaceAll(data, []byte("\n"), []byte("\r")), data, EncodingUTF8},
		{"BOM and CRLF", append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...), data, EncodingUTF8BOM},
		{"shift_jis (cp932)", sjis, roundTrip, EncodingCP932},
		{"shift_jis and CRLF", bytes.ReplaceAll(sjis, []byte("\n"), []byte("\r\n")), roundTrip, EncodingCP932},
		{"utf-16 with BOM", utf16, data, EncodingUTF16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := mustRead(t, "want", tt.same)
			got := mustRead(t, tt.name, tt.data)
			if len(got) != 107 {
				t.Fatalf("got %d rows, want 107", len(got))
			}
			if !reflect.DeepEqual(got, want) {
				for i := range got {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("row %d differs:\n got line %d %q\nwant line %d %q", i+1, got[i].Line, got[i].Cells, want[i].Line, want[i].Cells)
					}
				}
			}
			if _, e, err := decode(tt.name, tt.data); e != tt.encoding || err != nil {
				t.Errorf("Detect encoding = %q, %v; want %q", e, err, tt.encoding)
			}
		})
	}
	// The CP932 file must contain its Japanese, not mojibake.
	rows := mustRead(t, "sjis", sjis)
	if got := rows[41].Cells[2]; got != "Ⅲ(5)トラストサービスの制度化と普及促進" {
		t.Errorf("項番 42 section from Shift_JIS = %q", got)
	}
}

// TestReadTableFatal covers files that must not load at all.
func TestReadTableFatal(t *testing.T) {
	row := func(n int) string { return fmt.Sprintf("%d\t法人A(協会)\t—\t意見%d\t回答%d", n, n, n) }
	garbage := []byte(header + "\n" + row(1) + "\n")
	garbage = append(garbage, 0x89, 'P', 'N', 'G', 0x00, 0x01, 0xff, 0x00, '\n')
	tests := []struct {
		name string
		data string
		line int
		want string // a substring of the message
	}{
		{"empty", "", 0, "empty file"},
		{"blank lines only", "\n\n \t\n", 0, "empty file"},
		{"no header", "\n意見募集の結果\n" + row(1) + "\n" + row(2), 2, "no header row: none of the first rows names both a comment column"},
		{"header without a response column", "\n\n項番\t提出者\t該当箇所\t意見\t備考\n" + row(1), 3, "no header row"},
		{"truncated TSV", header + "\n" + row(1) + "\n2\t個人A\t—\t\"引用が\n続き\n", 3, "truncated file: quoted cell opened at line 3 is never closed"},
		{"truncated CSV", "項番,意見提出者,該当箇所,御意見の詳細,御意見に対する考え方\r\n1,個人A,—,\"一行目\r\n二行目\r\n\",回答\r\n2,個人B,—,\"未完", 5, "quoted cell opened at line 5 is never closed"},
		{"truncated in the last row", header + "\n" + row(1) + "\n2\t個人A\t—\t途中まで", 3, "truncated file: the last row has 4 of 5 columns"},
		{"truncated inside a character", header + "\n" + row(1) + "\n2\t個人A\t—\t途中\xe3\x81", 3, "truncated file: it ends inside a UTF-8 character"},
		{"truncated after escaped quote", header + "\n1\t個人A\t—\t\"a\"\"b\"\"\n\n", 2, "opened at line 2 is never closed"},
		{"NUL bytes", header + "\n" + row(1) + "\n" + row(2) + "\x00\x00\n", 3, "binary data: byte 0x00"},
		{"binary garbage", string(garbage), 3, "binary data"},
		{"unknown encoding", header + "\n" + row(1) + "\n" + row(2) + "\xff\xfe\x80\x80\n", 3, "unknown encoding: not UTF-8 (invalid byte 0xff)"},
		{"latin-1", "項番\tcomment\n1\tcaf\xe9 cr\xe8me\n", 2, "unknown encoding"},
		{"shift_jis that is not japanese", "\xb1\xb2\xb3\xb4\t\xb5\xb6\xb7\n", 1, "unknown encoding"},
		{"xlsx", "PK\x03\x04\x14\x00", 1, "broken ZIP archive"},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 1, "Office binary file"},
		{"bad utf-16", "\xff\xfe\x00\xd8", 0, "not valid UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := readRows("t.tsv", []byte(tt.data))
			if err == nil {
				t.Fatalf("ReadTable succeeded with %d rows and %d problems, want an error containing %q", len(rows), len(problems), tt.want)
			}
			if rows != nil || problems != nil {
				t.Errorf("ReadTable returned %d rows and %d problems with its error; a broken file must load nothing", len(rows), len(problems))
			}
			var e *graph.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *graph.Error", err, err)
			}
			if e.Code != graph.EINVALID || e.File != "t.tsv" || e.Line != tt.line {
				t.Errorf("error = {Code %q File %q Line %d}, want {invalid t.tsv %d} (%v)", e.Code, e.File, e.Line, tt.line, err)
			}
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("error message %q does not contain %q", e.Message, tt.want)
			}
		})
	}
}

// TestReadTableProblems covers rows that are reported and skipped while the rest loads.
func TestReadTableProblems(t *testing.T) {
	type problem struct {
		line, column int
		want         string
	}
	row := func(n string) string { return n + "\t法人A(協会)\t—\t意見\t回答" }
	tests := []struct {
		name     string
		data     string
		numbers  []int // the rows returned
		problems []problem
	}{
		{"wrong column count", header + "\n" + row("1") + "\n2\t個人A\t—\t意見だけ\n" + row("3"),
			[]int{1, 3}, []problem{{3, 0, "wrong column count: expected 5, got 4"}}},
		{"too many columns", header + "\n" + row("1") + "\textra",
			nil, []problem{{2, 0, "expected 5, got 6"}}},
		{"trailing empty cells are fine", header + "\t\n" + row("1") + "\t\t\n" + row("2"),
			[]int{1, 2}, nil},
		{"stray header", header + "\n" + row("1") + "\n\n項番\t意見提出者\t該当箇所\t御意見\t回答\n\n" + row("2"),
			[]int{1, 2}, []problem{{4, 4, "stray header"}}},
		{"stray header with few cells", header + "\n" + row("1") + "\n項番\n" + row("2"),
			[]int{1, 2}, []problem{{3, 1, "stray header"}}},
		{"header repeated with other names", header + "\n" + row("1") + "\n番号\t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方\n" + row("2"),
			[]int{1, 2}, []problem{{3, 1, `column 1 is "番号" where the header on line 1 has "項番"`}}},
		{"repeated header in full-width and spaced is a repeat", header + "\n" + row("1") + "\n項番 \t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方\n" + row("2"),
			[]int{1, 2}, nil},
		// A row without a number but with its comment and response is a comment: the
		// rows are then numbered by position, nothing is left out.
		{"empty 項番", header + "\n" + row("1") + "\n" + row(" ") + "\n" + row("3"),
			[]int{1, 2, 3}, nil},
		{"項番 not a number", header + "\n" + row("1a") + "\n" + row("-2") + "\n" + row("0") + "\n" + row("2.5"),
			[]int{1, 2, 3, 4}, nil},
		{"full-width 項番", header + "\n" + row("１２") + "\n" + row(" 13 "),
			[]int{12, 13}, nil},
		{"duplicate 項番", header + "\n" + row("1") + "\n" + row("2") + "\n\n" + header + "\n" + row("２"),
			[]int{1, 2, 3}, nil},
		{"several problems", header + "\n" + row("1") + "\n" + row("1") + "\n" + row("") + "\n2\tx\n",
			[]int{1, 2, 3}, []problem{{5, 0, "got 2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := readRows("t.tsv", []byte(tt.data))
			if err != nil {
				t.Fatalf("ReadTable: unexpected fatal error: %v", err)
			}
			var numbers []int
			for _, r := range rows {
				numbers = append(numbers, r.Number)
			}
			if !reflect.DeepEqual(numbers, tt.numbers) {
				t.Errorf("rows = %v, want %v", numbers, tt.numbers)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("got %d problems %v, want %d", len(problems), problems, len(tt.problems))
			}
			for i, p := range problems {
				w := tt.problems[i]
				if p.Code != graph.EINVALID || p.File != "t.tsv" || p.Line != w.line || p.Column != w.column {
					t.Errorf("problem %d = %v {Code %q Line %d Column %d}, want line %d column %d", i, p, p.Code, p.Line, p.Column, w.line, w.column)
				}
				if !strings.Contains(p.Message, w.want) {
					t.Errorf("problem %d message %q does not contain %q", i, p.Message, w.want)
				}
			}
		})
	}
}

// TestReadTableCells covers how cells are split and unquoted.
func TestReadTableCells(t *testing.T) {
	csvHeader := "項番,意見提出者,該当箇所,御意見の詳細,御意見に対する考え方\n"
	tests := []struct {
		name  string
		data  string
		cells []string
		line  int
	}{
		{"plain TSV", header + "\n1\t個人A\t—\t意見\t回答", []string{"1", "個人A", "—", "意見", "回答"}, 2},
		{"TSV quoted cell spanning lines", header + "\n1\t個人A\t—\t\"一行目\n\n三行目\"\t回答", []string{"1", "個人A", "—", "一行目\n\n三行目", "回答"}, 2},
		{"TSV quoted cell with escaped quote and tab", header + "\n1\t個人A\t—\t\"a\"\"b\tc\"\t回答", []string{"1", "個人A", "—", "a\"b\tc", "回答"}, 2},
		{"TSV cell that starts with a quote but is not quoted", header + "\n1\t個人A\t—\t\"NOTICE\"について\t回答", []string{"1", "個人A", "—", "\"NOTICE\"について", "回答"}, 2},
		{"TSV quote inside a cell", header + "\n1\t個人A\t—\t<ul style=\"x\">\t回答", []string{"1", "個人A", "—", "<ul style=\"x\">", "回答"}, 2},
		{"TSV CRLF inside a quoted cell", header + "\r\n1\t個人A\t—\t\"a\r\nb\"\t回答\r\n", []string{"1", "個人A", "—", "a\nb", "回答"}, 2},
		{"CSV quoted", csvHeader + `1,"個人A","—","a, ""b""",回答`, []string{"1", "個人A", "—", `a, "b"`, "回答"}, 2},
		{"CSV empty quoted cell", csvHeader + `1,個人A,"",意見,""`, []string{"1", "個人A", "", "意見", ""}, 2},
		{"CSV space after closing quote", csvHeader + `1,個人A,"—" ,意見,回答`, []string{"1", "個人A", "—", "意見", "回答"}, 2},
		{"CSV multi-line cell then next row", csvHeader + "1,個人A,—,\"a\nb\nc\",回答\n2,個人B,—,x,y", []string{"2", "個人B", "—", "x", "y"}, 5},
		{"line of the second row after a repeated header", header + "\n\n1\t個人A\t—\t意見\t回答\n\n" + header + "\n\n2\t個人B\t—\t意見\t回答", []string{"2", "個人B", "—", "意見", "回答"}, 7},
		{"DOS EOF mark", header + "\n1\t個人A\t—\t意見\t回答\n\x1a", []string{"1", "個人A", "—", "意見", "回答"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := mustRead(t, "t", []byte(tt.data))
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
			last := rows[len(rows)-1]
			if !reflect.DeepEqual(last.Cells, tt.cells) || last.Line != tt.line {
				t.Errorf("last row = line %d %q, want line %d %q", last.Line, last.Cells, tt.line, tt.cells)
			}
		})
	}
}

// readRows reads a table with no manifest and returns its comment rows and problems.
func readRows(name string, data []byte) ([]Row, []*graph.Error, error) {
	t, err := ReadTable(name, data, Spec{})
	if err != nil {
		return nil, nil, err
	}
	return t.Rows, t.Problems, nil
}

package loader

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The format fixtures under testdata/formats are the bundled table as a ministry would
// publish it in other formats. Tests build them from the TSV; a plain run checks that
// the checked-in files hold what the builders make, and
//
//	go test ./loader -run 'Fixture' -update
//
// rewrites them.

// fixtureTitle is the title ministries print above the table.
const fixtureTitle = "「IoT・5Gセキュリティ総合対策2020(案)」に対する意見募集の結果"

// fixtureTime is the modification time of every entry of a fixture ZIP, so that the
// fixtures are the same bytes on every run.
var fixtureTime = time.Date(2020, 7, 7, 0, 0, 0, 0, time.UTC)

// bundledRecords returns the comments of the bundled table as readDelimited gives them:
// 107 records, header repeats and blank lines left out.
func bundledRecords(t testing.TB) []Record {
	t.Helper()
	recs, err := readDelimited(realFile, realTable(t), ReadOptions{})
	if err != nil {
		t.Fatalf("readDelimited(%s): %v", realFile, err)
	}
	data := dataRecords(recs)
	if len(data) != 107 {
		t.Fatalf("readDelimited(%s): %d data records, want 107", realFile, len(data))
	}
	return data
}

// dataRecords leaves out what is not a comment: records above the first header (a
// title), blank records, and records whose first cell is 項番 (the header and its
// repeats).
func dataRecords(recs []Record) []Record {
	var out []Record
	seenHeader := false
	for _, r := range recs {
		isHeader := len(r.Cells) > 0 && headerKey(r.Cells[0]) == "項番"
		seenHeader = seenHeader || isHeader
		if !seenHeader || isHeader || isBlankRow(r.Cells) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// checkSameCells fails unless got and want have the same number of records and their
// five cells are the same text (HTMLToText) one by one.
func checkSameCells(t *testing.T, got, want []Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d data records, want %d", len(got), len(want))
	}
	bad := 0
	for i := range want {
		if len(got[i].Cells) != NumColumns {
			t.Errorf("record at line %d has %d cells, want %d: %q", got[i].Line, len(got[i].Cells), NumColumns, got[i].Cells)
			bad++
			continue
		}
		for c := range NumColumns {
			g, w := HTMLToText(got[i].Cells[c]), HTMLToText(want[i].Cells[c])
			if g != w {
				t.Errorf("record at line %d (TSV line %d), column %d (%s):\ngot  %q\nwant %q", got[i].Line, want[i].Line, c+1, HeaderNames[c], clip(g, 200), clip(w, 200))
				bad++
			}
		}
		if bad > 10 {
			t.Fatalf("too many differences")
		}
	}
}

// zipPart is one entry of a ZIP package.
type zipPart struct {
	Name string
	Data []byte
}

// writeZip packs parts in their order, deflated, every entry dated fixtureTime.
func writeZip(t testing.TB, parts []zipPart) []byte {
	t.Helper()
	return writeZipMethod(t, zip.Deflate, parts)
}

// writeZipMethod packs parts with a compression method (zip.Store or zip.Deflate).
func writeZipMethod(t testing.TB, method uint16, parts []zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: method, Modified: fixtureTime})
		if err != nil {
			t.Fatalf("zip %s: %v", p.Name, err)
		}
		if _, err := w.Write(p.Data); err != nil {
			t.Fatalf("zip %s: %v", p.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("zip: %v", err)
	}
	return buf.Bytes()
}

// readZip unpacks every entry of a ZIP, in order.
func readZip(t testing.TB, data []byte) []zipPart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("unzip: %v", err)
	}
	var parts []zipPart
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("unzip %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("unzip %s: %v", f.Name, err)
		}
		parts = append(parts, zipPart{f.Name, b})
	}
	return parts
}

// checkFixture writes data to path under -update; otherwise it fails unless the file
// holds the same ZIP entries, in the same order, with the same content (the compressed
// bytes could change with Go's deflate, the content may not).
func checkFixture(t *testing.T, path string, data []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./loader -run Fixture -update)", err)
	}
	if bytes.Equal(old, data) {
		return
	}
	got, want := readZip(t, old), readZip(t, data)
	if len(got) != len(want) {
		t.Fatalf("%s has %d entries, the builder makes %d (run go test ./loader -run Fixture -update)", path, len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s: entry %d is %s (%d bytes), the builder makes %s (%d bytes) (run go test ./loader -run Fixture -update)",
				path, i+1, got[i].Name, len(got[i].Data), want[i].Name, len(want[i].Data))
		}
	}
}

// fixture reads a checked-in fixture.
func fixture(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./loader -run Fixture -update)", err)
	}
	return data
}

// showRecords formats records for a failure message: line, then the quoted cells.
func showRecords(recs []Record) string {
	var b strings.Builder
	for i, r := range recs {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d:%q", r.Line, r.Cells)
	}
	return "[" + b.String() + "]"
}

// The bundled table's layout, which the format fixtures reproduce.
const (
	ColNumber    = iota // 項番
	ColSubmitter        // 意見提出者
	ColSection          // 該当箇所
	ColComment          // 御意見の詳細
	ColResponse         // 御意見に対する考え方
	NumColumns
)

// HeaderNames are the bundled table's header cells.
var HeaderNames = [NumColumns]string{"項番", "意見提出者", "該当箇所", "御意見の詳細", "御意見に対する考え方"}

// publishedText is a TSV cell as a ministry's XLSX, DOCX or PDF would print it: the
// markup gone (paragraphs and list items as paragraphs, <br> as a line break, entities
// decoded) but every character as written — Ⅲ(2)③ stays Ⅲ(2)③, full-width stays
// full-width — so that reading the fixture goes through the same normalisation as the
// TSV. (HTMLToText would also apply NFKC, which the loader must do itself.)
func publishedText(cell string) string {
	if !IsHTML(cell) {
		return cell
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(cell))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			out := strings.TrimSpace(b.String())
			for strings.Contains(out, "\n\n\n") {
				out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
			}
			return out
		case html.TextToken:
			b.WriteString(strings.NewReplacer("\r\n", " ", "\n", " ").Replace(string(z.Text())))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br":
				b.WriteString("\n")
			case "li":
				b.WriteString("\n\n")
				if tt == html.StartTagToken {
					b.WriteString("・")
				}
			case "p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "blockquote":
				b.WriteString("\n\n")
			}
		}
	}
}

func TestPublishedText(t *testing.T) {
	for _, r := range bundledRecords(t) {
		for c, cell := range r.Cells {
			if got, want := NormalizeText(publishedText(cell)), HTMLToText(cell); got != want {
				t.Errorf("line %d column %d: NormalizeText(publishedText) = %q, HTMLToText = %q", r.Line, c+1, clip(got, 80), clip(want, 80))
			}
		}
	}
}

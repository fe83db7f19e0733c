package loader

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
)

// The fuzzers run their seeds as ordinary tests under `go test`; to explore, e.g.:
//
//	go test ./loader -run XXX -fuzz FuzzReadTable -fuzztime 10s

func FuzzReadTable(f *testing.F) {
	f.Add(realTable(f))
	f.Add([]byte("項番,意見提出者,該当箇所,御意見の詳細,御意見に対する考え方\r\n1,法人A(協会),—,\"一行目\r\n二行目 \"\"引用\"\"\",回答\r\n2,個人B,Ⅲ(5),x,y"))
	f.Add([]byte(header + "\n1\t個人A\t—\t\"未完の引用\n"))
	f.Add([]byte(header + "\n1\t個人A\t—\t意見\n1\t個人B\t—\t意見\t回答\n項番\tx\n\t\t\t\t\n１\tx\ty\tz\tw"))
	f.Add([]byte("\xef\xbb\xbf" + header + "\r\n1\t個人A\t—\t意見\t回答\r\n"))
	f.Add([]byte("\x8d\x80\x94\xd4\t\x88\xd3\x8c\xa9\n1\t\x8c\xc2\x90l\n")) // Shift_JIS
	f.Add([]byte("\xff\xfe\x05\x98\x6a\x75\x09\x00"))                       // UTF-16LE
	f.Add([]byte{0x00, 0xff, 0x80, '\n', '"'})
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadTable("f", data, Spec{})
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Code != graph.EINVALID {
				t.Fatalf("error %v is not an invalid *graph.Error", err)
			}
			if tab != nil {
				t.Fatalf("fatal error %v came with a table", err)
			}
			return
		}
		rows, problems := tab.Rows, tab.Problems
		c := tab.Counts
		if c.DataRows != c.Comments+c.Headings+c.Joined+c.LeftOut || c.Comments != len(rows) || c.LeftOut != len(problems) {
			t.Fatalf("counts do not add up: %+v with %d rows and %d problems", c, len(rows), len(problems))
		}
		seen := map[int]bool{}
		last := 0
		for _, r := range rows {
			if len(r.Cells) != len(tab.Mapping.Header) {
				t.Fatalf("row at line %d has %d cells, the header %d", r.Line, len(r.Cells), len(tab.Mapping.Header))
			}
			n := r.Number
			if n <= 0 || seen[n] {
				t.Fatalf("row at line %d has number %d, invalid or seen before", r.Line, n)
			}
			seen[n] = true
			if r.Line <= last {
				t.Fatalf("row at line %d follows a row at line %d", r.Line, last)
			}
			last = r.Line
			for _, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("row at line %d has a cell that is not UTF-8: %q", r.Line, c)
				}
			}
		}
		for _, p := range problems {
			if p.Code != graph.EINVALID || p.Line <= 0 || p.File != "f" {
				t.Fatalf("problem %+v lacks its code, file or line", p)
			}
		}
	})
}

func FuzzHTMLToText(f *testing.F) {
	f.Add("<p>一つ目。</p> <p>二つ目。</p>")
	f.Add(`<ul style="list-style-type: none"><li>a<li>b</ul><br>C&amp;C &#x2460;`)
	f.Add("<script>x</script><pre>a\nb</pre><!-- c -->")
	f.Add("C&Cサーバ a<b")
	f.Add(strings.Repeat("<div><li>", 100) + "x")
	f.Fuzz(func(t *testing.T, in string) {
		out := HTMLToText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("HTMLToText(%q) = %q is not UTF-8", in, out)
		}
		if strings.Contains(out, "\n\n\n") || out != strings.TrimSpace(out) {
			t.Fatalf("HTMLToText(%q) = %q has more than one blank line or outer space", in, out)
		}
		if NormalizeText(out) != out {
			t.Fatalf("HTMLToText(%q) = %q is not normalised: NormalizeText gives %q", in, out, NormalizeText(out))
		}
	})
}

func FuzzParsePageRefs(f *testing.F) {
	for _, s := range []string{"p22", "P.36", "25ページの3～4行目", "27P 31P", "P2P 3GPP 5G", "９頁", "p9999 p10000", "pp. 3 - 4行"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		seen := map[int]bool{}
		for _, r := range ParsePageRefs(text) {
			if r.Page <= 0 || r.Page > 9999 || seen[r.Page] {
				t.Fatalf("ParsePageRefs(%q): page %d out of range or repeated", text, r.Page)
			}
			seen[r.Page] = true
			if r.Surface == "" || !strings.Contains(text, r.Surface) {
				t.Fatalf("ParsePageRefs(%q): surface %q is not in the text", text, r.Surface)
			}
		}
	})
}

func FuzzParseSection(f *testing.F) {
	for _, s := range []string{"Ⅲ(5)トラストサービスの制度化と普及促進", "IV(1)研究開発の推進", "—", "その他", "Ⅳ-(1)-⑥", "Ⅲ(2)③x", "I(1)IoT", "XXXIX(99)", "Ⅲ(2)-5G"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		chain, id, err := ParseSection("s", cell)
		if err != nil {
			if chain != nil || id != "" || graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("ParseSection(%q) = %v, %q with error %v", cell, chain, id, err)
			}
		} else if len(chain) == 0 {
			if id != "" {
				t.Fatalf("ParseSection(%q): id %q without a chain", cell, id)
			}
		} else {
			checkChain(t, cell, chain)
			if id != chain[len(chain)-1].ID {
				t.Fatalf("ParseSection(%q): id %q is not the last of the chain", cell, id)
			}
		}
		refs, sections := ParseSectionRefs("s", cell)
		ids := map[string]bool{}
		for _, s := range sections {
			if ids[s.ID] {
				t.Fatalf("ParseSectionRefs(%q): section %s twice", cell, s.ID)
			}
			ids[s.ID] = true
			if s.Parent != "" && !ids[s.Parent] {
				t.Fatalf("ParseSectionRefs(%q): section %s comes before its parent %s", cell, s.ID, s.Parent)
			}
		}
		for _, r := range refs {
			if !ids[r.Section] || !strings.Contains(cell, r.Surface) {
				t.Fatalf("ParseSectionRefs(%q): ref %+v has no section or surface", cell, r)
			}
		}
	})
}

// checkChain asserts that a chain runs from a chapter down, each linked to the previous.
func checkChain(t *testing.T, cell string, chain []graph.Section) {
	t.Helper()
	for i, s := range chain {
		if s.ID != graph.SectionID("s", s.Code) || s.Code == "" {
			t.Fatalf("ParseSection(%q): section %+v has a bad ID or code", cell, s)
		}
		if i == 0 && s.Parent != "" || i > 0 && s.Parent != chain[i-1].ID {
			t.Fatalf("ParseSection(%q): section %d has parent %q", cell, i, s.Parent)
		}
		if s.Code != "OTHER" && !strings.HasPrefix(s.Code, s.Chapter) {
			t.Fatalf("ParseSection(%q): code %q not in chapter %q", cell, s.Code, s.Chapter)
		}
	}
}

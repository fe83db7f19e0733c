package loader

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// sec builds the expected section with code, parent code and title.
func sec(code, parent, title string) graph.Section {
	s := graph.Section{ID: "section/s/" + code, Consultation: "consultation/s", Code: code, Title: title}
	if code != "OTHER" {
		s.Chapter, _, _ = strings.Cut(code, "-")
	}
	if parent != "" {
		s.Parent = "section/s/" + parent
	}
	return s
}

func TestParseSection(t *testing.T) {
	trust := []graph.Section{sec("III", "", ""), sec("III-5", "III", "トラストサービスの制度化と普及促進")}
	research := []graph.Section{sec("IV", "", ""), sec("IV-1", "IV", "研究開発の推進")}
	tests := []struct {
		name    string
		cell    string
		want    []graph.Section
		wantErr string
	}{
		{name: "unicode numeral", cell: "Ⅲ(5)トラストサービスの制度化と普及促進", want: trust},
		{name: "ascii numeral", cell: "III(5)トラストサービスの制度化と普及促進", want: trust},
		{name: "full-width parentheses and digit", cell: "Ⅲ（５）トラストサービスの制度化と普及促進", want: trust},
		{name: "space before title", cell: " Ⅲ(5) トラストサービスの制度化と普及促進 ", want: trust},
		{name: "dash between numeral and number", cell: "Ⅲ-(5)トラストサービスの制度化と普及促進", want: trust},
		{name: "Ⅳ U+2163", cell: "Ⅳ(1)研究開発の推進", want: research},
		{name: "IV ascii is the same section", cell: "IV(1)研究開発の推進", want: research},
		{name: "lower-case unicode numeral", cell: "ⅳ(1)研究開発の推進", want: research},
		{name: "ascii I before IoT", cell: "I(1)IoT・5Gセキュリティ総合対策以降の状況変化と改定", want: []graph.Section{sec("I", "", ""), sec("I-1", "I", "IoT・5Gセキュリティ総合対策以降の状況変化と改定")}},
		{name: "two-digit section", cell: "Ⅲ(10)電気通信事業者による高度かつ機動的なサイバー攻撃対策の実現", want: []graph.Section{sec("III", "", ""), sec("III-10", "III", "電気通信事業者による高度かつ機動的なサイバー攻撃対策の実現")}},
		{name: "item", cell: "Ⅲ(2)③セキュリティ対策の実装の促進", want: []graph.Section{sec("III", "", ""), sec("III-2", "III", ""), sec("III-2-3", "III-2", "セキュリティ対策の実装の促進")}},
		{name: "item after dash", cell: "Ⅳ-(1)-⑥量子暗号", want: []graph.Section{sec("IV", "", ""), sec("IV-1", "IV", ""), sec("IV-1-6", "IV-1", "量子暗号")}},
		{name: "digits after a dash are the title", cell: "Ⅲ(2)-5Gの対策", want: []graph.Section{sec("III", "", ""), sec("III-2", "III", "5Gの対策")}},
		{name: "section without title", cell: "Ⅲ(5)", want: []graph.Section{sec("III", "", ""), sec("III-5", "III", "")}},
		{name: "chapter alone", cell: "Ⅱ 施策展開の枠組み", want: []graph.Section{sec("II", "", "施策展開の枠組み")}},
		{name: "chapter numeral alone", cell: "Ⅴ", want: []graph.Section{sec("V", "", "")}},
		{name: "title NFKC", cell: "Ⅲ(6)無線ＬＡＮのセキュリティ対策", want: []graph.Section{sec("III", "", ""), sec("III-6", "III", "無線LANのセキュリティ対策")}},
		{name: "em dash is general", cell: "—"},
		{name: "hyphen is general", cell: "-"},
		{name: "horizontal bar is general", cell: "―"},
		{name: "katakana long vowel is general", cell: "ー"},
		{name: "hyphen U+2010 is general", cell: "‐"},
		{name: "full-width hyphen-minus is general", cell: "－"},
		{name: "double dash is general", cell: "——"},
		{name: "empty is general", cell: " "},
		{name: "全般 is general", cell: "全般"},
		{name: "その他", cell: "その他", want: []graph.Section{sec("OTHER", "", "その他")}},
		{name: "latin word is not a chapter", cell: "Introduction", wantErr: "is not a section of the draft"},
		{name: "IIII is not a numeral", cell: "IIII(1)x", wantErr: "is not a section"},
		{name: "arabic chapter", cell: "3(5)トラストサービス", want: []graph.Section{sec("3", "", ""), sec("3-5", "3", "トラストサービス")}},
		{name: "general opinion", cell: "全体的な意見"},
		{name: "free text", cell: "電子署名の普及について", wantErr: "is not a section"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain, id, err := ParseSection("s", tt.cell)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || graph.ErrorCode(err) != graph.EINVALID {
					t.Fatalf("ParseSection(%q) = %v, %q, %v; want an invalid error containing %q", tt.cell, chain, id, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSection(%q): unexpected error %v", tt.cell, err)
			}
			if !reflect.DeepEqual(chain, tt.want) {
				t.Errorf("ParseSection(%q) chain =\n%+v, want\n%+v", tt.cell, chain, tt.want)
			}
			wantID := ""
			if len(tt.want) > 0 {
				wantID = tt.want[len(tt.want)-1].ID
			}
			if id != wantID {
				t.Errorf("ParseSection(%q) id = %q, want %q", tt.cell, id, wantID)
			}
		})
	}
}

// TestParseSectionRealFile: every 該当箇所 of the real file parses, Ⅳ(1) and IV(1)
// meet, and the sections are the ones the table names.
func TestParseSectionRealFile(t *testing.T) {
	rows, _, err := readRows("results.tsv", realTable(t))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range rows {
		_, id, err := ParseSection("s", r.Section)
		if err != nil {
			t.Errorf("項番 %d: %v", r.Number, err)
		}
		count[id]++
	}
	want := map[string]int{"": 14, "section/s/OTHER": 1, "section/s/I-1": 2, "section/s/I-2": 7,
		"section/s/III-1": 11, "section/s/III-2": 15, "section/s/III-3": 5, "section/s/III-4": 1, "section/s/III-5": 10,
		"section/s/III-6": 2, "section/s/III-7": 5, "section/s/III-8": 1, "section/s/III-9": 2, "section/s/III-10": 5,
		"section/s/IV-1": 13, "section/s/IV-2": 4, "section/s/IV-3": 6, "section/s/IV-4": 3}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("comments per section =\n%v, want\n%v", count, want)
	}
}

func TestParseSectionRefs(t *testing.T) {
	ref := func(code, surface string) graph.SectionRef {
		return graph.SectionRef{Section: "section/s/" + code, Surface: surface}
	}
	tests := []struct {
		name     string
		text     string
		refs     []graph.SectionRef
		sections []graph.Section
	}{
		{"item (row 27)", "全国5Gでは、Ⅲ(2)③にあるように実際の対策を促すため",
			[]graph.SectionRef{ref("III-2-3", "Ⅲ(2)③")},
			[]graph.Section{sec("III", "", ""), sec("III-2", "III", ""), sec("III-2-3", "III-2", "")}},
		{"items with dashes (row 71)", "量子暗号についてはⅣ-(1)-⑥に、耐量子計算機暗号についてはⅣ-(1)-⑦にそれぞれ",
			[]graph.SectionRef{ref("IV-1-6", "Ⅳ-(1)-⑥"), ref("IV-1-7", "Ⅳ-(1)-⑦")},
			[]graph.Section{sec("IV", "", ""), sec("IV-1", "IV", ""), sec("IV-1-6", "IV-1", ""), sec("IV-1-7", "IV-1", "")}},
		{"section (row 15)", "そのため、Ⅲ(3)にあるクラウドサービスの",
			[]graph.SectionRef{ref("III-3", "Ⅲ(3)")},
			[]graph.Section{sec("III", "", ""), sec("III-3", "III", "")}},
		{"two items of one section (row 32)", "Ⅲ(2)①にある、…また、併せて、Ⅲ(2)②にあるとおり",
			[]graph.SectionRef{ref("III-2-1", "Ⅲ(2)①"), ref("III-2-2", "Ⅲ(2)②")},
			[]graph.Section{sec("III", "", ""), sec("III-2", "III", ""), sec("III-2-1", "III-2", ""), sec("III-2-2", "III-2", "")}},
		{"ascii numerals (row 88)", "(OSINT) (IV(1)①) やISAC (III(1)③、IV(3)②) のような",
			[]graph.SectionRef{ref("IV-1-1", "IV(1)①"), ref("III-1-3", "III(1)③"), ref("IV-3-2", "IV(3)②")},
			[]graph.Section{sec("IV", "", ""), sec("IV-1", "IV", ""), sec("IV-1-1", "IV-1", ""), sec("III", "", ""), sec("III-1", "III", ""), sec("III-1-3", "III-1", ""), sec("IV-3", "IV", ""), sec("IV-3-2", "IV-3", "")}},
		{"spaced dash (row 39)", "<p>Ⅲ - (3) クラウドサービスのセキュリティ対策</p>",
			[]graph.SectionRef{ref("III-3", "Ⅲ - (3)")},
			[]graph.Section{sec("III", "", ""), sec("III-3", "III", "")}},
		{"same section twice keeps the first surface", "Ⅲ(5)と、III(5)と",
			[]graph.SectionRef{ref("III-5", "Ⅲ(5)")},
			[]graph.Section{sec("III", "", ""), sec("III-5", "III", "")}},
		{"NFKC text: item after a dash", "IV-(1)-6に", []graph.SectionRef{ref("IV-1-6", "IV-(1)-6")},
			[]graph.Section{sec("IV", "", ""), sec("IV-1", "IV", ""), sec("IV-1-6", "IV-1", "")}},
		{"NFKC text: digits after the number are not an item", "III(2)3にある", []graph.SectionRef{ref("III-2", "III(2)")},
			[]graph.Section{sec("III", "", ""), sec("III-2", "III", "")}},
		{"digits and a letter after a dash are not an item", "Ⅲ(2)-5Gの", []graph.SectionRef{ref("III-2", "Ⅲ(2)")},
			[]graph.Section{sec("III", "", ""), sec("III-2", "III", "")}},
		{"letters before ascii numerals", "CIV(1) AI(2) MIX(3) DIV(4)", nil, nil},
		{"section number without chapter", "「(6)無線LANのセキュリティ対策」においては", nil, nil},
		{"not numerals", "IIII(1) VX(2) Ⅲに", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, sections := ParseSectionRefs("s", tt.text)
			if !reflect.DeepEqual(refs, tt.refs) {
				t.Errorf("ParseSectionRefs(%q) refs =\n%+v, want\n%+v", tt.text, refs, tt.refs)
			}
			if !reflect.DeepEqual(sections, tt.sections) {
				t.Errorf("ParseSectionRefs(%q) sections =\n%+v, want\n%+v", tt.text, sections, tt.sections)
			}
		})
	}
}

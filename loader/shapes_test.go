package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// loadDir writes a dataset folder (manifest and source) and loads it.
func loadDir(t *testing.T, manifest, source, data string) *Result {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, source), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Load(dir, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return res
}

// checkCounts asserts that every data row is accounted for.
func checkCounts(t *testing.T, res *Result) {
	t.Helper()
	c := res.Table.Counts
	if c.DataRows != c.Comments+c.Headings+c.Joined+c.LeftOut || c.Comments != res.Comments() || c.LeftOut != len(res.Problems) {
		t.Errorf("counts do not add up: %+v, %d comments built, %d problems", c, res.Comments(), len(res.Problems))
	}
}

// The table of the issue: ver,id,comment,reply and more columns, read with the columns
// the manifest names (two of which, submitter and section, the table does not have).
func TestColumnsFromTheManifest(t *testing.T) {
	manifest := `slug: other
title: 別の府省の案
source: t.csv
columns:
  number: id
  submitter: 提出者
  section: 該当箇所
  comment: comment
  response: reply
`
	data := "ver,id,comment,reply,備考,分類\n" +
		"1,1,P２ L22 復興・創生 → 表現を改めるべき,御意見を踏まえ修正しました。,要確認,A\n" +
		"1,2,３ページ 18行目の記述について,原案どおりとさせていただきます。,,B\n" +
		"2,1,第２部第１章について賛成します,賛同の御意見として承ります。,,\n" +
		"2,2,p.12 と P3 L17～19 について,今後の参考とさせていただきます。,,C\n"
	res := loadDir(t, manifest, "t.csv", data)
	checkCounts(t, res)
	if res.Comments() != 4 || len(res.Problems) != 0 {
		t.Fatalf("got %d comments and problems %v, want 4 and none", res.Comments(), res.Problems)
	}
	// ver is recognised as the round: one consultation per round.
	if len(res.Datasets) != 2 || res.Datasets[0].Consultation.Slug != "other-1" || res.Datasets[1].Consultation.Slug != "other-2" {
		t.Fatalf("consultations %v, want other-1 and other-2", slugs(res))
	}
	m := res.Table.Mapping
	if m.Col(FieldNumber) != 1 || m.Col(FieldComment) != 2 || m.Col(FieldResponse) != 3 || m.Col(FieldRound) != 0 || m.Col(FieldSection) != -1 {
		t.Errorf("mapping %v", m.Fields)
	}
	if len(m.Absent) != 2 {
		t.Errorf("absent columns %v, want submitter and section", m.Absent)
	}
	r1 := res.Datasets[0].Comments
	tests := []struct {
		c       graph.Comment
		section string
		pages   []graph.PageRef
	}{
		{r1[0], "section/other-1/P2", []graph.PageRef{{Page: 2, Lines: "22", Surface: "P2 L22"}}},
		{r1[1], "section/other-1/P3", []graph.PageRef{{Page: 3, Lines: "18", Surface: "3ページ 18行目"}}},
		{res.Datasets[1].Comments[0], "section/other-2/PART2-1", nil},
		{res.Datasets[1].Comments[1], "section/other-2/P12", []graph.PageRef{{Page: 12, Surface: "p.12"}, {Page: 3, Lines: "17-19", Surface: "P3 L17~19"}}},
	}
	for _, tt := range tests {
		if tt.c.Section != tt.section {
			t.Errorf("%s: section %q, want %q", tt.c.ID, tt.c.Section, tt.section)
		}
		if fmt.Sprint(tt.c.PageRefs) != fmt.Sprint(tt.pages) {
			t.Errorf("%s: pages %v, want %v", tt.c.ID, tt.c.PageRefs, tt.pages)
		}
		if tt.c.Submitter != "" {
			t.Errorf("%s: submitter %q in a table that publishes none", tt.c.ID, tt.c.Submitter)
		}
	}
	if a := r1[0].Attributes; len(a) != 2 || a[0] != (graph.Attribute{Name: "備考", Value: "要確認"}) || a[1] != (graph.Attribute{Name: "分類", Value: "A"}) {
		t.Errorf("attributes %v, want 備考 and 分類", a)
	}
	if d := r1[0].Response.Dispositions; len(d) != 1 || d[0].Disposition != graph.Revised {
		t.Errorf("dispositions %v, want REVISED", d)
	}
	// A consultation outside the taxonomy's field gets no topics from it.
	for _, c := range append(r1, res.Datasets[1].Comments...) {
		if len(c.Mentions) > 0 {
			t.Errorf("%s: mentions %v in a consultation outside the taxonomy's field", c.ID, c.Mentions)
		}
	}
}

func slugs(res *Result) []string {
	var out []string
	for _, d := range res.Datasets {
		out = append(out, d.Consultation.Slug)
	}
	return out
}

// TestHeaderNames recognises the headers of other ministries' tables, in any order.
func TestHeaderNames(t *testing.T) {
	tests := []struct {
		header string
		want   map[Field]int
	}{
		{"No.\t意見の概要\t意見に対する考え方", map[Field]int{FieldNumber: 0, FieldComment: 1, FieldResponse: 2}},
		{"番号\t提出者属性\t御意見の要旨\t回答\t備考", map[Field]int{FieldNumber: 0, FieldSubmitterKind: 1, FieldComment: 2, FieldResponse: 3}},
		{"通番\t該当ページ\t提出意見\t御意見に対する国土交通省の考え方", map[Field]int{FieldNumber: 0, FieldSection: 1, FieldComment: 2, FieldResponse: 3}},
		{"ご意見\t対応\t該当箇所\t意見提出者", map[Field]int{FieldComment: 0, FieldResponse: 1, FieldSection: 2, FieldSubmitter: 3}},
		{"回\t項目\t御意見の内容\t考え方", map[Field]int{FieldRound: 0, FieldSection: 1, FieldComment: 2, FieldResponse: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			m, ok, missing := mapHeader(strings.Split(tt.header, "\t"), nil)
			if !ok {
				t.Fatalf("not a header: %s", missing)
			}
			for f, col := range tt.want {
				if m.Col(f) != col {
					t.Errorf("%s is column %d, want %d (%v)", f, m.Col(f), col, m.Fields)
				}
			}
		})
	}
	if _, ok, _ := mapHeader([]string{"1", "法人A", "—", "意見です", "回答します"}, nil); ok {
		t.Error("a data row was taken for a header")
	}
}

// TestEverySectionForm loads a copy of the bundled table whose 該当箇所 cells use every
// form ministries write, and expects every row loaded and each form read.
func TestEverySectionForm(t *testing.T) {
	forms := []struct{ cell, code string }{
		{"はじめに", "INTRO"}, {"全般", ""}, {"全体について", ""}, {"その他", "OTHER"},
		{"P5", "P5"}, {"p.12", "P12"}, {"５ページ", "P5"}, {"5頁", "P5"},
		{"第3章", "3"}, {"第3章第2節", "3-2"}, {"第２部第１章", "PART2-1"}, {"第三章 基本的方向", "3"},
		{"別紙1", "ANNEX1"}, {"別添2", "ATTACHMENT2"}, {"3(5)", "3-5"}, {"第Ⅲ章(5)", "III-5"},
		{"1.2.3", "1-2-3"}, {"(1)", "(1)"}, {"(1)①", "(1)-1"}, {"Ⅲ(5)トラストサービス", "III-5"},
		{"おわりに", "CLOSING"}, {"第2章第1節(3)", "2-1-3"},
	}
	tab, err := ReadTable("results.tsv", realTable(t), Spec{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, r := range tab.Rows {
		cells := append([]string(nil), r.Cells...)
		cells[2] = forms[i%len(forms)].cell
		b.WriteString(strings.Join(cells, "\t") + "\n")
	}
	res := loadDir(t, "slug: forms\ntitle: IoT forms\nsource: t.tsv\n", "t.tsv", b.String())
	checkCounts(t, res)
	if got := res.Comments(); got != 107 || len(res.Problems) != 0 {
		t.Fatalf("%d comments, problems %v; want all 107 rows", got, res.Problems)
	}
	for _, w := range res.Warnings {
		t.Errorf("unexpected warning: %v", w)
	}
	for i, c := range res.Datasets[0].Comments {
		f := forms[i%len(forms)]
		want := ""
		if f.code != "" {
			want = "section/forms/" + f.code
		}
		if c.Section != want {
			t.Errorf("該当箇所 %q: section %q, want %q", f.cell, c.Section, want)
		}
	}
	// A page section is also a page reference.
	if c := res.Datasets[0].Comments[4]; len(c.PageRefs) == 0 || c.PageRefs[0].Page != 5 {
		t.Errorf("P5: page refs %v", c.PageRefs)
	}
}

// TestUnknownSectionKept: a 該当箇所 in no known form is a section of its own, with a
// warning naming the line; the row is not lost.
func TestUnknownSectionKept(t *testing.T) {
	data := header + "\n1\t個人A\t電子署名の普及について\t意見\t回答\n2\t個人B\t電子署名の普及について\t意見\t回答\n"
	res := loadDir(t, "slug: u\ntitle: u\nsource: t.tsv\n", "t.tsv", data)
	d := res.Datasets[0]
	if len(d.Comments) != 2 || d.Comments[0].Section == "" || d.Comments[0].Section != d.Comments[1].Section {
		t.Fatalf("comments %v: want both on one verbatim section", d.Comments)
	}
	if len(d.Sections) != 1 || d.Sections[0].Title != "電子署名の普及について" {
		t.Errorf("sections %v", d.Sections)
	}
	if len(res.Warnings) != 2 || res.Warnings[0].Line != 2 || !strings.Contains(res.Warnings[0].Message, "in no known form") {
		t.Errorf("warnings %v", res.Warnings)
	}
}

// TestShapes covers rows that are not one row, one comment: group headings (whose
// phrasing is evidence of a disposition), numbering that restarts per group, a comment
// continued on the next row, an empty (merged) response cell, answers pointing at
// other answers, and an empty submitter.
func TestShapes(t *testing.T) {
	data := "番号\t意見提出者\t御意見の概要\t御意見に対する考え方\n" +
		"当該意見を踏まえて内容を修正するもの\t\t\t\n" +
		"1\t株式会社テスト\tP3の表現を改めるべき\t御指摘の点について検討しました。\n" +
		"2\t\tこの点も修正すべき\tNo.1と同じ\n" +
		"\t\t(前の行の続き)\t\n" +
		"原案のとおりとするもの\t原案のとおりとするもの\t原案のとおりとするもの\t原案のとおりとするもの\n" +
		"1\t個人\t反対です\t原案どおりとさせていただきます。\n" +
		"2\t山田太郎\t反対です\t\n" +
		"3\t(一社)テスト協会\tご検討ください\t同上\n"
	res := loadDir(t, "slug: s\ntitle: 情報通信の案\nsource: t.tsv\n", "t.tsv", data)
	checkCounts(t, res)
	c := res.Table.Counts
	if c.Comments != 5 || c.Headings != 2 || c.Joined != 1 || c.LeftOut != 0 {
		t.Fatalf("counts %+v, want 5 comments, 2 headings, 1 joined", c)
	}
	cs := res.Datasets[0].Comments
	for i, c := range cs {
		if c.Number != i+1 {
			t.Errorf("comment %d numbered %d: numbering restarts per group, so rows are numbered by position", i, c.Number)
		}
	}
	if cs[0].Heading != "当該意見を踏まえて内容を修正するもの" || cs[2].Heading != "原案のとおりとするもの" {
		t.Errorf("headings %q, %q", cs[0].Heading, cs[2].Heading)
	}
	if len(cs[0].Attributes) != 1 || cs[0].Attributes[0] != (graph.Attribute{Name: "番号", Value: "1"}) {
		t.Errorf("printed number not kept: %v", cs[0].Attributes)
	}
	has := func(c graph.Comment, d graph.Disposition, evidence string) bool {
		for _, a := range c.Response.Dispositions {
			if a.Disposition == d && strings.Contains(a.Evidence, evidence) {
				return true
			}
		}
		return false
	}
	if !has(cs[0], graph.Revised, "見出し") {
		t.Errorf("the heading is no evidence: %v", cs[0].Response.Dispositions)
	}
	if cs[1].Response.SameAs != cs[0].ID || !has(cs[1], graph.Revised, "") {
		t.Errorf("No.1と同じ: sameAs %q, dispositions %v", cs[1].Response.SameAs, cs[1].Response.Dispositions)
	}
	if !strings.Contains(cs[1].Text, "(前の行の続き)") {
		t.Errorf("continuation not joined: %q", cs[1].Text)
	}
	if cs[1].Submitter != "" {
		t.Errorf("empty submitter cell gave %q", cs[1].Submitter)
	}
	if cs[3].Response.Text != cs[2].Response.Text {
		t.Errorf("empty response cell: %q, want the one above", cs[3].Response.Text)
	}
	if cs[4].Response.SameAs != cs[3].ID || !has(cs[4], graph.Unchanged, "") {
		t.Errorf("同上 points at %q (want %q), dispositions %v", cs[4].Response.SameAs, cs[3].ID, cs[4].Response.Dispositions)
	}
	subs := map[string]graph.Submitter{}
	for _, s := range res.Datasets[0].Submitters {
		subs[s.ID] = s
	}
	if s := subs[cs[0].Submitter]; s.Kind != graph.KindOrganization || s.Name != "株式会社テスト" {
		t.Errorf("bare company name: %+v", s)
	}
	if s := subs[cs[4].Submitter]; s.Kind != graph.KindOrganization {
		t.Errorf("(一社)…協会: %+v", s)
	}
	if s := subs[cs[3].Submitter]; s.Kind != graph.KindIndividual {
		t.Errorf("a person's name: %+v", s)
	}
}

// TestPreamble: rows above the header (a title, a summary) are reported, not loaded.
func TestPreamble(t *testing.T) {
	data := "「〇〇(案)」に対する意見募集の結果\n提出意見数: 2\n\n" + header + "\n1\t個人A\t—\t意見\t回答\n"
	res := loadDir(t, "slug: p\ntitle: p\nsource: t.tsv\n", "t.tsv", data)
	if res.Comments() != 1 || res.Table.Counts.Preamble != 2 || res.Table.Mapping.Line != 4 {
		t.Fatalf("comments %d, preamble %d, header line %d", res.Comments(), res.Table.Counts.Preamble, res.Table.Mapping.Line)
	}
	if len(res.Warnings) != 2 || res.Warnings[0].Line != 1 {
		t.Errorf("warnings %v", res.Warnings)
	}
}

// TestSharedResponseInherits: an answer that only points at another takes its
// dispositions, the evidence saying through which words.
func TestSharedResponseInherits(t *testing.T) {
	data := header + "\n1\t個人A\t—\t意見\t今後の参考とさせていただきます。\n" +
		"2\t個人B\t—\t意見\tNo.1と同じ\n3\t個人C\t—\t意見\t意見番号2の考え方を御参照ください。\n4\t個人D\t—\t意見\tNo.9と同じ\n"
	res := loadDir(t, "slug: sh\ntitle: sh\nsource: t.tsv\n", "t.tsv", data)
	cs := res.Datasets[0].Comments
	for _, tt := range []struct {
		i        int
		sameAs   string
		evidence string
	}{{1, "comment/sh/1", "No.1と同じ → 今後の参考とさせていただきます"}, {2, "comment/sh/2", "意見番号2の考え方を → No.1と同じ → "}} {
		r := cs[tt.i].Response
		if r.SameAs != tt.sameAs || len(r.Dispositions) != 1 || r.Dispositions[0].Disposition != graph.FutureWork || !strings.HasPrefix(r.Dispositions[0].Evidence, tt.evidence) {
			t.Errorf("comment %d: sameAs %q, dispositions %v; want %s, FUTURE_WORK with evidence %q…", tt.i+1, r.SameAs, r.Dispositions, tt.sameAs, tt.evidence)
		}
	}
	if r := cs[3].Response; r.SameAs != "" || r.Dispositions[0].Disposition != graph.Explanation {
		t.Errorf("No.9 (no such comment): %+v", r)
	}
}

// TestGroupHeadingAboveTheHeader: when groups are headed with the header repeated under
// each heading, the first group's heading stands above the first header; a title above
// a table whose groups are not so numbered stays a title.
func TestGroupHeadingAboveTheHeader(t *testing.T) {
	body := "1\t個人A\t—\t意見\t回答\n\nⅡ．その他の意見\n" + header + "\n1\t個人B\t—\t意見\t回答\n"
	for _, tt := range []struct {
		above, want string
		preamble    int
	}{
		{"Ⅰ．当該意見を踏まえて修正するもの", "I.当該意見を踏まえて修正するもの", 1},
		{"「〇〇(案)」に対する意見募集の結果", "", 2},
	} {
		data := "意見募集の結果\n" + tt.above + "\n" + header + "\n" + body
		res := loadDir(t, "slug: g\ntitle: g\nsource: t.tsv\n", "t.tsv", data)
		checkCounts(t, res)
		cs := res.Datasets[0].Comments
		if len(cs) != 2 || cs[0].Heading != tt.want || cs[1].Heading != "II.その他の意見" || res.Table.Counts.Preamble != tt.preamble {
			t.Errorf("above %q: headings %q, %q; preamble %d (want %q, II.その他の意見, %d)", tt.above, cs[0].Heading, cs[1].Heading, res.Table.Counts.Preamble, tt.want, tt.preamble)
		}
	}
}

// TestSectionSubParts: cells that give one code different texts name parts within it.
func TestSectionSubParts(t *testing.T) {
	data := header + "\n1\t個人A\t第3章 基本的方針A\t意見\t回答\n2\t個人B\t第3章 基本的方針B\t意見\t回答\n3\t個人C\t第3章 基本的方針A\t意見\t回答\n4\t個人D\t第4章 まとめ\t意見\t回答\n"
	res := loadDir(t, "slug: sp\ntitle: sp\nsource: t.tsv\n", "t.tsv", data)
	var got []string
	for _, c := range res.Datasets[0].Comments {
		got = append(got, strings.TrimPrefix(c.Section, "section/sp/"))
	}
	if strings.Join(got, " ") != "3-T1 3-T2 3-T1 4" {
		t.Errorf("sections %v, want 3-T1 3-T2 3-T1 4", got)
	}
	titles := map[string]string{}
	for _, s := range res.Datasets[0].Sections {
		titles[s.Code] = s.Title
	}
	if titles["3-T1"] != "基本的方針A" || titles["3-T2"] != "基本的方針B" || titles["3"] != "" || titles["4"] != "まとめ" {
		t.Errorf("titles %v", titles)
	}
}

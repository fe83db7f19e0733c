package loader

import (
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

func TestParsePageRefs(t *testing.T) {
	p := func(page int, lines, surface string) graph.PageRef {
		return graph.PageRef{Page: page, Lines: lines, Surface: surface}
	}
	tests := []struct {
		name string
		text string
		want []graph.PageRef
	}{
		{"p22", "【意見1】p22 情報通信サービス", []graph.PageRef{p(22, "", "p22")}},
		{"P.36", "P.36「具体的には", []graph.PageRef{p(36, "", "P.36")}},
		{"P27", "P27に記載のある通り", []graph.PageRef{p(27, "", "P27")}},
		{"p. 22 with space", "p. 22", []graph.PageRef{p(22, "", "p. 22")}},
		{"pp.22", "pp.22以降", []graph.PageRef{p(22, "", "pp.22")}},
		{"9ページ", "特に9ページセキュリティの確保", []graph.PageRef{p(9, "", "9ページ")}},
		{"7ページ目", "そのため7ページ目「例えば", []graph.PageRef{p(7, "", "7ページ目")}},
		{"9頁", "ただし9頁に「クラウド", []graph.PageRef{p(9, "", "9頁")}},
		{"27P", "<p>27P</p>", []graph.PageRef{p(27, "", "27P")}},
		{"31P then section", "31P Ⅲ(7)", []graph.PageRef{p(31, "", "31P")}},
		{"lines with full-width tilde", "なお、25ページの3～4行目については", []graph.PageRef{p(25, "3-4", "25ページの3～4行目")}},
		{"lines after NFKC", "25ページの3~4行目", []graph.PageRef{p(25, "3-4", "25ページの3~4行目")}},
		{"one line", "p25 3行目", []graph.PageRef{p(25, "3", "p25 3行目")}},
		{"full-width", "Ｐ．３６と２５ページ", []graph.PageRef{p(36, "", "Ｐ．３６"), p(25, "", "２５ページ")}},
		{"several in order", "P.16(4)「…」 P.36「…」", []graph.PageRef{p(16, "", "P.16"), p(36, "", "P.36")}},
		{"dedupe keeps the first surface", "p16「…」 p35(10) … 16ページ", []graph.PageRef{p(16, "", "p16"), p(35, "", "p35")}},
		{"P2P is not a page", "P2P通信", nil},
		{"3GPP is not a page", "3GPP方式", nil},
		{"5G and years are not pages", "5G、L5G、6G、2020年、令和2年、19日間", nil},
		{"numbered items are not pages", "(1) テレワーク (2) 1) 2)", nil},
		{"letters before p", "CPS1 VoIP 3 Top 3 app 2", nil},
		{"unit after P", "27PB 5Pa", nil},
		{"decimal", "P1.5 1.5ページ", nil},
		{"page zero", "p0 0ページ", nil},
		{"本頁 without number", "本頁の内容に以下を追加", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParsePageRefs(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParsePageRefs(%q) =\n%+v, want\n%+v", tt.text, got, tt.want)
			}
		})
	}
}

// TestParsePageRefsRealFile lists every page reference of the real file's comments, as
// found by reading them all.
func TestParsePageRefsRealFile(t *testing.T) {
	rows, _, err := readRows("results.tsv", realTable(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]int{
		1: {7}, 2: {5, 34}, 4: {9}, 7: {9}, 9: {6}, 10: {20}, 15: {22}, 18: {22}, 19: {24},
		28: {25}, 36: {27}, 38: {26}, 39: {27}, 40: {9}, 41: {27, 42}, 48: {30}, 50: {7},
		56: {31}, 57: {31}, 64: {16, 36}, 65: {16, 35}, 66: {16}, 74: {38}, 75: {38},
		76: {38}, 84: {17}, 92: {50}, 93: {38},
	}
	for _, r := range rows {
		var pages []int
		for _, ref := range ParsePageRefs(HTMLToText(r.Comment)) {
			pages = append(pages, ref.Page)
		}
		if !reflect.DeepEqual(pages, want[r.Number]) {
			t.Errorf("項番 %d: pages %v, want %v", r.Number, pages, want[r.Number])
		}
	}
}

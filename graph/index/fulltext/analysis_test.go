package fulltext

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// show renders the tokens of text: words as they are, CJK characters joined by "+" to
// the next one when they make a bigram, each token followed by the original bytes it
// covers in brackets when they differ from it.
func show(text string) string {
	var ts tokens
	ts.analyze(text)
	var out []string
	for i := range ts.toks {
		t := &ts.toks[i]
		s := string(t.r)
		if t.kind == tokWord {
			s = string(ts.wordOf(t))
		}
		if orig := text[t.start:t.end]; orig != s {
			s += "[" + orig + "]"
		}
		if t.joined {
			s += "+"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestAnalyze(t *testing.T) {
	tests := []struct{ text, want string }{
		{"トラスト・サービス", "ト+ ラ+ ス+ ト サ+ ー+ ビ+ ス"},
		{"IoT機器", "iot[IoT] 機+ 器"},
		{"ＩｏＴ機器", "iot[ＩｏＴ] 機+ 器"},
		{"5G網の整備", "5g[5G] 網+ の+ 整+ 備"},
		{"C&Cサーバ15", "c[C] c[C] サ+ ー+ バ 15"},
		{"ｶﾞｲﾄﾞﾗｲﾝ", "ガ[ｶﾞ]+ イ[ｲ]+ ド[ﾄﾞ]+ ラ[ﾗ]+ イ[ｲ]+ ン[ﾝ]"},
		{"カ\u3099ス", "ガ[カ\u3099]+ ス"},             // a combining voiced mark composes too
		{"葛\U000E0100飾区", "葛[葛\U000E0100]+ 飾+ 区"}, // a variation selector is dropped
		{"日々〆切", "日+ 々+ 〆+ 切"},
		{"Ünïcode café", "ünïcode[Ünïcode] café"},
		{"e\u0301t\u00e9", "e\u0301t\u00e9"}, // a combining mark stays in its word
		{"iota, IoT; 3.5", "iota iot[IoT] 3 5"},
		{"「」、。！？ ※", ""},
		{"한국어", "한+ 국+ 어"},
	}
	for _, tt := range tests {
		if got := show(tt.text); got != tt.want {
			t.Errorf("analyze(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestAnalyzeInvalidUTF8 checks that broken text is analysed without panicking and
// that the tokens cover whole bytes of it.
func TestAnalyzeInvalidUTF8(t *testing.T) {
	for _, text := range []string{"\xe3\x81", "あ\xe3", "\xff\xfeテスト", "テ\xe3\x81スト"} {
		var ts tokens
		ts.analyze(text)
		for _, tok := range ts.toks {
			if tok.start < 0 || tok.end > int32(len(text)) || tok.start >= tok.end {
				t.Errorf("analyze(%q): token %+v out of the text", text, tok)
			}
		}
	}
}

func TestWholeWordsAndFolding(t *testing.T) {
	x := build(t, dataset("w", nil,
		[2]string{"iota と IoTa", ""},      // 1
		[2]string{"IoT機器の話", ""},          // 2
		[2]string{"ＩｏＴ（全角のまま）", ""},       // 3: not NFKC, folded by analysis
		[2]string{"カ\u3099イドライン", ""},     // 4: combining voiced mark
		[2]string{"葛\U000E0100飾区の計画", ""}, // 5: variation selector
		[2]string{"", "Ünïcode Straße"},   // 6
		[2]string{"トラスト・サービスの件", ""},      // 7
		[2]string{"ああああ", ""},             // 8
	))
	tests := []struct {
		query string
		want  []int
	}{
		{"iot", []int{2, 3}}, // a whole word: not iota
		{"IOTA", []int{1}},
		{"io", nil},
		{"iot機", []int{2}},
		{"T機器", nil}, // t is not a word of the text
		{"ガイドライン", []int{4}},
		{"葛飾区", []int{5}},
		{"ünïcode", []int{6}},
		{"STRASSE", nil}, // lowercasing, not case folding
		{"straße", []int{6}},
		{"トラスト・サービス", []int{7}},
		{"トラストサービス", nil}, // a bigram does not span the text's punctuation
		{"あああ", []int{8}},
		{"ああああああ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got []int
			for _, h := range all(t, x, tt.query) {
				var n int
				fmt.Sscanf(h.CommentID, "comment/w/%d", &n)
				got = append(got, n)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) found comments %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

package fulltext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPhraseTerms(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"トラストサービス", []string{"トラ", "ラス", "スト", "トサ", "サー", "ービ", "ビス"}},
		{"ﾄﾗｽﾄ", []string{"トラ", "ラス", "スト"}},
		{"ＩｏＴ", []string{"iot"}},
		{"IoT機器", []string{"iot", "機器"}},
		{"5G網", []string{"5g", "網"}},
		{"署", []string{"署"}},
		{"サーバ15", []string{"サー", "ーバ", "", "15"}},
		{"トラスト・サービス", []string{"トラ", "ラス", "スト", "", "サー", "ービ", "ビス"}},
		{"C&C", []string{"c", "c"}},
		{"、。「」", nil},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			var ts tokens
			ts.analyze(normalizeQuery(tt.word))
			var got []string
			for _, term := range phraseOf(&ts) {
				got = append(got, term.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("phraseTerms(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestMergeSpans(t *testing.T) {
	text := "トラストサービス、C&Cサーバ と IoT"
	at := func(s string) span {
		i := strings.Index(text, s)
		return span{i, i + len(s)}
	}
	tests := []struct {
		name string
		in   []span
		want []span
	}{
		{"overlapping bigrams", []span{at("ラス"), at("トラ"), at("スト"), at("サー"), at("トサ"), at("ービ"), at("ビス")}, []span{at("トラストサービス")}},
		{"punctuation gap", []span{{at("C&C").start, at("C&C").start + 1}, at("Cサーバ")}, []span{at("C&Cサーバ")}},
		{"space gap stays", []span{at("サーバ"), at("IoT")}, []span{at("サーバ"), at("IoT")}},
		{"bad spans dropped", []span{{-1, 2}, {0, 1}, {0, len(text) + 1}, {3, 3}, at("IoT")}, []span{at("IoT")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mergeSpans(text, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("mergeSpans = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFragments(t *testing.T) {
	long := strings.Repeat("あ", 150) + "。目的の語がここにある。" + strings.Repeat("い", 300) + "目的の語" + strings.Repeat("う", 300)
	var marks []span
	for i := 0; ; {
		j := strings.Index(long[i:], "目的の語")
		if j < 0 {
			break
		}
		marks = append(marks, span{i + j, i + j + len("目的の語")})
		i += j + len("目的の語")
	}
	frags := fragments(long, marks, 3)
	want := []string{
		"…<mark>目的の語</mark>がここにある。" + strings.Repeat("い", 89) + "…",
		"…" + strings.Repeat("い", 20) + "<mark>目的の語</mark>" + strings.Repeat("う", 76) + "…",
	}
	if !slices.Equal(frags, want) {
		t.Errorf("fragments =\n%q\nwant\n%q", frags, want)
	}
	for _, f := range frags {
		plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(f)
		if n := utf8.RuneCountInString(plain); n > fragmentLen {
			t.Errorf("fragment %q has %d characters, more than %d", f, n, fragmentLen)
		}
	}
	if got := fragments(long, marks, 1); len(got) != 1 || got[0] != want[0] {
		t.Errorf("fragments(limit 1) = %q, want %q", got, want[:1])
	}

	short := "前文。\n\n第二段落の<語>と & 記号"
	i := strings.Index(short, "語")
	got := fragments(short, []span{{i, i + len("語")}}, 3)
	if want := []string{"前文。 第二段落の&lt;<mark>語</mark>&gt;と &amp; 記号"}; !slices.Equal(got, want) {
		t.Errorf("fragments(short) = %q, want %q (whole, escaped, paragraphs joined)", got, want)
	}

	// nearby marks share a fragment; fragments never overlap
	dense := strings.Repeat("語あ", 200)
	var dm []span
	for i := 0; i < len(dense); i += len("語あ") {
		dm = append(dm, span{i, i + len("語")})
	}
	got = fragments(dense, dm, 3)
	if len(got) != 3 {
		t.Fatalf("fragments(dense) = %d fragments, want 3", len(got))
	}
	total := 0
	for _, f := range got {
		total += strings.Count(f, "<mark>")
	}
	if total != 150 {
		t.Errorf("fragments(dense) mark %d occurrences in 3×%d characters, want 150", total, fragmentLen)
	}
}

func TestFragmentsTrimSpaceAtCuts(t *testing.T) {
	text := strings.Repeat("あ", 30) + "\n\n語" + strings.Repeat("い", 97) + "\n\n" + strings.Repeat("う", 50)
	i := strings.Index(text, "語")
	got := fragments(text, []span{{i, i + len("語")}}, 1)
	want := []string{"…" + "<mark>語</mark>" + strings.Repeat("い", 97) + "…"}
	if !slices.Equal(got, want) {
		t.Errorf("fragments = %q, want %q", got, want)
	}
}

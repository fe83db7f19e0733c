package loader

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"trims", "  意見  ", "意見"},
		{"roman numeral U+2162", "Ⅲ(5)", "III(5)"},
		{"roman numeral U+2163", "Ⅳ（１）", "IV(1)"},
		{"full-width parentheses, letters and digits", "（ＩｏＴ）１２３", "(IoT)123"},
		{"full-width tilde becomes ASCII", "3～4行目", "3~4行目"},
		{"wave dash stays", "3〜4行目", "3〜4行目"},
		{"em dash and horizontal bar stay", "—―", "—―"},
		{"full-width hyphen-minus becomes ASCII", "Ⅳ－(1)", "IV-(1)"},
		{"circled digits become digits", "Ⅲ(2)③", "III(2)3"},
		{"half-width katakana", "ﾃﾚﾜｰｸ", "テレワーク"},
		{"ideographic space", "電子署名\u3000について", "電子署名 について"},
		{"runs of spaces and tabs", "a  \t b\t\tc", "a b c"},
		{"nbsp", "a\u00a0\u00a0b", "a b"},
		{"line break kept", "一行目\n二行目", "一行目\n二行目"},
		{"paragraph kept", "段落1\n\n段落2", "段落1\n\n段落2"},
		{"no more than one blank line", "段落1\n\n\n \n\t\n段落2", "段落1\n\n段落2"},
		{"leading and trailing blank lines", "\n\n 本文 \n\n", "本文"},
		{"CRLF and CR", "a\r\nb\rc", "a\nb\nc"},
		{"zero-width and control characters", "a\u200bb\x00c\ufeffd\x1a", "abcd"},
		{"C&C stays", "C&Cサーバ15", "C&Cサーバ15"},
		{"typos are data", "ポット化", "ポット化"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeText(tt.in); got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "御指摘の点については、今後の取組の参考とすることが適当と考えます。", "御指摘の点については、今後の取組の参考とすることが適当と考えます。"},
		{"plain text keeps ampersands and brackets", "C&Cサーバ &amp; a<b ←ルーター⇄", "C&Cサーバ &amp; a<b ←ルーター⇄"},
		{"paragraphs", "<p>一つ目。</p> <p>二つ目。</p>", "一つ目。\n\n二つ目。"},
		{"list items", "<p>前文</p><ul><li>項目1</li><li> 項目2 </li></ul>後文", "前文\n\n・項目1\n\n・項目2\n\n後文"},
		{"empty list item has no bullet", "<ul><li></li><li>a</li></ul><p>b</p>", "・a\n\nb"},
		{"paragraph inside list item", "<ul><li><p>a</p></li></ul>", "・a"},
		{"ul without li (rows 95, 97)", `<p>前文</p> <ul style="list-style-type: none"> ・業界標準。 ・相互運用性。 <p>後文</p>`, "前文\n\n・業界標準。 ・相互運用性。\n\n後文"},
		{"br is a line break", "一行目<br>二行目<br/>三行目", "一行目\n二行目\n三行目"},
		{"entities decoded", "<p>R&amp;D &lt;tag&gt; &quot;x&quot; &#x2460; &nbsp;end</p>", "R&D <tag> \"x\" 1 end"},
		{"C&C in HTML", "<p>C&Cサーバを検知</p>", "C&Cサーバを検知"},
		{"source newlines are spaces", "<p>一行\n二行</p>", "一行 二行"},
		{"pre keeps newlines", "<pre>a\nb</pre>", "a\nb"},
		{"script and style dropped", "<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>", "a\n\nb"},
		{"comments dropped", "<p>a<!-- note --></p>", "a"},
		{"NFKC applied", "<p>Ⅲ（５）</p>", "III(5)"},
		{"unclosed tags", "<p>a<p>b<div>c", "a\n\nb\n\nc"},
		{"stray end tags", "</p></li>a</ul>", "a"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q) =\n%q, want\n%q", tt.in, got, tt.want)
			}
		})
	}
}

// TestHTMLToTextHostile checks that deeply nested and unclosed markup costs time linear
// in its size.
func TestHTMLToTextHostile(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"nested divs", strings.Repeat("<div>", 200000) + "x" + strings.Repeat("</div>", 200000), "x"},
		{"nested list items", strings.Repeat("<ul><li>", 100000) + "x", "・x"},
		{"unclosed scripts", strings.Repeat("<script>", 100000) + "x", ""},
		{"many end tags", strings.Repeat("</script>", 100000) + "x", "x"},
		{"unterminated tag", "<p>a<" + strings.Repeat("b ", 100000), "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := HTMLToText(tt.in)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("HTMLToText took %v on %d bytes", d, len(tt.in))
			}
			if !strings.HasPrefix(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("HTMLToText = %q, want %q", clip(got, 40), tt.want)
			}
		})
	}
}

// TestHTMLToTextRealFile checks every cell of the real file: no markup or entity left,
// paragraphs where the HTML had them.
func TestHTMLToTextRealFile(t *testing.T) {
	rows, _, err := readRows("results.tsv", realTable(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for col, cell := range map[int]string{4: r.Comment, 5: r.Response} {
			got := HTMLToText(cell)
			if strings.ContainsAny(got, "<>") || strings.Contains(got, "&amp;") {
				t.Errorf("項番 %d column %d: markup left in %q", r.Number, col, clip(got, 60))
			}
			if got == "" {
				t.Errorf("項番 %d column %d: empty text", r.Number, col)
			}
			if p := strings.Count(cell, "<p>"); p > 1 && strings.Count(got, "\n\n") < p-1 {
				t.Errorf("項番 %d column %d: %d <p> but only %d paragraph breaks", r.Number, col, p, strings.Count(got, "\n\n"))
			}
		}
	}
	// 項番 103 contains arrows and ⇄, which are text, not markup.
	if got := HTMLToText(rows[102].Comment); !strings.Contains(got, "クラウド側(プロバイダー側)←ルーター⇄ファイアーウォール") {
		t.Errorf("項番 103 lost its arrows: %q", clip(got, 80))
	}
}

package fulltext

import (
	"strings"
	"unicode/utf8"
)

// Most search words are one run of kana and kanji (トラストサービス, 考え, 署) or one ASCII
// word (IoT), and most texts are literal: their analysis changes no CJK character and
// makes no ASCII letter out of another character, and they hold no combining mark or
// ignorable character (tokens.literal, kept per field). In a literal text such a word
// and its terms can be found in the text as it is, which is several times faster than
// analysing it. The shortcut is exact: TestScanLiteralAgreesWithScan holds it to scan.

// literal returns what scanLiteral looks for: the characters of a phrase that is one
// run of CJK characters, or its word if it is one word of ASCII letters and digits;
// else "" (トラスト・サービス, IoT機器, ünïcode).
func (p phrase) literal() string {
	switch {
	case len(p) == 1 && p[0].kind == termUnigram:
		return string(p[0].a)
	case len(p) == 1 && p[0].kind == termWord:
		for i := 0; i < len(p[0].word); i++ {
			if p[0].word[i] >= utf8.RuneSelf {
				return ""
			}
		}
		return p[0].word
	}
	var b strings.Builder
	for j, t := range p {
		if t.kind != termBigram || j > 0 && p[j-1].b != t.a {
			return ""
		}
		if j == 0 {
			b.WriteRune(t.a)
		}
		b.WriteRune(t.b)
	}
	return b.String()
}

// scanLiteral is scan for a phrase whose literal() is lit, in a literal text.
func scanLiteral(text, lit string, keys []term, tf []int) (found bool) {
	if keys[0].kind == termWord {
		tf[0] = countWord(text, lit)
		return tf[0] > 0
	}
	if len(keys) > 1 && index(text, lit) < 0 {
		return false
	}
	var buf [2 * utf8.UTFMax]byte
	for j := range keys {
		t := &keys[j]
		s := utf8.AppendRune(buf[:0], t.a)
		if t.kind == termBigram {
			s = utf8.AppendRune(s, t.b)
		}
		tf[j] = countOverlapping(text, string(s))
	}
	return tf[0] > 0
}

// countOverlapping counts the occurrences of s in text, overlapping ones too (ああ
// occurs twice in あああ). A UTF-8 sequence only matches at a character's start.
func countOverlapping(text, s string) int {
	n := 0
	for {
		i := index(text, s)
		if i < 0 {
			return n
		}
		n++
		_, size := utf8.DecodeRuneInString(text[i:])
		text = text[i+size:]
	}
}

// countWord counts the occurrences of the word w (ASCII, lower case) in text, ignoring
// ASCII case, as whole words: the characters around must not be letters or digits.
func countWord(text, w string) int {
	lo, up := w[0], w[0] // the first letter in either case, looked for with IndexByte
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	next := func(c byte, from int) int {
		if j := strings.IndexByte(text[from:], c); j >= 0 {
			return from + j
		}
		return len(text)
	}
	n := 0
	nextLo, nextUp := next(lo, 0), next(up, 0)
	for {
		i := min(nextLo, nextUp)
		if i+len(w) > len(text) {
			return n
		}
		from := i + 1
		if equalFoldASCII(text[i:i+len(w)], w) && wordBoundary(text, i) && wordBoundary(text, i+len(w)) {
			n++
			from = i + len(w)
		}
		if nextLo < from {
			nextLo = next(lo, from)
		}
		if nextUp < from {
			nextUp = next(up, from)
		}
	}
}

// wordBoundary tells whether a word may begin or end at byte i of text: the characters
// on either side are not both letters or digits.
func wordBoundary(text string, i int) bool {
	if i == 0 || i == len(text) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i:])
	return classify(fold(before)) != classWord || classify(fold(after)) != classWord
}

// equalFoldASCII tells whether s is w (ASCII, lower case) but for the case of ASCII
// letters.
func equalFoldASCII(s, w string) bool {
	for i := 0; i < len(w); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// index is strings.Index for the short strings scanLiteral looks for, anchored on their
// last byte rather than their first. In Japanese text the first byte of a character is
// one of a few lead bytes (E3 for kana, E4–E9 for kanji) that start almost every
// character, so strings.Index, which looks for the first byte, stopped at nearly every
// character; the last byte of a CJK character is one of 64, and a match of it is
// mostly the character itself. s matches only at a character's start in valid UTF-8:
// its first byte is a lead byte or ASCII.
func index(text, s string) int {
	k := len(s) - 1
	if k < 0 {
		return 0
	}
	c := s[k]
	for i := k; i < len(text); i++ {
		j := strings.IndexByte(text[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if text[i-k:i+1] == s {
			return i - k
		}
	}
	return -1
}

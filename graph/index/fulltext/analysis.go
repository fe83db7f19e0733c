package fulltext

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Analysis turns a text into the token stream that is indexed, searched and matched.
// The same code analyses the comments when a part is built, the search words, and the
// candidates when a phrase is verified, so the three always agree.
//
// The text is folded one character at a time: full-width ASCII becomes ASCII, half-width
// katakana becomes katakana (a voiced or semi-voiced mark is composed with the kana
// before it: ｶﾞ → ガ), and letters are lowercased. The folded characters are then
// classified:
//
//   - CJK characters (Han, hiragana, katakana, ー, hangul, 々 and the like) each make
//     a position of their own; two that follow each other with nothing in between
//     are "joined", and the bigram of the two is a term of the first one's position.
//   - a run of other letters and digits is one word, one position: IoT, 5g, 2020.
//   - combining marks continue the word before them (or are dropped after a CJK
//     character); variation selectors and format characters are dropped.
//   - everything else — white space, punctuation, symbols — separates tokens and is
//     not indexed.
//
// Positions count on across separators, so punctuation does not break a phrase; but a
// bigram never spans one: トラスト・サービス has no トサ.

// Token kinds.
const (
	tokCJK  uint8 = iota + 1 // one CJK character
	tokWord                  // a run of other letters and digits
)

// token is one position of an analysed text.
type token struct {
	start, end int32 // the bytes of the original text it covers
	w0, w1     int32 // tokWord: the folded word is tokens.word[w0:w1]
	r          rune  // tokCJK: the folded character
	kind       uint8
	joined     bool // tokCJK: the next token is the next character of the same run
}

// tokens is the analysis of one text; its buffers are reused from text to text.
type tokens struct {
	toks []token
	word []byte // the folded words, back to back
	// literal: folding changed no CJK character and made no ASCII character, and the
	// text holds no mark or ignorable character, so that a run of CJK characters or an
	// ASCII word can be found in the text itself (see literal.go)
	literal bool
}

// Character classes, after folding.
const (
	classSep  uint8 = iota // separates tokens
	classCJK               // a CJK character
	classWord              // a letter or digit of another script
	classMark              // a combining mark: part of the character before it
	classSkip              // ignorable: variation selectors, format characters
)

// analyze replaces the tokens with those of text. It is the hot loop of both building
// and searching, hence the inlined fast paths for ASCII and for kana and kanji.
func (ts *tokens) analyze(text string) {
	toks, word := ts.toks[:0], ts.word[:0] // locals: the stores stay in registers
	literal := true
	cjk := cjkClasses()
	inWord, inRun := false, false // the last token is a word / CJK character still open
	for i := 0; i < len(text); {
		start := i
		var r rune
		var class uint8
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			r, i = rune(c), i+1
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				class = classWord
			case 'A' <= c && c <= 'Z':
				r, class = r+'a'-'A', classWord
			default:
				class = classSep
			}
		case 0xE3 <= c && c <= 0xE9 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			// U+3000–U+9FFF: CJK punctuation, kana, kanji; nothing there folds
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			i += 3
			class = cjk[r-cjkLo]
		default:
			orig, size := utf8.DecodeRuneInString(text[i:])
			i += size
			r = fold(orig)
			class = classify(r)
			literal = literal && (r == orig || class == classSep || class == classWord && r >= utf8.RuneSelf)
		}
		switch class {
		case classCJK:
			if inRun {
				toks[len(toks)-1].joined = true
			}
			toks = grow(toks)
			t := &toks[len(toks)-1]
			*t = token{} // field by field below: a composite literal would go through the stack
			t.kind, t.r, t.start, t.end = tokCJK, r, int32(start), int32(i)
			inWord, inRun = false, true
		case classWord:
			if !inWord {
				w := int32(len(word))
				toks = grow(toks)
				t := &toks[len(toks)-1]
				*t = token{}
				t.kind, t.start, t.w0 = tokWord, int32(start), w
			}
			word = utf8.AppendRune(word, r)
			t := &toks[len(toks)-1]
			t.end, t.w1 = int32(i), int32(len(word))
			inWord, inRun = true, false
		case classMark:
			literal = false
			switch {
			case inWord:
				word = utf8.AppendRune(word, r)
				t := &toks[len(toks)-1]
				t.end, t.w1 = int32(i), int32(len(word))
			case inRun:
				t := &toks[len(toks)-1]
				t.r, t.end = composeKana(t.r, r), int32(i)
			}
		case classSkip:
			literal = false
			if inWord || inRun {
				toks[len(toks)-1].end = int32(i)
			}
		default:
			inWord, inRun = false, false
		}
	}
	ts.toks, ts.word, ts.literal = toks, word, literal
}

// grow extends toks by one token, whose fields are left as they were.
func grow(toks []token) []token {
	if n := len(toks); n < cap(toks) {
		return toks[:n+1]
	}
	return append(toks, token{})
}

// cjkClasses are the classes of U+3000–U+9FFF, looked up rather than computed.
var cjkClasses = sync.OnceValue(func() *[cjkHi - cjkLo + 1]uint8 {
	var t [cjkHi - cjkLo + 1]uint8
	for r := rune(cjkLo); r <= cjkHi; r++ {
		t[r-cjkLo] = classify(r)
	}
	return &t
})

const cjkLo, cjkHi = 0x3000, 0x9FFF

// wordOf returns the folded text of a tokWord.
func (ts *tokens) wordOf(t *token) []byte { return ts.word[t.w0:t.w1] }

// fold maps a character to the form that is indexed: full-width ASCII → ASCII,
// half-width katakana → katakana, upper case → lower case.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if 0xFF00 <= r && r <= 0xFFEF { // halfwidth and fullwidth forms
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		if r < utf8.RuneSelf {
			return fold(r)
		}
	}
	if r < 0x3000 || r > 0x9FFF { // the CJK blocks have no case
		r = unicode.ToLower(r)
	}
	return r
}

// classify tells how a folded character is analysed.
func classify(r rune) uint8 {
	switch {
	case r < utf8.RuneSelf:
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' {
			return classWord
		}
		return classSep
	case 0x4E00 <= r && r <= 0x9FFF: // CJK unified ideographs, the bulk of the text
		return classCJK
	case 0x3040 <= r && r <= 0x30FF: // hiragana and katakana
		switch {
		case r == 0x3099 || r == 0x309A: // combining (semi-)voiced sound marks
			return classMark
		case 0x3041 <= r && r <= 0x3096, 0x309D <= r && r <= 0x309F,
			0x30A1 <= r && r <= 0x30FA, 0x30FC <= r && r <= 0x30FF: // ー ヽ ヾ ヿ too, not ・
			return classCJK
		}
		return classSep
	case 0x3000 <= r && r <= 0x303F: // CJK symbols and punctuation
		switch {
		case unicode.IsMark(r):
			return classMark
		case unicode.IsLetter(r) || unicode.IsNumber(r): // 々 〆 〇 〻
			return classCJK
		}
		return classSep
	case unicode.Is(unicode.Variation_Selector, r) || unicode.Is(unicode.Cf, r):
		return classSkip
	case unicode.IsMark(r):
		return classMark
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return classCJK
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return classWord
	}
	return classSep
}

// composeKana composes a kana and a combining (semi-)voiced sound mark that follows
// it (カ + ゙ → ガ), as the width folding of half-width katakana requires; a pair with no
// composed form keeps the kana alone.
func composeKana(base, mark rune) rune {
	var buf [2 * utf8.UTFMax]byte
	b := utf8.AppendRune(utf8.AppendRune(buf[:0], base), mark)
	if !norm.NFC.IsNormal(b) {
		var out [2 * utf8.UTFMax]byte
		c := norm.NFC.Append(out[:0], b...)
		if r, n := utf8.DecodeRune(c); n == len(c) {
			return r
		}
	}
	return base
}

// normalizeQuery applies to the search text what the loader applied to the comments
// (NFKC), so that Ⅲ finds III and ① finds 1; analysis then folds width and case.
func normalizeQuery(text string) string { return norm.NFKC.String(text) }

package fulltext

import "strings"

// A search word becomes a phrase: one term per position of its analysis (see analysis.go)
// that the same positions of a comment must hold, in order.
//
//	トラストサービス → トラ ラス スト トサ サー ービ ビス
//	5G網            → 5g 網
//	サーバ15         → サー ーバ * 15
//
// A CJK position takes the bigram of its character and the next one; the last character
// of a run takes "any term" (*), since the bigram before it already requires it, unless
// the run is one character long, which takes the unigram. A word position takes the
// whole word, so iot does not match iota. Trailing "any" terms are dropped.

// Term kinds.
const (
	termAny     uint8 = iota // any term: the bigram before covers the character
	termUnigram              // one CJK character
	termBigram               // two joined CJK characters
	termWord                 // a word of other letters and digits
)

// term is one position of a phrase.
type term struct {
	kind uint8
	a, b rune   // termUnigram: a; termBigram: a then b
	word string // termWord: folded
}

// phrase is the terms of one search word, one per position.
type phrase []term

// cjkKey is the dictionary key of a CJK unigram (b == 0) or bigram. CJK characters are
// never 0, so the two never collide.
func cjkKey(a, b rune) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

func (t term) String() string {
	switch t.kind {
	case termUnigram:
		return string(t.a)
	case termBigram:
		return string([]rune{t.a, t.b})
	case termWord:
		return t.word
	}
	return ""
}

// at tells whether position k of ts holds t.
func (t *term) at(ts *tokens, k int) bool {
	tok := &ts.toks[k]
	switch t.kind {
	case termUnigram: // a word token's r is 0, never a CJK character
		return tok.r == t.a
	case termBigram:
		return tok.r == t.a && tok.joined && ts.toks[k+1].r == t.b
	case termWord:
		return tok.kind == tokWord && string(ts.wordOf(tok)) == t.word
	}
	return true
}

// at tells whether the phrase occurs in ts starting at position k.
func (p phrase) at(ts *tokens, k int) bool {
	if k+len(p) > len(ts.toks) {
		return false
	}
	for j := range p {
		if !p[j].at(ts, k+j) {
			return false
		}
	}
	return true
}

// keys are the terms of p that a match must hold (all but the "any" ones), in order.
func (p phrase) keys() []term {
	out := make([]term, 0, len(p))
	for _, t := range p {
		if t.kind != termAny {
			out = append(out, t)
		}
	}
	return out
}

// queryWords splits the normalised search text into words at white space (including the
// ideographic space U+3000) and turns each into a phrase. Words with no searchable
// characters (punctuation only) are dropped.
func queryWords(text string) []phrase {
	var ts tokens
	var words []phrase
	for _, w := range strings.Fields(normalizeQuery(text)) {
		ts.analyze(w)
		if p := phraseOf(&ts); len(p) > 0 {
			words = append(words, p)
		}
	}
	return words
}

// phraseOf turns the analysis of one search word into its phrase.
func phraseOf(ts *tokens) phrase {
	p := make(phrase, 0, len(ts.toks))
	for k := range ts.toks {
		t := &ts.toks[k]
		switch {
		case t.kind == tokWord:
			p = append(p, term{kind: termWord, word: string(ts.wordOf(t))})
		case t.joined:
			p = append(p, term{kind: termBigram, a: t.r, b: ts.toks[k+1].r})
		case k > 0 && ts.toks[k-1].joined:
			p = append(p, term{kind: termAny})
		default:
			p = append(p, term{kind: termUnigram, a: t.r})
		}
	}
	for len(p) > 0 && p[len(p)-1].kind == termAny {
		p = p[:len(p)-1]
	}
	return p
}

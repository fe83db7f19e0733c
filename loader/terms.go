package loader

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Term is a candidate topic term: a word that recurs in the texts but that no alias of
// the taxonomy covers.
type Term struct {
	Text  string
	Count int // the number of texts it occurs in
}

// CandidateTerms helps grow a taxonomy: it returns the terms that occur in at least
// minCount of texts (at least 1) and that the taxonomy t (nil for none) does not cover,
// most frequent first, ties by text.
//
// A term is an ASCII word with two or more capitals or a capital after a small letter
// (IoT, eKYC, ICT-ISAC, SDN/NFV: letters and digits, joined by single - & or /; not a
// Roman numeral such as III), or a
// katakana compound of three or more katakana (with ー, and parts joined by ・:
// セキュリティ・バイ・デザイン). Texts are NFKC-normalised first. An occurrence is covered when
// it overlaps what the taxonomy matches there (an alias or an ignore form), so
// クラウドサービス is covered by クラウド and ロボット by its ignore form; a term is dropped when
// all its occurrences are covered, or when the taxonomy matches the term on its own.
func CandidateTerms(texts []string, t *Taxonomy, minCount int) []Term {
	counts := map[string]int{}
	standalone := map[string]bool{} // term → covered on its own
	for _, text := range texts {
		text = norm.NFKC.String(text)
		var spans [][2]int
		if t != nil {
			t.m.scan(text, func(_ int32, start, end int) { spans = append(spans, [2]int{start, end}) })
		}
		seen := map[string]bool{}
		k := 0 // spans before k end before the current term
		for start, end := range termSpans(text) {
			for k < len(spans) && spans[k][1] <= start {
				k++
			}
			if k < len(spans) && spans[k][0] < end {
				continue // overlaps a match
			}
			term := text[start:end]
			if seen[term] {
				continue
			}
			seen[term] = true
			covered, ok := standalone[term]
			if !ok {
				if t != nil {
					t.m.scan(term, func(int32, int, int) { covered = true })
				}
				standalone[term] = covered
			}
			if !covered {
				counts[term]++
			}
		}
	}
	minCount = max(minCount, 1)
	var out []Term
	for text, n := range counts {
		if n >= minCount {
			out = append(out, Term{Text: text, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b Term) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text))
	})
	return out
}

// termSpans yields the byte ranges of the candidate terms of text, in order.
func termSpans(text string) func(yield func(start, end int) bool) {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(text); {
			r, w := utf8.DecodeRuneInString(text[i:])
			var end int
			var ok bool
			switch {
			case isASCIILetter(r) || isASCIIDigit(r):
				end, ok = asciiTerm(text, i)
				ok = ok && strings.Trim(text[i:end], "IVX") != "" // not a section numeral (III)
			case isKatakana(r) && r != 'ー':
				end, ok = katakanaTerm(text, i)
			default:
				i += w
				continue
			}
			if ok && !yield(i, end) {
				return
			}
			i = end
		}
	}
}

// asciiTerm scans the ASCII word at text[i:] (letters and digits, single joiners between
// them) and reports its end and whether it looks like a term.
func asciiTerm(text string, i int) (int, bool) {
	end := i
	upper, camel, prevLower := 0, false, false
	for end < len(text) {
		c := text[end]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
			camel = camel || prevLower
			prevLower = false
		case c >= 'a' && c <= 'z':
			prevLower = true
		case c >= '0' && c <= '9':
			prevLower = false
		case (c == '-' || c == '&' || c == '/') && end+1 < len(text) && isASCIIAlnumByte(text[end+1]):
			prevLower = false
		default:
			return end, upper >= 2 || camel
		}
		end++
	}
	return end, upper >= 2 || camel
}

func isASCIIAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// katakanaTerm scans the katakana compound at text[i:] and reports its end and whether
// it has at least three katakana.
func katakanaTerm(text string, i int) (int, bool) {
	end, n := i, 0
	for end < len(text) {
		r, w := utf8.DecodeRuneInString(text[end:])
		if r == '・' {
			next, _ := utf8.DecodeRuneInString(text[end+w:])
			if !isKatakana(next) || next == 'ー' {
				break
			}
		} else if !isKatakana(r) {
			break
		} else {
			n++
		}
		end += w
	}
	return end, n >= 3
}

// isKatakana reports whether r is a katakana letter (ァ–ヺ) or the long-vowel mark ー.
func isKatakana(r rune) bool { return r >= 'ァ' && r <= 'ヺ' || r == 'ー' }

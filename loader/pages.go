package loader

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/unicode/norm"
)

// Commenters point at pages of the draft in many ways: p22, P.36, P27, pp.22, 9ページ,
// 7ページ目, 9頁, 27P, 31P, and with lines: 25ページの3～4行目, P3 L17～19, ５頁６行目. Both the text as written
// and its NFKC form (full-width digits, ～ → ~) are recognised.
const (
	pageDigits = `[0-9０-９]`
	rangeDash  = `[～〜~\-－ー‐−–]`
)

// pageRefPattern groups: 1 p/P (prefix form), 2 its page; 3 the page (suffix form),
// 4 ページ/頁/P; 5 and 6 the first and last line (3～4行目), or 7 and 8 (L17～19).
var pageRefPattern = regexp.MustCompile(
	`(?:([pPｐＰ]{1,2})\s?[.．]?\s?(` + pageDigits + `{1,4})|(` + pageDigits + `{1,4})\s?(ページ目?|頁目?|[pPｐＰ]))` +
		`(?:\s?の?\s?(?:(` + pageDigits + `{1,3})(?:\s?` + rangeDash + `\s?(` + pageDigits + `{1,3}))?\s?行目?|` +
		`[LlＬｌ]\s?[.．]?\s?(` + pageDigits + `{1,3})(?:\s?` + rangeDash + `\s?(` + pageDigits + `{1,3}))?(?:\s?行目?)?))?`)

// ParsePageRefs finds the references to pages of the draft in a comment, in order of
// appearance, one per page (the first surface wins).
//
// A "p" or "P" counts only as a word of its own: P2P, 3GPP, CPS1 or 5PB are not page
// references, and neither are numbers with other units (5G, 2020年, (1)).
func ParsePageRefs(text string) []graph.PageRef {
	var refs []graph.PageRef
	seen := map[int]bool{}
	for _, m := range pageRefPattern.FindAllStringSubmatchIndex(text, -1) {
		start := m[0]
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		if start > 0 && (isLatinOrDigit(prev) || prev == '.' || prev == '．') {
			continue // CPS1, AP2, 1.5ページ
		}
		var page string
		var pageEnd int
		letterP := false // the reference ends in the letter p/P, or is p+digits
		if m[2] >= 0 {
			page, pageEnd, letterP = text[m[4]:m[5]], m[5], true
		} else {
			page, pageEnd = text[m[6]:m[7]], m[9]
			letterP = !strings.HasPrefix(text[m[8]:m[9]], "ペ") && !strings.HasPrefix(text[m[8]:m[9]], "頁")
		}
		if letterP {
			next, _ := utf8.DecodeRuneInString(text[pageEnd:])
			if isLatinOrDigit(next) {
				continue // P2P, 27PB
			}
			if (next == '.' || next == '．') && pageEnd+1 < len(text) {
				if r, _ := utf8.DecodeRuneInString(text[pageEnd+len(string(next)):]); isLatinOrDigit(r) {
					continue // P1.5
				}
			}
		}
		n, err := strconv.Atoi(norm.NFKC.String(page))
		if err != nil || n <= 0 || seen[n] {
			continue
		}
		seen[n] = true
		ref := graph.PageRef{Page: n, Surface: strings.TrimSpace(text[start:m[1]])}
		for _, g := range []int{10, 14} {
			if m[g] >= 0 {
				ref.Lines = norm.NFKC.String(text[m[g]:m[g+1]])
				if m[g+2] >= 0 {
					ref.Lines += "-" + norm.NFKC.String(text[m[g+2]:m[g+3]])
				}
				ref.Lines = trimLeadingZeros(ref.Lines)
			}
		}
		refs = append(refs, ref)
	}
	return refs
}

// trimLeadingZeros writes a line range in plain decimal: "03-04" → "3-4".
func trimLeadingZeros(lines string) string {
	parts := strings.Split(lines, "-")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			parts[i] = strconv.Itoa(n)
		}
	}
	return strings.Join(parts, "-")
}

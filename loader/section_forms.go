package loader

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// Other ministries' drafts are divided otherwise than into Roman chapters: 第3章第2節,
// 第２部第１章, 3(5), 1.2.3, (1), はじめに, 別紙1, 別添2, and comments point at pages
// (P5, p.12, ５ページ). Each form is read into the same hierarchy of codes, joined by
// dashes from the outermost level in:
//
//	第3章 → 3    第3章第2節 → 3-2    3(5) → 3-5    1.2.3 → 1-2-3    第Ⅲ章(5) → III-5
//	第2部 → PART2    第2部第1章 → PART2-1    (1) → (1)    (1)① → (1)-1
//	はじめに → INTRO    おわりに → CLOSING    別紙1 → ANNEX1    別添2 → ATTACHMENT2
//	P5, p.5, 5ページ, 5頁 → P5 (and a reference to page 5)
//
// The patterns run on the NFKC form of the cell (full-width digits, Ⅲ → III).
var (
	// levelPattern reads one 第N部/章/節/款/項/目 level; N in Arabic, Roman or kanji numerals.
	levelPattern = regexp.MustCompile(`^第\s*([0-9]{1,3}|[IVX]{1,6}|[一二三四五六七八九十百〇]{1,4})\s*(部|編|章|節|款|項|目)`)
	// parenLevelPattern reads a (5) level after a chapter or on its own.
	parenLevelPattern = regexp.MustCompile(`^\s*\(\s*([0-9]{1,3})\s*\)`)
	// circledPattern reads a ① level (before NFKC turns it into 1).
	circledPattern = regexp.MustCompile(`^\s*([①-⑳㉑-㉟㊱-㊿])`)
	// dottedPattern reads 1.2.3 (at least two numbers) or 3(5).
	dottedPattern = regexp.MustCompile(`^([0-9]{1,3})((?:\s*[.．]\s*[0-9]{1,3})+)\.?`)
	// arabicChapterPattern reads a leading 3 followed by (5): 3(5).
	arabicChapterPattern = regexp.MustCompile(`^([0-9]{1,3})\s*\(\s*([0-9]{1,3})\s*\)`)
	// pageCellPattern reads a page: P5, p.5, pp.5, 5ページ, 5頁, 5P.
	pageCellPattern = regexp.MustCompile(`^(?:[pP]{1,2}\s*\.?\s*([0-9]{1,4})|([0-9]{1,4})\s*(?:ページ目?|頁目?|[pP](?:[^A-Za-z0-9]|$)))`)
	// annexPattern reads 別紙1, 別添2, 別表3, 付録, 参考資料1.
	annexPattern = regexp.MustCompile(`^(別紙|別添|別表|別冊|付録|附録|付属資料|附属資料|参考資料|資料)\s*([0-9]{1,3})?`)
)

var annexCodes = map[string]string{
	"別紙": "ANNEX", "別添": "ATTACHMENT", "別表": "TABLE", "別冊": "VOLUME",
	"付録": "APPENDIX", "附録": "APPENDIX", "付属資料": "APPENDIX", "附属資料": "APPENDIX",
	"参考資料": "REFERENCE", "資料": "REFERENCE",
}

// introWords and closingWords name the opening and closing parts of a draft.
var (
	introWords   = []string{"はじめに", "初めに", "序文", "序論", "序章", "前文", "まえがき", "序"}
	closingWords = []string{"おわりに", "終わりに", "結びに", "むすび", "結び", "結語", "あとがき"}
	// generalWords mean the draft as a whole: the comment is about no one section.
	generalWords = []string{"全般", "全体", "総論", "総括", "全般的事項", "全体的事項", "全般的な事項", "全体的な事項", "全体的な意見", "全般的な意見", "全体を通して", "全体を通じて", "なし", "特になし", "該当なし", "共通"}
)

// aboutSuffix is what a 該当箇所 cell often adds after the place: 「第2章について」.
var aboutSuffix = regexp.MustCompile(`\s*(について|に関して|に関する(御|ご)?意見|に対する(御|ご)?意見|関係|関連|等)$`)

// isGeneral reports whether a normalised cell means the draft as a whole.
func isGeneral(n string) bool {
	n = aboutSuffix.ReplaceAllString(strings.TrimSpace(n), "")
	if n == "" || isAllDashes(n) {
		return true
	}
	for _, w := range generalWords {
		if n == w {
			return true
		}
	}
	return false
}

// parseOtherForms reads the forms beyond Roman chapters. cell is the text as written
// (for circled numbers), n its NFKC form. ok is false when the cell is none of them.
func parseOtherForms(slug, cell, n string) (chain []graph.Section, pages []graph.PageRef, ok bool) {
	trimmed := strings.TrimSpace(n)
	for _, words := range []struct {
		code  string
		words []string
	}{{"INTRO", introWords}, {"CLOSING", closingWords}} {
		for _, w := range words.words {
			if strings.HasPrefix(trimmed, w) && (w != "序" || trimmed == w || strings.HasPrefix(trimmed, "序 ")) {
				return sectionChainTitled(slug, []string{words.code}, trimmed), nil, true
			}
		}
	}
	if m := pageCellPattern.FindStringSubmatchIndex(trimmed); m != nil {
		digits := submatch(trimmed, m, 1)
		if digits == "" {
			digits = submatch(trimmed, m, 2)
		}
		if p, err := strconv.Atoi(digits); err == nil && p > 0 {
			refs := ParsePageRefs(trimmed)
			if len(refs) == 0 || refs[0].Page != p {
				refs = append([]graph.PageRef{{Page: p, Surface: strings.TrimSpace(trimmed[m[0]:m[1]])}}, refs...)
			}
			title := strings.TrimSpace(trimmed[m[1]:])
			if len(refs) > 0 && strings.HasPrefix(trimmed, refs[0].Surface) {
				title = strings.TrimSpace(trimmed[len(refs[0].Surface):])
			}
			return sectionChainTitled(slug, []string{"P" + strconv.Itoa(p)}, cleanTitle(title)), refs, true
		}
	}
	if m := annexPattern.FindStringSubmatchIndex(trimmed); m != nil {
		code := annexCodes[submatch(trimmed, m, 1)] + submatch(trimmed, m, 2)
		return sectionChainTitled(slug, []string{code}, trimmed), nil, true
	}
	var code []string
	rest := trimmed
	for {
		m := levelPattern.FindStringSubmatch(rest)
		if m == nil {
			break
		}
		num, ok := levelNumber(m[1])
		if !ok {
			return nil, nil, false
		}
		if m[2] == "部" || m[2] == "編" {
			if len(code) > 0 {
				return nil, nil, false
			}
			num = "PART" + num
		}
		code = append(code, num)
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	if len(code) == 0 {
		switch {
		case arabicChapterPattern.MatchString(rest):
			m := arabicChapterPattern.FindStringSubmatch(rest)
			code = append(code, trimZeros(m[1]), trimZeros(m[2]))
			rest = strings.TrimSpace(rest[len(m[0]):])
		case dottedPattern.MatchString(rest):
			m := dottedPattern.FindStringSubmatch(rest)
			code = append(code, trimZeros(m[1]))
			for _, p := range strings.FieldsFunc(m[2], func(r rune) bool { return r == '.' || r == '．' || r == ' ' }) {
				code = append(code, trimZeros(p))
			}
			rest = strings.TrimSpace(rest[len(m[0]):])
		case parenLevelPattern.MatchString(rest):
			m := parenLevelPattern.FindStringSubmatch(rest)
			code = append(code, "("+trimZeros(m[1])+")")
			rest = strings.TrimSpace(rest[len(m[0]):])
		default:
			return nil, nil, false
		}
	}
	// Deeper levels: (5) after a chapter, then ① (found in the cell as written).
	for {
		if m := parenLevelPattern.FindStringSubmatch(rest); m != nil && !strings.HasPrefix(code[0], "(") {
			code = append(code, trimZeros(m[1]))
			rest = strings.TrimSpace(rest[len(m[0]):])
			continue
		}
		break
	}
	if tail := tailOf(cell, rest); tail != "" {
		if m := circledPattern.FindStringSubmatch(tail); m != nil {
			code = append(code, digits(m[1]))
			rest = strings.TrimSpace(NormalizeText(tail[len(m[0]):]))
		}
	}
	if len(code) > 6 {
		return nil, nil, false
	}
	return sectionChainTitled(slug, code, cleanTitle(aboutSuffix.ReplaceAllString(rest, ""))), nil, true
}

// tailOf finds, in the cell as written, the part whose NFKC form is rest (so that a
// circled number there can still be told from a digit).
func tailOf(cell, rest string) string {
	if rest == "" {
		return ""
	}
	for i := range cell {
		if NormalizeText(cell[i:]) == rest {
			return cell[i:]
		}
	}
	return ""
}

// sectionChainTitled is sectionChain with the last section titled.
func sectionChainTitled(slug string, code []string, title string) []graph.Section {
	chain := sectionChain(slug, code)
	chain[len(chain)-1].Title = title
	return chain
}

// verbatimSection is the section of a 該当箇所 cell in no known form: its text is kept
// as the title, and its code is derived from that text, so that equal cells share it.
func verbatimSection(slug, n string) graph.Section {
	h := sha256.Sum256([]byte(n))
	code := "TEXT-" + hex.EncodeToString(h[:4])
	return graph.Section{ID: graph.SectionID(slug, code), Consultation: graph.ConsultationID(slug), Code: code, Chapter: code, Title: n}
}

// levelNumber reads the N of 第N章: Arabic, Roman (kept as Roman, so that 第Ⅲ章(5) is
// Ⅲ(5)) or kanji numerals.
func levelNumber(s string) (string, bool) {
	if s[0] >= '0' && s[0] <= '9' {
		return trimZeros(s), true
	}
	if r, ok := parseRoman(s); ok {
		return r, true
	}
	v := kanjiNumber(s)
	if v <= 0 {
		return "", false
	}
	return strconv.Itoa(v), true
}

// kanjiNumber reads 一 … 九十九 (and 百); 0 when s is not such a numeral.
func kanjiNumber(s string) int {
	digit := map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, -1
	for _, r := range s {
		switch r {
		case '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
			cur = -1
		case '百':
			if cur < 0 {
				cur = 1
			}
			total += cur * 100
			cur = -1
		default:
			d, ok := digit[r]
			if !ok || cur >= 0 {
				return 0
			}
			cur = d
		}
	}
	if cur > 0 {
		total += cur
	}
	return total
}

func trimZeros(s string) string {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return strconv.Itoa(n)
	}
	return s
}

func cleanTitle(s string) string { return strings.TrimLeft(strings.TrimSpace(s), " :.、,・-　") }

func submatch(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

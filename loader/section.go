package loader

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"golang.org/x/text/unicode/norm"
)

// Sections of a draft are numbered chapter (Roman numeral), section (parenthesised
// number) and item (circled number): Ⅲ(2)③. Tables and responses write the numeral as a
// Unicode Roman-numeral character (Ⅳ, U+2163) or as ASCII letters (IV), and the same
// section both ways, so codes are built from the numeral's value: Ⅳ(1) and IV(1) are both
// IV-1 and get one ID.
//
// The patterns run on the text as written, not on its NFKC form: NFKC turns ③ into 3,
// after which "Ⅲ(2)③" and "Ⅲ(2)5Gの…" could no longer be told apart.
const (
	romanClass  = `[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ]|[IVXＩＶＸ]{1,6}`
	dashClass   = `[-‐‑‒–—―ー－ｰ−]`
	numberGroup = `[(（]\s*([0-9０-９]{1,2})\s*[)）]`
	// an item: ③ (optionally after a dash), or -6 after a dash
	itemGroup = `(?:\s*` + dashClass + `?\s*([①-⑳㉑-㉟㊱-㊿])|\s*` + dashClass + `\s*([0-9０-９]{1,2}))?`
)

var (
	// sectionRefPattern finds Ⅲ(2)③, Ⅳ-(1)-⑥, Ⅲ - (3), IV(1)① in running text. Groups:
	// 1 the reference up to the section number, 2 the numeral, 3 the section number,
	// 4 a circled item number, 5 an item number after a dash.
	sectionRefPattern = regexp.MustCompile(`((` + romanClass + `)\s*` + dashClass + `?\s*` + numberGroup + `)` + itemGroup)
	// sectionCellPattern reads a 該当箇所 cell. Groups: 1 the numeral, 2 the section
	// part, 3 the section number, 4 and 5 the item as above, 6 the title.
	sectionCellPattern = regexp.MustCompile(`(?s)^\s*(` + romanClass + `)(?:(\s*` + dashClass + `?\s*` + numberGroup + `)` + itemGroup + `)?(.*)$`)
)

// ParseSection reads a 該当箇所 cell of consultation slug. It returns the section the
// comment is about, preceded by its ancestors (chapter, then section, then item), and
// the ID of the last one:
//
//	Ⅲ(5)トラストサービスの制度化と普及促進 → [III, III-5 "トラストサービスの制度化と普及促進"], section/<slug>/III-5
//	Ⅳ(1)… and IV(1)…                    → the same IV-1
//	Ⅲ(2)③…                              → [III, III-2, III-2-3 "…"]
//	Ⅲ 横断的施策                           → [III "横断的施策"]
//	— (or -, ―, ー, ‐, empty, 全般, 全体について) → no section, id ""  (a general comment)
//	その他                                  → [OTHER "その他"]
//
// and the forms of section_forms.go (第3章第2節, 3(5), 1.2.3, 別紙1, P5 …). Titles are
// NFKC-normalised; a chapter or parent section gets no title, since the cell gives only
// the title of the section it names. Anything else is an EINVALID error (the loader then
// keeps the cell as a section of its own: see verbatimSection).
func ParseSection(slug, cell string) (chain []graph.Section, id string, err error) {
	chain, _, err = parseSectionCell(slug, cell)
	if len(chain) > 0 {
		id = chain[len(chain)-1].ID
	}
	return chain, id, err
}

// parseSectionCell is ParseSection that also returns the pages a page form names.
func parseSectionCell(slug, cell string) ([]graph.Section, []graph.PageRef, error) {
	n := NormalizeText(cell)
	if isGeneral(n) {
		return nil, nil, nil
	}
	if strings.HasPrefix(n, "その他") {
		s := graph.Section{ID: graph.SectionID(slug, "OTHER"), Consultation: graph.ConsultationID(slug), Code: "OTHER", Title: n}
		return []graph.Section{s}, nil, nil
	}
	if chain, ok := parseRomanCell(slug, cell); ok {
		return chain, nil, nil
	}
	if chain, pages, ok := parseOtherForms(slug, cell, n); ok {
		return chain, pages, nil
	}
	return nil, nil, graph.Errorf(graph.EINVALID,
		"該当箇所 %q is not a section of the draft in a known form (Ⅲ(5), 第3章第2節, 3(5), 1.2.3, (1), P5, 5ページ, 別紙1, はじめに, その他, — for a general comment)", clip(strings.TrimSpace(cell), 40))
}

// parseRomanCell reads the Roman-chapter forms: Ⅲ(5)…, IV(1)…, Ⅲ(2)③…, Ⅲ 横断的施策.
func parseRomanCell(slug, cell string) ([]graph.Section, bool) {
	m := sectionCellPattern.FindStringSubmatchIndex(cell)
	if m == nil {
		return nil, false
	}
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return cell[m[2*i]:m[2*i+1]]
	}
	chapter, ok := parseRoman(group(1))
	if !ok {
		return nil, false
	}
	rest := group(6)
	first, _ := utf8.DecodeRuneInString(rest)
	code := []string{chapter}
	switch {
	case group(2) == "":
		// A chapter alone: the numeral must end where the title begins (IoT is not I+oT).
		if rest != "" && (isLatinOrDigit(first) || first == '(' || first == '（') {
			return nil, false
		}
	case group(4) != "":
		code = append(code, digits(group(3)), digits(group(4)))
	case group(5) != "" && isLatinOrDigit(first):
		// "Ⅲ(2)-5G…": the digits begin the title, they are not an item.
		code = append(code, digits(group(3)))
		rest = cell[m[5]:]
	case group(5) != "":
		code = append(code, digits(group(3)), digits(group(5)))
	default:
		code = append(code, digits(group(3)))
	}
	chain := sectionChain(slug, code)
	chain[len(chain)-1].Title = strings.TrimLeft(NormalizeText(rest), " :.、,・-")
	return chain, true
}

// ParseSectionRefs finds references to sections of the draft in running text (a
// response, or a comment): Ⅲ(2)③, Ⅳ-(1)-⑥, Ⅲ - (3), IV(1). Pass the text as written
// (Response.HTML, or the cell), not its NFKC form, which has lost the circled numbers.
//
// It returns one SectionRef per section referred to, in order of first appearance with
// the first surface, and the sections they imply with their ancestors (an item III-2-3
// implies III-2 and III), each once, in order of appearance, without titles: the caller
// adds them to the dataset, keeping titles it has from ParseSection. On NFKC text an item
// is still found after a dash (IV-(1)-6) but not directly after the section number
// (III(2)3 could as well be "Ⅲ(2)3つの…"). A section number without a chapter, as in
// 「(6)無線LANのセキュリティ対策」, is not resolved.
func ParseSectionRefs(slug, text string) ([]graph.SectionRef, []graph.Section) {
	var refs []graph.SectionRef
	var sections []graph.Section
	seen := map[string]bool{}
	for _, m := range sectionRefPattern.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[0], m[1]
		numeral := text[m[4]:m[5]]
		if r, _ := utf8.DecodeRuneInString(numeral); r < 0x2160 || r > 0x217f {
			// ASCII numerals are letters: CIV(1) or AI(2) is not a section.
			if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && isLatinOrDigit(r) {
				continue
			}
		}
		chapter, ok := parseRoman(numeral)
		if !ok {
			continue
		}
		code := []string{chapter, digits(text[m[6]:m[7]])}
		switch {
		case m[8] >= 0:
			code = append(code, digits(text[m[8]:m[9]]))
		case m[10] >= 0:
			if r, _ := utf8.DecodeRuneInString(text[end:]); isLatinOrDigit(r) {
				end = m[3] // "Ⅲ(2)-5G": the digits are not an item
			} else {
				code = append(code, digits(text[m[10]:m[11]]))
			}
		}
		chain := sectionChain(slug, code)
		last := chain[len(chain)-1]
		if !seen[last.ID] {
			refs = append(refs, graph.SectionRef{Section: last.ID, Surface: strings.TrimSpace(text[start:end])})
		}
		for _, s := range chain {
			if !seen[s.ID] {
				seen[s.ID] = true
				sections = append(sections, s)
			}
		}
	}
	return refs, sections
}

// sectionChain builds the sections named by code (chapter, section, item) and their
// ancestors, parents linked.
func sectionChain(slug string, code []string) []graph.Section {
	chain := make([]graph.Section, len(code))
	for i := range code {
		c := strings.Join(code[:i+1], "-")
		chain[i] = graph.Section{ID: graph.SectionID(slug, c), Consultation: graph.ConsultationID(slug), Code: c, Chapter: code[0]}
		if i > 0 {
			chain[i].Parent = chain[i-1].ID
		}
	}
	return chain
}

// parseRoman reads a chapter numeral, a Unicode Roman-numeral character or ASCII (or
// full-width) letters in canonical form, and returns it as upper-case ASCII (III).
func parseRoman(s string) (string, bool) {
	s = strings.ToUpper(norm.NFKC.String(s)) // Ⅲ → III, ⅳ → iv → IV, Ｘ → X
	v, ok := romanValue(s)
	if !ok || v < 1 || v > 39 || toRoman(v) != s {
		return "", false // IIII, VX and friends are not numerals
	}
	return s, true
}

func romanValue(s string) (int, bool) {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10}
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := val[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	return total, true
}

func toRoman(v int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for v >= p.v {
			b.WriteString(p.s)
			v -= p.v
		}
	}
	return b.String()
}

// digits returns the decimal value of a section or item number as written: ASCII or
// full-width digits, or a circled number (③ → 3, ㉑ → 21).
func digits(s string) string {
	n, err := strconv.Atoi(norm.NFKC.String(strings.TrimSpace(s)))
	if err != nil {
		return s
	}
	return fmt.Sprint(n)
}

func isLatinOrDigit(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) ||
		r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' || r >= '０' && r <= '９'
}

func isAllDashes(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("-‐‑‒–—―ー−─━ｰ－~〜", r) {
			return false
		}
	}
	return true
}

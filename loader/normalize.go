package loader

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// NormalizeText is the one normal form of text pcgraph stores and matches against
// (Comment.Text, Response.Text, topic aliases): NFKC, so that full-width letters and
// digits, ideographic spaces and Roman-numeral characters compare equal to their plain
// forms; horizontal whitespace collapsed; paragraphs kept.
//
// Concretely: NFKC (Ⅲ → III, （ → (, ～ U+FF5E → ~, ① → 1, U+3000 → space); CRLF and CR
// become LF; runs of spaces and tabs inside a line become one space; lines are trimmed;
// several blank lines become one, so paragraphs are separated by exactly "\n\n"; leading
// and trailing blank lines are dropped. Control and zero-width characters, which carry
// no meaning in a comment and break matching, are removed. NormalizeText(NormalizeText(s))
// == NormalizeText(s).
func NormalizeText(s string) string {
	// Invalid UTF-8 becomes U+FFFD first: NFKC passes invalid bytes through and may then
	// leave their neighbours undecomposed, so the result would not be stable.
	// Invisible characters go before NFKC: between a letter and a combining mark they
	// would keep the two from composing, and removing them afterwards would leave the text
	// not in NFKC.
	s = norm.NFKC.String(strings.Map(dropInvisible, strings.ToValidUTF8(s, "\uFFFD")))
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	blank := 0       // blank lines seen since the last non-blank line
	started := false // a non-blank line has been written
	for line := range strings.SplitSeq(s, "\n") {
		line = collapseSpaces(line)
		if line == "" {
			blank++
			continue
		}
		if started {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		started = true
		blank = 0
	}
	return b.String()
}

// collapseSpaces trims one line and turns every run of horizontal whitespace into one
// ASCII space, dropping control and zero-width characters.
func collapseSpaces(line string) string {
	var b strings.Builder
	b.Grow(len(line))
	space := false
	for _, r := range line {
		switch {
		case r == '\t' || r == '\r' || r == '\v' || r == '\f' || unicode.IsSpace(r):
			space = true
		case isInvisible(r):
			// dropped
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropInvisible is a strings.Map function that removes invisible characters but keeps
// the line and tab controls that the rest of NormalizeText interprets.
func dropInvisible(r rune) rune {
	if r != '\n' && r != '\r' && r != '\t' && r != '\v' && r != '\f' && isInvisible(r) {
		return -1
	}
	return r
}

// isInvisible reports characters that are removed from normalised text: C0/C1 controls
// (NUL and friends) and zero-width format characters (ZWSP, ZWJ, word joiner, BOM).
func isInvisible(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return true
	case r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff:
		return true
	}
	return false
}

// tagPattern finds something that looks like an HTML tag, comment or doctype. A bare "<"
// (as in "a<b" or "←ルーター⇄") does not make a cell HTML.
var tagPattern = regexp.MustCompile(`<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--[\s\S]*?--|![A-Za-z][^<>]*)>`)

// IsHTML reports whether a cell contains HTML markup, i.e. whether HTMLToText will parse
// it as HTML rather than treat it as plain text.
func IsHTML(cell string) bool { return tagPattern.MatchString(cell) }

// HTMLToText derives the plain text of a cell published as HTML (<p>…</p>, <ul><li>…,
// <br>): each paragraph, list item, heading, table row or other block becomes its own
// paragraph, list items are prefixed "・", <br> is a line break, entities are decoded,
// script and style contents are dropped, and the result is NormalizeText-ed. A cell
// without tags is plain text: it only goes through NormalizeText (so that "C&Cサーバ" or
// "&amp" typed by a commenter stays as written).
//
// It walks the token stream once, without building a tree and without recursion, so its
// cost is linear in the input however deeply hostile markup is nested.
func HTMLToText(cell string) string {
	if !IsHTML(cell) {
		return NormalizeText(cell)
	}
	var b strings.Builder
	b.Grow(len(cell))
	z := html.NewTokenizer(strings.NewReader(cell))
	skip := 0       // depth inside <script>, <style>, … whose text is not content
	pre := 0        // depth inside <pre>, where newlines are kept
	bullet := false // a list item opened and its "・" is not written yet
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return NormalizeText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text())
			if pre == 0 {
				// HTML whitespace: source line breaks are not paragraph breaks.
				text = newlinesToSpace.Replace(text)
			}
			if bullet {
				// The bullet goes before the item's first visible text, so that an empty
				// <li></li> leaves no stray "・" and "<li> x" gives "・x".
				text = strings.TrimLeftFunc(text, unicode.IsSpace)
				if text == "" {
					continue
				}
				b.WriteString("・")
				bullet = false
			}
			b.WriteString(text)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			start := tt != html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript, atom.Textarea:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Pre:
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
				b.WriteString("\n\n")
			case atom.Br:
				b.WriteByte('\n')
			case atom.Li, atom.Dt, atom.Dd:
				b.WriteString("\n\n")
				bullet = start && a == atom.Li
			case atom.Td, atom.Th:
				b.WriteByte(' ')
			default:
				if blockElements[a] {
					b.WriteString("\n\n")
					if !start {
						bullet = false // the list or block ended before the item had text
					}
				}
			}
		}
	}
}

var newlinesToSpace = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// blockElements start a new paragraph when they open or close.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Table: true, atom.Tr: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Caption: true, atom.Blockquote: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Address: true,
	atom.Fieldset: true, atom.Form: true, atom.Body: true, atom.Html: true,
}

package fulltext

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet sizes, in characters (runes).
const (
	fragmentLen    = 100 // a fragment's length, marks included
	fragmentLead   = 20  // at most this much text before a fragment's first mark
	maxFragments   = 3   // per hit, over both fields
	markOpen       = "<mark>"
	markClose      = "</mark>"
	ellipsis       = "…"
	sentenceEnders = "。！？!?\n"
)

// span is a byte range [start, end) of a field's text that matched the query.
type span struct{ start, end int }

// snippets cuts the fragments of a hit out of its texts (by field) and their marks: the
// comment text's first, keeping room for one of the response's when it has marks.
func snippets(texts [numFields]string, marks [numFields][]span) []string {
	reserve := 0
	if len(marks[fieldResponse]) > 0 {
		reserve = 1
	}
	out := fragments(texts[fieldComment], marks[fieldComment], maxFragments-reserve)
	return append(out, fragments(texts[fieldResponse], marks[fieldResponse], maxFragments-len(out))...)
}

// mergeSpans sorts spans and merges those that overlap or touch, so that the
// overlapping bigrams of one phrase (トラ, ラス, スト, …) become one mark, and those
// separated only by a little punctuation, which analysis skips inside a phrase (C&C,
// IoT・5G). Spans outside text or not on rune boundaries are dropped.
func mergeSpans(text string, spans []span) []span {
	ok := spans[:0:0]
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start >= s.end ||
			!utf8.RuneStart(text[s.start]) || (s.end < len(text) && !utf8.RuneStart(text[s.end])) {
			continue
		}
		ok = append(ok, s)
	}
	sort.Slice(ok, func(i, j int) bool {
		if ok[i].start != ok[j].start {
			return ok[i].start < ok[j].start
		}
		return ok[i].end < ok[j].end
	})
	var out []span
	for _, s := range ok {
		if n := len(out); n > 0 && (s.start <= out[n-1].end || punctuationOnly(text[out[n-1].end:s.start])) {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// maxJoinGap is the most characters of punctuation between two marks that are joined.
const maxJoinGap = 2

// punctuationOnly tells whether gap is a few punctuation or symbol characters (no
// letters, digits or white space).
func punctuationOnly(gap string) bool {
	if gap == "" || utf8.RuneCountInString(gap) > maxJoinGap {
		return false
	}
	for _, r := range gap {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return false
		}
	}
	return true
}

// fragments cuts up to limit fragments of about fragmentLen characters out of text, in
// text order, each around one or more marks, and renders them as HTML: the text is
// escaped, marks are wrapped in <mark>…</mark>, runs of white space (paragraph breaks
// included) become one space, and "…" shows where the text was cut. Fragments do not
// overlap; a text shorter than fragmentLen is one fragment, whole.
func fragments(text string, marks []span, limit int) []string {
	var out []string
	floor := 0 // end of the previous fragment
	for i := 0; i < len(marks) && len(out) < limit; {
		first := marks[i]
		start := fragmentStart(text, floor, first.start)
		end := max(advanceRunes(text, start, fragmentLen), first.end)
		j := i
		for j < len(marks) && marks[j].start < end {
			end = max(end, marks[j].end) // never cut a mark
			j++
		}
		if end == len(text) { // near the end: spend what is left of the length before
			start = retreatRunes(text, start, floor, fragmentLen-utf8.RuneCountInString(text[start:end]))
		}
		for end > marks[j-1].end { // do not end with white space
			r, size := utf8.DecodeLastRuneInString(text[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= size
		}
		out = append(out, render(text, start, end, marks[i:j]))
		floor, i = end, j
	}
	return out
}

// fragmentStart chooses where a fragment whose first mark starts at byte markStart
// begins: up to fragmentLead characters before the mark (not before floor), later if a
// sentence or paragraph ends in between.
func fragmentStart(text string, floor, markStart int) int {
	start := markStart
	for n := 0; n < fragmentLead && start > floor; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if strings.ContainsRune(sentenceEnders, r) {
			break
		}
		start -= size
	}
	return skipSpace(text, start, markStart)
}

// retreatRunes returns the byte offset up to n runes before from, not before floor, and
// not at white space.
func retreatRunes(text string, from, floor, n int) int {
	i := from
	for ; n > 0 && i > floor; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return skipSpace(text, i, from)
}

// skipSpace moves start past white space, up to limit.
func skipSpace(text string, start, limit int) int {
	for start < limit {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	return start
}

// advanceRunes returns the byte offset n runes after from (or len(text)).
func advanceRunes(text string, from, n int) int {
	i := from
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// render writes text[start:end] as escaped HTML with marks (which lie within the range).
func render(text string, start, end int, marks []span) string {
	var b strings.Builder
	if start > 0 {
		b.WriteString(ellipsis)
	}
	pos := start
	for _, m := range marks {
		writePlain(&b, text[pos:m.start])
		b.WriteString(markOpen)
		writePlain(&b, text[m.start:m.end])
		b.WriteString(markClose)
		pos = m.end
	}
	writePlain(&b, text[pos:end])
	if end < len(text) {
		b.WriteString(ellipsis)
	}
	return strings.TrimSpace(b.String())
}

// writePlain escapes s for HTML and collapses runs of white space into one space.
func writePlain(b *strings.Builder, s string) {
	space := false
	var plain strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			plain.WriteByte(' ')
			space = false
		}
		plain.WriteRune(r)
	}
	if space {
		plain.WriteByte(' ')
	}
	b.WriteString(html.EscapeString(plain.String()))
}

package synth

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Synthetic text is real text recombined: a cell is cut into tokens — HTML tags, and
// the text between them cut after every 。 — and sentences are swapped for sentences of
// other real cells. Working on the cell as published (not the loader's normalised text)
// keeps what normalisation would erase: full-width forms, Ⅲ(2)③ in responses, 25ページの
// 3～4行目, the <p>…</p> and the unclosed <ul style=…> of the real file. Because only whole
// sentences move, the topic aliases in them (ポット化, C&Cサーバ15, eシール …) keep their
// real frequencies and the company they keep.

// token is a piece of a raw cell.
type token struct {
	text     string
	sentence bool // a sentence that may be swapped; tags and blanks never are
}

// tagPattern finds HTML tags in a cell (the loader's IsHTML decides whether a cell is
// HTML at all; here a tag only has to be kept whole).
var tagPattern = regexp.MustCompile(`</?[A-Za-z][^<>]*>`)

// minSentenceRunes is the shortest text that counts as a sentence: a lone "(1)" or a
// blank between two paragraphs is structure, not content.
const minSentenceRunes = 4

// splitCell cuts a raw cell into tokens; concatenating their texts gives the cell back.
func splitCell(cell string) []token {
	var out []token
	text := func(s string) {
		for s != "" {
			i := strings.Index(s, "。")
			end := len(s)
			if i >= 0 {
				end = i + len("。")
			}
			piece := s[:end]
			out = append(out, token{text: piece, sentence: isSentence(piece)})
			s = s[end:]
		}
	}
	last := 0
	for _, loc := range tagPattern.FindAllStringIndex(cell, -1) {
		text(cell[last:loc[0]])
		out = append(out, token{text: cell[loc[0]:loc[1]]})
		last = loc[1]
	}
	text(cell[last:])
	return out
}

// isSentence reports whether a piece of text may be swapped: it has some content, and it
// does not start with a double quote, which at the start of a cell would make the TSV
// reader take the cell for a quoted one.
func isSentence(s string) bool {
	t := strings.TrimSpace(s)
	return utf8.RuneCountInString(t) >= minSentenceRunes && !strings.HasPrefix(t, `"`)
}

// recombine writes the tokens to b, each sentence replaced with probability p by a
// sentence drawn from pool. With atLeastOne, one sentence is replaced in any case (when
// there is one), so that a copy never equals its original by chance.
func recombine(b writer, r *rand.Rand, tokens []token, pool []string, p float64, atLeastOne bool) {
	forced := -1
	if atLeastOne && len(pool) > 0 {
		n := 0
		for _, t := range tokens {
			if t.sentence {
				n++
			}
		}
		if n > 0 {
			forced = r.IntN(n)
		}
	}
	k := 0
	for _, t := range tokens {
		if !t.sentence || len(pool) == 0 {
			b.WriteString(t.text)
			continue
		}
		if k == forced || r.Float64() < p {
			b.WriteString(pool[r.IntN(len(pool))])
		} else {
			b.WriteString(t.text)
		}
		k++
	}
}

// insert writes the tokens to b with one or two sentences drawn from pool before
// tokens[at] (at == len(tokens): after the last).
func insert(b writer, r *rand.Rand, tokens []token, pool []string, at int) {
	added := func() {
		if len(pool) == 0 {
			return
		}
		b.WriteString(pool[r.IntN(len(pool))])
		if r.IntN(2) == 0 {
			b.WriteString(pool[r.IntN(len(pool))])
		}
	}
	for i, t := range tokens {
		if i == at {
			added()
		}
		b.WriteString(t.text)
	}
	if at == len(tokens) {
		added()
	}
}

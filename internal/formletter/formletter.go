// Package formletter makes edited copies of a comment, the way a form letter is sent by
// many people: each copy changes a few words of the template, adds a phrase or drops
// one. Tests and benchmarks plant such copies in real and synthetic tables and check
// that campaign detection finds them.
package formletter

import (
	"math"
	"math/rand/v2"
	"strings"
)

// phrases are what senders add to a template.
var phrases = []string{"是非とも", "強く", "早急に", "改めて", "私としても", "個人的には", "何卒", "特に"}

// Edit returns a copy of text with edits small changes: each inserts a phrase, deletes a
// few characters or replaces one. Text without markup is expected (HTML cells would be
// broken by a cut inside a tag).
func Edit(r *rand.Rand, text string, edits int) string {
	rs := []rune(text)
	for range edits {
		if len(rs) < 10 {
			break
		}
		at := r.IntN(len(rs))
		switch r.IntN(3) {
		case 0:
			p := []rune(phrases[r.IntN(len(phrases))])
			rs = append(rs[:at], append(p, rs[at:]...)...)
		case 1:
			n := min(2+r.IntN(4), len(rs)-at)
			rs = append(rs[:at], rs[at+n:]...)
		default:
			rs[at] = '、'
		}
	}
	return string(rs)
}

// Sizes draws n campaign sizes, log-normal with the given median and σ of the log, each
// at least 2 (a campaign is two comments or more).
func Sizes(r *rand.Rand, n int, median, sigma float64) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = max(2, int(math.Round(median*math.Exp(sigma*r.NormFloat64()))))
	}
	return out
}

// Plain reports whether a cell is plain text (no markup), fit for Edit.
func Plain(cell string) bool { return !strings.ContainsAny(cell, "<>") }

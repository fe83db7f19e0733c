package loader

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// round is the rows of one round of a table that holds several (a ver / 回 column, or
// the manifest's split_by column), with the manifest of its consultation.
type round struct {
	manifest Manifest
	rows     []Row
}

// splitRounds splits rows by their round, in order of first appearance. A table with
// one round (or none) is one consultation, as the manifest says. Each round of several
// is a consultation of its own: slug-N, N the round's number when its value holds one
// (ver2, 第2回 → 2), else its position, and the round's value after the title.
func splitRounds(m Manifest, rows []Row) []round {
	var order []string
	by := map[string][]Row{}
	for _, r := range rows {
		k := strings.TrimSpace(NormalizeText(r.Round))
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], r)
	}
	if len(order) <= 1 {
		return []round{{manifest: m, rows: rows}}
	}
	out := make([]round, 0, len(order))
	used := map[string]bool{}
	for i, k := range order {
		n := roundNumber(k)
		if n == "" || used[n] {
			n = strconv.Itoa(i + 1)
		}
		used[n] = true
		rm := m
		rm.Slug = m.Slug + "-" + n
		label := k
		if label == "" {
			label = "(no round given)"
		}
		rm.Title = fmt.Sprintf("%s (%s)", m.Title, label)
		out = append(out, round{manifest: rm, rows: by[k]})
	}
	return out
}

// roundNumber is the number a round's value holds (ver2, 第2回, 2), "" when none.
func roundNumber(v string) string {
	var digits strings.Builder
	for _, r := range v {
		if unicode.IsDigit(r) && r < 0x80 {
			digits.WriteRune(r)
		} else if digits.Len() > 0 {
			break
		}
	}
	return trimZeros(digits.String())
}

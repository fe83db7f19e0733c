package synth

import (
	"math/rand/v2"
	"strings"
)

// layout is how the real table is laid out as lines: it was converted from a PDF, so the
// header row comes back at every page break, with the blank lines the conversion left
// around it (one before, none after, in the bundled table), and the pages
// hold a few rows each (long cells fill a page quickly). A synthetic table is paginated
// the same way, so that readers meet the same repeated headers and blank lines.
type layout struct {
	header        string // the header line as written
	leadingBlank  int    // blank lines before the first header
	blankBefore   int    // blank lines before a repeated header
	blankAfter    int    // blank lines after a header
	rowsPerPage   []int  // data rows between two headers, one entry per real page
	finalNewline  bool   // whether the file ends with a line break
	repeatHeaders int    // how many times the real table repeats its header
}

// measureLayout reads the layout from the lines of a table.
func measureLayout(raw string) layout {
	l := layout{finalNewline: strings.HasSuffix(raw, "\n")}
	lines := strings.Split(strings.TrimSuffix(raw, "\n"), "\n")
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	isHeader := func(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "項番") }
	var before, after []int // blank lines around each repeated header
	rows, blanks, headers := 0, 0, 0
	sinceHeader := -1 // lines since the last header, -1 before the first
	for _, line := range lines {
		switch {
		case blank(line):
			blanks++
			continue
		case isHeader(line):
			if headers == 0 {
				l.header, l.leadingBlank = line, blanks
			} else {
				before = append(before, blanks)
				l.rowsPerPage = append(l.rowsPerPage, rows)
			}
			headers++
			rows, sinceHeader = 0, 0
		default:
			if sinceHeader == 0 {
				after = append(after, blanks)
			}
			rows++
			sinceHeader++
		}
		blanks = 0
	}
	if rows > 0 {
		l.rowsPerPage = append(l.rowsPerPage, rows)
	}
	l.blankBefore, l.blankAfter = mode(before), mode(after)
	l.repeatHeaders = headers - 1
	if len(l.rowsPerPage) == 0 {
		l.rowsPerPage = []int{rows}
	}
	return l
}

// pager decides where a synthetic table breaks pages.
type pager struct {
	l    layout
	r    *rand.Rand
	left int // rows left on this page
}

func newPager(l layout, r *rand.Rand) *pager {
	return &pager{l: l, r: r, left: l.pageRows(r)}
}

// pageRows draws the rows of one page from the real pages.
func (l layout) pageRows(r *rand.Rand) int {
	return max(1, l.rowsPerPage[r.IntN(len(l.rowsPerPage))])
}

// start writes what comes before the first row.
func (p *pager) start(b writer) {
	blankLines(b, p.l.leadingBlank)
	b.WriteString(p.l.header)
	b.WriteByte('\n')
	blankLines(b, p.l.blankAfter)
}

// beforeRow writes a page break (blank lines and the header again) when the page is full.
func (p *pager) beforeRow(b writer) {
	if p.left == 0 {
		blankLines(b, p.l.blankBefore)
		b.WriteString(p.l.header)
		b.WriteByte('\n')
		blankLines(b, p.l.blankAfter)
		p.left = p.l.pageRows(p.r)
	}
	p.left--
}

func blankLines(b writer, n int) {
	for range n {
		b.WriteByte('\n')
	}
}

// mode is the most frequent value (the smallest of equally frequent ones); 0 for none.
func mode(xs []int) int {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, x := range xs {
		count[x]++
		if n := count[x]; n > bestN || n == bestN && x < best {
			best, bestN = x, n
		}
	}
	return best
}

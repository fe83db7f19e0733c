package loader

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/loader/pdftext"
)

// Rebuilding a table from a PDF's pages. Columns come from the header row (the first
// row with a 項番-like heading and an 意見 heading): the vertical rules that cross it,
// or, in a table without rules, the widest gaps in the body text between its headings.
// Rows come from the horizontal rules that cross the table, or, without rules, from the
// first column: a line with text there starts a row. Text outside the table (the title,
// running headers and footers, page numbers) is dropped. A row whose first cell is empty
// at the top of a page is the rest of the last row of the page before, and is joined to
// it cell by cell.

// pdfTable is a table being rebuilt.
type pdfTable struct {
	pages      []pdfPage
	headerPage int             // index of the page with the header
	headerTop  float64         // where the header row starts on that page
	bounds     []float64       // column boundaries, left to right; ±Inf at the ends without rules
	ruled      bool            // columns from vertical rules
	pitch      float64         // the usual distance between two lines of a cell
	headings   map[string]bool // the header row's texts, compact: never running text
	numberCol  int             // the column headed 項番 / 番号 / No.
}

// pdfRow is a row's fragments, by column; or, for text between tables (a group heading
// over the table, the title above it), that text alone.
type pdfRow struct {
	page  int // 1-based
	cells [][]pdfFrag
	text  string
}

// compact is text in normal form without any space, for comparing headings.
func compact(s string) string {
	return strings.Join(strings.Fields(NormalizeText(s)), "")
}

// isNumberHeading reports a heading of the numbering column: 項番, 番号, No.
func isNumberHeading(s string) bool {
	c := strings.ToLower(compact(s))
	if len([]rune(c)) > 8 {
		return false
	}
	return strings.Contains(c, "項番") || strings.Contains(c, "番号") || c == "no" || c == "no."
}

// findTable finds the header and the columns; ok is false when no page has a header.
func findTable(pages []pdfPage) (t *pdfTable, ok bool) {
	tries := 0
	for pi, p := range pages {
		for _, f := range p.frags {
			if !isNumberHeading(f.text) {
				continue
			}
			if tries++; tries > 20 {
				return nil, false // a table's header is among the first few candidates
			}
			top, bottom, ruledBand := headerBand(p, f)
			var heads []pdfFrag
			words := false
			for _, g := range p.frags {
				if g.y >= top && g.top() <= bottom {
					heads = append(heads, g)
					words = words || strings.Contains(compact(g.text), "意見")
				}
			}
			if !words {
				continue
			}
			t := &pdfTable{pages: pages, headerPage: pi, headerTop: top, headings: map[string]bool{}}
			for _, h := range heads {
				t.headings[compact(h.text)] = true
			}
			if ruledBand {
				t.bounds = crossingRules(p, top, bottom)
				t.ruled = len(t.bounds) >= 3
			}
			if !t.ruled {
				t.bounds = gapColumns(t, heads, bottom)
			}
			t.numberCol = max(0, t.column(f))
			return t, true
		}
	}
	return nil, false
}

// headerBand returns the vertical extent of the header row holding the number heading
// f: between the rules above and below it, or, without rules, f's line and the lines
// next to it that have nothing under f (a heading wrapped over two lines).
func headerBand(p pdfPage, f pdfFrag) (top, bottom float64, ruled bool) {
	above, below := math.Inf(-1), math.Inf(1)
	for _, h := range p.hrules {
		if h.X0 > f.x0+1 || h.X1 < f.x1-1 {
			continue
		}
		if h.Y0 <= f.top() {
			above = math.Max(above, h.Y0)
		} else if h.Y0 >= f.y {
			below = math.Min(below, h.Y0)
		}
	}
	if !math.IsInf(above, 0) && !math.IsInf(below, 0) {
		return above, below, true
	}
	lines := baselines(p.frags)
	i := sort.SearchFloat64s(lines, f.y-0.01)
	free := func(y float64) bool { // nothing under the number heading on line y
		for _, g := range p.frags {
			if math.Abs(g.y-y) < 0.25*g.size && g.x1 > f.x0 && g.x0 < f.x1 {
				return false
			}
		}
		return true
	}
	lo, hi := i, i
	for lo > 0 && lines[lo]-lines[lo-1] <= 2*f.size && free(lines[lo-1]) {
		lo--
	}
	for hi+1 < len(lines) && lines[hi+1]-lines[hi] <= 2*f.size && free(lines[hi+1]) {
		hi++
	}
	return lines[lo] - f.size, lines[hi] + 0.3*f.size, false
}

// baselines returns the distinct baselines of frags, top to bottom.
func baselines(frags []pdfFrag) []float64 {
	var ys []float64
	for _, f := range frags {
		if len(ys) == 0 || f.y-ys[len(ys)-1] > 0.25*f.size {
			ys = append(ys, f.y)
		}
	}
	sort.Float64s(ys)
	return ys
}

// crossingRules returns the x of the vertical rules that run across the band.
func crossingRules(p pdfPage, top, bottom float64) []float64 {
	var xs []float64
	for _, v := range p.vrules {
		if v.Y0 <= top+2 && v.Y1 >= bottom-2 && (len(xs) == 0 || v.X0-xs[len(xs)-1] > 2) {
			xs = append(xs, v.X0)
		}
	}
	return xs
}

// gapColumns places the boundary between two neighbouring headings where the least body
// text crosses, in the middle of the widest such gap.
func gapColumns(t *pdfTable, heads []pdfFrag, bottom float64) []float64 {
	// Headings that overlap (one wrapped over two lines) are one column.
	sort.Slice(heads, func(i, j int) bool { return heads[i].x0 < heads[j].x0 })
	type span struct{ x0, x1 float64 }
	var labels []span
	for _, h := range heads {
		if n := len(labels); n > 0 && h.x0 <= labels[n-1].x1+0.5*h.size {
			labels[n-1].x1 = math.Max(labels[n-1].x1, h.x1)
			continue
		}
		labels = append(labels, span{h.x0, h.x1})
	}
	var body []pdfFrag
	for pi := t.headerPage; pi < len(t.pages); pi++ {
		for _, f := range t.pages[pi].frags {
			if pi > t.headerPage || f.top() > bottom {
				body = append(body, f)
			}
		}
	}
	if len(labels) > 64 {
		labels = labels[:64] // no result table has more columns
	}
	bounds := []float64{math.Inf(-1)}
	for i := 0; i+1 < len(labels); i++ {
		a, b := labels[i].x1, labels[i+1].x0
		step := math.Max(0.5, (b-a)/2048)
		n := int((b-a)/step) + 1
		if n <= 1 {
			bounds = append(bounds, (a+b)/2)
			continue
		}
		// cover[k] counts the body fragments across a+k·step.
		diff := make([]int, n+1)
		for _, f := range body {
			lo := max(0, int(math.Floor((f.x0-a)/step))+1)
			hi := min(n-1, int(math.Ceil((f.x1-a)/step))-1)
			if lo <= hi {
				diff[lo]++
				diff[hi+1]--
			}
		}
		best, bestLen, bestCount := (a+b)/2, -1, math.MaxInt
		cover, runStart := 0, 0
		for k := 0; k < n; k++ {
			cover += diff[k]
			next := math.MaxInt // the count at k+1, or a closing sentinel
			if k+1 < n {
				next = cover + diff[k+1]
			}
			if next != cover { // a run of equal cover ends at k
				if cover < bestCount || cover == bestCount && k-runStart > bestLen {
					best, bestLen, bestCount = a+float64(runStart+k)/2*step, k-runStart, cover
				}
				runStart = k + 1
			}
		}
		bounds = append(bounds, best)
	}
	return append(bounds, math.Inf(1))
}

// column returns the column a fragment starts in, or -1 outside the table.
func (t *pdfTable) column(f pdfFrag) int {
	x := f.x0 + math.Min(2, (f.x1-f.x0)/2)
	if x < t.bounds[0]-2 || x > t.bounds[len(t.bounds)-1]+2 {
		return -1
	}
	i := sort.SearchFloat64s(t.bounds, x) - 1
	return max(0, min(i, len(t.bounds)-2))
}

// rows cuts every page from the header's on into rows.
func (t *pdfTable) rows() []pdfRow {
	if !t.ruled {
		// Text of two columns may run together where no rule parts them.
		inner := t.bounds[1 : len(t.bounds)-1]
		for pi := t.headerPage; pi < len(t.pages); pi++ {
			var fs []pdfFrag
			for _, f := range t.pages[pi].frags {
				fs = append(fs, f.split(inner)...)
			}
			t.pages[pi].frags = fs
		}
	}
	running := runningFrags(t.pages[t.headerPage:], t.headings)
	var rows []pdfRow
	for pi := t.headerPage; pi < len(t.pages); pi++ {
		p := t.pages[pi]
		top := math.Inf(-1)
		if pi == t.headerPage {
			top = t.headerTop - 1
		}
		if ys := t.rowRules(p, top); len(ys) >= 2 {
			rows = append(rows, t.textAbove(p, ys[0], running[pi-t.headerPage])...)
			rows = append(rows, t.ruledRows(p, ys)...)
		} else {
			rows = append(rows, t.unruledRows(p, top, running[pi-t.headerPage])...)
		}
	}
	return rows
}

// textAbove returns the text of a page above its table's first rule, within the table's
// width and other than running headers: the title over the first page's table, a group
// heading over a table that starts a group (「Ⅱ．その他の主な意見」). Each line is a row
// of its own (with the next, when it ran to the table's edge and wrapped); the caller
// reports the title, and reads a heading as the heading of the rows under it.
func (t *pdfTable) textAbove(p pdfPage, firstRule float64, running map[int]bool) []pdfRow {
	left, right := t.bounds[0]-2, t.bounds[len(t.bounds)-1]+2
	var fs []pdfFrag
	for i, f := range p.frags {
		if !running[i] && f.y-0.3*f.size < firstRule && f.x0 >= left && f.x1 <= right {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return nil
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if math.Abs(fs[i].y-fs[j].y) > 0.25*fs[i].size {
			return fs[i].y < fs[j].y
		}
		return fs[i].x0 < fs[j].x0
	})
	var rows []pdfRow
	var b strings.Builder
	lineY, edge, start := fs[0].y, 0.0, fs[0].x0
	flush := func() {
		if b.Len() > 0 {
			rows = append(rows, pdfRow{page: p.number, text: b.String()})
			b.Reset()
		}
	}
	for i, f := range fs {
		switch {
		case i == 0:
		case math.Abs(f.y-lineY) <= 0.25*f.size && f.x0-edge <= 3*f.size:
			b.WriteByte(' ') // the same line
		case math.Abs(f.y-lineY) <= 0.25*f.size:
			flush() // far along the same line: another item (a date set to the right)
			start = f.x0
		case f.y-lineY <= 1.8*f.size && edge >= right-2-3*f.size && start <= left+2+3*f.size:
			b.WriteString(wrapMark) // the line above ran across the whole table: wrapped
			lineY, edge, start = f.y, 0, f.x0
		default:
			flush() // a line of its own: a title, a note, a heading
			lineY, edge, start = f.y, 0, f.x0
		}
		b.WriteString(f.text)
		edge = max(edge, f.x1)
	}
	flush()
	for i := range rows {
		rows[i].text = unwrapLines(rows[i].text)
	}
	return rows
}

// rowRules returns the y of the horizontal rules below top that part rows: in a table
// with column rules, those that run across the number column (every comment has its own
// number; a merged cell elsewhere interrupts the rule between two rows, and a box drawn
// inside a cell is no row); else those that run across at least half of the table.
func (t *pdfTable) rowRules(p pdfPage, top float64) []float64 {
	left, right := t.bounds[0], t.bounds[len(t.bounds)-1]
	if math.IsInf(left, 0) || math.IsInf(right, 0) {
		// Columns without rules: the table is as wide as the page's text.
		left, right = math.Inf(1), math.Inf(-1)
		for _, f := range p.frags {
			left, right = math.Min(left, f.x0), math.Max(right, f.x1)
		}
	}
	var ys []float64
	for _, h := range p.hrules {
		if h.Y0 < top || len(ys) > 0 && h.Y0-ys[len(ys)-1] <= 2 {
			continue
		}
		overlap := math.Min(h.X1, right) - math.Max(h.X0, left)
		if t.ruled && t.crosses(h, t.numberCol) || !t.ruled && overlap >= (right-left)/2 {
			ys = append(ys, h.Y0)
		}
	}
	return ys
}

// crosses reports whether a horizontal rule runs across column c.
func (t *pdfTable) crosses(h pdftext.Line, c int) bool {
	return h.X0 <= t.bounds[c]+2 && h.X1 >= t.bounds[c+1]-2
}

// ruledRows assigns the fragments between two rules to a row; text outside the rules
// or the columns is not part of the table. A cell that no rule parts from the cell above
// it is one merged cell over both rows (a 該当箇所 over a run of comments, a response
// given once for several): like the XLSX and HTML readers, every row it covers gets its
// text.
func (t *pdfTable) ruledRows(p pdfPage, ys []float64) []pdfRow {
	rows := make([]pdfRow, len(ys)-1)
	for i := range rows {
		rows[i] = pdfRow{page: p.number, cells: make([][]pdfFrag, len(t.bounds)-1)}
	}
	for _, f := range p.frags {
		mid := f.y - 0.3*f.size
		c := t.column(f)
		if c < 0 || mid <= ys[0] || mid >= ys[len(ys)-1] {
			continue
		}
		r := sort.SearchFloat64s(ys, mid) - 1
		rows[r].cells[c] = append(rows[r].cells[c], f)
	}
	if t.ruled {
		t.expandMerged(p, ys, rows)
	}
	out := rows[:0]
	for _, r := range rows {
		if !r.empty() {
			out = append(out, r)
		}
	}
	return out
}

// expandMerged gives each run of cells that no rule parts (a merged cell) the text of
// the whole run, in every row of it.
func (t *pdfTable) expandMerged(p pdfPage, ys []float64, rows []pdfRow) {
	parted := func(k, c int) bool { // is there a rule across column c at ys[k]?
		for _, h := range p.hrules {
			if math.Abs(h.Y0-ys[k]) <= 2 && t.crosses(h, c) {
				return true
			}
		}
		return false
	}
	for c := 0; c+1 < len(t.bounds); c++ {
		for start := 0; start < len(rows); {
			end := start + 1
			for end < len(rows) && !parted(end, c) {
				end++
			}
			if end-start > 1 {
				var all []pdfFrag
				for r := start; r < end; r++ {
					all = append(all, rows[r].cells[c]...)
				}
				for r := start; r < end; r++ {
					rows[r].cells[c] = all
				}
			}
			start = end
		}
	}
}

func (r pdfRow) empty() bool {
	for _, c := range r.cells {
		if len(c) > 0 {
			return false
		}
	}
	return true
}

// unruledRows starts a row at every line with text in the first column; the lines
// before the first such line on a page are a row with an empty first cell (the rest of
// a row of the page before).
func (t *pdfTable) unruledRows(p pdfPage, top float64, skip map[int]bool) []pdfRow {
	var starts, plain []float64 // baselines with text in the first column; with text not a heading
	for i, f := range p.frags {
		if skip[i] || f.top() < top {
			continue
		}
		if t.column(f) == 0 {
			starts = append(starts, f.y)
		}
		if !t.headings[compact(f.text)] {
			plain = append(plain, f.y)
		}
	}
	sort.Float64s(starts)
	sort.Float64s(plain)
	on := func(ys []float64, f pdfFrag) bool {
		k := sort.SearchFloat64s(ys, f.y-0.25*f.size)
		return k < len(ys) && ys[k] <= f.y+0.25*f.size
	}
	var rows []pdfRow
	lastY := math.Inf(-1)
	header := false // the row being filled is the header: a line of other text ends it
	for i, f := range p.frags {
		c := t.column(f)
		if skip[i] || c < 0 || f.top() < top {
			continue
		}
		newLine := f.y-lastY > 0.25*f.size
		if len(rows) == 0 || newLine && (on(starts, f) || header && on(plain, f)) {
			rows = append(rows, pdfRow{page: p.number, cells: make([][]pdfFrag, len(t.bounds)-1)})
			header = c == 0 && isNumberHeading(f.text)
		}
		lastY = math.Max(lastY, f.y)
		r := &rows[len(rows)-1]
		r.cells[c] = append(r.cells[c], f)
	}
	return rows
}

// pageNumber matches the running page numbers of ministries' PDFs: "3", "- 3 -", "3/12",
// "3 / 12", "(3)", "p. 3", "3ページ", "Page 3 of 12".
var pageNumber = regexp.MustCompile(`^(?i)(?:[-‐–—―(]?\s*(?:p\.?|page)?\s*\d+\s*(?:/\s*\d+|of\s*\d+|ページ|頁)?\s*[-‐–—―)]?)$`)

// runningFrags finds, on each page, the fragments of running headers and footers: text
// near the top or bottom of a page that is found (digits aside) at the same height on at
// least half of the pages (and on two at least), and page numbers there. The header
// repeated at the top of each page is not running text: the caller drops its repeats.
func runningFrags(pages []pdfPage, headings map[string]bool) []map[int]bool {
	type key struct {
		text string
		y    int
	}
	shape := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, compact(s))
	}
	count := map[key]int{}
	for _, p := range pages {
		seen := map[key]bool{}
		for _, f := range p.frags {
			k := key{shape(f.text), int(math.Round(f.y / 3))}
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := make([]map[int]bool, len(pages))
	for pi, p := range pages {
		out[pi] = map[int]bool{}
		for i, f := range p.frags {
			k := key{shape(f.text), int(math.Round(f.y / 3))}
			n := count[k]
			for _, dy := range []int{-1, 1} { // a neighbouring bucket
				n = max(n, count[key{k.text, k.y + dy}])
			}
			if f.y > 0.15*p.height && f.y < 0.85*p.height || headings[compact(f.text)] {
				continue // running text is in the margins; a cell repeated mid-page is not
			}
			if n >= 2 && 2*n >= len(pages) || pageNumber.MatchString(compact(f.text)) {
				out[pi][i] = true
			}
		}
	}
	return out
}

// cellText joins a cell's fragments: those on one baseline with a space; a line to the
// next as the writer's wrap (joinWrapped) when the next line's first word would not have
// fitted after it in the column (right: the furthest any text of the column reaches),
// else with "\n" (the author broke the line); and lines further apart than one and a
// half times the usual pitch with "\n\n".
func (t *pdfTable) cellText(frags []pdfFrag, right float64) string {
	if len(frags) == 0 {
		return ""
	}
	fs := append([]pdfFrag(nil), frags...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].y < fs[j].y })
	type textLine struct {
		text             string
		y, edge, size    float64
		left, firstWidth float64
	}
	var lines []textLine
	var cur []pdfFrag
	flush := func() {
		sort.SliceStable(cur, func(i, j int) bool { return cur[i].x0 < cur[j].x0 })
		l := textLine{y: cur[0].y, left: cur[0].x0, firstWidth: firstWordWidth(cur[0])}
		var b strings.Builder
		for i, f := range cur {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f.text)
			l.edge, l.size = max(l.edge, f.x1), max(l.size, f.size)
		}
		l.text = b.String()
		lines = append(lines, l)
		cur = cur[:0]
	}
	lineY := fs[0].y
	for _, f := range fs {
		if f.y-lineY > 0.25*f.size && len(cur) > 0 {
			flush()
			lineY = f.y
		}
		cur = append(cur, f)
	}
	flush()
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			switch {
			case l.y-prev.y > 1.5*t.pitch:
				b.WriteString("\n\n")
			case prev.edge+l.firstWidth > right-0.25*l.size:
				b.WriteString(wrapMark)
			default:
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.text)
	}
	return unwrapLines(b.String())
}

// firstWordWidth is how wide a fragment's first word is: a run of Latin letters and
// digits up to a gap, or one character of any other script (Japanese breaks anywhere).
func firstWordWidth(f pdfFrag) float64 {
	if len(f.glyphs) == 0 {
		return f.x1 - f.x0
	}
	g0 := f.glyphs[0]
	end := g0.x1
	if r, _ := utf8.DecodeRuneInString(g0.text); r >= utf8.RuneSelf {
		return end - g0.x0
	}
	for _, g := range f.glyphs[1:] {
		r, _ := utf8.DecodeRuneInString(g.text)
		if g.space || r >= utf8.RuneSelf || r == ' ' {
			break
		}
		end = g.x1
	}
	return end - g0.x0
}

// wrapMark stands, while a cell is assembled, where the writer wrapped a line.
const wrapMark = "\x00"

// unwrapLines joins the lines of a cell that the PDF's writer wrapped to fit the column.
func unwrapLines(s string) string {
	parts := strings.Split(s, wrapMark)
	out := parts[0]
	for _, p := range parts[1:] {
		out = joinWrapped(out, p)
	}
	return out
}

// joinWrapped joins a line to its continuation. A wrapped line ends where the writer
// ran out of column, not where the author broke it: Japanese text continues with no
// space (ソフトウェア / ・アライアンス is one word), Latin words with one space (End / to).
func joinWrapped(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if last < utf8.RuneSelf && first < utf8.RuneSelf && last != ' ' && first != ' ' && last != '\n' {
		return a + " " + b
	}
	return a + b
}

// columnEdges returns, per column, the furthest right any of its text reaches: where a
// line that the writer wrapped ends.
func columnEdges(rows []pdfRow) []float64 {
	var right []float64
	for _, r := range rows {
		for len(right) < len(r.cells) {
			right = append(right, 0)
		}
		for i, c := range r.cells {
			for _, f := range c {
				right[i] = max(right[i], f.x1)
			}
		}
	}
	return right
}

// measurePitch sets the usual distance between two lines of a cell: the most common one,
// to a quarter point.
func (t *pdfTable) measurePitch(rows []pdfRow) {
	count := map[int]int{}
	var sizes []float64
	for _, r := range rows {
		for _, c := range r.cells {
			ys := baselines(c)
			for i := 1; i < len(ys); i++ {
				count[int(math.Round((ys[i]-ys[i-1])*4))]++
			}
			for _, f := range c {
				sizes = append(sizes, f.size)
			}
		}
	}
	best, n := 0, 0
	for d, k := range count {
		if k > n || k == n && d < best {
			best, n = d, k
		}
	}
	if n > 0 {
		t.pitch = float64(best) / 4
		return
	}
	sort.Float64s(sizes)
	t.pitch = 12
	if len(sizes) > 0 {
		t.pitch = 1.2 * sizes[len(sizes)/2]
	}
}

// records turns rows into records, joining a row continued at the top of a page to the
// row it continues. Line counts the records over all pages.
func (t *pdfTable) records(rows []pdfRow) []Record {
	t.measurePitch(rows)
	var recs []Record
	headerFirst := ""
	lastPage := 0
	firstOnPage := false
	right := columnEdges(rows)
	for _, r := range rows {
		if r.text != "" {
			recs = append(recs, Record{Line: len(recs) + 1, Page: r.page, Cells: []string{r.text}})
			continue
		}
		cells := make([]string, len(r.cells))
		for i, c := range r.cells {
			cells[i] = t.cellText(c, right[i])
		}
		if r.page != lastPage {
			lastPage, firstOnPage = r.page, true
		}
		if headerFirst == "" {
			headerFirst = compact(cells[0])
		} else if compact(cells[0]) == headerFirst {
			recs = append(recs, Record{Line: len(recs) + 1, Page: r.page, Cells: cells})
			continue // a repeated header: the next row may still continue a row
		}
		if firstOnPage && cells[0] == "" && len(recs) > 1 {
			prev := lastData(recs, headerFirst)
			if prev != nil && prev.Page < r.page {
				for i, c := range cells {
					switch {
					case c == "":
					case prev.Cells[i] == "":
						prev.Cells[i] = c
					default:
						prev.Cells[i] = joinWrapped(prev.Cells[i], c)
					}
				}
				firstOnPage = false
				continue
			}
		}
		firstOnPage = false
		recs = append(recs, Record{Line: len(recs) + 1, Page: r.page, Cells: cells})
	}
	return recs
}

// lastData returns the last record that is not a header.
func lastData(recs []Record, headerFirst string) *Record {
	for i := len(recs) - 1; i >= 0; i-- {
		if compact(recs[i].Cells[0]) != headerFirst {
			return &recs[i]
		}
	}
	return nil
}

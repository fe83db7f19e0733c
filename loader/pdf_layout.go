package loader

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/pcgraph/pcgraph/loader/pdftext"
)

// A PDF page as the table rebuilding sees it: glyphs gathered into fragments of text
// on a baseline, and ruling lines merged into long rules.

// pdfFrag is a run of text on one baseline with no wide gap and no rule across it.
type pdfFrag struct {
	x0, x1, y float64 // y is the baseline
	size      float64
	text      string
	glyphs    []pdfGlyph // what text is made of, to cut a fragment at a column boundary
}

// pdfGlyph is one character of a fragment; space says a gap comes before it.
type pdfGlyph struct {
	x0, x1 float64
	text   string
	space  bool
}

func (f pdfFrag) top() float64 { return f.y - 0.8*f.size }

// split cuts f where a boundary in xs (sorted) falls between two of its characters.
func (f pdfFrag) split(xs []float64) []pdfFrag {
	i := sort.SearchFloat64s(xs, f.x0)
	if i >= len(xs) || xs[i] >= f.x1 {
		return []pdfFrag{f}
	}
	var out []pdfFrag
	start := 0
	for k := 1; k < len(f.glyphs); k++ {
		for i < len(xs) && xs[i] <= (f.glyphs[k-1].x0+f.glyphs[k-1].x1)/2 {
			i++
		}
		if i < len(xs) && xs[i] <= (f.glyphs[k].x0+f.glyphs[k].x1)/2 {
			out = append(out, f.piece(start, k))
			start = k
		}
	}
	return append(out, f.piece(start, len(f.glyphs)))
}

// piece is the fragment of glyphs from to to.
func (f pdfFrag) piece(from, to int) pdfFrag {
	gs := f.glyphs[from:to]
	var b strings.Builder
	for i, g := range gs {
		if i > 0 && g.space {
			b.WriteByte(' ')
		}
		b.WriteString(g.text)
	}
	return pdfFrag{x0: gs[0].x0, x1: gs[len(gs)-1].x1, y: f.y, size: f.size, text: b.String(), glyphs: gs}
}

// pdfPage is one page's fragments (top to bottom, then left to right) and rules.
type pdfPage struct {
	number        int
	width, height float64
	frags         []pdfFrag
	hrules        []pdftext.Line // merged horizontal rules, top to bottom
	vrules        []pdftext.Line // merged vertical rules, left to right
}

// layoutPage gathers a page's glyphs into fragments and merges its rules.
func layoutPage(p pdftext.Page) pdfPage {
	out := pdfPage{number: p.Number, width: p.Width, height: p.Height}
	var hs, vs []pdftext.Line
	for _, l := range p.Lines {
		if l.Horizontal() {
			hs = append(hs, l)
		} else {
			vs = append(vs, l)
		}
	}
	out.hrules = mergeRules(hs, true)
	out.vrules = mergeRules(vs, false)
	out.frags = fragments(p.Glyphs, out.vrules)
	return out
}

// mergeRules joins collinear segments that touch or overlap (a table's border is drawn
// cell by cell) and drops duplicates (a cell's edge drawn by both neighbours).
func mergeRules(ls []pdftext.Line, horizontal bool) []pdftext.Line {
	const tol = 1.0 // points between two segments still on one rule
	pos := func(l pdftext.Line) float64 { return l.X0 }
	lo := func(l pdftext.Line) float64 { return l.Y0 }
	hi := func(l pdftext.Line) float64 { return l.Y1 }
	if horizontal {
		pos = func(l pdftext.Line) float64 { return l.Y0 }
		lo = func(l pdftext.Line) float64 { return l.X0 }
		hi = func(l pdftext.Line) float64 { return l.X1 }
	}
	sort.Slice(ls, func(i, j int) bool {
		if a, b := pos(ls[i]), pos(ls[j]); math.Abs(a-b) > 0.01 {
			return a < b
		}
		return lo(ls[i]) < lo(ls[j])
	})
	var out []pdftext.Line
	for i := 0; i < len(ls); {
		// The segments at one position (within tol), by start.
		j := i + 1
		for j < len(ls) && pos(ls[j])-pos(ls[i]) <= tol {
			j++
		}
		group := append([]pdftext.Line(nil), ls[i:j]...)
		sort.Slice(group, func(a, b int) bool { return lo(group[a]) < lo(group[b]) })
		p := pos(group[0])
		a, b := lo(group[0]), hi(group[0])
		flush := func() {
			if horizontal {
				out = append(out, pdftext.Line{X0: a, Y0: p, X1: b, Y1: p})
			} else {
				out = append(out, pdftext.Line{X0: p, Y0: a, X1: p, Y1: b})
			}
		}
		for _, l := range group[1:] {
			if lo(l) <= b+2 {
				b = math.Max(b, hi(l))
				continue
			}
			flush()
			a, b = lo(l), hi(l)
		}
		flush()
		i = j
	}
	return out
}

// fragments gathers glyphs into fragments: glyphs on one baseline (within a quarter of
// their size), left to right, split where the gap is wider than a character or a
// vertical rule runs between them. A glyph drawn twice at the same place (fake bold) is
// kept once; a gap wider than a fifth of a character becomes a space.
func fragments(glyphs []pdftext.Glyph, vrules []pdftext.Line) []pdfFrag {
	gs := append([]pdftext.Glyph(nil), glyphs...)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].Y < gs[j].Y })
	var out []pdfFrag
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[j].Y-gs[i].Y <= 0.25*gs[i].Size {
			j++
		}
		line := gs[i:j]
		sort.SliceStable(line, func(a, b int) bool { return line[a].X < line[b].X })
		y := line[0].Y
		var cur pdfFrag
		space := false
		flush := func() {
			if len(cur.glyphs) > 0 {
				out = append(out, cur.piece(0, len(cur.glyphs)))
			}
			cur = pdfFrag{}
		}
		for k, g := range line {
			text := strings.Map(visible, g.Text)
			if k > 0 {
				prev := line[k-1]
				if g.Text == prev.Text && math.Abs(g.X-prev.X) < 0.2*g.Size {
					continue // drawn twice
				}
				gap := g.X - cur.x1
				if len(cur.glyphs) > 0 && (gap > g.Size || ruleBetween(vrules, cur.x1, g.X, y, g.Size)) {
					flush()
				} else if gap > 0.2*g.Size {
					space = true
				}
			}
			if strings.TrimSpace(text) == "" { // a space glyph: a gap, not a character
				if len(cur.glyphs) > 0 {
					space = true
					cur.x1 = math.Max(cur.x1, g.X1)
				}
				continue
			}
			if len(cur.glyphs) == 0 {
				cur = pdfFrag{x0: g.X, x1: g.X1, y: y, size: g.Size}
				space = false
			}
			cur.glyphs = append(cur.glyphs, pdfGlyph{x0: g.X, x1: g.X1, text: text, space: space})
			space = false
			cur.x1 = math.Max(cur.x1, g.X1)
			cur.size = math.Max(cur.size, g.Size)
		}
		flush()
		i = j
	}
	return out
}

// visible maps control characters that some fonts' ToUnicode give (tabs, line feeds
// drawn as glyphs) to a space.
func visible(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}

// ruleBetween reports whether a vertical rule crosses the baseline y between x0 and x1.
func ruleBetween(vrules []pdftext.Line, x0, x1, y, size float64) bool {
	i := sort.Search(len(vrules), func(i int) bool { return vrules[i].X0 > x0 })
	for k := 0; i < len(vrules) && vrules[i].X0 < x1; i, k = i+1, k+1 {
		if k == 8 || vrules[i].Y0 <= y-size/2 && vrules[i].Y1 >= y {
			return true // (more than a few rules in a character's gap is a hatching, not text)
		}
	}
	return false
}

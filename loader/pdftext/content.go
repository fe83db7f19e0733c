package pdftext

import (
	"bytes"
	"math"
)

// gstate is the part of the graphics state that positions text and lines.
type gstate struct {
	ctm                      matrix
	font                     *font
	size, tc, tw, th, tl, ts float64
}

type point struct{ x, y float64 }

// subpath is a path piece in display space; curved ones rule nothing.
type subpath struct {
	pts    []point
	curved bool
	closed bool
}

// interp runs the content streams of one page.
type interp struct {
	d        *doc
	page     *Page
	disp     matrix
	gs       gstate
	stack    []gstate
	tm, tlm  matrix
	path     []subpath
	forms    []*stream // forms being run, to refuse recursion
	pageArea float64
}

const (
	maxStack    = 1024 // operands kept before an operator; q levels
	maxFormNest = 12
)

// run interprets one content stream with its resources.
func (in *interp) run(content []byte, res dict) {
	d := in.d
	fonts := d.dict(res["Font"])
	xobjs := d.dict(res["XObject"])
	l := &lexer{b: content}
	var args []any
	for {
		v, ok := l.object(0)
		if !ok {
			return
		}
		// Operands count too: a form drawn many times could hold megabytes of them.
		d.ops++
		if d.ops > d.lim.MaxOps {
			panic(errorf("the PDF's pages draw more than %d operations: it is too large to read as a table", d.lim.MaxOps))
		}
		op, isOp := v.(keyword)
		if !isOp {
			if len(args) < maxStack {
				args = append(args, v)
			}
			continue
		}
		in.do(string(op), args, fonts, xobjs, res, l)
		args = args[:0]
	}
}

func num(args []any, i int) float64 {
	if i < len(args) {
		if f, ok := args[i].(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
	return 0
}

func nums(args []any, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i := range out {
		f, ok := args[len(args)-n+i].(float64)
		if !ok {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

func (in *interp) do(op string, args []any, fonts, xobjs, res dict, l *lexer) {
	g := &in.gs
	switch op {
	case "q":
		if len(in.stack) < maxStack {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if a, ok := nums(args, 6); ok {
			if m := (matrix{a[0], a[1], a[2], a[3], a[4], a[5]}).mul(g.ctm); m.finite() {
				g.ctm = m
			}
		}

	// Text
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tf":
		if len(args) >= 2 {
			if n, ok := args[len(args)-2].(name); ok {
				g.font = in.d.loadFont(fonts[n])
			}
			g.size = num(args, len(args)-1)
		}
	case "Tc":
		g.tc = num(args, 0)
	case "Tw":
		g.tw = num(args, 0)
	case "Tz":
		g.th = num(args, 0) / 100
	case "TL":
		g.tl = num(args, 0)
	case "Ts":
		g.ts = num(args, 0)
	case "Td":
		in.moveText(num(args, 0), num(args, 1))
	case "TD":
		g.tl = -num(args, 1)
		in.moveText(num(args, 0), num(args, 1))
	case "Tm":
		if a, ok := nums(args, 6); ok {
			if m := (matrix{a[0], a[1], a[2], a[3], a[4], a[5]}); m.finite() {
				in.tm, in.tlm = m, m
			}
		}
	case "T*":
		in.moveText(0, -g.tl)
	case "Tj":
		if len(args) > 0 {
			in.show(args[len(args)-1])
		}
	case "'":
		in.moveText(0, -g.tl)
		if len(args) > 0 {
			in.show(args[len(args)-1])
		}
	case "\"":
		if len(args) >= 3 {
			g.tw, g.tc = num(args, len(args)-3), num(args, len(args)-2)
			in.moveText(0, -g.tl)
			in.show(args[len(args)-1])
		}
	case "TJ":
		if len(args) > 0 {
			a, _ := args[len(args)-1].(array)
			for _, x := range a {
				if f, ok := x.(float64); ok {
					in.advance(-f / 1000 * g.size * g.th)
				} else {
					in.show(x)
				}
			}
		}

	// Paths
	case "m":
		if a, ok := nums(args, 2); ok {
			in.path = append(in.path, subpath{pts: []point{in.user(a[0], a[1])}})
		}
	case "l":
		if a, ok := nums(args, 2); ok && len(in.path) > 0 {
			sp := &in.path[len(in.path)-1]
			if len(sp.pts) < 1<<16 {
				sp.pts = append(sp.pts, in.user(a[0], a[1]))
			}
		}
	case "c", "v", "y":
		if len(in.path) > 0 {
			sp := &in.path[len(in.path)-1]
			sp.curved = true
			if a, ok := nums(args, 2); ok && len(sp.pts) < 1<<16 {
				sp.pts = append(sp.pts, in.user(a[0], a[1]))
			}
		}
	case "h":
		if len(in.path) > 0 {
			in.path[len(in.path)-1].closed = true
		}
	case "re":
		if a, ok := nums(args, 4); ok && len(in.path) < 1<<16 {
			x, y, w, h := a[0], a[1], a[2], a[3]
			in.path = append(in.path, subpath{closed: true, pts: []point{
				in.user(x, y), in.user(x+w, y), in.user(x+w, y+h), in.user(x, y+h)}})
		}
	case "S", "s":
		in.stroke(op == "s")
		in.path = in.path[:0]
	case "f", "F", "f*":
		in.fill()
		in.path = in.path[:0]
	case "B", "B*", "b", "b*":
		in.fill()
		in.stroke(op[0] == 'b')
		in.path = in.path[:0]
	case "n":
		in.path = in.path[:0]

	// XObjects and inline images
	case "Do":
		if len(args) > 0 {
			if n, ok := args[len(args)-1].(name); ok {
				in.xobject(xobjs[n], res)
			}
		}
	case "BI":
		in.skipInlineImage(l)
	}
}

func (in *interp) user(x, y float64) point {
	x, y = in.gs.ctm.mul(in.disp).apply(x, y)
	return point{x, y}
}

func (in *interp) moveText(tx, ty float64) {
	in.tlm = translate(tx, ty).mul(in.tlm)
	in.tm = in.tlm
}

func (in *interp) advance(tx float64) {
	if m := translate(tx, 0).mul(in.tm); m.finite() {
		in.tm = m
	}
}

// show draws a string with the current font, one glyph a code.
func (in *interp) show(v any) {
	s, ok := v.(string)
	g := &in.gs
	if !ok || g.font == nil {
		return
	}
	d := in.d
	g.font.show(s, func(code uint32, n int, text string, w float64) {
		trm := matrix{g.size * g.th, 0, 0, g.size, 0, g.ts}.mul(in.tm).mul(g.ctm).mul(in.disp)
		x, y := trm[4], trm[5]
		// Upright in display space: the baseline runs right, the glyph's up points up.
		if in.onPage(x, y) && trm.finite() && trm[0] > 0 && math.Abs(trm[1]) <= 0.05*trm[0] && trm[3] < 0 && math.Abs(trm[2]) <= 0.05*-trm[3] {
			d.glyphs++
			if d.glyphs > d.lim.MaxGlyphs {
				panic(errorf("the PDF shows more than %d characters: it is too large to read as a table", d.lim.MaxGlyphs))
			}
			in.page.Glyphs = append(in.page.Glyphs, Glyph{X: x, Y: y, X1: x + w*trm[0], Size: -trm[3], Text: text})
		}
		tx := w*g.size + g.tc
		if n == 1 && code == 32 {
			tx += g.tw
		}
		in.advance(tx * g.th)
	})
}

// stroke records the straight horizontal and vertical segments of the current path.
func (in *interp) stroke(closeAll bool) {
	for _, sp := range in.path {
		if sp.curved || len(sp.pts) < 2 {
			continue
		}
		for i := 0; i+1 < len(sp.pts); i++ {
			in.segment(sp.pts[i], sp.pts[i+1])
		}
		if closeAll || sp.closed {
			in.segment(sp.pts[len(sp.pts)-1], sp.pts[0])
		}
	}
}

// fill records filled rectangles: a thin one is a rule (Word draws table borders so);
// the edges of a larger one bound a shaded cell, unless it covers much of the page (a
// background).
func (in *interp) fill() {
	for _, sp := range in.path {
		x0, y0, x1, y1, ok := rectangle(sp)
		if !ok {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= 3 && w >= 1:
			in.addLine(Line{x0, (y0 + y1) / 2, x1, (y0 + y1) / 2})
		case w <= 3 && h >= 1:
			in.addLine(Line{(x0 + x1) / 2, y0, (x0 + x1) / 2, y1})
		case w*h < in.pageArea/2:
			in.addLine(Line{x0, y0, x1, y0})
			in.addLine(Line{x0, y1, x1, y1})
			in.addLine(Line{x0, y0, x0, y1})
			in.addLine(Line{x1, y0, x1, y1})
		}
	}
}

// rectangle reports whether a subpath is an axis-aligned rectangle, and its extent.
func rectangle(sp subpath) (x0, y0, x1, y1 float64, ok bool) {
	pts := sp.pts
	if sp.curved || len(pts) < 4 || len(pts) > 5 {
		return 0, 0, 0, 0, false
	}
	if len(pts) == 5 && (math.Abs(pts[4].x-pts[0].x) > 0.5 || math.Abs(pts[4].y-pts[0].y) > 0.5) {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = pts[0].x, pts[0].y, pts[0].x, pts[0].y
	for i := 0; i < 4; i++ {
		a, b := pts[i], pts[(i+1)%4]
		if math.Abs(a.x-b.x) > 0.5 && math.Abs(a.y-b.y) > 0.5 {
			return 0, 0, 0, 0, false
		}
		x0, y0 = math.Min(x0, a.x), math.Min(y0, a.y)
		x1, y1 = math.Max(x1, a.x), math.Max(y1, a.y)
	}
	return x0, y0, x1, y1, true
}

func (in *interp) segment(a, b point) {
	switch {
	case math.Abs(a.y-b.y) <= 0.5 && math.Abs(a.x-b.x) >= 1:
		y := (a.y + b.y) / 2
		in.addLine(Line{math.Min(a.x, b.x), y, math.Max(a.x, b.x), y})
	case math.Abs(a.x-b.x) <= 0.5 && math.Abs(a.y-b.y) >= 1:
		x := (a.x + b.x) / 2
		in.addLine(Line{x, math.Min(a.y, b.y), x, math.Max(a.y, b.y)})
	}
}

func (in *interp) addLine(l Line) {
	if !in.onPage(l.X0, l.Y0) || !in.onPage(l.X1, l.Y1) {
		return // off the page: not seen, and positions there are unbounded
	}
	d := in.d
	d.glyphs++ // lines count against the same bound as glyphs
	if d.glyphs > d.lim.MaxGlyphs {
		panic(errorf("the PDF draws more than %d characters and lines: it is too large to read as a table", d.lim.MaxGlyphs))
	}
	in.page.Lines = append(in.page.Lines, l)
}

// onPage reports whether a point is on the page, give or take a tenth of it.
func (in *interp) onPage(x, y float64) bool {
	w, h := in.page.Width, in.page.Height
	return x >= -w/10 && x <= w*1.1 && y >= -h/10 && y <= h*1.1
}

// xobject runs a form XObject, or counts an image.
func (in *interp) xobject(v any, res dict) {
	s, ok := in.d.get(v).(*stream)
	if !ok {
		return
	}
	switch in.d.name(s.dict["Subtype"]) {
	case "Image":
		in.page.Images++
	case "Form":
		if len(in.forms) >= maxFormNest {
			return
		}
		for _, f := range in.forms {
			if f == s {
				return // a form that draws itself
			}
		}
		body, err := in.d.decode(s)
		if err != nil {
			return
		}
		saved, savedStack, savedPath := in.gs, len(in.stack), in.path
		if a := in.d.array(s.dict["Matrix"]); len(a) == 6 {
			var m matrix
			for i := range m {
				m[i], _ = in.d.number(a[i])
			}
			if mm := m.mul(in.gs.ctm); mm.finite() {
				in.gs.ctm = mm
			}
		}
		fres := in.d.dict(s.dict["Resources"])
		if fres == nil {
			fres = res
		}
		in.forms = append(in.forms, s)
		in.path = nil
		in.run(body, fres)
		in.forms = in.forms[:len(in.forms)-1]
		in.gs, in.stack, in.path = saved, in.stack[:min(savedStack, len(in.stack))], savedPath
	}
}

// skipInlineImage skips "BI … ID <data> EI", whose data is binary.
func (in *interp) skipInlineImage(l *lexer) {
	for {
		t := l.lookahead(0)
		if t.kind == tEOF {
			return
		}
		if t.kind == tKeyword && t.s == "ID" {
			break
		}
		l.next()
	}
	l.next()
	l.peek = l.peek[:0]
	in.page.Images++
	p := l.pos + 1
	for {
		k := bytes.Index(l.b[p:], []byte("EI"))
		if k < 0 {
			l.pos = len(l.b)
			return
		}
		e := p + k
		if e > 0 && isSpace(l.b[e-1]) && (e+2 == len(l.b) || isSpace(l.b[e+2])) {
			l.pos = e + 2
			return
		}
		p = e + 2
	}
}

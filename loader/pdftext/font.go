package pdftext

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// font is what showing text needs of a font: how to split a string into codes, each
// code's text and its advance width.
type font struct {
	cid      bool       // a Type0 font: codes select CIDs through an encoding CMap
	encoding *cmap      // the encoding CMap of a Type0 font; nil for Identity-H/V
	ucs2     bool       // a predefined UCS-2/UTF-16 CMap: codes are Unicode
	toUni    *cmap      // the ToUnicode CMap, when there is one
	enc      [256]rune  // a simple font's encoding (0 where unknown)
	first    int        // a simple font's FirstChar
	widths   []float64  // a simple font's Widths from FirstChar, in glyph units
	missing  float64    // width of codes not in widths (MissingWidth or DW)
	cidW     []cidWidth // a Type0 font's W, sorted
	scale    float64    // glyph units to text space: 1/1000, or a Type3 FontMatrix
}

type cidWidth struct {
	lo, hi int
	w      float64
}

// maxWidths bounds the entries kept from a W array.
const maxWidths = 200_000

// loadFont reads the font dictionary v (a reference or a dictionary), cached by
// reference.
func (d *doc) loadFont(v any) *font {
	fd := d.dict(v)
	var key any = v
	if _, ok := v.(ref); !ok {
		if fd == nil {
			return nil
		}
		key = reflect.ValueOf(fd).Pointer() // a direct dictionary: the same map each Tf
	}
	if f, ok := d.fonts[key]; ok {
		return f
	}
	f := d.readFont(fd)
	d.fonts[key] = f
	return f
}

func (d *doc) readFont(fd dict) *font {
	f := &font{scale: 0.001}
	if s, ok := d.get(fd["ToUnicode"]).(*stream); ok {
		f.toUni = d.cmap(s)
	}
	if d.name(fd["Subtype"]) == "Type0" {
		f.cid = true
		switch enc := d.get(fd["Encoding"]).(type) {
		case name:
			s := string(enc)
			f.ucs2 = strings.Contains(s, "UCS2") || strings.Contains(s, "UTF16")
		case *stream:
			f.encoding = d.cmap(enc)
		}
		desc := d.array(fd["DescendantFonts"])
		var cf dict
		if len(desc) > 0 {
			cf = d.dict(desc[0])
		}
		f.missing = 1000
		if dw, ok := d.number(cf["DW"]); ok {
			f.missing = dw
		}
		f.cidW = d.cidWidths(d.array(cf["W"]))
		return f
	}
	// A simple font: one byte a code.
	if d.name(fd["Subtype"]) == "Type3" {
		if m := d.array(fd["FontMatrix"]); len(m) == 6 {
			if a, ok := d.number(m[0]); ok {
				f.scale = a
			}
		}
	}
	first, _ := d.number(fd["FirstChar"])
	f.first = int(first)
	for _, w := range d.array(fd["Widths"]) {
		x, _ := d.number(w)
		f.widths = append(f.widths, x)
		if len(f.widths) == 256 {
			break
		}
	}
	if mw, ok := d.number(d.dict(fd["FontDescriptor"])["MissingWidth"]); ok {
		f.missing = mw
	} else if len(f.widths) == 0 {
		f.missing = 500 // a standard 14 font without widths: an average Latin width
	}
	base := name("StandardEncoding")
	var diffs array
	switch enc := d.get(fd["Encoding"]).(type) {
	case name:
		base = enc
	case dict:
		if b := d.name(enc["BaseEncoding"]); b != "" {
			base = b
		}
		diffs = d.array(enc["Differences"])
	}
	f.enc = baseEncoding(base)
	code := 0
	for _, x := range diffs {
		switch v := d.get(x).(type) {
		case float64:
			code = int(v)
		case name:
			if code >= 0 && code < 256 {
				if r, ok := glyphRune(string(v)); ok {
					f.enc[code] = r
				} else {
					f.enc[code] = 0
				}
			}
			code++
		}
	}
	return f
}

// cmap parses a CMap stream once, however many fonts share it.
func (d *doc) cmap(s *stream) *cmap {
	if m, ok := d.cmaps[s]; ok {
		return m
	}
	var m *cmap
	if b, err := d.decode(s); err == nil {
		m = parseCMap(b)
	}
	d.cmaps[s] = m
	return m
}

// cidWidths reads a W array: "c [w1 w2 …]" and "cfirst clast w" entries.
func (d *doc) cidWidths(w array) []cidWidth {
	var out []cidWidth
	for i := 0; i < len(w) && len(out) < maxWidths; {
		c, ok := d.number(w[i])
		if !ok || i+1 >= len(w) {
			break
		}
		if list := d.array(w[i+1]); list != nil {
			for k, x := range list {
				v, _ := d.number(x)
				out = append(out, cidWidth{int(c) + k, int(c) + k, v})
				if len(out) >= maxWidths {
					break
				}
			}
			i += 2
			continue
		}
		last, ok1 := d.number(w[i+1])
		if i+2 >= len(w) || !ok1 {
			break
		}
		v, _ := d.number(w[i+2])
		out = append(out, cidWidth{int(c), int(last), v})
		i += 3
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out
}

// show calls fn for each code of s with its text and advance width in text space
// (before the font size).
func (f *font) show(s string, fn func(code uint32, n int, text string, w float64)) {
	for len(s) > 0 {
		n := 1
		if f.cid {
			n = 2 // Identity-H/V and the predefined UCS-2 CMaps
			if f.encoding != nil {
				n = f.encoding.split(s, 2)
			}
			n = min(n, len(s))
		}
		code := codeOf(s[:n])
		s = s[n:]
		text, ok := f.toUni.text(code, n)
		if !ok || text == "" {
			text = f.fallbackText(code, n)
		}
		fn(code, n, text, f.width(code, n)*f.scale)
	}
}

func (f *font) fallbackText(code uint32, n int) string {
	switch {
	case f.cid && f.ucs2 && n == 2:
		return string(utf16.Decode([]uint16{uint16(code)}))
	case !f.cid && code < 256 && f.enc[code] != 0:
		return string(f.enc[code])
	}
	return "\uFFFD"
}

func (f *font) width(code uint32, n int) float64 {
	if !f.cid {
		if i := int(code) - f.first; i >= 0 && i < len(f.widths) {
			return f.widths[i]
		}
		return f.missing
	}
	cid := int(code)
	if f.encoding != nil {
		if c, ok := f.encoding.cid(code, n); ok {
			cid = c
		}
	}
	i := sort.Search(len(f.cidW), func(i int) bool { return f.cidW[i].lo > cid })
	if i > 0 && cid <= f.cidW[i-1].hi {
		return f.cidW[i-1].w
	}
	return f.missing
}

// baseEncoding returns one of the standard single-byte encodings as runes.
func baseEncoding(n name) [256]rune {
	var e [256]rune
	cm := charmap.Windows1252
	switch n {
	case "MacRomanEncoding":
		cm = charmap.Macintosh
	case "WinAnsiEncoding", "StandardEncoding", "PDFDocEncoding":
	default:
		cm = charmap.Windows1252
	}
	for i := 32; i < 256; i++ {
		if r := cm.DecodeByte(byte(i)); r != '\uFFFD' {
			e[i] = r
		}
	}
	if n == "StandardEncoding" {
		e['\''], e['`'] = '’', '‘'
	}
	return e
}

// glyphNames are the Adobe glyph names of ASCII punctuation, which fonts with
// Differences use; letters are their own names, and uniXXXX/uXXXX are decoded.
var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$',
	"percent": '%', "ampersand": '&', "quotesingle": '\'', "quoteright": '’', "quoteleft": '‘',
	"parenleft": '(', "parenright": ')', "asterisk": '*', "plus": '+', "comma": ',',
	"hyphen": '-', "period": '.', "slash": '/', "colon": ':', "semicolon": ';', "less": '<',
	"equal": '=', "greater": '>', "question": '?', "at": '@', "bracketleft": '[',
	"backslash": '\\', "bracketright": ']', "asciicircum": '^', "underscore": '_',
	"grave": '`', "braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "bullet": '•', "endash": '–', "emdash": '—',
	"quotedblleft": '“', "quotedblright": '”', "ellipsis": '…', "minus": '−', "nbspace": '\u00a0',
}

// glyphRune returns the character a glyph name stands for.
func glyphRune(g string) (rune, bool) {
	if i := strings.IndexByte(g, '.'); i > 0 {
		g = g[:i] // "a.sc", "one.oldstyle"
	}
	if r, ok := glyphNames[g]; ok {
		return r, true
	}
	if len(g) == 1 && (g[0] >= 'a' && g[0] <= 'z' || g[0] >= 'A' && g[0] <= 'Z') {
		return rune(g[0]), true
	}
	for _, p := range []string{"uni", "u"} {
		if h, ok := strings.CutPrefix(g, p); ok && len(h) >= 4 && len(h) <= 6 {
			if v, err := strconv.ParseUint(h[:min(len(h), 6)], 16, 32); err == nil && v <= 0x10ffff && (v < 0xd800 || v > 0xdfff) {
				if p == "uni" && len(h) != 4 {
					v, _ = strconv.ParseUint(h[:4], 16, 32)
				}
				return rune(v), true
			}
		}
	}
	return 0, false
}

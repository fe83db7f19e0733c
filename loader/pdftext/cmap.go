package pdftext

import (
	"sort"
	"unicode/utf16"
)

// cmap is what this package needs of a CMap: how to split a string into codes
// (codespace ranges), what text a code stands for (ToUnicode bfchar/bfrange), and which
// CID it selects (an encoding CMap's cidchar/cidrange, for widths). Ranges are kept as
// ranges, never expanded: "<0000> <FFFF> <0000>" is one entry.
type cmap struct {
	spaces []codespace
	chars  map[codeKey]string
	ranges []textRange
	cids   []cidRange
}

type codeKey struct {
	code uint32
	n    int // bytes
}

type codespace struct {
	n      int
	lo, hi [4]byte
}

type textRange struct {
	n      int
	lo, hi uint32
	dst    []uint16 // UTF-16 of lo; the last unit is incremented along the range
	list   []string // or one text per code, from an array
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    int
}

// maxCMapEntries bounds a CMap's entries (Adobe's largest have a few tens of thousands).
const maxCMapEntries = 200_000

// parseCMap reads a CMap program. Unknown or malformed parts are skipped.
func parseCMap(b []byte) *cmap {
	m := &cmap{chars: map[codeKey]string{}}
	l := &lexer{b: b}
	entries := 0
	for entries < maxCMapEntries {
		v, ok := l.object(0)
		if !ok {
			break
		}
		kw, isKw := v.(keyword)
		if !isKw {
			continue
		}
		var end keyword
		switch kw {
		case "begincodespacerange":
			end = "endcodespacerange"
		case "beginbfchar":
			end = "endbfchar"
		case "beginbfrange":
			end = "endbfrange"
		case "begincidchar":
			end = "endcidchar"
		case "begincidrange":
			end = "endcidrange"
		default:
			continue
		}
		var args []any
		for {
			v, ok := l.object(0)
			if !ok || v == end {
				break
			}
			if _, isKw := v.(keyword); isKw {
				break
			}
			args = append(args, v)
		}
		entries += len(args)
		switch kw {
		case "begincodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, ok1 := args[i].(string)
				hi, ok2 := args[i+1].(string)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					var s codespace
					s.n = len(lo)
					copy(s.lo[:], lo)
					copy(s.hi[:], hi)
					m.spaces = append(m.spaces, s)
				}
			}
		case "beginbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				src, ok := args[i].(string)
				if !ok || len(src) < 1 || len(src) > 4 {
					continue
				}
				m.chars[codeKey{codeOf(src), len(src)}] = dstText(args[i+1])
			}
		case "beginbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, ok1 := args[i].(string)
				hi, ok2 := args[i+1].(string)
				if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) < 1 || len(lo) > 4 || codeOf(lo) > codeOf(hi) {
					continue
				}
				r := textRange{n: len(lo), lo: codeOf(lo), hi: codeOf(hi)}
				switch dst := args[i+2].(type) {
				case string:
					r.dst = utf16Units(dst)
					if len(r.dst) == 0 {
						continue
					}
				case array:
					for _, x := range dst {
						r.list = append(r.list, dstText(x))
					}
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
			}
		case "begincidchar":
			for i := 0; i+1 < len(args); i += 2 {
				src, ok := args[i].(string)
				cid, ok2 := args[i+1].(float64)
				if ok && ok2 && len(src) >= 1 && len(src) <= 4 {
					m.cids = append(m.cids, cidRange{len(src), codeOf(src), codeOf(src), int(cid)})
				}
			}
		case "begincidrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, ok1 := args[i].(string)
				hi, ok2 := args[i+1].(string)
				cid, ok3 := args[i+2].(float64)
				if ok1 && ok2 && ok3 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					m.cids = append(m.cids, cidRange{len(lo), codeOf(lo), codeOf(hi), int(cid)})
				}
			}
		}
	}
	sort.SliceStable(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
	sort.SliceStable(m.cids, func(i, j int) bool { return m.cids[i].lo < m.cids[j].lo })
	return m
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

// dstText is the text of a bfchar or bfrange destination: UTF-16BE, or a glyph name.
func dstText(v any) string {
	switch x := v.(type) {
	case string:
		return string(utf16.Decode(utf16Units(x)))
	case name:
		if r, ok := glyphRune(string(x)); ok {
			return string(r)
		}
	}
	return ""
}

// split returns the length in bytes of the code at the start of s, by the codespace
// ranges (def when there are none), and whether s matched one.
func (m *cmap) split(s string, def int) int {
	if m == nil || len(m.spaces) == 0 {
		return min(def, len(s))
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, sp := range m.spaces {
			if sp.n != n {
				continue
			}
			in := true
			for i := 0; i < n; i++ {
				if s[i] < sp.lo[i] || s[i] > sp.hi[i] {
					in = false
					break
				}
			}
			if in {
				return n
			}
		}
	}
	// No range matches: take as many bytes as the shortest range, as the spec says.
	short := 4
	for _, sp := range m.spaces {
		short = min(short, sp.n)
	}
	return min(short, len(s))
}

// text returns what code (n bytes) stands for, and whether the CMap says.
func (m *cmap) text(code uint32, n int) (string, bool) {
	if m == nil {
		return "", false
	}
	if s, ok := m.chars[codeKey{code, n}]; ok {
		return s, true
	}
	// The last range starting at or below code that holds it.
	i := sort.Search(len(m.ranges), func(i int) bool { return m.ranges[i].lo > code })
	// Ranges do not overlap in a well-formed CMap; a few steps back cover those of other
	// code lengths that share numbers.
	for k := 0; i > 0 && k < 16; k++ {
		i--
		r := m.ranges[i]
		if r.n != n || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.list != nil {
			if int(off) < len(r.list) {
				return r.list[off], true
			}
			return "", false
		}
		u := append([]uint16(nil), r.dst...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// cid returns the CID that code selects under an encoding CMap.
func (m *cmap) cid(code uint32, n int) (int, bool) {
	if m == nil {
		return 0, false
	}
	i := sort.Search(len(m.cids), func(i int) bool { return m.cids[i].lo > code })
	for k := 0; i > 0 && k < 16; k++ {
		i--
		if r := m.cids[i]; r.n == n && code <= r.hi {
			return r.cid + int(code-r.lo), true
		}
	}
	return 0, false
}

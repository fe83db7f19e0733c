package index

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder normalises text for width- and case-insensitive matching. It is not safe for
// concurrent use (a cases.Caser keeps state).
type folder struct{ caser cases.Caser }

func newFolder() *folder { return &folder{caser: cases.Fold()} }

// fold returns s normalised for matching: NFKC (so that full-width Ｉｏｔ and half-width
// ｾｷｭﾘﾃｨ match IoT and セキュリティ), then full Unicode case folding, then NFKC again
// (folding may leave a string that is not in normal form).
//
// Most text is already NFKC (the loader normalises comments) and, but for ASCII
// letters, caseless (kana, kanji): when every rune of s is inert — unchanged by NFKC and
// folding, and starting its own normalisation segment — the result is s with ASCII
// letters lowered, computed without the x/text transformers (which cost ~10× more).
func (f *folder) fold(s string) string {
	if r, ok := foldInert(s); ok {
		return r
	}
	return f.slowFold(s)
}

func (f *folder) slowFold(s string) string {
	s = norm.NFKC.String(s)
	s = f.caser.String(s)
	return norm.NFKC.String(s)
}

// foldInert folds s when all of its runes are inert or ASCII; ok is false otherwise.
func foldInert(s string) (folded string, ok bool) {
	ok, upper := inertText(s)
	if !ok || !upper {
		return s, ok
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b.WriteString(s[last:i])
			b.WriteByte(c + 'a' - 'A')
			last = i + 1
		}
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// inertText reports whether every rune of s is inert or ASCII (ok), and whether it
// has ASCII capitals (upper): then folding s only lowers those. It decodes the
// three-byte sequences of kana and kanji itself: the runtime's decoder is not inlined
// and would double the cost.
func inertText(s string) (ok, upper bool) {
	inert.once.Do(computeInert)
	bits := inert.bits
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				upper = true
			}
			i++
			continue
		}
		var r rune
		if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
			if r < 0x800 {
				return false, false // overlong: invalid UTF-8
			}
			i += 3
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		// Surrogates and U+FFFD (which also stands for invalid UTF-8) are not inert.
		if r > 0xFFFF || bits[r>>6]&(1<<(r&63)) == 0 {
			return false, false
		}
	}
	return true, upper
}

// containsLowered reports whether s, with its ASCII capitals lowered, contains q
// (which is folded, so has none): filterText's test for the texts kept unfolded.
func containsLowered(s, q string) bool {
	if q == "" {
		return true
	}
	for i := 0; i+len(q) <= len(s); i++ {
		j := 0
		for ; j < len(q); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				break
			}
		}
		if j == len(q) {
			return true
		}
	}
	return false
}

// inert has a bit for every rune of the Basic Multilingual Plane that NFKC and case
// folding leave unchanged and that cannot combine with the rune before it (so that a
// string of such runes is in NFKC, rune by rune).
var inert struct {
	once sync.Once
	bits []uint64
}

func isInert(r rune) bool {
	if r > 0xFFFF || r == utf8.RuneError {
		return false
	}
	inert.once.Do(computeInert)
	return inert.bits[r>>6]&(1<<(r&63)) != 0
}

func computeInert() {
	bits := make([]uint64, 0x10000/64)
	caser := cases.Fold()
	var buf [utf8.UTFMax]byte
	for r := rune(utf8.RuneSelf); r <= 0xFFFF; r++ {
		if 0xD800 <= r && r <= 0xDFFF || r == utf8.RuneError {
			continue // surrogates; U+FFFD also stands for invalid UTF-8: take the slow path
		}
		s := string(buf[:utf8.EncodeRune(buf[:], r)])
		if norm.NFKC.PropertiesString(s).BoundaryBefore() && norm.NFKC.IsNormalString(s) && caser.String(s) == s {
			bits[r>>6] |= 1 << (r & 63)
		}
	}
	inert.bits = bits
}

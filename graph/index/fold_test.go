package index

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestFoldFastPath: the fast path agrees with NFKC + folding + NFKC, for every rune of
// the BMP alone, after a kana (which a following mark may combine with), and in random
// strings mixing ASCII, kana, kanji, full- and half-width forms and combining marks.
func TestFoldFastPath(t *testing.T) {
	start := time.Now()
	isInert('あ')
	t.Logf("inert table computed in %v", time.Since(start))
	f := newFolder()
	check := func(s string) {
		t.Helper()
		if got, want := f.fold(s), f.slowFold(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r <= 0xFFFF; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		check(string(r))
		check("か" + string(r))
		check("A" + string(r) + "x")
	}
	alphabet := []rune("aZあかがカガｶﾞﾊﾟ゙゚゛゜ー・漢字ＡｚＩｏＴ①㍻ßİΣσςＫK ̈e\u0301\u3099\u309a㈱（）「」、。")
	r := rand.New(rand.NewPCG(1, 1))
	for range 20000 {
		rs := make([]rune, 1+r.IntN(8))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		check(string(rs))
	}
	for _, tc := range []struct{ in, want string }{
		{"IoT機器", "iot機器"}, {"ＩｏＴ", "iot"}, {"ｾｷｭﾘﾃｨ", "セキュリティ"}, {"ｶﾞ", "ガ"}, {"か\u3099", "が"},
		{"Straße", "strasse"}, {"㈱", "(株)"},
	} {
		if got := f.fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	ds := benchCorpus()[:2]
	var texts []string
	n := 0
	for _, d := range ds {
		for _, c := range d.Comments {
			texts = append(texts, c.Text)
			n += len(c.Text)
		}
	}
	f := newFolder()
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, t := range texts {
			f.fold(t)
		}
	}
}

// TestFoldInvalidUTF8: invalid bytes take the slow path, like any other non-inert text.
func TestFoldInvalidUTF8(t *testing.T) {
	for _, s := range []string{"\xe0\x80\xaf", "a\xffB", "\xed\xa0\x80", "か\xe3\x81", "\xef\xbf\xbd", "\xc3"} {
		if _, ok := foldInert(s); ok {
			t.Errorf("foldInert(%q) took the fast path", s)
		}
	}
}

func TestContainsLowered(t *testing.T) {
	for _, c := range []struct {
		s, q string
		want bool
	}{
		{"IoT機器のセキュリティ", "iot機器", true},
		{"IoT機器", "iot機器の", false},
		{"NICTER", "cter", true},
		{"NICTER", "CTER", false}, // q is folded: it has no capitals
		{"abc", "", true},
		{"", "a", false},
		{"xXyY", "xy", true},
	} {
		if got := containsLowered(c.s, c.q); got != c.want {
			t.Errorf("containsLowered(%q, %q) = %v; want %v", c.s, c.q, got, c.want)
		}
		if ok, _ := inertText(c.s); ok && c.q == strings.ToLower(c.q) {
			if want := strings.Contains(strings.ToLower(c.s), c.q); want != c.want {
				t.Errorf("case %q/%q disagrees with strings.Contains on the lowered text", c.s, c.q)
			}
		}
	}
}

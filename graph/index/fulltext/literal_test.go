package fulltext

import (
	"strings"
	"testing"
)

// index finds what strings.Index finds, in Japanese, ASCII and broken text.
func FuzzIndex(f *testing.F) {
	for _, c := range [][2]string{{"責任共有モデルのもとで責任共有", "責任共有"}, {"あああ", "ああ"}, {"abcabd", "abd"},
		{"", ""}, {"x", ""}, {"", "x"}, {"モデ\xe3\x83ル", "ル"}, {"署名と電子署名", "署名"}, {"ab", "abc"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, text, s string) {
		if got, want := index(text, s), strings.Index(text, s); got != want {
			t.Fatalf("index(%q, %q) = %d, strings.Index says %d", text, s, got, want)
		}
	})
}

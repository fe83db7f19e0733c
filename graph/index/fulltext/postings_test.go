package fulltext

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// TestSearchAgreesWithScan checks the postings against brute force: for words cut out
// of the texts at random, Search finds exactly the comments where scanning every text
// finds every word. The bundled consultation and a synthetic one of 1000 comments make
// lists of every form (arrays and bitmaps).
func TestSearchAgreesWithScan(t *testing.T) {
	ds := []*graph.Dataset{realDataset(t), synthCorpus(t, 1)[0]}
	x := build(t, ds...)
	var docs []*graph.Comment
	for _, d := range ds {
		for i := range d.Comments {
			docs = append(docs, &d.Comments[i])
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	cut := func() string { // a few characters of some text
		c := docs[r.IntN(len(docs))]
		text := []rune(c.Text + " " + c.Response.Text)
		i := r.IntN(len(text))
		return string(text[i:min(len(text), i+1+r.IntN(6))])
	}
	var ts [2]tokens
	for range 100 {
		text := cut()
		if r.IntN(3) == 0 {
			text += " " + cut()
		}
		words := queryWords(text)
		if len(words) == 0 {
			continue
		}
		var want []string
		for _, c := range docs {
			ts[0].analyze(c.Text)
			ts[1].analyze(c.Response.Text)
			every := true
			for _, w := range words {
				keys := w.keys()
				tf := make([]int, len(keys))
				every = every && (w.scan(&ts[0], keys, tf) || w.scan(&ts[1], keys, tf))
			}
			if every {
				want = append(want, c.ID)
			}
		}
		if got := sorted(ids(all(t, x, text))); !slices.Equal(got, sorted(want)) {
			t.Errorf("Search(%q) found %d comments, scanning finds %d:\n%v\n%v", text, len(got), len(want), got, sorted(want))
		}
	}
}

// TestWidePostings searches a consultation of more than 65,536 comments, whose
// postings need 32-bit ordinals.
func TestWidePostings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 70,000 comments")
	}
	const n = 70000
	texts := make([][2]string, n)
	for i := range texts {
		texts[i] = [2]string{fmt.Sprintf("u%d w%d 語%c", i, i%7, rune('あ'+i%50)), ""}
	}
	x := build(t, dataset("wide", nil, texts...))
	for _, tt := range []struct {
		query string
		want  func(i int) bool
	}{
		{"u69999", func(i int) bool { return i == 69999 }},
		{"u65536", func(i int) bool { return i == 65536 }},
		{"w3", func(i int) bool { return i%7 == 3 }},
		{"w3 語" + string(rune('あ'+2)), func(i int) bool { return i%7 == 3 && i%50 == 2 }},
		{"w6語", func(i int) bool { return i%7 == 6 }},
	} {
		var want []string
		for i := range n {
			if tt.want(i) {
				want = append(want, fmt.Sprintf("comment/wide/%d", i+1))
			}
		}
		hits, total, err := x.Search(context.Background(), tt.query, 0, n)
		if err != nil || total != len(want) {
			t.Errorf("Search(%q) = total %d, %v; want %d", tt.query, total, err, len(want))
			continue
		}
		if got := sorted(ids(hits)); !slices.Equal(got, sorted(want)) {
			t.Errorf("Search(%q) found other comments than %s…", tt.query, strings.Join(want[:min(3, len(want))], ", "))
		}
	}
	var large, wide bool
	for _, ps := range x.parts[0].postings {
		large = large || len(ps.large) > 0
		wide = wide || ps.wide && len(ps.small32) > 0
	}
	if !large || !wide {
		t.Errorf("bitmaps %v, 32-bit arrays %v: the test should exercise both", large, wide)
	}
}

// TestScanLiteralAgreesWithScan checks the shortcut for runs of CJK characters and
// ASCII words against the analysis, on every text of the bundled consultation and a few
// odd ones.
func TestScanLiteralAgreesWithScan(t *testing.T) {
	texts := []string{"あああ、ああ。", "署\x00名", "トラストサービスとトラスト・サービス", "電子署名法IoT電子署名",
		"IoT, iota, IOT-iot; xiot iotä äiot IoT機器 5G網 5g", "\xe3\x81iot\xff", "ISMAP（イスマップ）"}
	for _, c := range realDataset(t).Comments {
		texts = append(texts, c.Text, c.Response.Text)
	}
	words := []string{"ああ", "あああ", "署", "署名", "トラストサービス", "電子署名", "サービス", "考え", "の", "ト",
		"iot", "IoT", "iota", "5g", "g", "ismap", "a", "2020"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 150 { // and words cut out of the texts
		text := []rune(texts[7+r.IntN(len(texts)-7)])
		i := r.IntN(len(text))
		words = append(words, string(text[i:min(len(text), i+1+r.IntN(5))]))
	}
	var ts tokens
	tried := 0
	for _, word := range words {
		ws := queryWords(word)
		if len(ws) != 1 || ws[0].literal() == "" {
			continue // not one run of CJK characters nor one ASCII word
		}
		w := ws[0]
		keys := w.keys()
		for _, text := range texts {
			ts.analyze(text)
			if !ts.literal {
				continue
			}
			tried++
			want, got := make([]int, len(keys)), make([]int, len(keys))
			wantFound := w.scan(&ts, keys, want)
			gotFound := scanLiteral(text, w.literal(), keys, got)
			if wantFound && (!gotFound || !slices.Equal(got, want)) {
				t.Errorf("%q in %q: scanLiteral = %v %v, scan = %v %v", word, text, gotFound, got, wantFound, want)
			}
			if !wantFound && gotFound {
				t.Errorf("%q in %q: scanLiteral finds it, scan does not", word, text)
			}
		}
	}
	if tried < 10000 {
		t.Errorf("only %d comparisons", tried)
	}
	for text, want := range map[string]bool{
		"トラストサービス": true, "IoT機器": true, "Ünïcode": true, "ISMAP（イスマップ）": true,
		"ＩｏＴ": false, "ﾄﾗｽﾄ": false, "カ\u3099": false, "葛\U000E0100": false, "a\u200bb": false, "\u212a": false,
	} {
		if ts.analyze(text); ts.literal != want {
			t.Errorf("analyze(%q).literal = %v, want %v", text, ts.literal, want)
		}
	}
}

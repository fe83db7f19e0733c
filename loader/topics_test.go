package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
)

// tmatch is shorthand for an expected Match.
func tmatch(slug, surface string) Match { return Match{Topic: graph.TopicID(slug), Surface: surface} }

func TestMatch(t *testing.T) {
	tax := DefaultTaxonomy()
	tests := []struct {
		name string
		text string
		want []Match
	}{
		{"empty", "", nil},
		{"nothing", "本総合対策の内容に賛同します。", nil},

		// The data's quirks (docs/ARCHITECTURE.md, "Real tables").
		{"typo ポット化", "ポット化の検知", []Match{tmatch("botnet", "ポット化")}},
		{"typo ポットネット", "対ポットネット強靱化ロードマップ", []Match{tmatch("botnet", "ポットネット")}},
		{"ボット", "ボットネット撲滅とボット化", []Match{tmatch("botnet", "ボットネット")}},
		{"Mirai", "2016年に発生した「Mirai」では", []Match{tmatch("botnet", "Mirai")}},
		{"C&Cサーバ", "C&Cサーバを検知し", []Match{tmatch("cc-server", "C&Cサーバ")}},
		{"C&Cサーバー consumes its ー", "C&Cサーバー間の暗号化通信", []Match{tmatch("cc-server", "C&Cサーバー"), tmatch("encryption", "暗号化")}},
		{"C&Cサーバ with a footnote digit", "ISPが自らC&Cサーバ15を検知し", []Match{tmatch("telecom-carriers", "ISP"), tmatch("cc-server", "C&Cサーバ")}},
		{"C&C alone", "一般サイトがC&Cと見做され", []Match{tmatch("cc-server", "C&C")}},

		// Width and case.
		{"full-width IoT", "ＩｏＴ機器", []Match{tmatch("iot", "ＩｏＴ")}},
		{"lower-case iot", "iot devices", []Match{tmatch("iot", "iot")}},
		{"upper-case IOT", "IOT", []Match{tmatch("iot", "IOT")}},
		{"full-width 5G", "５Ｇの活用", []Match{tmatch("5g", "５Ｇ")}},
		{"full-width C&C", "Ｃ＆Ｃサーバ", []Match{tmatch("cc-server", "Ｃ＆Ｃサーバ")}},
		{"half-width katakana", "C&Cｻｰﾊﾞｰ", []Match{tmatch("cc-server", "C&C")}}, // ｻｰﾊﾞｰ is NormalizeText's job (NFKC)
		{"match_case NOTICE", "NOTICEの活動", []Match{tmatch("notice", "NOTICE")}},
		{"match_case: English notice", "without notice", nil},
		{"match_case full-width NOTICE", "ＮＯＴＩＣＥ", []Match{tmatch("notice", "ＮＯＴＩＣＥ")}},
		{"match_case AI", "AIの活用とai", []Match{tmatch("ai", "AI")}},

		// Longest match.
		{"ローカル5G is local-5g", "ローカル5Gの免許", []Match{tmatch("local-5g", "ローカル5G")}},
		{"ローカル5G then 5G", "ローカル5Gと全国5G", []Match{tmatch("local-5g", "ローカル5G"), tmatch("5g", "5G")}},
		{"L5G", "L5G(日本独自)", []Match{tmatch("local-5g", "L5G")}},
		{"IoT・5G", "IoT・5G時代", []Match{tmatch("iot", "IoT"), tmatch("5g", "5G")}},
		{"the draft's title", "IoT・5Gセキュリティ総合対策2020は", []Match{tmatch("iot-5g-security-package", "IoT・5Gセキュリティ総合対策")}},
		{"電子署名法", "電子署名法に関し", []Match{tmatch("e-signature-act", "電子署名法")}},
		{"ICT-ISAC and ISAC", "ICT-ISACの連携、各分野のISAC間", []Match{tmatch("ict-isac", "ICT-ISAC"), tmatch("isac", "ISAC")}},
		{"公衆無線LAN", "公衆無線LAN利用時", []Match{tmatch("wireless-lan", "公衆無線LAN")}},
		{"パブリッククラウド", "パブリッククラウドの活用", []Match{tmatch("cloud", "パブリッククラウド")}},
		{"ゼロ・トラスト", "ゼロ・トラスト・アーキテクチャー", []Match{tmatch("zero-trust", "ゼロ・トラスト")}},
		{"コロナウイルス is no virus", "新型コロナウイルスの影響とウイルス感染", []Match{tmatch("covid-19", "新型コロナウイルス"), tmatch("malware", "ウイルス")}},
		{"NICT's full name is no R&D", "NICT(国立研究開発法人情報通信研究機構)と研究開発", []Match{tmatch("nict", "NICT"), tmatch("research", "研究開発")}},

		// Ignore forms.
		{"ロボット is no bot", "支援ロボットによりスマートマニファクチャリング", nil},
		{"チャットボット", "チャットボットとボット", []Match{tmatch("botnet", "ボット")}},

		// ASCII word boundaries.
		{"AI not inside MAIL", "MAIL", nil},
		{"AI not inside words", "Thailand AIR", nil},
		{"AI before Japanese", "AIネットワーク", []Match{tmatch("ai", "AI")}},
		{"AI in parentheses", "人工知能(AI)", []Match{tmatch("ai", "人工知能")}},
		{"5G not inside 15G", "15G", nil},
		{"5G not before a letter", "5GHz", nil},
		{"6G not inside 6GHz", "6GHz以上の周波数帯", nil},
		{"NIST", "米国のNISTや欧州のENISA", []Match{tmatch("nist", "NIST"), tmatch("enisa", "ENISA")}},
		{"NIST not inside NISTX", "NISTX", nil},
		{"NISTIR is NIST's", "NISTIR 8259", []Match{tmatch("nist", "NISTIR")}},
		{"ISO before digits", "ISO27001やSOCレポート", []Match{tmatch("iso-27001", "ISO27001")}},
		{"ISO/IEC before digits", "ISO/IEC29147 や30111", []Match{tmatch("iso-iec", "ISO/IEC")}},
		{"IEC62443", "IEC62443などの国際規格", []Match{tmatch("iec-62443", "IEC62443"), tmatch("international-standards", "国際規格")}},
		{"OT not inside IoT or NOTICE", "IoTとNOTICE", []Match{tmatch("iot", "IoT"), tmatch("notice", "NOTICE")}},
		{"OT", "OT-ITの両方", []Match{tmatch("ot-security", "OT")}},
		{"ISP before Japanese", "ISPサーバー", []Match{tmatch("telecom-carriers", "ISP")}},
		{"bot not inside robot", "robot", nil},
		{"JPKI is not PKI", "JPKI", []Match{tmatch("my-number", "JPKI")}},
		{"Wi-Fi", "Wi-Fiルータ", []Match{tmatch("wireless-lan", "Wi-Fi")}},
		{"COVID-19", "COVID-19の拡大", []Match{tmatch("covid-19", "COVID-19")}},
		{"COVID-19 not before a digit", "COVID-190", []Match{tmatch("covid-19", "COVID")}},
		{"text ends in an alias", "DFFT", []Match{tmatch("dfft", "DFFT")}},

		// One match per topic, ordered by first occurrence.
		{"first surface wins", "クラウドサービスとパブリッククラウドとクラウド", []Match{tmatch("cloud", "クラウド")}},
		{"order of first occurrence", "トラストサービス、タイムスタンプ、リモート署名、eシール、タイムスタンプ", []Match{
			tmatch("trust-services", "トラストサービス"), tmatch("timestamp", "タイムスタンプ"),
			tmatch("electronic-signature", "リモート署名"), tmatch("e-seal", "eシール"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tax.Match(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Match(%q)\n got %v\nwant %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFoldForMatch(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＩｏＴ", "iot"},
		{"Ｃ＆Ｃサーバ", "c&cサーバ"},
		{"ICT‐ISAC", "ict-isac"},
		{"a　b", "a b"},
		{"ｰ･", "ー・"},
		{"ボット", "ボット"},
	}
	for _, tt := range tests {
		if got := foldForMatch(tt.in); got != tt.want {
			t.Errorf("foldForMatch(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if utf8.RuneCountInString(tt.in) != utf8.RuneCountInString(foldForMatch(tt.in)) {
			t.Errorf("foldForMatch(%q) changed the number of runes", tt.in)
		}
	}
}

// ─── the real file ───────────────────────────────────────────────────────────────────

const topicsRealFile = "../data/mic-iot5g-security-2020/results.tsv"

type topicsRealComment struct {
	number   int
	text     string // 御意見の詳細, as plain normalised text
	response string // 御意見に対する考え方
}

// topicsRealComments reads the bundled table's comments with a plain split (one row per
// line in this file), independently of ReadTable.
func topicsRealComments(tb testing.TB) []topicsRealComment {
	tb.Helper()
	data, err := os.ReadFile(topicsRealFile)
	if err != nil {
		tb.Fatalf("reading %s: %v", topicsRealFile, err)
	}
	var out []topicsRealComment
	for line := range strings.SplitSeq(string(data), "\n") {
		cells := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(cells) < 5 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(cells[0]))
		if err != nil {
			continue // the repeated header
		}
		out = append(out, topicsRealComment{n, HTMLToText(cells[3]), HTMLToText(cells[4])})
	}
	if len(out) != 107 {
		tb.Fatalf("%s: read %d comments, want 107", topicsRealFile, len(out))
	}
	return out
}

// TestMatchRealFile pins the topics found in each comment of the bundled table
// (testdata/topics.golden) and how often each topic occurs
// (testdata/topics_counts.golden). Refresh with -update, then read the diff.
func TestMatchRealFile(t *testing.T) {
	tax := DefaultTaxonomy()
	comments := topicsRealComments(t)
	direct := map[string]int{}   // topic ID → comments matching it
	inferred := map[string]int{} // topic ID → comments matching it or a narrower topic
	var b strings.Builder
	b.WriteString("# Topics the default taxonomy matches in the comment text (御意見の詳細) of\n")
	b.WriteString("# data/mic-iot5g-security-2020/results.tsv: 項番, then slug=surface in order of first occurrence.\n")
	for _, c := range comments {
		got := tax.Match(c.text)
		fmt.Fprintf(&b, "%d\t", c.number)
		about := map[string]bool{}
		for i, mt := range got {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s=%s", strings.TrimPrefix(mt.Topic, "topic/"), mt.Surface)
			direct[mt.Topic]++
			about[mt.Topic] = true
			for _, a := range tax.Ancestors(mt.Topic) {
				about[a] = true
			}
			if !strings.Contains(c.text, mt.Surface) {
				t.Errorf("comment %d: surface %q is not in the text", c.number, mt.Surface)
			}
		}
		for id := range about {
			inferred[id]++
		}
		b.WriteByte('\n')
	}
	topicsGolden(t, "topics.golden", b.String())

	var cb strings.Builder
	cb.WriteString("# Per topic of the default taxonomy: how many of the 107 comments of\n")
	cb.WriteString("# data/mic-iot5g-security-2020/results.tsv mention it in their text, directly and\n")
	cb.WriteString("# including narrower topics (the broader hierarchy).\n")
	cb.WriteString("# slug\tdirect\twith narrower\n")
	for _, tp := range tax.Topics() {
		fmt.Fprintf(&cb, "%s\t%d\t%d\n", tp.Slug, direct[tp.ID], inferred[tp.ID])
	}
	topicsGolden(t, "topics_counts.golden", cb.String())
}

// topicsGolden compares got with testdata/name, or rewrites it under -update.
func topicsGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v (run go test ./loader -run %s -update to create it)", path, err, t.Name())
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s differs from the output, first at line %d:\n got %q\nwant %q\n(run go test ./loader -run %s -update and review the diff)", path, i+1, g, w, t.Name())
			return
		}
	}
}

// ─── fuzzing and benchmarks ──────────────────────────────────────────────────────────

func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"", "ポット化", "C&Cサーバ15", "C&Cサーバー", "ＩｏＴ", "ローカル5G", "L5G", "ICT-ISAC",
		"NISTIR", "MAIL", "支援ロボット", "IoT・5Gセキュリティ総合対策", "\xff\xfeIoT\xc3", "NOTICE notice",
	} {
		f.Add(s)
	}
	tax := DefaultTaxonomy()
	f.Fuzz(func(t *testing.T, text string) {
		got := tax.Match(text)
		seen := map[string]bool{}
		for _, mt := range got {
			if mt.Surface == "" {
				t.Fatalf("Match(%q): empty surface for %s", text, mt.Topic)
			}
			i := strings.Index(text, mt.Surface)
			if i < 0 {
				t.Fatalf("Match(%q): surface %q is not a substring of the text", text, mt.Surface)
			}
			if seen[mt.Topic] {
				t.Fatalf("Match(%q): topic %s twice", text, mt.Topic)
			}
			seen[mt.Topic] = true
			if _, ok := tax.Topic(mt.Topic); !ok {
				t.Fatalf("Match(%q): unknown topic %q", text, mt.Topic)
			}
		}
		// Matching is stable: the text's own surfaces match the same topics.
		for _, mt := range got {
			if again := tax.Match(mt.Surface); len(again) == 0 {
				t.Fatalf("Match(%q): surface %q of %s matches nothing on its own", text, mt.Surface, mt.Topic)
			}
		}
	})
}

func BenchmarkMatch(b *testing.B) {
	comments := topicsRealComments(b)
	texts := make([]string, 0, 2*len(comments))
	size := 0
	for _, c := range comments {
		texts = append(texts, c.text, c.response)
		size += len(c.text) + len(c.response)
	}
	tax := DefaultTaxonomy()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			tax.Match(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}

func TestMatchSurfaces(t *testing.T) {
	tax := DefaultTaxonomy()
	got := tax.MatchSurfaces("Mirai等によるIoT機器のポット化、再びMiraiが")
	want := []Match{{"topic/botnet", "Mirai"}, {"topic/iot", "IoT"}, {"topic/botnet", "ポット化"}}
	if len(got) != len(want) {
		t.Fatalf("MatchSurfaces = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("MatchSurfaces[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if m := tax.Match("Mirai等によるIoT機器のポット化"); len(m) != 2 {
		t.Errorf("Match keeps one match per topic; got %v", m)
	}
}

package loader

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

func TestDefaultTaxonomyIsValid(t *testing.T) {
	if _, err := ReadTaxonomy(DefaultTaxonomyFile, defaultTaxonomyYAML); err != nil {
		t.Fatalf("the embedded taxonomy.yaml is invalid: %v", err)
	}
	tax := DefaultTaxonomy()
	if tax != DefaultTaxonomy() {
		t.Errorf("DefaultTaxonomy() returned a different *Taxonomy on the second call; want it parsed once")
	}
	topics := tax.Topics()
	if len(topics) == 0 {
		t.Fatal("DefaultTaxonomy().Topics() is empty")
	}
	if !slices.IsSortedFunc(topics, func(a, b graph.Topic) int { return strings.Compare(a.ID, b.ID) }) {
		t.Errorf("Topics() is not sorted by ID")
	}
	for _, tp := range topics {
		if tp.ID != graph.TopicID(tp.Slug) {
			t.Errorf("topic %q has ID %q, want %q", tp.Slug, tp.ID, graph.TopicID(tp.Slug))
		}
		if tp.Label == "" || tp.LabelEn == "" {
			t.Errorf("topic %s: label %q, label_en %q: the default taxonomy should give both", tp.Slug, tp.Label, tp.LabelEn)
		}
		if len(tp.Aliases) == 0 || tp.Aliases[0] != tp.Label {
			t.Errorf("topic %s: Aliases = %q, want the label %q first", tp.Slug, tp.Aliases, tp.Label)
		}
		if tp.Broader != "" {
			if _, ok := tax.Topic(tp.Broader); !ok {
				t.Errorf("topic %s: broader %q is not a topic", tp.Slug, tp.Broader)
			}
		}
		// Every alias matches its own topic when it stands alone.
		for _, a := range tp.Aliases {
			got := tax.Match(a)
			if len(got) == 0 || got[0] != (Match{Topic: tp.ID, Surface: a}) {
				t.Errorf("topic %s: Match(%q) = %v, want the alias itself first", tp.Slug, a, got)
			}
		}
	}
}

// TestDefaultTaxonomyRequired checks the topics the default taxonomy must have (the
// questions of docs/ARCHITECTURE.md name them: trust services and its parts, ISMAP,
// NOTICE, botnets …), with their broader topics.
func TestDefaultTaxonomyRequired(t *testing.T) {
	tax := DefaultTaxonomy()
	tests := []struct {
		slug, broader string
		kind          graph.TopicKind
		aliases       []string // some surfaces that must be aliases (or the label)
	}{
		{"trust-services", "", "THEME", []string{"トラストサービス"}},
		{"e-seal", "trust-services", "TECHNOLOGY", []string{"eシール"}},
		{"timestamp", "trust-services", "TECHNOLOGY", []string{"タイムスタンプ"}},
		{"electronic-signature", "trust-services", "TECHNOLOGY", []string{"電子署名", "リモート署名"}},
		{"eidas", "trust-services", "LAW", []string{"eIDAS"}},
		{"ismap", "cloud", "SYSTEM", []string{"ISMAP"}},
		{"notice", "iot", "PROGRAM", []string{"NOTICE"}},
		{"nicter", "", "SYSTEM", []string{"NICTER"}},
		{"cc-server", "botnet", "THREAT", []string{"C&Cサーバ", "C&Cサーバー", "C&C"}},
		{"botnet", "malware", "THREAT", []string{"ボット", "ボットネット", "ポット化", "Mirai"}},
		{"cloud", "", "TECHNOLOGY", []string{"クラウド"}},
		{"shared-responsibility", "cloud", "THEME", []string{"責任共有モデル"}},
		{"zero-trust", "", "TECHNOLOGY", []string{"ゼロトラスト"}},
		{"supply-chain", "", "THEME", []string{"サプライチェーン"}},
		{"5g", "", "TECHNOLOGY", []string{"5G"}},
		{"local-5g", "5g", "TECHNOLOGY", []string{"ローカル5G"}},
		{"iot", "", "TECHNOLOGY", []string{"IoT"}},
		{"telework", "", "THEME", []string{"テレワーク"}},
		{"smart-city", "", "THEME", []string{"スマートシティ"}},
		{"wireless-lan", "", "TECHNOLOGY", []string{"無線LAN", "Wi-Fi"}},
		{"critical-infrastructure", "", "THEME", []string{"重要インフラ"}},
		{"human-resources", "", "THEME", []string{"人材育成"}},
		{"cyder", "human-resources", "PROGRAM", []string{"CYDER"}},
		{"isac", "information-sharing", "ORGANIZATION", []string{"ISAC"}},
		{"international-cooperation", "", "THEME", []string{"国際連携"}},
		{"research", "", "THEME", []string{"研究開発"}},
		{"open-ran", "5g", "TECHNOLOGY", []string{"O-RAN"}},
		{"sdn-nfv", "", "TECHNOLOGY", []string{"SDN", "NFV"}},
		{"quantum-cryptography", "encryption", "TECHNOLOGY", []string{"量子暗号"}},
		{"dfft", "cross-border-data-flow", "THEME", []string{"DFFT"}},
		{"covid-19", "", "THEME", []string{"COVID-19"}},
		{"iso-iec", "international-standards", "STANDARD", []string{"ISO/IEC", "ISO"}},
		{"nist", "", "ORGANIZATION", []string{"NIST"}},
		{"gdpr", "privacy", "LAW", []string{"GDPR"}},
		{"cyber-insurance", "", "THEME", []string{"サイバー保険", "サイバーセキュリティ保険"}},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			tp, ok := tax.Topic(graph.TopicID(tt.slug))
			if !ok {
				t.Fatalf("Topic(%q): not found", graph.TopicID(tt.slug))
			}
			wantBroader := ""
			if tt.broader != "" {
				wantBroader = graph.TopicID(tt.broader)
			}
			if tp.Broader != wantBroader {
				t.Errorf("Broader = %q, want %q", tp.Broader, wantBroader)
			}
			if tp.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", tp.Kind, tt.kind)
			}
			for _, a := range tt.aliases {
				if !slices.Contains(tp.Aliases, a) {
					t.Errorf("Aliases = %q: missing %q", tp.Aliases, a)
				}
			}
		})
	}
}

func TestTaxonomyTopicsAreCopies(t *testing.T) {
	tax := DefaultTaxonomy()
	id := graph.TopicID("trust-services")
	tp, _ := tax.Topic(id)
	tp.Aliases[0] = "changed"
	tp.Sections[0] = "changed"
	all := tax.Topics()
	all[0].Aliases[0] = "changed"
	again, _ := tax.Topic(id)
	if again.Aliases[0] != "トラストサービス" || again.Sections[0] != "III-5" {
		t.Errorf("changing a returned topic changed the taxonomy: %+v", again)
	}
	if got := tax.Topics()[0].Aliases[0]; got == "changed" {
		t.Errorf("changing Topics()[0] changed the taxonomy")
	}
	if _, ok := tax.Topic("trust-services"); ok {
		t.Errorf(`Topic("trust-services") found a topic; want IDs only (topic/trust-services)`)
	}
}

func TestTopicsForSection(t *testing.T) {
	tax := DefaultTaxonomy()
	tests := []struct {
		code string
		want []string // slugs
	}{
		{"III-5", []string{"trust-services"}},
		{"III-5-2", []string{"trust-services"}}, // an item is part of its section
		{"III-2-3", []string{"5g"}},
		{"III-1", []string{"iot"}},
		{"III-3", []string{"cloud"}},
		{"III-4", []string{"smart-city"}},
		{"III-6", []string{"wireless-lan"}},
		{"III-7", []string{"critical-infrastructure"}},
		{"III-8", []string{"regional-security"}},
		{"III-9", []string{"telework"}},
		{"III-10", []string{"telecom-carriers"}},
		{"III-10-1", []string{"telecom-carriers"}},
		{"IV-1", []string{"research"}},
		{"IV-2", []string{"awareness", "human-resources"}},
		{"IV-3", []string{"international-cooperation"}},
		{"IV-4", []string{"information-sharing"}},
		{"III-1", []string{"iot"}}, // not III-10
		{"III", nil},               // a chapter is not about its sections' topics
		{"I-1", nil},
		{"OTHER", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			var want []string
			for _, s := range tt.want {
				want = append(want, graph.TopicID(s))
			}
			if got := tax.TopicsForSection(tt.code); !slices.Equal(got, want) {
				t.Errorf("TopicsForSection(%q) = %q, want %q", tt.code, got, want)
			}
		})
	}
}

func TestAncestors(t *testing.T) {
	tax := DefaultTaxonomy()
	tests := []struct {
		slug string
		want []string
	}{
		{"cc-server", []string{"botnet", "malware"}},
		{"e-signature-act", []string{"electronic-signature", "trust-services"}},
		{"iso-27001", []string{"iso-iec", "international-standards"}},
		{"trust-services", nil},
		{"no-such-topic", nil},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			var want []string
			for _, s := range tt.want {
				want = append(want, graph.TopicID(s))
			}
			if got := tax.Ancestors(graph.TopicID(tt.slug)); !slices.Equal(got, want) {
				t.Errorf("Ancestors(%q) = %q, want %q", tt.slug, got, want)
			}
		})
	}
}

// TestDefaultTaxonomyShadowing guards the rule of taxonomy.yaml: an alias that contains
// another topic's alias consumes it (longest match), so it must belong to the same topic
// or a narrower one, or the comment silently loses the broader topic. The exceptions are
// deliberate and listed.
func TestDefaultTaxonomyShadowing(t *testing.T) {
	deliberate := map[[2]string]string{
		{"iot-5g-security-package", "iot"}:         "the draft's title is not a mention of IoT",
		{"iot-5g-security-package", "5g"}:          "nor of 5G",
		{"covid-19", "malware"}:                    "コロナウイルス is no computer virus",
		{"nict", "research"}:                       "国立研究開発法人 is a kind of public body",
		{"ismap", "digital-government"}:            "ISMAP's full name starts with 政府情報システム",
		{"cloud-by-default", "digital-government"}: "so does the cloud-by-default policy's",
	}
	tax := DefaultTaxonomy()
	type alias struct{ slug, folded string }
	var all []alias
	for _, tp := range tax.Topics() {
		for _, a := range tp.Aliases {
			all = append(all, alias{tp.Slug, foldForMatch(a)})
		}
	}
	isUnder := func(slug, ancestor string) bool {
		return slug == ancestor || slices.Contains(tax.Ancestors(graph.TopicID(slug)), graph.TopicID(ancestor))
	}
	used := map[[2]string]bool{}
	for _, outer := range all {
		for _, inner := range all {
			if inner.folded == outer.folded || !containsAtBoundary(outer.folded, inner.folded) {
				continue
			}
			if isUnder(outer.slug, inner.slug) {
				continue
			}
			pair := [2]string{outer.slug, inner.slug}
			if _, ok := deliberate[pair]; ok {
				used[pair] = true
				continue
			}
			t.Errorf("alias %q of %s contains alias %q of %s, but %s is not narrower than %s: make it narrower, drop the alias, or list the pair as deliberate",
				outer.folded, outer.slug, inner.folded, inner.slug, outer.slug, inner.slug)
		}
	}
	for pair := range deliberate {
		if !used[pair] {
			t.Errorf("deliberate exception %v no longer occurs: remove it", pair)
		}
	}
}

// containsAtBoundary reports whether inner occurs in outer where the matcher's ASCII
// word-boundary rules let it match.
func containsAtBoundary(outer, inner string) bool {
	for off := 0; ; {
		i := strings.Index(outer[off:], inner)
		if i < 0 {
			return false
		}
		i += off
		before := rune(-1)
		if i > 0 {
			before = lastRune(outer[:i])
		}
		after := rune(-1)
		if end := i + len(inner); end < len(outer) {
			after = []rune(outer[end:])[0]
		}
		first, last := []rune(inner)[0], lastRune(inner)
		ok := true
		if edgeClass(first) != edgeOther && (isASCIILetter(before) || isASCIIDigit(before)) {
			ok = false
		}
		if edgeClass(last) == edgeLetter && isASCIILetter(after) || edgeClass(last) == edgeDigit && isASCIIDigit(after) {
			ok = false
		}
		if ok {
			return true
		}
		off = i + 1
	}
}

func lastRune(s string) rune { r := []rune(s); return r[len(r)-1] }

func TestReadTaxonomyErrors(t *testing.T) {
	const file = "my-taxonomy.yaml"
	tests := []struct {
		name string
		yaml string
		line int
		want string // a part of the message
	}{
		{"yaml syntax", "topics:\n  - slug: a\n     label: x\n", 3, "invalid YAML: mapping values are not allowed"},
		{"duplicate key", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    label: B\n", 5, `duplicate key "label" (first given on line 3)`},
		{"duplicate top-level key", "topics: []\ntopics: []\n", 2, `duplicate key "topics"`},
		{"empty file", "", 0, "empty"},
		{"not a mapping", "- a\n- b\n", 1, "must be a mapping"},
		{"unknown key", "topic:\n  - slug: a\n", 1, `unknown key "topic"`},
		{"no topics", "ignore: [x]\n", 1, "has no topics"},
		{"topics not a list", "topics: a\n", 1, "topics must be a list"},
		{"topic not a mapping", "topics:\n  - a\n", 2, "must be a mapping"},
		{"unknown field", "topics:\n  - slug: a\n    label: A\n    alias: [b]\n    kind: THEME\n", 4, `unknown topic field "alias"`},
		{"missing slug", "topics:\n  - label: A\n    kind: THEME\n", 2, "needs a slug"},
		{"malformed slug", "topics:\n  - slug: Trust_Services\n    label: A\n    kind: THEME\n", 2, `malformed slug "Trust_Services"`},
		{"slug with double hyphen", "topics:\n  - slug: a--b\n    label: A\n    kind: THEME\n", 2, `malformed slug "a--b"`},
		{"duplicate slug", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n  - slug: a\n    label: B\n    kind: THEME\n", 5, `duplicate slug "a" (first defined at my-taxonomy.yaml:2)`},
		{"missing kind", "topics:\n  - slug: a\n    label: A\n", 2, "needs a kind"},
		{"unknown kind", "topics:\n  - slug: a\n    label: A\n    kind: TOPIC\n", 4, `unknown kind "TOPIC"`},
		{"lower-case kind", "topics:\n  - slug: a\n    label: A\n    kind: theme\n", 4, `unknown kind "theme"`},
		{"no label, no aliases", "topics:\n  - slug: a\n    label_en: A\n    kind: THEME\n", 2, "neither a label nor aliases"},
		{"empty aliases", "topics:\n  - slug: a\n    aliases: []\n    kind: THEME\n", 2, "neither a label nor aliases"},
		{"empty alias", "topics:\n  - slug: a\n    label: A\n    aliases: ['  ']\n    kind: THEME\n", 4, "empty alias"},
		{"aliases not a list", "topics:\n  - slug: a\n    label: A\n    aliases: b\n    kind: THEME\n", 4, "aliases must be a list"},
		{"alias not a scalar", "topics:\n  - slug: a\n    label: A\n    aliases:\n      - [b]\n    kind: THEME\n", 5, "must be a single value"},
		{"bad section", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    sections: [III-5, Ⅲ(5)]\n", 5, `malformed section code "Ⅲ(5)"`},
		{"bad match_case", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    match_case: perhaps\n", 5, "match_case must be true or false"},
		{"unknown broader", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    broader: b\n", 5, `unknown broader topic "b"`},
		{"own broader", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    broader: a\n", 5, "its own broader topic"},
		{"cycle", "topics:\n" +
			"  - slug: root\n    label: R\n    kind: THEME\n" +
			"  - slug: a\n    label: A\n    kind: THEME\n    broader: b\n" +
			"  - slug: b\n    label: B\n    kind: THEME\n    broader: c\n" +
			"  - slug: c\n    label: C\n    kind: THEME\n    broader: a\n", 8, "broader topics form a cycle: a → b → c → a"},
		{"cycle entered from outside", "topics:\n" +
			"  - slug: x\n    label: X\n    kind: THEME\n    broader: a\n" +
			"  - slug: a\n    label: A\n    kind: THEME\n    broader: b\n" +
			"  - slug: b\n    label: B\n    kind: THEME\n    broader: a\n", 9, "broader topics form a cycle: a → b → a"},
		{"alias of two topics", "topics:\n  - slug: a\n    label: A\n    kind: THEME\n    aliases: [クラウド]\n  - slug: b\n    label: B\n    kind: THEME\n    aliases:\n      - x\n      - クラウド\n", 11, `topic b's alias "クラウド" is already an alias of topic a (my-taxonomy.yaml:5)`},
		{"alias equal to another topic's label", "topics:\n  - slug: a\n    label: IoT\n    kind: THEME\n  - slug: b\n    label: B\n    kind: THEME\n    aliases: [iot]\n", 8, `topic b's alias "iot" is already an alias of topic a (my-taxonomy.yaml:3)`},
		{"alias equal after width folding", "topics:\n  - slug: a\n    label: IoT\n    kind: THEME\n  - slug: b\n    label: ＩＯＴ\n    kind: THEME\n", 6, `topic b's alias "ＩＯＴ" is already an alias of topic a`},
		{"ignore form that is an alias", "ignore: [ロボット]\ntopics:\n  - slug: a\n    label: ロボット\n    kind: THEME\n", 1, `the ignore form "ロボット" is already an alias of topic a`},
		{"extends something else", "extends: mine.yaml\ntopics: []\n", 1, `extends must be "default"`},
		{"extends: duplicate default slug", "extends: default\ntopics:\n  - slug: iot\n    label: X\n    kind: THEME\n", 3, `duplicate slug "iot" (first defined at taxonomy.yaml (default):`},
		{"extends: alias of a default topic", "extends: default\ntopics:\n  - slug: x\n    label: ＩｏＴ\n    kind: THEME\n", 4, `topic x's alias "ＩｏＴ" is already an alias of topic iot (taxonomy.yaml (default):`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tax, err := ReadTaxonomy(file, []byte(tt.yaml))
			if err == nil {
				t.Fatalf("ReadTaxonomy succeeded with %d topics; want an error containing %q", len(tax.Topics()), tt.want)
			}
			var e *graph.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T; want *graph.Error", err, err)
			}
			if e.Code != graph.EINVALID {
				t.Errorf("Code = %q, want %q", e.Code, graph.EINVALID)
			}
			if e.File != file {
				t.Errorf("File = %q, want %q", e.File, file)
			}
			if e.Line != tt.line {
				t.Errorf("Line = %d, want %d (error: %v)", e.Line, tt.line, err)
			}
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("Message = %q, want it to contain %q", e.Message, tt.want)
			}
		})
	}
}

const userTaxonomy = `# a researcher's own taxonomy
ignore: [ロボット]
topics:
  - slug: robots
    label: ロボティクス
    label_en: Robotics
    kind: TECHNOLOGY
  - slug: bots
    label: ボット
    kind: THREAT
    broader: robots
    sections: [III-1]
  - slug: acronyms
    aliases: [ＡＷＳ, "  Amazon   Web Services "]
    kind: ORGANIZATION
    match_case: true
`

func TestReadTaxonomyReplacesDefault(t *testing.T) {
	tax, err := ReadTaxonomy("user.yaml", []byte(userTaxonomy))
	if err != nil {
		t.Fatalf("ReadTaxonomy: %v", err)
	}
	var ids []string
	for _, tp := range tax.Topics() {
		ids = append(ids, tp.ID)
	}
	if want := []string{"topic/acronyms", "topic/bots", "topic/robots"}; !slices.Equal(ids, want) {
		t.Errorf("topics = %q, want %q (a user file replaces the default)", ids, want)
	}
	acr, _ := tax.Topic("topic/acronyms")
	if acr.Label != "AWS" {
		t.Errorf("a topic without a label is labelled %q, want its first alias normalised (AWS)", acr.Label)
	}
	if want := []string{"AWS", "Amazon Web Services"}; !slices.Equal(acr.Aliases, want) {
		t.Errorf("Aliases = %q, want %q (NFKC, spaces collapsed)", acr.Aliases, want)
	}
	tests := []struct {
		text string
		want []Match
	}{
		{"IoTとクラウド", nil},
		{"支援ロボットとボット", []Match{{"topic/bots", "ボット"}}},
		{"aws と AWS", []Match{{"topic/acronyms", "AWS"}}},
		{"Amazon Web Services", []Match{{"topic/acronyms", "Amazon Web Services"}}},
	}
	for _, tt := range tests {
		if got := tax.Match(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Match(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if got := tax.TopicsForSection("III-1-2"); !slices.Equal(got, []string{"topic/bots"}) {
		t.Errorf(`TopicsForSection("III-1-2") = %q, want [topic/bots]`, got)
	}
}

func TestReadTaxonomyExtendsDefault(t *testing.T) {
	const data = `extends: default
ignore: [ロボット, ロボット工学] # ロボット is a default ignore form too: listing it again is harmless
topics:
  - slug: robots
    label: ロボティクス
    kind: TECHNOLOGY
  - slug: bot-engineering
    label: ボット工学
    kind: THEME
    broader: robots
`
	tax, err := ReadTaxonomy("user.yaml", []byte(data))
	if err != nil {
		t.Fatalf("ReadTaxonomy: %v", err)
	}
	if n, d := len(tax.Topics()), len(DefaultTaxonomy().Topics()); n != d+2 {
		t.Errorf("extends: default gave %d topics, want the default's %d + 2", n, d)
	}
	got := tax.Match("IoTの支援ロボットとロボット工学とボット工学とボット")
	want := []Match{{"topic/iot", "IoT"}, {"topic/bot-engineering", "ボット工学"}, {"topic/botnet", "ボット"}}
	if !slices.Equal(got, want) {
		t.Errorf("Match = %v, want %v (default aliases and ignore forms, plus the user's)", got, want)
	}
	if _, ok := tax.Topic("topic/trust-services"); !ok {
		t.Errorf("the default topic trust-services is missing")
	}
	if _, ok := DefaultTaxonomy().Topic("topic/robots"); ok {
		t.Errorf("extending the default changed DefaultTaxonomy()")
	}
}

func FuzzReadTaxonomy(f *testing.F) {
	f.Add([]byte(userTaxonomy))
	f.Add(defaultTaxonomyYAML)
	f.Add([]byte("extends: default\ntopics:\n  - slug: a\n    label: A\n    kind: THEME\n    broader: iot\n"))
	f.Add([]byte("topics:\n  - slug: a\n    label: A\n    kind: THEME\n    broader: b\n  - slug: b\n    label: B\n    kind: THEME\n    broader: a\n"))
	f.Add([]byte("topics: [{slug: a, aliases: [&x b, *x], kind: THEME}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tax, err := ReadTaxonomy("fuzz.yaml", data)
		if err != nil {
			var e *graph.Error
			if !errors.As(err, &e) || e.Code != graph.EINVALID || e.Message == "" {
				t.Fatalf("ReadTaxonomy error %#v: want a *graph.Error with code %q and a message", err, graph.EINVALID)
			}
			return
		}
		for _, tp := range tax.Topics() {
			for _, a := range tp.Aliases {
				for _, mt := range tax.Match(a) {
					if !strings.Contains(a, mt.Surface) {
						t.Fatalf("Match(%q): surface %q is not in the text", a, mt.Surface)
					}
				}
			}
			for _, s := range tp.Sections {
				if !slices.Contains(tax.TopicsForSection(s), tp.ID) {
					t.Fatalf("TopicsForSection(%q) misses %s", s, tp.ID)
				}
			}
			tax.Ancestors(tp.ID) // terminates: no cycles
		}
	})
}

package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// genConfig sizes a generated corpus.
type genConfig struct {
	consultations int
	comments      int // per consultation
	submitters    int // per consultation
	orgs          int // in the shared pool
	taxonomy      []graph.Topic
	words         []string
	textWords     int  // words per comment text, at most
	shuffle       bool // comments, sections and submitters out of order in each dataset
}

// textWords is the vocabulary of small corpora: case and width variants, so that text
// filters exercise folding on both sides.
var textWords = []string{
	"IoT", "iot", "ＩｏＴ", "セキュリティ", "ｾｷｭﾘﾃｨ", "電子署名", "eシール", "Ｅシール",
	"タイムスタンプ", "Mirai", "MIRAI", "ボット", "ポット化", "C&Cサーバ", "C&Cサーバー", "クラウド",
	"5G", "５Ｇ", "ローカル5G", "人材育成", "NOTICE", "notice", "ゼロトラスト", "の", "を", "検討",
}

// genTaxonomy returns n topics whose IDs do not follow their tree order: every topic but
// the first few has a random broader topic among those made before it.
func genTaxonomy(r *rand.Rand, n int) []graph.Topic {
	perm := r.Perm(n)
	ts := make([]graph.Topic, n)
	for i := range ts {
		slug := fmt.Sprintf("t%02d", perm[i])
		ts[i] = graph.Topic{
			ID: graph.TopicID(slug), Slug: slug, Label: "トピック" + slug, LabelEn: "Topic " + slug,
			Kind: graph.TopicKinds[r.IntN(len(graph.TopicKinds))], Aliases: []string{"トピック" + slug},
		}
		if i > 1 && r.IntN(4) > 0 {
			ts[i].Broader = ts[r.IntN(i)].ID
		}
	}
	slices.SortFunc(ts, func(a, b graph.Topic) int { return strings.Compare(a.ID, b.ID) })
	return ts
}

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}

// letters returns the i-th label suffix: A … Z, AA, AB, …
func letters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// genDatasets generates valid datasets with random sections (chapters, sections with
// numbers up to 12, items, OTHER), submitters of every kind (organizations drawn from a
// pool shared by all consultations, some submitters without comments), comments with
// gaps in their numbers, general comments, topic mentions of every via, dispositions and
// page references. The datasets come in random order.
func genDatasets(r *rand.Rand, cfg genConfig) []*graph.Dataset {
	type org struct{ id, name string }
	orgPrefixes := []string{"IoT", "ＩｏＴ", "Cloud", "クラウド", "ｾｷｭﾘﾃｨ", "セキュリティ", "Trust"}
	orgs := make([]org, cfg.orgs)
	for i := range orgs {
		name := fmt.Sprintf("%s協議会%d", orgPrefixes[r.IntN(len(orgPrefixes))], i)
		orgs[i] = org{graph.OrganizationID(fmt.Sprintf("o%03d", i)), name}
	}
	slugs := r.Perm(cfg.consultations)
	var out []*graph.Dataset
	for k := range cfg.consultations {
		slug := fmt.Sprintf("c%03d", slugs[k])
		cid := graph.ConsultationID(slug)
		d := &graph.Dataset{
			Consultation: graph.Consultation{ID: cid, Slug: slug, Title: "意見募集" + slug, Ministry: "総務省",
				Deadline: "2020-06-25", Source: slug + ".tsv", Format: "tsv"},
			Topics: slices.Clone(cfg.taxonomy),
		}
		// Sections.
		sec := func(code, parent string) {
			title := ""
			if r.IntN(3) > 0 {
				title = "表題" + code
			}
			ch, _, _ := strings.Cut(code, "-")
			if code == "OTHER" {
				ch = ""
			}
			d.Sections = append(d.Sections, graph.Section{ID: graph.SectionID(slug, code), Consultation: cid,
				Code: code, Chapter: ch, Title: title, Parent: parent})
		}
		for _, ch := range romans[:1+r.IntN(5)] {
			if r.IntN(4) == 0 {
				continue
			}
			sec(ch, "")
			for _, n := range r.Perm(12)[:r.IntN(4)] {
				code := fmt.Sprintf("%s-%d", ch, n+1)
				sec(code, graph.SectionID(slug, ch))
				for m := range r.IntN(3) {
					sec(fmt.Sprintf("%s-%d", code, m+1), graph.SectionID(slug, code))
				}
			}
		}
		if r.IntN(2) == 0 {
			sec("OTHER", "")
		}
		// Submitters.
		nsub := 1 + r.IntN(cfg.submitters)
		used := map[string]bool{}
		nOrg, nInd, group := 0, 0, false
		for range nsub {
			var s graph.Submitter
			switch x := r.IntN(10); {
			case x < 5:
				o := orgs[r.IntN(len(orgs))]
				if used[o.id] {
					continue
				}
				used[o.id] = true
				s = graph.Submitter{Label: "法人" + letters(nOrg), Name: o.name, Kind: graph.KindOrganization, Organization: o.id}
				s.Raw = s.Label + "(" + o.name + ")"
				nOrg++
				d.Organizations = append(d.Organizations, graph.Organization{ID: o.id, Name: o.name})
			case x < 9 || group:
				s = graph.Submitter{Label: "個人" + letters(nInd), Kind: graph.KindIndividual}
				s.Raw = s.Label
				nInd++
			default:
				s = graph.Submitter{Label: "個人(多数)", Kind: graph.KindGroup, Raw: "個人(多数)"}
				group = true
			}
			s.ID, s.Consultation = graph.SubmitterID(slug, s.Label), cid
			d.Submitters = append(d.Submitters, s)
		}
		slices.SortFunc(d.Organizations, func(a, b graph.Organization) int { return strings.Compare(a.ID, b.ID) })
		// Comments.
		texts := []string{"", graph.ResponseTextID(slug, "a"), graph.ResponseTextID(slug, "b"), graph.ResponseTextID(slug, "c")}
		number := 0
		for range cfg.comments {
			number += 1 + r.IntN(3)
			c := graph.Comment{
				ID: graph.CommentID(slug, number), Consultation: cid, Number: number,
				Submitter: d.Submitters[r.IntN(len(d.Submitters))].ID,
			}
			if len(d.Sections) > 0 && r.IntN(4) > 0 {
				c.Section = d.Sections[r.IntN(len(d.Sections))].ID
			}
			words := make([]string, 1+r.IntN(cfg.textWords))
			for i := range words {
				words[i] = cfg.words[r.IntN(len(cfg.words))]
			}
			c.Text = strings.Join(words, " ")
			c.HTML = "<p>" + c.Text + "</p>"
			for range r.IntN(4) {
				t := cfg.taxonomy[r.IntN(len(cfg.taxonomy))]
				via := []graph.MentionVia{graph.ViaComment, graph.ViaSection, graph.ViaResponse}[r.IntN(3)]
				c.Mentions = append(c.Mentions, graph.TopicMention{Topic: t.ID, Via: via, Surface: t.Label})
			}
			for range r.IntN(3) {
				p := 1 + r.IntN(8)
				c.PageRefs = append(c.PageRefs, graph.PageRef{Page: p, Surface: fmt.Sprintf("p%d", p)})
			}
			c.Response = graph.Response{ID: graph.ResponseID(slug, number), Text: "考え方", TextID: texts[r.IntN(len(texts))]}
			for _, i := range r.Perm(len(graph.Dispositions))[:r.IntN(3)] {
				c.Response.Dispositions = append(c.Response.Dispositions,
					graph.DispositionAssignment{Disposition: graph.Dispositions[i], Evidence: "句"})
			}
			c.Source = graph.Source{File: slug + ".tsv", Line: number + 1}
			d.Comments = append(d.Comments, c)
		}
		if cfg.shuffle {
			r.Shuffle(len(d.Comments), func(i, j int) { d.Comments[i], d.Comments[j] = d.Comments[j], d.Comments[i] })
			r.Shuffle(len(d.Sections), func(i, j int) { d.Sections[i], d.Sections[j] = d.Sections[j], d.Sections[i] })
			r.Shuffle(len(d.Submitters), func(i, j int) { d.Submitters[i], d.Submitters[j] = d.Submitters[j], d.Submitters[i] })
		}
		out = append(out, d)
	}
	return out
}

// realTaxonomy is the required topics of the default taxonomy (TestDefaultTaxonomyRequired)
// with a plausible broader tree, for
// benchmarks.
func realTaxonomy() []graph.Topic {
	broader := map[string]string{
		"e-seal": "trust-services", "timestamp": "trust-services", "electronic-signature": "trust-services",
		"eidas": "trust-services", "local-5g": "5g", "botnet": "iot", "cc-server": "botnet",
		"shared-responsibility": "cloud", "ismap": "cloud", "cyder": "human-resources",
		"open-ran": "5g", "sdn-nfv": "5g", "nist": "iso-iec", "gdpr": "dfft",
	}
	slugs := []string{"trust-services", "e-seal", "timestamp", "electronic-signature", "eidas", "ismap",
		"notice", "nicter", "cc-server", "botnet", "cloud", "shared-responsibility", "zero-trust",
		"supply-chain", "5g", "local-5g", "iot", "telework", "smart-city", "wireless-lan",
		"critical-infrastructure", "human-resources", "cyder", "isac", "international-cooperation",
		"research", "open-ran", "sdn-nfv", "quantum-cryptography", "dfft", "covid-19", "iso-iec",
		"nist", "gdpr", "cyber-insurance"}
	ts := make([]graph.Topic, len(slugs))
	for i, s := range slugs {
		ts[i] = graph.Topic{ID: graph.TopicID(s), Slug: s, Label: "話題" + s, LabelEn: s, Kind: "THEME"}
		if b := broader[s]; b != "" {
			ts[i].Broader = graph.TopicID(b)
		}
	}
	slices.SortFunc(ts, func(a, b graph.Topic) int { return strings.Compare(a.ID, b.ID) })
	return ts
}

// benchWords make comment texts of a realistic length (≈ 20 words of 4–8 runes).
var benchWords = []string{
	"セキュリティ対策", "IoT機器", "電子署名", "タイムスタンプ", "eシール", "トラストサービス", "制度化",
	"普及促進", "検討すべき", "と考えます", "ボットネット", "脆弱性", "サプライチェーン", "クラウドサービス",
	"ISMAP", "NOTICE", "ゼロトラスト", "ローカル5G", "人材育成", "国際連携", "研究開発", "重要インフラ",
	"テレワーク", "について", "記載", "明確化", "要望します", "事業者", "利用者", "Mirai",
}

// benchCorpus is a 100k-comment corpus: 20 consultations of 5,000 comments.
func benchCorpus() []*graph.Dataset {
	r := rand.New(rand.NewPCG(100, 1))
	return genDatasets(r, genConfig{
		consultations: 20, comments: 5000, submitters: 800, orgs: 3000,
		taxonomy: realTaxonomy(), words: benchWords, textWords: 40,
	})
}

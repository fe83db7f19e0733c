package index

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// The fixture: two consultations (given beta first) sharing a taxonomy and the
// organization SIP協議会.
//
//	topic/trust-services ← topic/e-seal ← topic/remote-eseal
//	                     ← topic/timestamp
//	topic/cloud
//
//	alpha  1  法人A(SIP)   III-5    e-seal (COMMENT)                     FUTURE_WORK            p27
//	alpha  2  法人A(SIP)   III-5-2  remote-eseal (COMMENT)               AGREEMENT FUTURE_WORK  p27 p30
//	alpha  3  法人B(Trust) OTHER    cloud, timestamp (COMMENT)           REVISED
//	alpha  9  法人B(Trust) III-10   cloud (COMMENT), trust-services (RESPONSE)  UNCHANGED
//	alpha 10  個人A        —        —                                    —
//	alpha 11  個人(多数)   I-1      timestamp (SECTION)                  NOTED
//	alpha     個人B has no comment
//	beta   1  法人A(SIP)   I-1      e-seal (COMMENT)                     FUTURE_WORK            p27
//	beta   2  個人A        —        cloud (COMMENT)                      FUTURE_WORK
func fixture() []*graph.Dataset {
	topics := []graph.Topic{
		{ID: "topic/cloud", Slug: "cloud", Label: "クラウド", Kind: "TECHNOLOGY"},
		{ID: "topic/e-seal", Slug: "e-seal", Label: "eシール", Kind: "SYSTEM", Broader: "topic/trust-services"},
		{ID: "topic/remote-eseal", Slug: "remote-eseal", Label: "リモートeシール", Kind: "SYSTEM", Broader: "topic/e-seal"},
		{ID: "topic/timestamp", Slug: "timestamp", Label: "タイムスタンプ", Kind: "SYSTEM", Broader: "topic/trust-services"},
		{ID: "topic/trust-services", Slug: "trust-services", Label: "トラストサービス", Kind: "THEME", Sections: []string{"III-5"}},
	}
	sip := graph.Organization{ID: "organization/sip", Name: "SIP協議会"}
	trust := graph.Organization{ID: "organization/trust", Name: "Trust株式会社"}
	sec := func(slug, code, title, parent string) graph.Section {
		ch, _, _ := strings.Cut(code, "-")
		if code == "OTHER" {
			ch = ""
		}
		p := ""
		if parent != "" {
			p = graph.SectionID(slug, parent)
		}
		return graph.Section{ID: graph.SectionID(slug, code), Consultation: graph.ConsultationID(slug), Code: code, Chapter: ch, Title: title, Parent: p}
	}
	sub := func(slug, label string, org *graph.Organization) graph.Submitter {
		s := graph.Submitter{ID: graph.SubmitterID(slug, label), Consultation: graph.ConsultationID(slug), Label: label, Raw: label}
		switch {
		case org != nil:
			s.Kind, s.Name, s.Organization = graph.KindOrganization, org.Name, org.ID
		case label == "個人(多数)":
			s.Kind = graph.KindGroup
		default:
			s.Kind = graph.KindIndividual
		}
		return s
	}
	type m = graph.TopicMention
	comment := func(slug string, n int, label, section string, mentions []m, disps []graph.Disposition, pages []int, text, textID string) graph.Comment {
		c := graph.Comment{ID: graph.CommentID(slug, n), Consultation: graph.ConsultationID(slug), Number: n,
			Submitter: graph.SubmitterID(slug, label), Text: text, HTML: text, Mentions: mentions,
			Response: graph.Response{ID: graph.ResponseID(slug, n), Text: "回答", TextID: textID}}
		if section != "" {
			c.Section = graph.SectionID(slug, section)
		}
		for _, d := range disps {
			c.Response.Dispositions = append(c.Response.Dispositions, graph.DispositionAssignment{Disposition: d, Evidence: "句"})
		}
		for _, p := range pages {
			c.PageRefs = append(c.PageRefs, graph.PageRef{Page: p, Surface: fmt.Sprintf("p%d", p)})
		}
		return c
	}
	fw := graph.FutureWork
	alpha := &graph.Dataset{
		Consultation:  graph.Consultation{ID: "consultation/alpha", Slug: "alpha", Title: "アルファ案"},
		Topics:        topics,
		Organizations: []graph.Organization{sip, trust},
		Sections: []graph.Section{ // deliberately out of order
			sec("alpha", "III-10", "十", "III"), sec("alpha", "OTHER", "その他", ""), sec("alpha", "III-5-2", "", "III-5"),
			sec("alpha", "I", "総論", ""), sec("alpha", "IV-1", "研究開発の推進", "IV"), sec("alpha", "III-2", "二", "III"),
			sec("alpha", "IV", "", ""), sec("alpha", "III", "第三章", ""), sec("alpha", "I-1", "状況", "I"),
			sec("alpha", "III-5", "トラストサービスの制度化と普及促進", "III"),
		},
		Submitters: []graph.Submitter{sub("alpha", "法人A", &sip), sub("alpha", "法人B", &trust), sub("alpha", "個人A", nil),
			sub("alpha", "個人B", nil), sub("alpha", "個人(多数)", nil)},
		Comments: []graph.Comment{ // deliberately out of order: 10 and 11 after 9, not after 1
			comment("alpha", 10, "個人A", "", nil, nil, nil, "ＩｏＴセキュリティの強化を。", ""),
			comment("alpha", 1, "法人A", "III-5", []m{{Topic: "topic/e-seal", Via: graph.ViaComment, Surface: "eシール"}},
				[]graph.Disposition{fw}, []int{27}, "eシールについて検討を。IoT機器も。", "responsetext/alpha/fw"),
			comment("alpha", 11, "個人(多数)", "I-1", []m{{Topic: "topic/timestamp", Via: graph.ViaSection, Surface: "状況"}},
				[]graph.Disposition{graph.Noted}, nil, "賛成です。", "responsetext/alpha/noted"),
			comment("alpha", 2, "法人A", "III-5-2", []m{{Topic: "topic/remote-eseal", Via: graph.ViaComment, Surface: "リモートeシール"}},
				[]graph.Disposition{graph.Agreement, fw}, []int{27, 30}, "リモートeシールの普及を。", "responsetext/alpha/fw"),
			comment("alpha", 9, "法人B", "III-10", []m{{Topic: "topic/cloud", Via: graph.ViaComment, Surface: "クラウド"},
				{Topic: "topic/trust-services", Via: graph.ViaResponse, Surface: "トラストサービス"}},
				[]graph.Disposition{graph.Unchanged}, nil, "クラウドの責任共有。", "responsetext/alpha/fw"),
			comment("alpha", 3, "法人B", "OTHER", []m{{Topic: "topic/cloud", Via: graph.ViaComment, Surface: "クラウド"},
				{Topic: "topic/timestamp", Via: graph.ViaComment, Surface: "タイムスタンプ"},
				{Topic: "topic/cloud", Via: graph.ViaSection, Surface: "その他"}},
				[]graph.Disposition{graph.Revised}, nil, "クラウド上のタイムスタンプ。", ""),
		},
	}
	beta := &graph.Dataset{
		Consultation:  graph.Consultation{ID: "consultation/beta", Slug: "beta", Title: "ベータ案"},
		Topics:        topics,
		Organizations: []graph.Organization{sip},
		Sections:      []graph.Section{sec("beta", "I", "総論", ""), sec("beta", "I-1", "", "I")},
		Submitters:    []graph.Submitter{sub("beta", "法人A", &sip), sub("beta", "個人A", nil)},
		Comments: []graph.Comment{
			comment("beta", 1, "法人A", "I-1", []m{{Topic: "topic/e-seal", Via: graph.ViaComment, Surface: "Eシール"}},
				[]graph.Disposition{fw}, []int{27}, "Eシール", "responsetext/beta/fw"),
			comment("beta", 2, "個人A", "", []m{{Topic: "topic/cloud", Via: graph.ViaComment, Surface: "クラウド"}},
				[]graph.Disposition{fw}, nil, "クラウド", "responsetext/beta/fw"),
		},
	}
	return []*graph.Dataset{beta, alpha}
}

func mustFixture(t *testing.T) *Snapshot {
	t.Helper()
	s, err := Build(fixture())
	if err != nil {
		t.Fatalf("Build(fixture): %v", err)
	}
	return s
}

func intp(i int) *int { return &i }

func commentIDs(t *testing.T, s *Snapshot, f *CommentFilter) []string {
	t.Helper()
	cs, err := s.Comments(f)
	if err != nil {
		t.Fatalf("Comments(%s): %v", describe(f), err)
	}
	return ids(cs, func(c *graph.Comment) string { return c.ID })
}

// short turns ["comment/alpha/1", …] into ["alpha/1", …] for readable tables.
func short(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		_, rest, _ := strings.Cut(id, "/")
		out = append(out, rest)
	}
	return out
}

func TestCommentFilters(t *testing.T) {
	s := mustFixture(t)
	for _, tc := range []struct {
		name string
		f    *CommentFilter
		want []string
	}{
		{"nil filter: all, by consultation slug then number", nil,
			[]string{"alpha/1", "alpha/2", "alpha/3", "alpha/9", "alpha/10", "alpha/11", "beta/1", "beta/2"}},
		{"zero filter", &CommentFilter{},
			[]string{"alpha/1", "alpha/2", "alpha/3", "alpha/9", "alpha/10", "alpha/11", "beta/1", "beta/2"}},
		{"consultation", &CommentFilter{Consultation: "consultation/beta"}, []string{"beta/1", "beta/2"}},
		{"submitter", &CommentFilter{Submitter: "submitter/alpha/法人B"}, []string{"alpha/3", "alpha/9"}},
		{"submitter without comments", &CommentFilter{Submitter: "submitter/alpha/個人B"}, []string{}},
		{"kind group", &CommentFilter{SubmitterKind: graph.KindGroup}, []string{"alpha/11"}},
		{"kind individual", &CommentFilter{SubmitterKind: graph.KindIndividual}, []string{"alpha/10", "beta/2"}},
		{"organization across consultations", &CommentFilter{Organization: "organization/sip"}, []string{"alpha/1", "alpha/2", "beta/1"}},
		{"chapter includes sections and items", &CommentFilter{Section: "section/alpha/III"}, []string{"alpha/1", "alpha/2", "alpha/9"}},
		{"section includes its items", &CommentFilter{Section: "section/alpha/III-5"}, []string{"alpha/1", "alpha/2"}},
		{"item", &CommentFilter{Section: "section/alpha/III-5-2"}, []string{"alpha/2"}},
		{"section without comments", &CommentFilter{Section: "section/alpha/III-2"}, []string{}},
		{"broad topic includes narrower, transitively; not RESPONSE mentions",
			&CommentFilter{Topics: []string{"topic/trust-services"}}, []string{"alpha/1", "alpha/2", "alpha/3", "alpha/11", "beta/1"}},
		{"middle topic includes its narrower", &CommentFilter{Topics: []string{"topic/e-seal"}}, []string{"alpha/1", "alpha/2", "beta/1"}},
		{"leaf topic", &CommentFilter{Topics: []string{"topic/remote-eseal"}}, []string{"alpha/2"}},
		{"SECTION mentions count", &CommentFilter{Topics: []string{"topic/timestamp"}}, []string{"alpha/3", "alpha/11"}},
		{"topics ANY by default", &CommentFilter{Topics: []string{"topic/remote-eseal", "topic/timestamp"}},
			[]string{"alpha/2", "alpha/3", "alpha/11"}},
		{"topics ANY", &CommentFilter{Topics: []string{"topic/remote-eseal", "topic/timestamp"}, TopicMatch: MatchAny},
			[]string{"alpha/2", "alpha/3", "alpha/11"}},
		{"topics ALL", &CommentFilter{Topics: []string{"topic/trust-services", "topic/cloud"}, TopicMatch: MatchAll}, []string{"alpha/3"}},
		{"topics ALL of a topic and its narrower", &CommentFilter{Topics: []string{"topic/trust-services", "topic/e-seal"}, TopicMatch: MatchAll},
			[]string{"alpha/1", "alpha/2", "beta/1"}},
		{"dispositions: any of them", &CommentFilter{Dispositions: []graph.Disposition{graph.Revised, graph.Agreement}}, []string{"alpha/2", "alpha/3"}},
		{"page", &CommentFilter{PageRef: intp(27)}, []string{"alpha/1", "alpha/2", "beta/1"}},
		{"page and consultation", &CommentFilter{PageRef: intp(27), Consultation: "consultation/alpha"}, []string{"alpha/1", "alpha/2"}},
		{"page nobody cites", &CommentFilter{PageRef: intp(99)}, []string{}},
		{"text: case-insensitive", &CommentFilter{Text: "iot"}, []string{"alpha/1", "alpha/10"}},
		{"text: full-width query", &CommentFilter{Text: "ＩＯＴ機器"}, []string{"alpha/1"}},
		{"text: half-width katakana query", &CommentFilter{Text: "ｾｷｭﾘﾃｨ"}, []string{"alpha/10"}},
		{"text: folded upper-case E", &CommentFilter{Text: "eシール"}, []string{"alpha/1", "alpha/2", "beta/1"}},
		{"flagship comments", &CommentFilter{Topics: []string{"topic/trust-services"}, Dispositions: []graph.Disposition{graph.FutureWork}},
			[]string{"alpha/1", "alpha/2", "beta/1"}},
		{"everything combined", &CommentFilter{Consultation: "consultation/alpha", Submitter: "submitter/alpha/法人A",
			SubmitterKind: graph.KindOrganization, Organization: "organization/sip", Section: "section/alpha/III",
			Topics: []string{"topic/e-seal"}, TopicMatch: MatchAll, Dispositions: []graph.Disposition{graph.Agreement},
			PageRef: intp(30), Text: "普及"}, []string{"alpha/2"}},
		{"contradiction", &CommentFilter{Consultation: "consultation/beta", Section: "section/alpha/III"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := short(commentIDs(t, s, tc.f))
			if !slices.Equal(got, short(prefixAll("comment/", tc.want))) {
				t.Errorf("Comments(%s) = %v, want %v", describe(tc.f), got, tc.want)
			}
			set, err := s.CommentSet(tc.f)
			if err != nil || int(set.GetCardinality()) != len(tc.want) {
				t.Errorf("CommentSet(%s) has %d positions (err %v), want %d", describe(tc.f), set.GetCardinality(), err, len(tc.want))
			}
		})
	}
}

func prefixAll(p string, xs []string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, p+x)
	}
	return out
}

func TestQuantifiers(t *testing.T) {
	s := mustFixture(t)
	fw := &CommentFilter{Dispositions: []graph.Disposition{graph.FutureWork}}
	flagship := &CommentFilter{Topics: []string{"topic/trust-services"}, Dispositions: []graph.Disposition{graph.FutureWork}}
	subs := []struct {
		name string
		f    *SubmitterFilter
		want []string
	}{
		{"nil: all, by consultation then label", nil,
			[]string{"alpha/個人(多数)", "alpha/個人A", "alpha/個人B", "alpha/法人A", "alpha/法人B", "beta/個人A", "beta/法人A"}},
		{"consultation and kind", &SubmitterFilter{Consultation: "consultation/alpha", Kind: graph.KindOrganization},
			[]string{"alpha/法人A", "alpha/法人B"}},
		{"some", &SubmitterFilter{Comments: &Quantifier{Some: fw}}, []string{"alpha/法人A", "beta/個人A", "beta/法人A"}},
		{"all: vacuous owners excluded", &SubmitterFilter{Comments: &Quantifier{All: fw}}, []string{"alpha/法人A", "beta/個人A", "beta/法人A"}},
		{"all of a wider filter", &SubmitterFilter{Comments: &Quantifier{All: &CommentFilter{Consultation: "consultation/alpha"}}},
			[]string{"alpha/個人(多数)", "alpha/個人A", "alpha/法人A", "alpha/法人B"}},
		{"none: includes owners without comments", &SubmitterFilter{Comments: &Quantifier{None: fw}},
			[]string{"alpha/個人(多数)", "alpha/個人A", "alpha/個人B", "alpha/法人B"}},
		{"none of everything = no comments", &SubmitterFilter{Comments: &Quantifier{None: &CommentFilter{}}}, []string{"alpha/個人B"}},
		{"some and none", &SubmitterFilter{Comments: &Quantifier{Some: &CommentFilter{Topics: []string{"topic/cloud"}}, None: fw}},
			[]string{"alpha/法人B"}},
		{"some but not all", &SubmitterFilter{Comments: &Quantifier{Some: &CommentFilter{Topics: []string{"topic/timestamp"}},
			None: &CommentFilter{Topics: []string{"topic/cloud"}}}}, []string{"alpha/個人(多数)"}},
		{"empty quantifier does not filter", &SubmitterFilter{Consultation: "consultation/beta", Comments: &Quantifier{}},
			[]string{"beta/個人A", "beta/法人A"}},
	}
	for _, tc := range subs {
		t.Run("submitters/"+tc.name, func(t *testing.T) {
			got, err := s.Submitters(tc.f)
			if err != nil {
				t.Fatalf("Submitters: %v", err)
			}
			if g, w := short(ids(got, func(s *graph.Submitter) string { return s.ID })), tc.want; !slices.Equal(g, w) {
				t.Errorf("Submitters(%s) = %v, want %v", describe(tc.f), g, w)
			}
		})
	}
	orgs := []struct {
		name string
		f    *OrganizationFilter
		want []string
	}{
		{"nil: all, by name", nil, []string{"sip", "trust"}},
		{"flagship: some trust services + future work", &OrganizationFilter{Comments: &Quantifier{Some: flagship}}, []string{"sip"}},
		{"all across consultations", &OrganizationFilter{Comments: &Quantifier{All: &CommentFilter{Topics: []string{"topic/trust-services"}}}},
			[]string{"sip"}},
		{"none", &OrganizationFilter{Comments: &Quantifier{None: flagship}}, []string{"trust"}},
		{"name: case and width-insensitive substring", &OrganizationFilter{Name: "ｓｉｐ"}, []string{"sip"}},
		{"name: katakana", &OrganizationFilter{Name: "株式"}, []string{"trust"}},
		{"name and quantifier", &OrganizationFilter{Name: "sip", Comments: &Quantifier{None: flagship}}, []string{}},
	}
	for _, tc := range orgs {
		t.Run("organizations/"+tc.name, func(t *testing.T) {
			got, err := s.Organizations(tc.f)
			if err != nil {
				t.Fatalf("Organizations: %v", err)
			}
			if g, w := short(ids(got, func(o *graph.Organization) string { return o.ID })), tc.want; !slices.Equal(g, w) {
				t.Errorf("Organizations(%s) = %v, want %v", describe(tc.f), g, w)
			}
			// The same organizations by comments: most first, ties by ID.
			count := map[string]int{}
			for _, o := range got {
				cs, err := s.Comments(&CommentFilter{Organization: o.ID})
				if err != nil {
					t.Fatal(err)
				}
				count[o.ID] = len(cs)
			}
			want := slices.SortedFunc(slices.Values(ids(got, func(o *graph.Organization) string { return o.ID })), func(a, b string) int {
				return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b))
			})
			byComments, err := s.OrganizationsByComments(tc.f)
			if err != nil {
				t.Fatalf("OrganizationsByComments: %v", err)
			}
			if g := ids(byComments, func(o *graph.Organization) string { return o.ID }); !slices.Equal(g, want) {
				t.Errorf("OrganizationsByComments(%s) = %v, want %v (comments %v)", describe(tc.f), g, want, count)
			}
		})
	}
}

func TestCount(t *testing.T) {
	s := mustFixture(t)
	alpha := &CommentFilter{Consultation: "consultation/alpha"}
	for _, tc := range []struct {
		name    string
		f       *CommentFilter
		groupBy []Dimension
		want    string
	}{
		{"no dimensions: the total", alpha, nil, "→ 6\n"},
		{"no dimensions, nothing selected", &CommentFilter{PageRef: intp(99)}, []Dimension{}, "→ 0\n"},
		{"nothing selected, grouped: no buckets", &CommentFilter{PageRef: intp(99)}, []Dimension{DimTopic}, ""},
		{"consultation", nil, []Dimension{DimConsultation},
			"CONSULTATION=\"consultation/alpha\"(アルファ案) → 6\nCONSULTATION=\"consultation/beta\"(ベータ案) → 2\n"},
		{"section: natural order, none last", alpha, []Dimension{DimSection}, "" +
			"SECTION=\"section/alpha/I-1\"(I-1 状況) → 1\n" +
			"SECTION=\"section/alpha/III-5\"(III-5 トラストサービスの制度化と普及促進) → 1\n" +
			"SECTION=\"section/alpha/III-5-2\"(III-5-2) → 1\n" +
			"SECTION=\"section/alpha/III-10\"(III-10 十) → 1\n" +
			"SECTION=\"section/alpha/OTHER\"(OTHER その他) → 1\n" +
			"SECTION=\"\"((none)) → 1\n"},
		{"chapter", alpha, []Dimension{DimChapter}, "" +
			"CHAPTER=\"section/alpha/I\"(I 総論) → 1\n" +
			"CHAPTER=\"section/alpha/III\"(III 第三章) → 3\n" +
			"CHAPTER=\"section/alpha/OTHER\"(OTHER その他) → 1\n" +
			"CHAPTER=\"\"((none)) → 1\n"},
		{"topic: direct COMMENT/SECTION topics only, once per comment", nil, []Dimension{DimTopic}, "" +
			"TOPIC=\"topic/cloud\"(クラウド) → 3\n" +
			"TOPIC=\"topic/e-seal\"(eシール) → 2\n" +
			"TOPIC=\"topic/remote-eseal\"(リモートeシール) → 1\n" +
			"TOPIC=\"topic/timestamp\"(タイムスタンプ) → 2\n" +
			"TOPIC=\"\"((none)) → 1\n"},
		{"disposition: declaration order, multi-valued", nil, []Dimension{DimDisposition}, "" +
			"DISPOSITION=\"REVISED\"(修正（案を修正）) → 1\n" +
			"DISPOSITION=\"UNCHANGED\"(原案どおり) → 1\n" +
			"DISPOSITION=\"AGREEMENT\"(賛同) → 1\n" +
			"DISPOSITION=\"FUTURE_WORK\"(今後の取組の参考) → 4\n" +
			"DISPOSITION=\"NOTED\"(参考意見として承る) → 1\n" +
			"DISPOSITION=\"\"((none)) → 1\n"},
		{"submitter", alpha, []Dimension{DimSubmitter}, "" +
			"SUBMITTER=\"submitter/alpha/個人(多数)\"(個人(多数)) → 1\n" +
			"SUBMITTER=\"submitter/alpha/個人A\"(個人A) → 1\n" +
			"SUBMITTER=\"submitter/alpha/法人A\"(法人A(SIP協議会)) → 2\n" +
			"SUBMITTER=\"submitter/alpha/法人B\"(法人B(Trust株式会社)) → 2\n"},
		{"kind", nil, []Dimension{DimSubmitterKind}, "" +
			"SUBMITTER_KIND=\"ORGANIZATION\"(法人・団体) → 5\n" +
			"SUBMITTER_KIND=\"INDIVIDUAL\"(個人) → 2\n" +
			"SUBMITTER_KIND=\"GROUP\"(個人（多数）) → 1\n"},
		{"organization", nil, []Dimension{DimOrganization}, "" +
			"ORGANIZATION=\"organization/sip\"(SIP協議会) → 3\n" +
			"ORGANIZATION=\"organization/trust\"(Trust株式会社) → 2\n" +
			"ORGANIZATION=\"\"((none)) → 3\n"},
		{"cross product of two multi-valued dimensions", &CommentFilter{Submitter: "submitter/alpha/法人A"},
			[]Dimension{DimDisposition, DimTopic}, "" +
				"DISPOSITION=\"AGREEMENT\"(賛同) TOPIC=\"topic/remote-eseal\"(リモートeシール) → 1\n" +
				"DISPOSITION=\"FUTURE_WORK\"(今後の取組の参考) TOPIC=\"topic/e-seal\"(eシール) → 1\n" +
				"DISPOSITION=\"FUTURE_WORK\"(今後の取組の参考) TOPIC=\"topic/remote-eseal\"(リモートeシール) → 1\n"},
		{"order follows groupBy", &CommentFilter{Submitter: "submitter/alpha/法人A"},
			[]Dimension{DimTopic, DimDisposition}, "" +
				"TOPIC=\"topic/e-seal\"(eシール) DISPOSITION=\"FUTURE_WORK\"(今後の取組の参考) → 1\n" +
				"TOPIC=\"topic/remote-eseal\"(リモートeシール) DISPOSITION=\"AGREEMENT\"(賛同) → 1\n" +
				"TOPIC=\"topic/remote-eseal\"(リモートeシール) DISPOSITION=\"FUTURE_WORK\"(今後の取組の参考) → 1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Count(tc.f, tc.groupBy)
			if err != nil {
				t.Fatalf("Count: %v", err)
			}
			if g := formatBuckets(got); g != tc.want {
				t.Errorf("Count(%s, %v):\ngot:\n%swant:\n%s", describe(tc.f), tc.groupBy, g, tc.want)
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	s := mustFixture(t)
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"unknown topic", func() error {
			_, err := s.Comments(&CommentFilter{Topics: []string{"topic/cloud", "topic/x"}})
			return err
		},
			`unknown topic "topic/x"`},
		{"topic given a section ID", func() error { _, err := s.Comments(&CommentFilter{Topics: []string{"section/alpha/III"}}); return err },
			`unknown topic "section/alpha/III"`},
		{"unknown section", func() error { _, err := s.Comments(&CommentFilter{Section: "section/alpha/III-1"}); return err },
			`unknown section "section/alpha/III-1"`},
		{"unknown consultation", func() error { _, err := s.Comments(&CommentFilter{Consultation: "consultation/gamma"}); return err },
			`unknown consultation "consultation/gamma"`},
		{"unknown submitter", func() error { _, err := s.CommentSet(&CommentFilter{Submitter: "submitter/alpha/法人Z"}); return err },
			`unknown submitter "submitter/alpha/法人Z"`},
		{"unknown organization", func() error { _, err := s.Comments(&CommentFilter{Organization: "organization/none"}); return err },
			`unknown organization "organization/none"`},
		{"invalid kind", func() error { _, err := s.Comments(&CommentFilter{SubmitterKind: "ROBOT"}); return err },
			`invalid submitter kind "ROBOT" (want ORGANIZATION, INDIVIDUAL or GROUP)`},
		{"invalid topic match", func() error {
			_, err := s.Comments(&CommentFilter{Topics: []string{"topic/cloud"}, TopicMatch: "SOME"})
			return err
		}, `invalid topic match "SOME" (want ANY or ALL)`},
		{"invalid topic match without topics", func() error { _, err := s.Comments(&CommentFilter{TopicMatch: "any"}); return err },
			`invalid topic match "any"`},
		{"invalid disposition", func() error {
			_, err := s.Comments(&CommentFilter{Dispositions: []graph.Disposition{graph.Noted, "MAYBE"}})
			return err
		}, `invalid disposition "MAYBE" (want one of REVISED, UNCHANGED, AGREEMENT, FUTURE_WORK, NOTED, TAKEN_INTO_ACCOUNT, EXPLANATION)`},
		{"page 0", func() error { _, err := s.Comments(&CommentFilter{PageRef: intp(0)}); return err },
			`invalid page reference 0 (pages are numbered from 1)`},
		{"unknown dimension", func() error { _, err := s.Count(nil, []Dimension{DimTopic, "COLOR"}); return err },
			`unknown dimension "COLOR" (want one of CONSULTATION, SECTION, CHAPTER, TOPIC, DISPOSITION, SUBMITTER, SUBMITTER_KIND, ORGANIZATION, CAMPAIGN)`},
		{"dimension twice", func() error { _, err := s.Count(nil, []Dimension{DimTopic, DimSection, DimTopic}); return err },
			`dimension TOPIC listed twice`},
		{"bad filter in Count", func() error {
			_, err := s.Count(&CommentFilter{Topics: []string{"topic/x"}}, []Dimension{DimTopic})
			return err
		},
			`unknown topic "topic/x"`},
		{"submitters: unknown consultation", func() error { _, err := s.Submitters(&SubmitterFilter{Consultation: "consultation/x"}); return err },
			`unknown consultation "consultation/x"`},
		{"submitters: invalid kind", func() error { _, err := s.Submitters(&SubmitterFilter{Kind: "organization"}); return err },
			`invalid submitter kind "organization"`},
		{"submitters: error inside some", func() error {
			_, err := s.Submitters(&SubmitterFilter{Comments: &Quantifier{Some: &CommentFilter{Topics: []string{"topic/x"}}}})
			return err
		}, `comments.some: unknown topic "topic/x"`},
		{"organizations: error inside none", func() error {
			_, err := s.Organizations(&OrganizationFilter{Comments: &Quantifier{None: &CommentFilter{Dispositions: []graph.Disposition{"X"}}}})
			return err
		}, `comments.none: invalid disposition "X"`},
		{"organizations: error inside all", func() error {
			_, err := s.Organizations(&OrganizationFilter{Comments: &Quantifier{All: &CommentFilter{Section: "section/x"}}})
			return err
		}, `comments.all: unknown section "section/x"`},
		{"sections of an unknown consultation", func() error { _, err := s.Sections("consultation/x"); return err },
			`unknown consultation "consultation/x"`},
		{"malformed cursor", func() error { _, _, err := s.CommentPage(s.all, "submitter/alpha/法人A", 2); return err },
			`invalid cursor "submitter/alpha/法人A"`},
		{"negative first", func() error { _, _, err := s.CommentPage(s.all, "", -1); return err },
			`first must not be negative (got -1)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if code := graph.ErrorCode(err); code != graph.EINVALID {
				t.Errorf("error %q has code %q, want %q", err, code, graph.EINVALID)
			}
			if !strings.HasPrefix(graph.ErrorMessage(err), tc.want) {
				t.Errorf("error message %q, want it to start with %q", graph.ErrorMessage(err), tc.want)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(ds []*graph.Dataset) // ds[0] is beta, ds[1] alpha
		want   string
	}{
		{"nil dataset", func(ds []*graph.Dataset) { ds[0] = nil }, "dataset 0 is nil"},
		{"same consultation twice", func(ds []*graph.Dataset) { ds[0].Consultation = ds[1].Consultation },
			`duplicate consultation ID "consultation/alpha"`},
		{"same slug twice", func(ds []*graph.Dataset) { ds[0].Consultation.Slug = "alpha" }, `two consultations have the slug "alpha"`},
		{"duplicate comment", func(ds []*graph.Dataset) { ds[1].Comments[1].ID = ds[1].Comments[0].ID },
			`duplicate comment ID "comment/alpha/10"`},
		{"comment in the wrong dataset", func(ds []*graph.Dataset) { ds[0].Comments[0].Consultation = "consultation/alpha" },
			`comment "comment/beta/1" belongs to consultation "consultation/alpha", found in "consultation/beta"`},
		{"unknown submitter", func(ds []*graph.Dataset) { ds[0].Comments[0].Submitter = "submitter/beta/法人Z" },
			`comment "comment/beta/1": unknown submitter "submitter/beta/法人Z"`},
		{"submitter of another consultation", func(ds []*graph.Dataset) { ds[0].Comments[0].Submitter = "submitter/alpha/法人A" },
			`comment "comment/beta/1": unknown submitter "submitter/alpha/法人A"`},
		{"unknown section", func(ds []*graph.Dataset) { ds[0].Comments[0].Section = "section/beta/II" },
			`comment "comment/beta/1": unknown section "section/beta/II"`},
		{"section of another consultation", func(ds []*graph.Dataset) { ds[0].Comments[0].Section = "section/alpha/I" },
			`comment "comment/beta/1": unknown section "section/alpha/I"`},
		{"unknown topic", func(ds []*graph.Dataset) { ds[0].Comments[0].Mentions[0].Topic = "topic/x" },
			`comment "comment/beta/1": mention of unknown topic "topic/x"`},
		{"invalid via", func(ds []*graph.Dataset) { ds[0].Comments[0].Mentions[0].Via = "TITLE" },
			`comment "comment/beta/1": mention of "topic/e-seal" via "TITLE"`},
		{"invalid disposition", func(ds []*graph.Dataset) { ds[0].Comments[0].Response.Dispositions[0].Disposition = "X" },
			`comment "comment/beta/1": invalid disposition "X"`},
		{"page 0", func(ds []*graph.Dataset) { ds[0].Comments[0].PageRefs[0].Page = 0 },
			`comment "comment/beta/1": page reference "p27" to page 0`},
		{"duplicate response", func(ds []*graph.Dataset) { ds[0].Comments[1].Response.ID = ds[0].Comments[0].Response.ID },
			`duplicate response ID "response/beta/1"`},
		{"invalid kind", func(ds []*graph.Dataset) { ds[0].Submitters[1].Kind = "PERSON" },
			`submitter "submitter/beta/個人A": invalid kind "PERSON"`},
		{"unknown organization", func(ds []*graph.Dataset) { ds[0].Submitters[0].Organization = "organization/x" },
			`submitter "submitter/beta/法人A": unknown organization "organization/x"`},
		{"unknown parent section", func(ds []*graph.Dataset) { ds[0].Sections[1].Parent = "section/beta/II" },
			`section "section/beta/I-1": unknown parent section "section/beta/II"`},
		{"section cycle", func(ds []*graph.Dataset) { ds[0].Sections[0].Parent = "section/beta/I-1" }, `(cycle)`},
		{"unknown broader topic", func(ds []*graph.Dataset) {
			ds[0].Topics = slices.Clone(ds[0].Topics)
			ds[1].Topics = ds[0].Topics
			ds[0].Topics[0].Broader = "topic/x"
		}, `topic "topic/cloud": unknown broader topic "topic/x"`},
		{"topic cycle", func(ds []*graph.Dataset) {
			ds[0].Topics = slices.Clone(ds[0].Topics)
			ds[1].Topics = ds[0].Topics
			ds[0].Topics[4].Broader = "topic/remote-eseal"
		}, `is its own broader topic (cycle)`},
		{"an ID for two kinds", func(ds []*graph.Dataset) { ds[0].Sections[0].ID = "topic/cloud" },
			`ID "topic/cloud" names two nodes of different kinds`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := fixture()
			tc.change(ds)
			_, err := Build(ds)
			if err == nil {
				t.Fatalf("Build succeeded, want an error containing %q", tc.want)
			}
			if code := graph.ErrorCode(err); code != graph.EINVALID {
				t.Errorf("error %q has code %q, want %q", err, code, graph.EINVALID)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestBuildDeterministic: the order of the datasets, and of records within them, does
// not change any answer.
func TestBuildDeterministic(t *testing.T) {
	ds := fixture()
	a, err := Build(ds)
	if err != nil {
		t.Fatal(err)
	}
	ds = fixture() // a keeps pointers into the first datasets: they must not change
	ds[0], ds[1] = ds[1], ds[0]
	slices.Reverse(ds[0].Comments)
	slices.Reverse(ds[0].Submitters)
	slices.Reverse(ds[0].Sections)
	b, err := Build(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		name string
		run  func(s *Snapshot) string
	}{
		{"comments", func(s *Snapshot) string { return fmt.Sprint(commentIDs(t, s, nil)) }},
		{"submitters", func(s *Snapshot) string {
			subs, _ := s.Submitters(nil)
			return fmt.Sprint(ids(subs, func(s *graph.Submitter) string { return s.ID }))
		}},
		{"sections", func(s *Snapshot) string {
			secs, _ := s.Sections("")
			return fmt.Sprint(ids(secs, func(s *graph.Section) string { return s.ID }))
		}},
		{"counts", func(s *Snapshot) string {
			var out strings.Builder
			for _, d := range Dimensions {
				bs, _ := s.Count(nil, []Dimension{d})
				out.WriteString(formatBuckets(bs))
			}
			return out.String()
		}},
	} {
		if x, y := q.run(a), q.run(b); x != y {
			t.Errorf("%s differ after reordering the input:\n%s\n%s", q.name, x, y)
		}
	}
}

// TestCountOrder: a key's Order is its value's position in the dimension's order, so that
// a client that sorts a pivot by it gets document order where labels sort as text
// (III-10 before III-2, V before IV); none comes after every value.
func TestCountOrder(t *testing.T) {
	s := mustFixture(t)
	got, err := s.Count(&CommentFilter{Consultation: "consultation/alpha"}, []Dimension{DimSection})
	if err != nil {
		t.Fatal(err)
	}
	var labels, byOrder []string
	orders := map[string]int{}
	for _, b := range got {
		labels = append(labels, b.Keys[0].Label)
		orders[b.Keys[0].Label] = b.Keys[0].Order
	}
	byOrder = slices.Clone(labels)
	slices.SortFunc(byOrder, func(a, b string) int { return orders[a] - orders[b] })
	slices.Sort(labels)
	// alpha's sections in document order: I 0, I-1 1, III 2, III-2 3, III-5 4, III-5-2 5,
	// III-10 6, IV 7, IV-1 8, OTHER 9; then beta's two: none is 12.
	wantOrders := map[string]int{"I-1 状況": 1, "III-5 トラストサービスの制度化と普及促進": 4, "III-5-2": 5, "III-10 十": 6, "OTHER その他": 9, NoneLabel: 12}
	if !maps.Equal(orders, wantOrders) {
		t.Errorf("orders = %v, want %v", orders, wantOrders)
	}
	if want := []string{"I-1 状況", "III-5 トラストサービスの制度化と普及促進", "III-5-2", "III-10 十", "OTHER その他", NoneLabel}; !slices.Equal(byOrder, want) {
		t.Errorf("sorted by order: %v, want %v", byOrder, want)
	}
	if slices.Equal(labels, byOrder) {
		t.Errorf("the labels sort as %v, in document order already: the fixture shows nothing", labels)
	}
	// Every dimension: orders rise in the order buckets come, none is the number of values.
	values := map[Dimension]int{DimConsultation: 2, DimSection: 12, DimChapter: 12, DimTopic: 5,
		DimDisposition: len(graph.Dispositions), DimSubmitter: 7, DimSubmitterKind: 3, DimOrganization: 2}
	for _, d := range Dimensions {
		bs, err := s.Count(nil, []Dimension{d})
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range bs {
			k := b.Keys[0]
			if i > 0 && k.Order <= bs[i-1].Keys[0].Order {
				t.Errorf("%s: %q has order %d after %q's %d", d, k.Value, k.Order, bs[i-1].Keys[0].Value, bs[i-1].Keys[0].Order)
			}
			if k.Value == "" && k.Order != values[d] {
				t.Errorf("%s: none has order %d, want %d (the number of values)", d, k.Order, values[d])
			}
			if k.Value != "" && (k.Order < 0 || k.Order >= values[d]) {
				t.Errorf("%s: %q has order %d, outside 0..%d", d, k.Value, k.Order, values[d]-1)
			}
		}
	}
}

func TestSectionOrder(t *testing.T) {
	s := mustFixture(t)
	secs, err := s.Sections("consultation/alpha")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"I", "I-1", "III", "III-2", "III-5", "III-5-2", "III-10", "IV", "IV-1", "OTHER"}
	var got []string
	for _, sec := range secs {
		got = append(got, sec.Code)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sections(alpha) codes = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"I-1", "I-2", -1}, {"I-2", "III-1", -1}, {"III-2", "III-10", -1}, {"III-10", "IV-1", -1},
		{"IV", "IV-1", -1}, {"IX", "X", -1}, {"V", "IV", 1}, {"IV-1", "OTHER", -1}, {"III-5", "III-5", 0},
		{"III-5-2", "III-5-10", -1}, {"XII", "OTHER", -1},
		// Other ministries' forms, in document order.
		{"INTRO", "I", -1}, {"PART2-1", "PART10", -1}, {"PART2-1", "PART2-1-3", -1}, {"PART9", "1", -1},
		{"2", "10", -1}, {"3-2", "3-10", -1}, {"12", "(1)", -1}, {"(2)", "(10)", -1}, {"(1)", "CLOSING", -1},
		{"CLOSING", "ANNEX1", -1}, {"ANNEX2", "ANNEX10", -1}, {"ANNEX1", "P1", -1}, {"P5", "P12", -1},
		{"P99", "OTHER", -1}, {"OTHER", "TEXT-00ab12cd", -1},
	} {
		if got := compareCodes(tc.a, tc.b); got != tc.want {
			t.Errorf("compareCodes(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestLookups(t *testing.T) {
	s := mustFixture(t)
	for _, tc := range []struct {
		id   string
		want string // the type of the node, "" when absent
	}{
		{"consultation/alpha", "*graph.Consultation"}, {"comment/alpha/9", "*graph.Comment"},
		{"response/alpha/9", "*graph.Response"}, {"submitter/beta/法人A", "*graph.Submitter"},
		{"organization/sip", "*graph.Organization"}, {"section/alpha/III-5", "*graph.Section"},
		{"topic/e-seal", "*graph.Topic"}, {"topic/x", ""}, {"comment/alpha/4", ""}, {"", ""},
	} {
		n, ok := s.Node(tc.id)
		got := ""
		if ok {
			got = fmt.Sprintf("%T", n)
		}
		if got != tc.want {
			t.Errorf("Node(%q) is %q, want %q", tc.id, got, tc.want)
		}
	}
	if r, ok := s.Response("response/alpha/2"); !ok || len(r.Dispositions) != 2 {
		t.Errorf("Response(response/alpha/2) = %+v, %v; want the response with 2 dispositions", r, ok)
	}
	if c, ok := s.ResponseComment("response/alpha/2"); !ok || c.ID != "comment/alpha/2" {
		t.Errorf("ResponseComment(response/alpha/2) = %v, %v", c, ok)
	}
	if _, ok := s.Submitter("organization/sip"); ok {
		t.Error("Submitter(organization/sip) found an organization")
	}
	if got := ids(s.Consultations(), func(c *graph.Consultation) string { return c.ID }); !slices.Equal(got, []string{"consultation/alpha", "consultation/beta"}) {
		t.Errorf("Consultations() = %v", got)
	}
	if got := ids(s.Topics(), func(t *graph.Topic) string { return t.Slug }); !slices.Equal(got, []string{"cloud", "e-seal", "remote-eseal", "timestamp", "trust-services"}) {
		t.Errorf("Topics() = %v", got)
	}
	if got := ids(s.SectionChildren("section/alpha/III"), func(s *graph.Section) string { return s.Code }); !slices.Equal(got, []string{"III-2", "III-5", "III-10"}) {
		t.Errorf("SectionChildren(III) = %v", got)
	}
	if got := ids(s.TopicNarrower("topic/trust-services"), func(t *graph.Topic) string { return t.Slug }); !slices.Equal(got, []string{"e-seal", "timestamp"}) {
		t.Errorf("TopicNarrower(trust-services) = %v", got)
	}
	if got := ids(s.OrganizationSubmitters("organization/sip"), func(s *graph.Submitter) string { return s.ID }); !slices.Equal(got, []string{"submitter/alpha/法人A", "submitter/beta/法人A"}) {
		t.Errorf("OrganizationSubmitters(sip) = %v", got)
	}
	// trust-services: via narrower topics; 法人B only mentions it in a response (alpha/9)
	// but also wrote alpha/3 about timestamp.
	if got := short(ids(s.TopicSubmitters("topic/trust-services"), func(s *graph.Submitter) string { return s.ID })); !slices.Equal(got, []string{"alpha/個人(多数)", "alpha/法人A", "alpha/法人B", "beta/法人A"}) {
		t.Errorf("TopicSubmitters(trust-services) = %v", got)
	}
	if got := short(ids(s.TopicSubmitters("topic/remote-eseal"), func(s *graph.Submitter) string { return s.ID })); !slices.Equal(got, []string{"alpha/法人A"}) {
		t.Errorf("TopicSubmitters(remote-eseal) = %v", got)
	}
	for _, tc := range []struct {
		id   string
		want int
	}{
		{"response/alpha/1", 2}, {"response/alpha/9", 2}, {"response/alpha/11", 0}, {"response/alpha/3", 0}, {"response/beta/2", 1},
	} {
		if got, ok := s.SharedWithCount(tc.id); !ok || got != tc.want {
			t.Errorf("SharedWithCount(%q) = %d, %v; want %d", tc.id, got, ok, tc.want)
		}
	}
	if _, ok := s.SharedWithCount("response/alpha/4"); ok {
		t.Error("SharedWithCount of an unknown response: ok")
	}
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"consultation/beta", []string{"beta/1", "beta/2"}},
		{"submitter/alpha/法人A", []string{"alpha/1", "alpha/2"}},
		{"organization/sip", []string{"alpha/1", "alpha/2", "beta/1"}},
		{"section/alpha/III-5", []string{"alpha/1", "alpha/2"}},
		{"topic/e-seal", []string{"alpha/1", "alpha/2", "beta/1"}},
		{"disposition/NOTED", []string{"alpha/11"}},
		{"page/alpha/27", []string{"alpha/1", "alpha/2"}},
		{"page/beta/30", []string{}},
		{"responsetext/alpha/fw", []string{"alpha/1", "alpha/2", "alpha/9"}},
	} {
		set, err := s.CommentsOf(tc.id)
		if err != nil {
			t.Errorf("CommentsOf(%q): %v", tc.id, err)
			continue
		}
		if got := short(ids(s.materialize(set), func(c *graph.Comment) string { return c.ID })); !slices.Equal(got, tc.want) {
			t.Errorf("CommentsOf(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
	for _, id := range []string{"comment/alpha/1", "topic/x", "disposition/MAYBE", "page/gamma/1", "page/alpha/x", "page/alpha/0", ""} {
		if _, err := s.CommentsOf(id); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("CommentsOf(%q): error %v, want code %q", id, err, graph.ENOTFOUND)
		}
	}
}

func TestCommentPage(t *testing.T) {
	s := mustFixture(t)
	set, err := s.CommentSet(&CommentFilter{Consultation: "consultation/alpha"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		after    string
		first    int
		want     []string
		wantNext bool
	}{
		{"", 2, []string{"alpha/1", "alpha/2"}, true},
		{"comment/alpha/2", 2, []string{"alpha/3", "alpha/9"}, true},
		{"comment/alpha/9", 5, []string{"alpha/10", "alpha/11"}, false},
		{"comment/alpha/11", 5, []string{}, false},
		{"", 0, []string{}, true},
		// cursors of comments that are not (or no longer) there resume in place
		{"comment/alpha/5", 1, []string{"alpha/9"}, true},
		{"comment/alpha/100", 1, []string{}, false},
		{"comment/aaa/100", 1, []string{"alpha/1"}, true},
		{"comment/beta/1", 1, []string{}, false}, // outside the set
	} {
		page, next, err := s.CommentPage(set, tc.after, tc.first)
		if err != nil {
			t.Errorf("CommentPage(after %q, %d): %v", tc.after, tc.first, err)
			continue
		}
		if got := short(ids(page, func(c *graph.Comment) string { return c.ID })); !slices.Equal(got, tc.want) || next != tc.wantNext {
			t.Errorf("CommentPage(after %q, %d) = %v, hasNext %v; want %v, %v", tc.after, tc.first, got, next, tc.want, tc.wantNext)
		}
	}
}

// TestResultsAreCopies: callers may modify the bitmaps they get without changing the
// snapshot.
func TestResultsAreCopies(t *testing.T) {
	s := mustFixture(t)
	mutate := func(name string, get func() (interface{ Clear() }, error)) {
		bm, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		bm.Clear()
	}
	mutate("CommentSet(nil)", func() (interface{ Clear() }, error) { return s.CommentSet(nil) })
	mutate("CommentSet(one topic)", func() (interface{ Clear() }, error) {
		return s.CommentSet(&CommentFilter{Topics: []string{"topic/e-seal"}})
	})
	mutate("CommentSet(consultation)", func() (interface{ Clear() }, error) {
		return s.CommentSet(&CommentFilter{Consultation: "consultation/alpha"})
	})
	mutate("CommentsOf(topic)", func() (interface{ Clear() }, error) { return s.CommentsOf("topic/trust-services") })
	mutate("CommentsOf(section)", func() (interface{ Clear() }, error) { return s.CommentsOf("section/alpha/III") })
	mutate("SubmitterSet(nil)", func() (interface{ Clear() }, error) { return s.SubmitterSet(nil) })
	mutate("OrganizationSet(nil)", func() (interface{ Clear() }, error) { return s.OrganizationSet(nil) })
	if got := len(commentIDs(t, s, nil)); got != 8 {
		t.Errorf("after clearing results, Comments(nil) has %d comments, want 8", got)
	}
	if got := len(commentIDs(t, s, &CommentFilter{Topics: []string{"topic/e-seal"}})); got != 3 {
		t.Errorf("after clearing results, topic e-seal has %d comments, want 3", got)
	}
	if got := len(commentIDs(t, s, &CommentFilter{Section: "section/alpha/III"})); got != 3 {
		t.Errorf("after clearing results, section III has %d comments, want 3", got)
	}
	if subs, _ := s.Submitters(nil); len(subs) != 7 {
		t.Errorf("after clearing results, %d submitters, want 7", len(subs))
	}
}

// TestTopicMerge: the taxonomy is merged by ID; a topic defined differently in two
// datasets takes the definition of the consultation whose slug sorts first.
func TestTopicMerge(t *testing.T) {
	ds := fixture()
	ds[0].Topics = slices.Clone(ds[0].Topics) // beta's copy
	ds[0].Topics[0].Label = "クラウド(beta)"
	ds[0].Topics = append(ds[0].Topics, graph.Topic{ID: "topic/zz", Slug: "zz", Label: "ベータだけ", Broader: "topic/cloud"})
	s, err := Build(ds)
	if err != nil {
		t.Fatal(err)
	}
	if tp, ok := s.Topic("topic/cloud"); !ok || tp.Label != "クラウド" {
		t.Errorf("Topic(cloud) = %+v, want alpha's label クラウド", tp)
	}
	if got := ids(s.Topics(), func(t *graph.Topic) string { return t.Slug }); !slices.Equal(got, []string{"cloud", "e-seal", "remote-eseal", "timestamp", "trust-services", "zz"}) {
		t.Errorf("Topics() = %v", got)
	}
	if got := ids(s.TopicNarrower("topic/cloud"), func(t *graph.Topic) string { return t.Slug }); !slices.Equal(got, []string{"zz"}) {
		t.Errorf("TopicNarrower(cloud) = %v", got)
	}
}

func TestEmpty(t *testing.T) {
	for name, s := range map[string]*Snapshot{"Empty()": Empty()} {
		if cs, err := s.Comments(nil); err != nil || len(cs) != 0 {
			t.Errorf("%s: Comments(nil) = %v, %v", name, cs, err)
		}
		if bs, err := s.Count(nil, []Dimension{DimTopic}); err != nil || len(bs) != 0 {
			t.Errorf("%s: Count(TOPIC) = %v, %v", name, bs, err)
		}
		if bs, err := s.Count(nil, nil); err != nil || len(bs) != 1 || bs[0].Count != 0 {
			t.Errorf("%s: Count() = %v, %v; want one bucket of 0", name, bs, err)
		}
		if os, err := s.Organizations(&OrganizationFilter{Comments: &Quantifier{None: &CommentFilter{}}}); err != nil || len(os) != 0 {
			t.Errorf("%s: Organizations = %v, %v", name, os, err)
		}
	}
}

// TestDispositionBits: a comment's dispositions are a bit set in a uint8.
func TestDispositionBits(t *testing.T) {
	if n := len(graph.Dispositions); n > 8 {
		t.Fatalf("%d dispositions do not fit in Snapshot.cDisp's uint8", n)
	}
}

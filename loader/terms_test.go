package loader

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestCandidateTerms(t *testing.T) {
	tax := DefaultTaxonomy()
	tests := []struct {
		name     string
		texts    []string
		tax      *Taxonomy
		minCount int
		want     []Term
	}{
		{"nothing", nil, tax, 1, nil},
		{"acronyms and camel case", []string{"AWSとeKYCとTAaaSとICT", "Network Entity iPhone"}, nil, 1,
			[]Term{{"AWS", 1}, {"ICT", 1}, {"TAaaS", 1}, {"eKYC", 1}, {"iPhone", 1}}},
		{"joined ASCII words", []string{"ICT-ISAC、SDN/NFV、R&D、P.36、C&Cサーバ15"}, nil, 1,
			[]Term{{"C&C", 1}, {"ICT-ISAC", 1}, {"R&D", 1}, {"SDN/NFV", 1}, {"サーバ", 1}}},
		{"no lone capitals, words or numbers", []string{"Network 2020 5G P22 Ab a-b III IV(1)"}, nil, 1, nil},
		{"full width is NFKC-normalised", []string{"ＡＷＳ"}, nil, 1, []Term{{"AWS", 1}}},
		// ーパス: a leading ー starts no term, and パス is too short.
		{"katakana compounds", []string{"セキュリティ・バイ・デザインとマイクロサービス化、ルール、ーパス、・ボット・"}, nil, 1,
			[]Term{{"セキュリティ・バイ・デザイン", 1}, {"ボット", 1}, {"マイクロサービス", 1}, {"ルール", 1}}},
		{"covered by the taxonomy", []string{"クラウドサービスとIoTとICT-ISACとセキュリティ・バイ・デザインと支援ロボットとC&Cサーバ", "サーバとAWS"}, tax, 1,
			[]Term{{"AWS", 1}, {"サーバ", 1}}},
		{"counted once per text", []string{"AWS AWS AWS", "AWS", "BSA"}, nil, 1, []Term{{"AWS", 2}, {"BSA", 1}}},
		{"minCount", []string{"AWS BSA", "AWS"}, nil, 2, []Term{{"AWS", 2}}},
		{"ties by text", []string{"ZZZ AAA MMM"}, nil, 0, []Term{{"AAA", 1}, {"MMM", 1}, {"ZZZ", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CandidateTerms(tt.texts, tt.tax, tt.minCount)
			if !slices.Equal(got, tt.want) {
				t.Errorf("CandidateTerms(%q)\n got %v\nwant %v", tt.texts, got, tt.want)
			}
		})
	}
}

// TestCandidateTermsRealFile lists the terms of the bundled table's comments that the
// default taxonomy does not cover (testdata/topics_terms.golden, refreshed with -update),
// and checks that what it covers stays out.
func TestCandidateTermsRealFile(t *testing.T) {
	tax := DefaultTaxonomy()
	var texts []string
	for _, c := range topicsRealComments(t) {
		texts = append(texts, c.text)
	}
	terms := CandidateTerms(texts, tax, 2)
	if !slices.IsSortedFunc(terms, func(a, b Term) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text)) }) {
		t.Errorf("terms are not sorted by count, then text")
	}
	byText := map[string]int{}
	for _, tm := range terms {
		byText[tm.Text] = tm.Count
		if tm.Count < 2 {
			t.Errorf("term %v occurs in fewer than minCount=2 texts", tm)
		}
		if got := tax.Match(tm.Text); len(got) > 0 {
			t.Errorf("term %q is covered by the taxonomy (%v) but was listed", tm.Text, got)
		}
	}
	for _, want := range []string{"セキュリティ", "サイバーセキュリティ", "AWS", "BSA"} {
		if byText[want] == 0 {
			t.Errorf("%q is missing from the candidate terms", want)
		}
	}
	for _, covered := range []string{"IoT", "クラウド", "クラウドサービス", "NICTER", "ISMAP", "テレワーク", "ICT-ISAC", "ISAC", "トラストサービス", "ポット化", "ロボット", "サプライチェーン", "NICT", "COVID-19", "DFFT"} {
		if n, ok := byText[covered]; ok {
			t.Errorf("%q (covered by the taxonomy) is a candidate term with count %d", covered, n)
		}
	}
	var b strings.Builder
	b.WriteString("# Candidate terms (CandidateTerms, minCount 2) in the comment texts of\n")
	b.WriteString("# data/mic-iot5g-security-2020/results.tsv that the default taxonomy does not cover.\n")
	b.WriteString("# term\tcomments\n")
	for _, tm := range terms {
		fmt.Fprintf(&b, "%s\t%d\n", tm.Text, tm.Count)
	}
	topicsGolden(t, "topics_terms.golden", b.String())
}

func BenchmarkCandidateTerms(b *testing.B) {
	var texts []string
	for _, c := range topicsRealComments(b) {
		texts = append(texts, c.text, c.response)
	}
	tax := DefaultTaxonomy()
	b.ReportAllocs()
	for b.Loop() {
		CandidateTerms(texts, tax, 2)
	}
}

package loader

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/orgname"
)

func TestParseSubmitter(t *testing.T) {
	const slug = "s"
	org := func(label, name string) (graph.Submitter, *graph.Organization) {
		o := &graph.Organization{ID: "organization/" + orgname.Key(name), Name: name}
		return graph.Submitter{ID: "submitter/s/" + label, Consultation: "consultation/s", Label: label, Name: name, Kind: graph.KindOrganization, Organization: o.ID}, o
	}
	person := func(label string, kind graph.SubmitterKind) graph.Submitter {
		return graph.Submitter{ID: "submitter/s/" + label, Consultation: "consultation/s", Label: label, Kind: kind}
	}
	tests := []struct {
		name    string
		cell    string
		want    graph.Submitter
		wantOrg *graph.Organization
		wantErr string
	}{
		{name: "organization", cell: "法人F(セキュアIoTプラットフォーム協議会)"},
		{name: "organization with a space in its name", cell: "法人I(BSA ザ・ソフトウェア・アライアンス)"},
		{name: "full-width parentheses and letter", cell: "法人Ｆ（セキュアIoTプラットフォーム協議会）"},
		{name: "spaces collapsed in the name", cell: " 法人I( BSA　　ザ・ソフトウェア・アライアンス ) "},
		{name: "full-width latin in the name", cell: "法人G(Ｆ５ネットワークスジャパン合同会社)"},
		{name: "nested parentheses in the name", cell: "法人X(株式会社Y(日本))"},
		{name: "organization without a letter", cell: "法人(アドイン)"},
		{name: "団体", cell: "団体B(テレコムサービス協会)"},
		{name: "organization label without a name", cell: "法人F"},
		{name: "individual", cell: "個人F"},
		{name: "individual, full-width letter", cell: "個人Ａ"},
		{name: "individual without a letter", cell: "個人"},
		{name: "group", cell: "個人(多数)"},
		{name: "group, full-width parentheses", cell: "個人（多数）"},
		{name: "bare organization name", cell: "株式会社ラック", wantErr: "is not one of 法人X(name)"},
		{name: "empty", cell: "", wantErr: "is not one of"},
		{name: "empty organization name", cell: "法人A()", wantErr: "empty organization name"},
		{name: "unbalanced", cell: "法人A(ラック", wantErr: "is not one of"},
	}
	want := map[string]struct {
		s graph.Submitter
		o *graph.Organization
	}{}
	add := func(cell string, s graph.Submitter, o *graph.Organization) {
		s.Raw = cell
		want[cell] = struct {
			s graph.Submitter
			o *graph.Organization
		}{s, o}
	}
	s, o := org("法人F", "セキュアIoTプラットフォーム協議会")
	add("法人F(セキュアIoTプラットフォーム協議会)", s, o)
	add("法人Ｆ（セキュアIoTプラットフォーム協議会）", s, o)
	s, o = org("法人I", "BSA ザ・ソフトウェア・アライアンス")
	add("法人I(BSA ザ・ソフトウェア・アライアンス)", s, o)
	add(" 法人I( BSA　　ザ・ソフトウェア・アライアンス ) ", s, o)
	s, o = org("法人G", "F5ネットワークスジャパン合同会社")
	add("法人G(Ｆ５ネットワークスジャパン合同会社)", s, o)
	s, o = org("法人X", "株式会社Y(日本)")
	add("法人X(株式会社Y(日本))", s, o)
	s, o = org("法人(アドイン)", "アドイン")
	add("法人(アドイン)", s, o)
	s, o = org("団体B", "テレコムサービス協会")
	add("団体B(テレコムサービス協会)", s, o)
	add("法人F", person("法人F", graph.KindOrganization), nil)
	add("個人F", person("個人F", graph.KindIndividual), nil)
	add("個人Ａ", person("個人A", graph.KindIndividual), nil)
	add("個人", person("個人", graph.KindIndividual), nil)
	add("個人(多数)", person("個人(多数)", graph.KindGroup), nil)
	add("個人（多数）", person("個人(多数)", graph.KindGroup), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, gotOrg, err := ParseSubmitter(slug, tt.cell)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || graph.ErrorCode(err) != graph.EINVALID {
					t.Fatalf("ParseSubmitter(%q) error = %v, want an invalid error containing %q", tt.cell, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSubmitter(%q): unexpected error %v", tt.cell, err)
			}
			w, ok := want[tt.cell]
			if !ok {
				t.Fatalf("test has no expectation for %q", tt.cell)
			}
			if !reflect.DeepEqual(got, w.s) {
				t.Errorf("ParseSubmitter(%q) =\n%+v, want\n%+v", tt.cell, got, w.s)
			}
			if !reflect.DeepEqual(gotOrg, w.o) {
				t.Errorf("ParseSubmitter(%q) organization = %+v, want %+v", tt.cell, gotOrg, w.o)
			}
		})
	}
}

// TestParseSubmitterRealFile: every submitter of the real file parses, and the counts
// of kinds are those of the table (17 organizations, 5 individuals, 1 group).
func TestParseSubmitterRealFile(t *testing.T) {
	rows, _, err := readRows("results.tsv", realTable(t))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[graph.SubmitterKind]map[string]bool{}
	for _, r := range rows {
		s, _, err := ParseSubmitter("mic", r.Submitter)
		if err != nil {
			t.Errorf("項番 %d: %v", r.Number, err)
			continue
		}
		if kinds[s.Kind] == nil {
			kinds[s.Kind] = map[string]bool{}
		}
		kinds[s.Kind][s.ID] = true
	}
	for kind, n := range map[graph.SubmitterKind]int{graph.KindOrganization: 17, graph.KindIndividual: 5, graph.KindGroup: 1} {
		if len(kinds[kind]) != n {
			t.Errorf("%s submitters: got %d, want %d", kind, len(kinds[kind]), n)
		}
	}
}

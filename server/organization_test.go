package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

// respelledTable writes the bundled table as a second consultation (slug
// mic-iot5g-security-2020-b) in which the organization of the label `label` writes its
// name differently: its first half of rows as spelling2 under that label, the rest as
// spelling3 under label 法人Z. It also renames the body labelled `renamed` to `to`.
func respelledTable(t *testing.T, label, spelling2, spelling3, renamed, to string) string {
	t.Helper()
	raw, manifest := bundledFiles(t)
	lines := strings.Split(string(raw), "\n")
	var rows []int
	for i, line := range lines {
		if cells := strings.Split(line, "\t"); len(cells) == 5 && strings.HasPrefix(cells[1], label+"(") {
			rows = append(rows, i)
		}
	}
	if len(rows) < 2 {
		t.Fatalf("%s has %d rows in the bundled table, want 2 or more", label, len(rows))
	}
	for k, i := range rows {
		cells := strings.Split(lines[i], "\t")
		if k < len(rows)/2 {
			cells[1] = label + "(" + spelling2 + ")"
		} else {
			cells[1] = "法人Z(" + spelling3 + ")"
		}
		lines[i] = strings.Join(cells, "\t")
	}
	for i, line := range lines {
		if cells := strings.Split(line, "\t"); len(cells) == 5 && strings.HasPrefix(cells[1], renamed+"(") {
			cells[1] = renamed + "(" + to + ")"
			lines[i] = strings.Join(cells, "\t")
		}
	}
	dir := t.TempDir()
	m := strings.Replace(string(manifest), "slug: mic-iot5g-security-2020", "slug: mic-iot5g-security-2020-b", 1)
	if m == string(manifest) {
		t.Fatal("the bundled manifest has no slug line to change")
	}
	for name, b := range map[string]string{"results.tsv": strings.Join(lines, "\n"), "manifest.yaml": m} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type orgJSON struct {
	ID, Name  string
	Aliases   []string
	Spellings []struct {
		Name      string
		Submitter struct {
			Label        string
			Consultation struct{ ID string }
		}
	}
	Consultations      []struct{ ID string }
	DispositionProfile []struct {
		Keys     []struct{ Value string }
		Count    int
		Fraction float64
	}
	Comments struct{ TotalCount int }
}

const orgQuery = `query($name: String) { organizations(filter: {name: $name}) { nodes {
  id name aliases spellings { name submitter { label consultation { id } } }
  consultations { id } dispositionProfile { keys { value } count fraction } comments { totalCount } } } }`

// TestOrganizationAcrossConsultations: one organization of the bundled table spelled
// three ways in two consultations — as published, with its legal form abbreviated, and
// full-width with spaces and its English name — is one organization: all three
// spellings as aliases, both consultations, all its comments, and how they were
// answered counted as the loader's datasets say. A renaming that no rule can see
// (インテル → Intel Corporation) is joined by a curated alias file only.
func TestOrganizationAcrossConsultations(t *testing.T) {
	const (
		original = "F5ネットワークスジャパン合同会社"
		abbrev   = "F5ネットワークスジャパン(同)"
		english  = "Ｆ５ ネットワークス ジャパン合同会社（F5 Networks Japan G.K.）"
	)
	b := respelledTable(t, "法人G", abbrev, english, "法人C", "Intel Corporation")
	res, err := loader.Load(b, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds := []*graph.Dataset{dataset(t), res.Datasets[0]}

	// The reference: the comments of every submitter whose cell names the body.
	wantComments, wantDisp := 0, map[string]int{}
	for _, d := range ds {
		subs := map[string]bool{}
		for _, s := range d.Submitters {
			if strings.Contains(s.Raw, "ネットワークス") && strings.Contains(strings.ReplaceAll(s.Raw, " ", ""), "ジャパン") {
				subs[s.ID] = true
			}
		}
		for _, c := range d.Comments {
			if subs[c.Submitter] {
				wantComments++
				for _, a := range c.Response.Dispositions {
					wantDisp[string(a.Disposition)]++
				}
			}
		}
	}

	ts := serveDirs(t, loader.Options{}, server.DefaultLimits, bundled, b)
	var data struct{ Organizations struct{ Nodes []orgJSON } }
	query(t, ts, orgQuery, map[string]any{"name": "F5"}, &data)
	if len(data.Organizations.Nodes) != 1 {
		t.Fatalf("%d organizations named F5, want 1: %+v", len(data.Organizations.Nodes), data.Organizations.Nodes)
	}
	o := data.Organizations.Nodes[0]
	wantAliases := []string{loader.OrganizationName(original), loader.OrganizationName(abbrev), loader.OrganizationName(english)}
	slices.Sort(wantAliases)
	if !slices.Equal(o.Aliases, wantAliases) {
		t.Errorf("aliases %q, want %q", o.Aliases, wantAliases)
	}
	if len(o.Spellings) != 3 {
		t.Errorf("spellings %+v, want 3 (法人G in each consultation, 法人Z in the second)", o.Spellings)
	}
	if len(o.Consultations) != 2 || o.Consultations[0].ID != "consultation/mic-iot5g-security-2020" || o.Consultations[1].ID != "consultation/mic-iot5g-security-2020-b" {
		t.Errorf("consultations %+v, want both", o.Consultations)
	}
	if o.Comments.TotalCount != wantComments || wantComments < 4 {
		t.Errorf("%d comments, want %d", o.Comments.TotalCount, wantComments)
	}
	got := map[string]int{}
	for _, bk := range o.DispositionProfile {
		got[bk.Keys[0].Value] = bk.Count
		if want := float64(bk.Count) / float64(wantComments); bk.Fraction < want-1e-9 || bk.Fraction > want+1e-9 {
			t.Errorf("%s: fraction %v, want %v", bk.Keys[0].Value, bk.Fraction, want)
		}
	}
	if len(got) != len(wantDisp) {
		t.Errorf("disposition profile %v, want %v", got, wantDisp)
	}
	for d, n := range wantDisp {
		if got[d] != n {
			t.Errorf("disposition profile %s: %d, want %d", d, got[d], n)
		}
	}

	// インテル and Intel Corporation are two organizations by the rules, one with an
	// alias file.
	query(t, ts, orgQuery, map[string]any{"name": "intel"}, &data)
	if n := len(data.Organizations.Nodes); n != 1 || len(data.Organizations.Nodes[0].Consultations) != 1 {
		t.Fatalf("without aliases: %+v, want Intel Corporation alone, in one consultation", data.Organizations.Nodes)
	}
	aliases, err := loader.ReadOrgAliases("aliases.yaml", []byte("extends: default\norganizations:\n  - name: インテル株式会社\n    aliases: [インテル, Intel Corporation]\n"))
	if err != nil {
		t.Fatal(err)
	}
	ts = serveDirs(t, loader.Options{OrgAliases: aliases}, server.DefaultLimits, bundled, b)
	query(t, ts, orgQuery, map[string]any{"name": "インテル"}, &data)
	if len(data.Organizations.Nodes) != 1 {
		t.Fatalf("with aliases: %d organizations named インテル, want 1", len(data.Organizations.Nodes))
	}
	o = data.Organizations.Nodes[0]
	if o.Name != "インテル株式会社" || len(o.Consultations) != 2 || !slices.Contains(o.Aliases, "Intel Corporation") || !slices.Contains(o.Aliases, "インテル") {
		t.Errorf("with aliases: %+v, want インテル株式会社 in both consultations, spelled インテル and Intel Corporation", o)
	}
	if _, err := loader.ReadOrgAliases("bad.yaml", []byte("organizations:\n  - name: A社\n    aliases: [X]\n  - name: B社\n    aliases: [X]\n")); err == nil {
		t.Error("a spelling listed under two organizations was accepted")
	}
}

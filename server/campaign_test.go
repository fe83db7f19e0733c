package server_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/internal/formletter"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

// campaignTable writes the bundled table with a planted form letter: 30 edited copies of
// one of its comments (the first plain-text comment of 200 to 800 characters), each
// sent by a new individual (個人C1 … 個人C30) as rows 1001 … 1030. It returns the folder
// and the 項番 of the template and of the copies.
func campaignTable(t *testing.T) (dir string, template int, copies []int) {
	t.Helper()
	raw, manifest := bundledFiles(t)
	var tmpl []string
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(line, "\t")
		if len(cells) != 5 {
			continue
		}
		n, err := strconv.Atoi(cells[0])
		if l := utf8.RuneCountInString(cells[3]); err == nil && l >= 200 && l <= 800 && formletter.Plain(cells[3]) {
			template, tmpl = n, cells
			break
		}
	}
	if tmpl == nil {
		t.Fatal("the bundled table has no plain comment of 200 to 800 characters")
	}
	var b strings.Builder
	b.WriteString(strings.TrimRight(string(raw), "\n") + "\n")
	r := rand.New(rand.NewPCG(15, 30))
	for i := range 30 {
		n := 1001 + i
		copies = append(copies, n)
		fmt.Fprintf(&b, "%d\t個人C%d\t%s\t%s\t%s\n", n, i+1, tmpl[2], formletter.Edit(r, tmpl[3], 3), tmpl[4])
	}
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "results.tsv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, template, copies
}

// bundledFiles reads the bundled table and its manifest, for tests that write variants.
func bundledFiles(t *testing.T) (table, manifest []byte) {
	t.Helper()
	table, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	manifest, err = os.ReadFile(filepath.Join(bundled, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return table, manifest
}

// serveDirs loads dataset folders into a memory store with opts and serves them.
func serveDirs(t *testing.T, opts loader.Options, limits server.Limits, dirs ...string) *httptest.Server {
	t.Helper()
	var datasets []*graph.Dataset
	for _, dir := range dirs {
		res, err := loader.Load(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		datasets = append(datasets, res.Datasets...)
	}
	return serveDatasets(t, limits, datasets...)
}

type campaignJSON struct {
	ID         string
	Size       int
	Similarity float64
	Exemplar   struct{ Number int }
	Comments   struct {
		TotalCount int
		Nodes      []struct {
			Number    int
			Submitter struct{ Label string }
		}
	}
}

// TestPlantedCampaign: 30 edited copies of a real comment by 30 individuals are one
// campaign with the comment they copy (31 comments, the original its exemplar), found
// through campaigns, Comment.campaign, the campaign and inCampaign filters and the
// CAMPAIGN dimension of commentStats; no comment of the table is drawn into it.
func TestPlantedCampaign(t *testing.T) {
	dir, template, copies := campaignTable(t)
	ts := serveDirs(t, loader.Options{}, server.DefaultLimits, dir)
	var data struct {
		Campaigns struct {
			TotalCount int
			Nodes      []campaignJSON
		}
		All struct{ TotalCount int }
	}
	query(t, ts, `{ campaigns(first: 50) { totalCount nodes { id size similarity exemplar { number }
	  comments(first: 50) { totalCount nodes { number submitter { label } } } } }
	  all: comments { totalCount } }`, nil, &data)
	var planted *campaignJSON
	for i, c := range data.Campaigns.Nodes {
		if c.Exemplar.Number == template {
			planted = &data.Campaigns.Nodes[i]
		}
	}
	if planted == nil {
		t.Fatalf("no campaign has comment %d as exemplar: %+v", template, data.Campaigns.Nodes)
	}
	var got []int
	for _, n := range planted.Comments.Nodes {
		got = append(got, n.Number)
	}
	want := append([]int{template}, copies...)
	if !slices.Equal(got, want) || planted.Size != 31 || planted.Comments.TotalCount != 31 {
		t.Errorf("campaign %s: size %d, comments %v, want 31: %v", planted.ID, planted.Size, got, want)
	}
	if wantID := "campaign/mic-iot5g-security-2020/" + strconv.Itoa(template); planted.ID != wantID {
		t.Errorf("id %q, want %q", planted.ID, wantID)
	}
	if planted.Similarity < 0.6 || planted.Similarity >= 1 {
		t.Errorf("similarity %v, want edited copies: at least the threshold 0.6, below 1", planted.Similarity)
	}
	if data.Campaigns.Nodes[0].ID != planted.ID {
		t.Errorf("the largest campaign is %s, want the planted one first", data.Campaigns.Nodes[0].ID)
	}

	// The campaign from a copy, the filters and the dimension agree.
	var more struct {
		Node struct {
			Campaign *struct {
				ID   string
				Size int
			}
		}
		Original  struct{ Campaign *struct{ ID string } }
		Of        struct{ TotalCount int }
		In, NotIn struct{ TotalCount int }
		Big       struct{ TotalCount int }
		Stats     []struct {
			Keys  []struct{ Value string }
			Count int
		}
	}
	query(t, ts, `query($copy: ID!, $orig: ID!, $c: ID!) {
	  node(id: $copy) { ... on Comment { campaign { id size } } }
	  original: node(id: $orig) { ... on Comment { campaign { id } } }
	  of: comments(filter: {campaign: $c}) { totalCount }
	  in: comments(filter: {inCampaign: true}) { totalCount }
	  notIn: comments(filter: {inCampaign: false}) { totalCount }
	  big: campaigns(minSize: 31) { totalCount }
	  stats: commentStats(groupBy: [CAMPAIGN]) { keys { value } count } }`, map[string]any{
		"copy": "comment/mic-iot5g-security-2020/1017", "orig": "comment/mic-iot5g-security-2020/" + strconv.Itoa(template), "c": planted.ID,
	}, &more)
	if more.Node.Campaign == nil || more.Node.Campaign.ID != planted.ID || more.Node.Campaign.Size != 31 {
		t.Errorf("comment 1017's campaign: %+v, want %s", more.Node.Campaign, planted.ID)
	}
	if more.Original.Campaign == nil || more.Original.Campaign.ID != planted.ID {
		t.Errorf("the template's campaign: %+v, want %s", more.Original.Campaign, planted.ID)
	}
	if more.Of.TotalCount != 31 {
		t.Errorf("campaign filter: %d comments, want 31", more.Of.TotalCount)
	}
	inAll := 0
	for _, c := range data.Campaigns.Nodes {
		inAll += c.Size
	}
	if more.In.TotalCount != inAll || more.NotIn.TotalCount != data.All.TotalCount-inAll {
		t.Errorf("inCampaign: %d in, %d not, want %d of %d", more.In.TotalCount, more.NotIn.TotalCount, inAll, data.All.TotalCount)
	}
	if more.Big.TotalCount != 1 {
		t.Errorf("campaigns(minSize: 31): %d, want the planted one only", more.Big.TotalCount)
	}
	for _, b := range more.Stats {
		if b.Keys[0].Value == planted.ID && b.Count != 31 {
			t.Errorf("CAMPAIGN bucket of %s: %d, want 31", planted.ID, b.Count)
		}
		if b.Keys[0].Value == "" && b.Count != data.All.TotalCount-inAll {
			t.Errorf("no-campaign bucket: %d, want %d", b.Count, data.All.TotalCount-inAll)
		}
	}
	if r := post(t, ts, `{ comments(filter: {campaign: "campaign/x/1"}) { totalCount } }`, nil); len(r.Errors) == 0 {
		t.Error("an unknown campaign was accepted")
	}

	// /metrics counts the campaigns once detected (they have been, to answer above).
	res, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if want := fmt.Sprintf("pcgraph_campaigns %d\n", data.Campaigns.TotalCount); !strings.Contains(string(body), want) {
		t.Errorf("/metrics lacks %q", want)
	}
}

// TestBundledCampaigns: in the bundled table as published, every campaign's comments
// are by at least two submitters, its size is its comments' count and its similarity a
// share. (The table as published has none, as the test logs.)
func TestBundledCampaigns(t *testing.T) {
	ts := newServer(t, server.DefaultLimits)
	var data struct {
		Campaigns struct{ Nodes []campaignJSON }
	}
	query(t, ts, `{ campaigns(first: 50) { nodes { id size similarity exemplar { number }
	  comments(first: 50) { totalCount nodes { number submitter { label } } } } } }`, nil, &data)
	for _, c := range data.Campaigns.Nodes {
		subs := map[string]bool{}
		for _, n := range c.Comments.Nodes {
			subs[n.Submitter.Label] = true
		}
		if len(subs) < 2 || c.Size != c.Comments.TotalCount || c.Similarity <= 0 || c.Similarity > 1 {
			t.Errorf("campaign %s: %d comments by %d submitters, similarity %v", c.ID, c.Size, len(subs), c.Similarity)
		}
	}
	t.Logf("%d campaigns in the bundled table", len(data.Campaigns.Nodes))
}

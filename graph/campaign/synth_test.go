package campaign_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/pcgraph/pcgraph/graph/campaign"
	"github.com/pcgraph/pcgraph/internal/formletter"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/synth"
)

// corpus is a synthetic corpus, read by the loader, with planted campaigns: per
// consultation its documents (the table's comments, then the copies) and, per document,
// the planted campaign it belongs to (-1: none; a template and its copies share one).
type corpus struct {
	docs    [][]campaign.Doc
	planted [][]int
	sizes   []int // of each planted campaign, template included
}

var fold = cases.Fold()

// plantedCorpus generates comments synthetic comments in consultations and plants one
// campaign per every comments: a plain comment of at least 80 characters as the template
// and log-normal many edited copies (median 6, σ 0.8: most campaigns are small, a few
// have dozens), each by a new individual.
func plantedCorpus(t testing.TB, comments, consultations, every int) *corpus {
	t.Helper()
	out := filepath.Join(t.TempDir(), "corpus")
	if _, err := synth.Generate(synth.Options{Comments: comments, Consultations: consultations, Seed: 15, Out: out}); err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(out, "synth-*"))
	if err != nil || len(dirs) != consultations {
		t.Fatalf("synth wrote %d folders (%v)", len(dirs), err)
	}
	r := rand.New(rand.NewPCG(15, 100))
	c := &corpus{}
	for _, dir := range dirs {
		res, err := loader.Load(dir, loader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := res.Datasets[0]
		var docs []campaign.Doc
		var planted []int
		var templates []int
		for i, cm := range d.Comments {
			docs = append(docs, campaign.Doc{Text: fold.String(norm.NFKC.String(cm.Text)), Submitter: cm.Submitter})
			planted = append(planted, -1)
			if utf8.RuneCountInString(cm.Text) >= 80 && formletter.Plain(cm.Text) {
				templates = append(templates, i)
			}
		}
		want := len(d.Comments) / every
		for _, size := range formletter.Sizes(r, min(want, len(templates)), 6, 0.8) {
			k := r.IntN(len(templates))
			tmpl := templates[k]
			templates = append(templates[:k], templates[k+1:]...)
			id := len(c.sizes)
			c.sizes = append(c.sizes, size)
			planted[tmpl] = id
			for j := range size - 1 {
				text := formletter.Edit(r, d.Comments[tmpl].Text, 3)
				docs = append(docs, campaign.Doc{Text: fold.String(norm.NFKC.String(text)),
					Submitter: "submitter/planted/" + strconv.Itoa(id) + "-" + strconv.Itoa(j)})
				planted = append(planted, id)
			}
		}
		c.docs = append(c.docs, docs)
		c.planted = append(c.planted, planted)
	}
	return c
}

// TestSyntheticRecallPrecision plants campaigns in a synthetic corpus of 3,000 comments
// and scores detection against brute force. The synthetic text recombines real
// comments, so some unplanted comments are near-duplicates too: the truth is every pair
// of comments by different submitters whose similarity reaches the threshold, compared
// pair by pair without MinHash, and the groups they chain into; the planted copies are
// among them. Scored by pairs of comments put in one group, recall (true pairs found)
// and precision (found pairs true) must be at least 0.95, and every planted campaign
// must be found whole.
func TestSyntheticRecallPrecision(t *testing.T) {
	c := plantedCorpus(t, 3000, 4, 50)
	opt := campaign.Options{}
	var truePairs, detectedPairs, bothPairs, plantedPairs, plantedFound int
	for i, docs := range c.docs {
		truth := bruteForce(docs, opt)
		for _, g := range campaign.Detect(docs, opt) {
			n := len(g.Members)
			detectedPairs += n * (n - 1) / 2
			byTruth, byPlant := map[int]int{}, map[int]int{}
			for _, m := range g.Members {
				byTruth[truth[m]]++
				byPlant[c.planted[i][m]]++
			}
			for _, k := range byTruth {
				bothPairs += k * (k - 1) / 2
			}
			for p, k := range byPlant {
				if p >= 0 {
					plantedFound += k * (k - 1) / 2
				}
			}
		}
		sizes := map[int]int{}
		for _, g := range truth {
			sizes[g]++
		}
		for _, k := range sizes {
			truePairs += k * (k - 1) / 2
		}
	}
	for _, s := range c.sizes {
		plantedPairs += s * (s - 1) / 2
	}
	recall := float64(bothPairs) / float64(max(truePairs, 1))
	precision := float64(bothPairs) / float64(max(detectedPairs, 1))
	t.Logf("%d planted campaigns (sizes %v); pairs: %d true, %d detected, %d both: recall %.4f, precision %.4f; planted pairs found %d of %d",
		len(c.sizes), c.sizes, truePairs, detectedPairs, bothPairs, recall, precision, plantedFound, plantedPairs)
	if len(c.sizes) < 40 {
		t.Fatalf("only %d campaigns planted", len(c.sizes))
	}
	if recall < 0.95 || precision < 0.95 {
		t.Errorf("recall %.4f, precision %.4f: want both at least 0.95", recall, precision)
	}
	if plantedFound != plantedPairs {
		t.Errorf("planted pairs found: %d of %d", plantedFound, plantedPairs)
	}
}

// bruteForce groups docs by comparing every pair: the group of each document (its
// own position when it has no near-duplicate).
func bruteForce(docs []campaign.Doc, opt campaign.Options) []int {
	th := opt.Threshold
	if th == 0 {
		th = campaign.DefaultThreshold
	}
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = campaign.Shingles(d.Text, opt)
	}
	group := make([]int, len(docs))
	for i := range group {
		group[i] = i
	}
	root := func(x int) int {
		for group[x] != x {
			x = group[x]
		}
		return x
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			if sets[i] == nil || sets[j] == nil || docs[i].Submitter != "" && docs[i].Submitter == docs[j].Submitter {
				continue
			}
			if campaign.Jaccard(sets[i], sets[j]) >= th {
				a, b := root(i), root(j)
				group[max(a, b)] = min(a, b)
			}
		}
	}
	for i := range group {
		group[i] = root(i)
	}
	return group
}

// BenchmarkDetect100k detects campaigns among 100,000 synthetic comments (20
// consultations, about 1,000 planted campaigns), one consultation after another, on one
// core: Build runs consultations in parallel.
func BenchmarkDetect100k(b *testing.B) {
	if os.Getenv("PCGRAPH_BENCH_SMALL") != "" {
		b.Skip("PCGRAPH_BENCH_SMALL set")
	}
	c := plantedCorpus(b, 100_000, 20, 100)
	n := 0
	for _, d := range c.docs {
		n += len(d)
	}
	groups := 0
	b.ResetTimer()
	for b.Loop() {
		groups = 0
		for _, docs := range c.docs {
			groups += len(campaign.Detect(docs, campaign.Options{}))
		}
	}
	b.ReportMetric(float64(n), "comments")
	b.ReportMetric(float64(groups), "campaigns")
}

// TestDetectEdges: too short texts, and copies by one submitter, make no campaign; an
// exact copy by another does.
func TestDetectEdges(t *testing.T) {
	long := strings.Repeat("電子署名の信頼性を確保するため認証局の要件を明確にすべきです", 2)
	docs := []campaign.Doc{
		{Text: "賛成です", Submitter: "a"}, {Text: "賛成です", Submitter: "b"},
		{Text: long, Submitter: "a"}, {Text: long + "。", Submitter: "a"},
	}
	if g := campaign.Detect(docs, campaign.Options{}); len(g) != 0 {
		t.Errorf("groups %v, want none", g)
	}
	docs = append(docs, campaign.Doc{Text: long, Submitter: "c"})
	g := campaign.Detect(docs, campaign.Options{})
	if len(g) != 1 || len(g[0].Members) != 3 || g[0].Members[0] != 2 || g[0].Similarity != 1 {
		t.Errorf("groups %+v, want comments 2, 3, 4 with similarity 1", g)
	}
}

// TestThreshold: copies of a short text (90 characters) with one edit each are a
// campaign at the default threshold and not when the threshold asks for near-identity.
// (Two copies with four edits each of so short a text share only about half their
// shingles: below 0.6.)
func TestThreshold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tmpl := "電子署名について、悪意のある第三者の電子署名は排除していくべきだと考えます。そのため正当な認証局による信頼性の高い電子署名に変更いただき、その認識を明確にすることを提案いたします。"
	var docs []campaign.Doc
	for i := range 10 {
		docs = append(docs, campaign.Doc{Text: formletter.Edit(r, tmpl, 1), Submitter: strconv.Itoa(i)})
	}
	if g := campaign.Detect(docs, campaign.Options{}); len(g) != 1 || len(g[0].Members) != 10 {
		t.Errorf("default threshold: %+v, want one campaign of 10", g)
	}
	if g := campaign.Detect(docs, campaign.Options{Threshold: 0.99}); len(g) != 0 {
		t.Errorf("threshold 0.99: %+v, want none", g)
	}
}

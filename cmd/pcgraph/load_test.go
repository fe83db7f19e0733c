package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
	"github.com/pcgraph/pcgraph/loader"
)

func openSpec(t *testing.T, spec string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), spec)
	if err != nil {
		t.Fatalf("open %s: %v", spec, err)
	}
	return s
}

// readBack reads every consultation of the store at spec.
func readBack(t *testing.T, spec string) []*graph.Dataset {
	t.Helper()
	s := openSpec(t, spec)
	defer s.Close()
	ds, err := s.ReadAll(context.Background())
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	return ds
}

// TestLoadBundled loads the bundled data through the CLI on every backend and checks
// that the store gives back exactly what the loader built: 107 comments, none lost or
// duplicated, and the stats that the golden file records.
func TestLoadBundled(t *testing.T) {
	want, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatalf("loader.Load: %v", err)
	}
	if len(want.Problems) != 0 {
		t.Errorf("the bundled file has problems: %v", want.Problems)
	}
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			var got []*graph.Dataset
			spec := specFor(t, backend)
			if backend == "memory" {
				// A memory store lives as long as its process: load it in process.
				s := openSpec(t, spec)
				defer s.Close()
				if _, err := s.Write(context.Background(), want.Datasets[0], false); err != nil {
					t.Fatal(err)
				}
				got, err = s.ReadAll(context.Background())
				if err != nil {
					t.Fatal(err)
				}
			} else {
				mustRun(t, "load", "--store", spec, bundled)
				got = readBack(t, spec)
			}
			if len(got) != 1 {
				t.Fatalf("store holds %d consultations, want 1", len(got))
			}
			if !reflect.DeepEqual(got[0], want.Datasets[0]) {
				t.Errorf("the dataset read back from the %s store differs from the one loaded", backend)
			}
			numbers := map[int]bool{}
			for _, c := range got[0].Comments {
				if numbers[c.Number] {
					t.Errorf("comment %d is stored twice", c.Number)
				}
				numbers[c.Number] = true
			}
			for n := 1; n <= 107; n++ {
				if !numbers[n] {
					t.Errorf("comment %d is missing", n)
				}
			}
			if len(numbers) != 107 {
				t.Errorf("%d comments stored, want 107", len(numbers))
			}
			if backend != "memory" {
				golden(t, "stats.golden", mustRun(t, "stats", "--store", spec))
			}
		})
	}
}

// rawRows splits the bundled file the simplest way there is (it has no quoted cells):
// one row per line with five tab-separated cells, headers and blank lines dropped. The
// counts below are computed from these rows, independently of the loader.
func rawRows(t *testing.T) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "\t")
		if len(cells) != 5 || cells[0] == "項番" {
			continue
		}
		rows = append(rows, cells)
	}
	return rows
}

func TestBundledCountsMatchTheFile(t *testing.T) {
	res, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := summarize([]*graph.Dataset{res.Datasets[0]})
	if err != nil {
		t.Fatal(err)
	}
	rows := rawRows(t)
	if len(rows) != 107 || st.Nodes["comment"] != 107 {
		t.Fatalf("file has %d rows, graph has %d comments; want 107 both", len(rows), st.Nodes["comment"])
	}
	slug := res.Datasets[0].Consultation.Slug
	romans := strings.NewReplacer("Ⅰ", "I", "Ⅱ", "II", "Ⅲ", "III", "Ⅳ", "IV", "Ⅴ", "V")
	sectionCell := regexp.MustCompile(`^([IV]+)\((\d+)\)`)
	wantSubmitters, wantSections := map[string]int{}, map[string]int{}
	wantKinds := map[string]int{}
	agreement, future := 0, 0
	for _, r := range rows {
		label, kind := r[1], "INDIVIDUAL"
		if i := strings.Index(label, "("); i > 0 && strings.HasPrefix(label, "法人") {
			label, kind = label[:i], "ORGANIZATION"
		} else if label == "個人(多数)" {
			kind = "GROUP"
		}
		wantSubmitters[graph.SubmitterID(slug, label)]++
		wantKinds[kind]++
		switch sec := romans.Replace(r[2]); {
		case sec == "—":
			wantSections[""]++
		case sec == "その他":
			wantSections[graph.SectionID(slug, "OTHER")]++
		default:
			m := sectionCell.FindStringSubmatch(sec)
			if m == nil {
				t.Fatalf("test cannot read section cell %q", r[2])
			}
			wantSections[graph.SectionID(slug, m[1]+"-"+m[2])]++
		}
		if strings.Contains(r[4], "賛同の御意見として承") {
			agreement++
		}
		if regexp.MustCompile(`今後の取組み?の参考`).MatchString(r[4]) {
			future++
		}
	}
	for name, c := range map[string]struct{ got, want map[string]int }{
		"submitters":      {st.Submitters, wantSubmitters},
		"sections":        {st.Sections, wantSections},
		"submitter kinds": {st.SubmitterKind, wantKinds},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("comments per %s:\n got %v\nwant %v", name, c.got, c.want)
		}
	}
	if st.Nodes["submitter"] != len(wantSubmitters) {
		t.Errorf("%d submitters, want %d", st.Nodes["submitter"], len(wantSubmitters))
	}
	if st.Dispositions["AGREEMENT"] != agreement || st.Dispositions["FUTURE_WORK"] != future {
		t.Errorf("AGREEMENT %d, FUTURE_WORK %d; the file's responses have %d and %d",
			st.Dispositions["AGREEMENT"], st.Dispositions["FUTURE_WORK"], agreement, future)
	}
}

// TestBundledQuirks checks, on the real file, the quirks of the bundled table that
// docs/ARCHITECTURE.md lists ("Real tables").
func TestBundledQuirks(t *testing.T) {
	res, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Datasets[0]
	slug := d.Consultation.Slug
	byNumber := map[int]graph.Comment{}
	for _, c := range d.Comments {
		byNumber[c.Number] = c
	}
	rows := rawRows(t)

	t.Run("Ⅳ(1) and IV(1) are one section", func(t *testing.T) {
		iv1 := graph.SectionID(slug, "IV-1")
		seen := map[string]bool{}
		for _, r := range rows {
			if strings.HasSuffix(r[2], "(1)研究開発の推進") {
				seen[r[2][:strings.Index(r[2], "(")]] = true
				n := atoi(t, r[0])
				if got := byNumber[n].Section; got != iv1 {
					t.Errorf("comment %d (%s) is about %q, want %q", n, r[2], got, iv1)
				}
			}
		}
		if !seen["Ⅳ"] || !seen["IV"] {
			t.Errorf("the file should spell the section both ways; saw %v", seen)
		}
		count := 0
		for _, s := range d.Sections {
			if s.Code == "IV-1" {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d sections with code IV-1, want 1", count)
		}
	})

	// mentionsWith reports whether comment c mentions topic in its text with a surface
	// containing surface.
	mentionsWith := func(c graph.Comment, topic, surface string) bool {
		for _, m := range c.Mentions {
			if m.Topic == topic && m.Via == graph.ViaComment && strings.Contains(m.Surface, surface) {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct{ surface, topic string }{
		{"ポット化", "topic/botnet"},
		{"C&Cサーバー", "topic/cc-server"},
		{"C&Cサーバ", "topic/cc-server"},
	} {
		t.Run(tc.surface+" → "+tc.topic, func(t *testing.T) {
			found := 0
			for _, r := range rows {
				if !strings.Contains(r[3], tc.surface) {
					continue
				}
				found++
				n := atoi(t, r[0])
				if !mentionsWith(byNumber[n], tc.topic, tc.surface) {
					t.Errorf("comment %d contains %s but has no %s mention with that surface: %+v", n, tc.surface, tc.topic, byNumber[n].Mentions)
				}
			}
			if found == 0 {
				t.Errorf("no comment contains %s", tc.surface)
			}
		})
	}

	t.Run("row 49 is AGREEMENT and FUTURE_WORK", func(t *testing.T) {
		var got []graph.Disposition
		for _, a := range byNumber[49].Response.Dispositions {
			got = append(got, a.Disposition)
			if a.Evidence == "" || !strings.Contains(byNumber[49].Response.Text, a.Evidence) {
				t.Errorf("disposition %s has evidence %q, which is not in the response", a.Disposition, a.Evidence)
			}
		}
		if !reflect.DeepEqual(got, []graph.Disposition{graph.Agreement, graph.FutureWork}) {
			t.Errorf("row 49 dispositions = %v, want [AGREEMENT FUTURE_WORK]", got)
		}
	})

	t.Run("個人(多数) is a group", func(t *testing.T) {
		sub := byNumber[107].Submitter
		for _, s := range d.Submitters {
			if s.ID == sub && s.Kind != graph.KindGroup {
				t.Errorf("%s kind = %s, want GROUP", s.ID, s.Kind)
			}
		}
	})

	t.Run("HTML cells keep raw HTML and get plain text", func(t *testing.T) {
		c := byNumber[7] // <p>…</p> <p>…</p>
		if !strings.Contains(c.HTML, "<p>") || strings.Contains(c.Text, "<p>") || !strings.Contains(c.Text, "\n\n") {
			t.Errorf("comment 7: HTML %.40q…, text %.80q…: want raw HTML kept and paragraphs in the text", c.HTML, c.Text)
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func TestExportRoundTrip(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	first := mustRun(t, "export", "--store", spec, "--format", "nquads")
	file := filepath.Join(t.TempDir(), "export.nq")
	if err := os.WriteFile(file, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	other := specFor(t, "bolt")
	mustRun(t, "load", "--store", other, file)
	if second := mustRun(t, "export", "--store", other, "--format", "nquads"); second != first {
		t.Errorf("export → load → export changed the quads:\n%s", firstDiff(first, second))
	}
	if n := strings.Count(first, "\n"); n < 8000 {
		t.Errorf("export has %d quads; the bundled consultation alone has more than 8000", n)
	}
	var doc any
	if err := json.Unmarshal([]byte(mustRun(t, "export", "--store", spec, "--format", "jsonld")), &doc); err != nil {
		t.Errorf("JSON-LD export is not JSON: %v", err)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOtherMinistryTable loads, through the CLI, a table shaped unlike the bundled one —
// the columns ver,id,comment,reply and more after them, named in the manifest, no
// submitter and no section column, group headings, an answer pointing at another — and
// reads it back through `pcgraph query`, as a researcher would.
func TestOtherMinistryTable(t *testing.T) {
	dir := t.TempDir()
	manifest := "slug: other\ntitle: 別の府省の案\nministry: 環境省\nsource: table.csv\ncolumns:\n  number: id\n  comment: comment\n  response: reply\n"
	table := "「別の府省の案」に対する意見募集の結果\n" +
		"ver,id,comment,reply,備考\n" +
		"1,1,P２ L22 復興・創生 → 表現を改めるべき,御意見を踏まえ修正しました。,要確認\n" +
		"1,2,５頁６行目の記述について,No.1と同じ,\n" +
		"2,1,第２部第１章について賛成します,賛同の御意見として承ります。,\n"
	for name, data := range map[string]string{"manifest.yaml": manifest, "table.csv": table} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, code := run(t, "check", dir)
	if code != 0 {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{`column 1 "ver" → round`, `column 2 "id" → number`, `column 5 "備考" → attribute`, "no submitter column", "above the header row (line 2)"} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not say %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "3 data rows: 3 comments, 0 group headings, 0 joined to the row above, 0 left out; 2 consultations; ok") {
		t.Errorf("check summary: %s", stderr)
	}
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, dir)
	q := `{ comments(filter: {consultation: "consultation/other-1"}) { totalCount nodes { number submitter { id }
	  section { code kind } pageRefs { page lines } attributes { name value }
	  response { dispositions sameAs { number } sameAsSurface } } } }`
	res := mustRun(t, "query", "--store", spec, q)
	var got struct {
		Data struct {
			Comments struct {
				TotalCount int
				Nodes      []struct {
					Number    int
					Submitter *struct{ ID string }
					Section   struct{ Code, Kind string }
					PageRefs  []struct {
						Page  int
						Lines string
					}
					Attributes []struct{ Name, Value string }
					Response   struct {
						Dispositions  []string
						SameAs        *struct{ Number int }
						SameAsSurface string
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(res), &got); err != nil {
		t.Fatalf("%v: %s", err, res)
	}
	c := got.Data.Comments
	if c.TotalCount != 2 || len(c.Nodes) != 2 {
		t.Fatalf("round 1 has %d comments: %s", c.TotalCount, res)
	}
	a, b := c.Nodes[0], c.Nodes[1]
	if a.Submitter != nil || a.Section.Code != "P2" || a.Section.Kind != "PAGE" || len(a.PageRefs) != 1 || a.PageRefs[0].Lines != "22" {
		t.Errorf("comment 1: %+v", a)
	}
	if len(a.Attributes) != 1 || a.Attributes[0].Name != "備考" || a.Attributes[0].Value != "要確認" {
		t.Errorf("comment 1 attributes: %+v", a.Attributes)
	}
	if b.Section.Code != "P5" || len(b.PageRefs) != 1 || b.PageRefs[0].Lines != "6" {
		t.Errorf("comment 2: %+v", b)
	}
	if b.Response.SameAs == nil || b.Response.SameAs.Number != 1 || b.Response.SameAsSurface != "No.1と同じ" || len(b.Response.Dispositions) != 1 || b.Response.Dispositions[0] != "REVISED" {
		t.Errorf("comment 2's answer points at comment 1 and takes its disposition: %+v", b.Response)
	}
	res = mustRun(t, "query", "--store", spec, `{ sections(consultation: "consultation/other-2") { code kind } }`)
	if !strings.Contains(res, `"code":"PART2-1","kind":"CHAPTER"`) || !strings.Contains(res, `"code":"PART2","kind":"PART"`) {
		t.Errorf("round 2's sections: %s", res)
	}
}

// TestSplitBy: --split-by names a column whose values make one consultation each, for a
// bare file described by flags.
func TestSplitBy(t *testing.T) {
	file := filepath.Join(t.TempDir(), "table.csv")
	table := "番号,分野,意見,回答\n1,電波,意見A,回答A\n2,電波,意見B,回答B\n3,放送,意見C,回答C\n"
	if err := os.WriteFile(file, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := specFor(t, "bolt")
	out, stderr, code := run(t, "load", "--store", spec, "--slug", "split", "--title", "分野別の案", "--split-by", "分野", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"loaded consultation/split-1: 2 comments", "loaded consultation/split-2: 1 comments"} {
		if !strings.Contains(out, want) {
			t.Errorf("load does not say %q:\n%s", want, out)
		}
	}
	res := mustRun(t, "query", "--store", spec, `{ consultations { id title } }`)
	if !strings.Contains(res, `"title":"分野別の案 (電波)"`) || !strings.Contains(res, `"title":"分野別の案 (放送)"`) {
		t.Errorf("consultations: %s", res)
	}
}

package loader

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// The bundled consultations of other ministries, read as published, against the facts
// counted by hand in each folder's EXPECTED.md.

func loadBundled(t *testing.T, dir string) *Result {
	t.Helper()
	res, err := Load("../data/"+dir, Options{})
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("%s: rows left out: %v", dir, res.Problems)
	}
	c := res.Table.Counts
	if c.DataRows != c.Comments+c.Headings+c.Joined+c.LeftOut {
		t.Errorf("%s: counts do not add up: %+v", dir, c)
	}
	return res
}

// TestBundledMLIT: 国土交通省's PDF, two groups numbered from 1 with their headings,
// a merged 該当箇所 over runs of rows, a response cell merged over two comments.
func TestBundledMLIT(t *testing.T) {
	res := loadBundled(t, "mlit-kotsu-seisaku-kihon-keikaku-2025")
	if res.Table.Format != FormatPDF || len(res.Datasets) != 1 {
		t.Fatalf("format %s, %d consultations", res.Table.Format, len(res.Datasets))
	}
	cs := res.Datasets[0].Comments
	if len(cs) != 38 || res.Table.Counts.Headings != 2 {
		t.Fatalf("%d comments, %d headings; want 38 (Ⅰ 1–3, Ⅱ 1–35) and 2", len(cs), res.Table.Counts.Headings)
	}
	for i, c := range cs {
		printed := i + 1
		heading := "I.当該意見を踏まえて内容を修正するもの"
		if i >= 3 {
			printed, heading = i-2, "II.その他の主な意見"
		}
		if len(c.Attributes) == 0 || c.Attributes[0] != (graph.Attribute{Name: "番号", Value: itoa(printed)}) {
			t.Errorf("comment %d: attributes %v, want the printed 番号 %d", c.Number, c.Attributes, printed)
		}
		if c.Heading != heading {
			t.Errorf("comment %d: heading %q, want %q", c.Number, c.Heading, heading)
		}
		if c.Submitter != "" {
			t.Errorf("comment %d: submitter %q in a table without one", c.Number, c.Submitter)
		}
	}
	for _, c := range cs[:3] {
		if c.Response.Dispositions[0].Disposition != graph.Revised {
			t.Errorf("Ⅰ-%d: %v, want REVISED (its group heading, and its answer)", c.Number, c.Response.Dispositions)
		}
	}
	if cs[1].Response.Text != cs[2].Response.Text || !strings.Contains(cs[2].Response.Text, "幅広く検討を行う") {
		t.Errorf("Ⅰ-2 and Ⅰ-3 share one merged response cell: %q / %q", clip(cs[1].Response.Text, 40), clip(cs[2].Response.Text, 40))
	}
	for _, tt := range []struct {
		i             int
		comment, resp string
		section       string
	}{
		{0, "「ジェンダー主流化」という用語に対する説明の深掘り", "頂いたご意見を踏まえ、第2章2.の脚注に以下の記述を追加しました。", "section/mlit-kotsu-seisaku-kihon-keikaku-2025/2"},
		{3, "地域交通の課題認識に関する意見", "第1章に記述のとおり", "section/mlit-kotsu-seisaku-kihon-keikaku-2025/1"},
		{37, "エビデンスに基づき、KPIを重視した交通政策立案が重要とするご意見", "第4章に、フォローアップに関する「手法の高度化」として", "section/mlit-kotsu-seisaku-kihon-keikaku-2025/4"},
	} {
		c := cs[tt.i]
		if !strings.HasPrefix(c.Text, tt.comment) || !strings.HasPrefix(c.Response.Text, tt.resp) || c.Section != tt.section {
			t.Errorf("comment %d: %q / %q / %s; want %q… / %q… / %s", c.Number, clip(c.Text, 30), clip(c.Response.Text, 30), c.Section, tt.comment, tt.resp, tt.section)
		}
	}
	// 第３章 is cut by its cells into 基本的方針A–D: parts of their own under chapter 3.
	parts := map[string]int{}
	for _, c := range cs {
		for _, s := range res.Datasets[0].Sections {
			if s.ID == c.Section && s.Parent == "section/mlit-kotsu-seisaku-kihon-keikaku-2025/3" {
				parts[s.Title]++
			}
		}
	}
	if len(parts) != 4 || parts["基本的方針A"] != 8 || parts["基本的方針D"] != 13 {
		t.Errorf("parts of chapter 3: %v, want 基本的方針A–D (A: Ⅱ-4–11, D: Ⅰ-2–3 and Ⅱ-24–34)", parts)
	}
}

// TestBundledEnv: 環境省's table as transcribed (id, comment, reply): no submitter, no
// section column — the place is written at the start of the comment.
func TestBundledEnv(t *testing.T) {
	res := loadBundled(t, "env-kankyo-kihon-keikaku6-2024")
	cs := res.Datasets[0].Comments
	if len(cs) != 382 || cs[0].Number != 1 || cs[381].Number != 382 {
		t.Fatalf("%d comments (want 382, ids 1–382)", len(cs))
	}
	if c := cs[199]; c.Section != "section/env-kankyo-kihon-keikaku6-2024/P69" || len(c.PageRefs) == 0 || c.PageRefs[0].Page != 69 || c.PageRefs[0].Lines != "34" ||
		!strings.HasPrefix(c.Response.Text, "「水資源」「(リスクや)機会」について、ご意見を踏まえて修正いたします。") || c.Response.Dispositions[0].Disposition != graph.Revised {
		t.Errorf("id 200: section %s, pages %v, response %q, %v", c.Section, c.PageRefs, clip(c.Response.Text, 40), c.Response.Dispositions)
	}
	if c := cs[381]; c.Section != "section/env-kankyo-kihon-keikaku6-2024/P184" || c.Response.Dispositions[0].Disposition != graph.Unchanged {
		t.Errorf("id 382: section %s, %v", c.Section, c.Response.Dispositions)
	}
	// The taxonomy of IoT security does not apply to an environmental plan.
	for _, c := range cs {
		if len(c.Mentions) > 0 {
			t.Fatalf("id %d: topics %v from a taxonomy of another field", c.Number, c.Mentions)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

package loader

import (
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

// TestResponsesReadOnce: rows that share a response's cells get what each would have
// got alone, in slices of their own; a different heading is a different response.
func TestResponsesReadOnce(t *testing.T) {
	const answer = "御意見として承ります。今後の施策の参考とさせていただきます。Ⅲ(2)③のとおりです。"
	rows := []Row{
		{Line: 2, Number: 1, Comment: "一つ目の意見です。", Response: answer},
		{Line: 3, Number: 2, Comment: "二つ目の意見です。", Response: answer},
		{Line: 4, Number: 3, Comment: "三つ目の意見です。", Response: answer, Heading: "賛同の御意見"},
	}
	m := Manifest{Slug: "memo", Title: "t", Source: "memo.tsv"}
	d, _ := Build(m, nil, rows, DefaultTaxonomy())
	alone := func(r Row) graph.Response {
		d, _ := Build(m, nil, []Row{r}, DefaultTaxonomy())
		return d.Comments[0].Response
	}
	for i, c := range d.Comments {
		want := alone(rows[i])
		if !reflect.DeepEqual(c.Response, want) {
			t.Errorf("row %d: response %+v, read alone %+v", i+1, c.Response, want)
		}
	}
	a, b := d.Comments[0].Response, d.Comments[1].Response
	if len(a.Dispositions) == 0 || len(a.SectionRefs) == 0 {
		t.Fatalf("the test's answer should give dispositions and section references: %+v", a)
	}
	a.Dispositions[0].Evidence = "changed"
	a.SectionRefs[0].Surface = "changed"
	if b.Dispositions[0].Evidence == "changed" || b.SectionRefs[0].Surface == "changed" {
		t.Errorf("two comments share a response's slices: changing one changed the other")
	}
	if reflect.DeepEqual(d.Comments[2].Response.Dispositions, d.Comments[1].Response.Dispositions) {
		t.Errorf("a row under a heading got the dispositions of the row without one: %+v", d.Comments[2].Response.Dispositions)
	}
}

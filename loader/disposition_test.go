package loader

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
)

func TestClassifyResponse(t *testing.T) {
	type as = []graph.DispositionAssignment
	a := func(d graph.Disposition, evidence string) graph.DispositionAssignment {
		return graph.DispositionAssignment{Disposition: d, Evidence: evidence}
	}
	tests := []struct {
		name string
		text string
		want as
	}{
		{"future work", "御指摘の点については、今後の取組の参考とすることが適当と考えます。",
			as{a(graph.FutureWork, "今後の取組の参考とすることが適当と考えます")}},
		{"future work 取組み", "ご指摘の点については、今後の取組みの参考とすることが適当と考えます。",
			as{a(graph.FutureWork, "今後の取組みの参考とすることが適当と考えます")}},
		{"future work, other tables", "今後の施策の参考とさせていただきます。",
			as{a(graph.FutureWork, "今後の施策の参考とさせていただきます")}},
		{"agreement", "本総合対策の内容に賛同の御意見として承ります。",
			as{a(graph.Agreement, "賛同の御意見として承ります")}},
		{"agreement and future work (row 49)", "本総合対策の内容に賛同の御意見として承ると共に、ご指摘の点については、今後の取組みの参考とすることが適当と考えます。また、リモート型ないしクラウド型の電子署名については、今後電子署名法上の位置づけを明確化することが重要と考えます。",
			as{a(graph.Agreement, "賛同の御意見として承る"), a(graph.FutureWork, "今後の取組みの参考とすることが適当と考えます")}},
		{"noted and unchanged (row 1)", "参考のご意見として承ります。 なお、当該記載は、あくまでサービスの種類として電子署名を示しているものであるため、修正は不要と考えます。",
			as{a(graph.Unchanged, "修正は不要"), a(graph.Noted, "参考のご意見として承ります")}},
		{"noted alone, other tables", "御意見として承ります。", as{a(graph.Noted, "御意見として承ります")}},
		{"revised", "頂いた御意見を参考に、…明確となるよう、追記しました。", as{a(graph.Revised, "追記しました")}},
		{"revised and unchanged (row 40)", "…アンケート結果に基づく記載であるため、原案どおりとさせていただきます。他方、…追記しました。",
			as{a(graph.Revised, "追記しました"), a(graph.Unchanged, "原案どおりとさせていただきます")}},
		{"revised: 表現を以下のとおりいたします (row 28)", "また、御指摘を踏まえ、表現を以下のとおりいたします。",
			as{a(graph.Revised, "表現を以下のとおりいたします")}},
		{"revised: 明確化します", "その点を本文中において明確化します。", as{a(graph.Revised, "本文中において明確化します")}},
		{"明確化することが重要 is not a revision", "位置づけを明確化することが重要と考えます。", as{a(graph.Explanation, "")}},
		{"修正しました", "御指摘を踏まえ、以下のとおり修正しました。", as{a(graph.Revised, "修正しました")}},
		{"taken into account", "御指摘の点を踏まえ、該当施策について取り組むことが重要と考えます。",
			as{a(graph.TakenIntoAccount, "御指摘の点を踏まえ、該当施策について取り組むことが重要と考えます")}},
		{"taken into account: も踏まえつつ…適当 (row 84)", "御指摘の点も踏まえつつ、ISAC連携について促進していくことが適当と考えます。",
			as{a(graph.TakenIntoAccount, "御指摘の点も踏まえつつ、ISAC連携について促進していくことが適当と考えます")}},
		{"taken into account: 御意見を踏まえ (row 102)", "本総合対策の内容に賛同の御意見として承ります。御意見を踏まえ、施策に取り組んでいくことが重要と考えます。",
			as{a(graph.Agreement, "賛同の御意見として承ります"), a(graph.TakenIntoAccount, "御意見を踏まえ、施策に取り組んでいくことが重要と考えます")}},
		{"踏まえ without a judgment in the sentence", "御指摘の点を踏まえ、検討します。重要と考えます。", as{a(graph.Explanation, "")}},
		{"踏まえ about something else", "国際的な議論の状況等を踏まえて、見直しを図ることが重要と考えます。", as{a(graph.Explanation, "")}},
		{"御指摘のとおり (row 25)", "御指摘のとおり、関係法令に準拠して5Gを活用することが重要と考えます。",
			as{a(graph.TakenIntoAccount, "御指摘のとおり、関係法令に準拠して5Gを活用することが重要と考えます")}},
		{"留意が必要な点 (row 15)", "今後取り組んでいくにあたり、留意が必要な点と考えます。",
			as{a(graph.TakenIntoAccount, "留意が必要な点と考えます")}},
		{"explanation", "本件について意見募集期間を20日間としておりますが、…定めたものです。", as{a(graph.Explanation, "")}},
		{"empty", "", as{a(graph.Explanation, "")}},
		// Other ministries' phrasing, as classes (素案 for 原案, 修文 for 修正 …).
		{"修文しました", "御意見を踏まえ、以下のとおり修文しました。", as{a(graph.Revised, "修文しました")}},
		{"修正させていただきます", "御指摘を踏まえ、修正させていただきます。", as{a(graph.Revised, "修正させていただきます")}},
		{"素案どおり", "素案どおりとさせていただきます。", as{a(graph.Unchanged, "素案どおりとさせていただきます")}},
		{"原文のまま", "原文のままといたします。", as{a(graph.Unchanged, "原文のままといたします")}},
		{"現行の記載を維持", "現行の記載を維持します。", as{a(graph.Unchanged, "現行の記載を維持")}},
		{"参考にさせていただきます", "いただいた御意見は参考にさせていただきます。", as{a(graph.Noted, "参考にさせていただきます")}},
		{"今後の参考にさせていただきます", "今後の参考にさせていただきます。", as{a(graph.FutureWork, "今後の参考にさせていただきます")}},
		{"今後の施策の参考にさせていただきます", "今後の施策の参考にさせていただきます。", as{a(graph.FutureWork, "今後の施策の参考にさせていただきます")}},
		{"今後検討してまいります", "御指摘の点については今後検討してまいります。", as{a(graph.FutureWork, "今後検討してまいります")}},
		{"適切に対処して参ります", "関係機関と連携し、適切に対処して参ります。", as{a(graph.TakenIntoAccount, "適切に対処して参ります")}},
		{"適切に対応してまいります", "適切に対応してまいります。", as{a(graph.TakenIntoAccount, "適切に対応してまいります")}},
		{"conjugated: 参考とさせていただくとともに", "ご意見は今後の施策の参考とさせていただくとともに、説明に努めてまいります。", as{a(graph.FutureWork, "今後の施策の参考とさせていただく")}},
		{"conjugated: 参考とさせていただき、", "いただいたご意見は今後の施策の参考とさせていただき、引き続き努めてまいります。", as{a(graph.FutureWork, "今後の施策の参考とさせていただき")}},
		{"統一いたします", "全体を通じ、「人の健康」に統一いたします。", as{a(graph.Revised, "統一いたします")}},
		{"表現を改めます", "御指摘を踏まえ、表現を改めます。", as{a(graph.Revised, "表現を改めます")}},
		{"原案のまま", "…進めていることから、原案のままとさせていただきます。", as{a(graph.Unchanged, "原案のままとさせていただきます")}},
		{"first evidence wins", "今後の取組の参考とすることが適当と考えます。今後の取組みの参考とすることが適当と考えます。",
			as{a(graph.FutureWork, "今後の取組の参考とすることが適当と考えます")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClassifyResponse(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ClassifyResponse(%q) =\n%+v, want\n%+v", tt.text, got, tt.want)
			}
		})
	}
}

// TestClassifyResponseOrder: whatever the order of phrases, dispositions come in the
// order of graph.Dispositions, once each, and every evidence is a substring of the text.
func TestClassifyResponseOrder(t *testing.T) {
	text := "今後の取組の参考とすることが適当と考えます。参考のご意見として承ります。追記しました。賛同の御意見として承ります。原案どおり。御指摘の点を踏まえ、重要と考えます。追記しました。"
	got := ClassifyResponse(text)
	var ds []graph.Disposition
	for _, a := range got {
		ds = append(ds, a.Disposition)
		if !strings.Contains(text, a.Evidence) || a.Evidence == "" {
			t.Errorf("%s evidence %q is not in the text", a.Disposition, a.Evidence)
		}
	}
	want := []graph.Disposition{graph.Revised, graph.Unchanged, graph.Agreement, graph.FutureWork, graph.Noted, graph.TakenIntoAccount}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("dispositions = %v, want %v", ds, want)
	}
}

const dispositionsGolden = "testdata/dispositions.golden"

// TestDispositionsGolden classifies every response of the real file and compares with
// testdata/dispositions.golden (`N\tDISP1,DISP2`), reviewed by reading each response.
// Refresh with: go test ./loader -run TestDispositionsGolden -update
func TestDispositionsGolden(t *testing.T) {
	rows, _, err := readRows("results.tsv", realTable(t))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		var ds []string
		for _, a := range ClassifyResponse(HTMLToText(r.Response)) {
			ds = append(ds, string(a.Disposition))
		}
		fmt.Fprintf(&b, "%d\t%s\n", r.Number, strings.Join(ds, ","))
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(dispositionsGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantBytes, err := os.ReadFile(dispositionsGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(wantBytes), "\n")
	for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("%s line %d: got %q, want %q", dispositionsGolden, i+1, g, w)
		}
	}
	// Row 49: one response, two dispositions (docs/ARCHITECTURE.md, "Real tables").
	if !strings.Contains(got, "\n49\tAGREEMENT,FUTURE_WORK\n") {
		t.Errorf("row 49 must be AGREEMENT and FUTURE_WORK")
	}
}

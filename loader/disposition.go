package loader

import (
	"regexp"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// dispositionRule recognises one way a ministry phrases a disposition. The rules are
// data, not code, so that a researcher can audit them next to the meaning of each
// disposition (enum Disposition in schema/comment.graphqls) and add the
// phrasing of another ministry in one line.
type dispositionRule struct {
	disposition graph.Disposition
	pattern     *regexp.Regexp
	// notAfter lists text that must not come right before the match: "御意見として承ります"
	// is a NOTED phrase, but not inside "賛同の御意見として承ります".
	notAfter []string
}

// Spelling variants shared by several rules.
const (
	goIken     = `(?:御|ご)意見`         // 御意見 / ご意見
	goShiteki  = `(?:御|ご)指摘`         // 御指摘 / ご指摘
	torikumi   = `取り?組み?`            // 取組 / 取組み / 取り組み
	sentence   = `[^。\n]{0,200}?`    // the rest of one sentence, bounded
	kangaemasu = `と考え(?:ます|ております|る)` // と考えます / と考えております
	// sasete is the humble "we will (do)" in each of its conjugations: …させていただきます,
	// …させていただき、…, …させていただくとともに, …させて頂きました.
	sasete = `させて(?:いただ|頂)(?:きます|きました|き|く)`
)

// dispositionRules are matched against a response's plain text (Response.Text). Every
// phrase here occurs in the 総務省 IoT・5G table unless marked "other tables".
var dispositionRules = []dispositionRule{
	// REVISED: the draft was changed.
	// 追記しました (rows 7, 40); 修正しました / 変更しました / 反映しました (other tables).
	{disposition: graph.Revised, pattern: regexp.MustCompile(`(?:追記|修正|加筆|変更|削除|反映)(?:しました|いたしました|致しました|します|いたします|致します)`)},
	// 表現を以下のとおりいたします (row 28, sic: 修正 is missing) and 以下のとおり修正します.
	{disposition: graph.Revised, pattern: regexp.MustCompile(`(?:表現|記載|記述)を以下の(?:とおり|通り)(?:修正|変更)?(?:いたします|します|しました|いたしました)`)},
	// Other ministries: 修文しました (修文 for 修正), 修正させていただきます, 反映させていただきました.
	// 統一いたします / 改めます (a wording made uniform or changed).
	{disposition: graph.Revised, pattern: regexp.MustCompile(`(?:修文|統一)(?:しました|いたしました|致しました|します|いたします|致します)|(?:追記|修正|加筆|変更|削除|反映|修文|統一)` + sasete + `|(?:表現|記載|記述|文言)を改め(?:ます|ました)`)},
	// その点を本文中において明確化します (rows 67, 77, 79). Not 明確化することが重要 (row 49).
	{disposition: graph.Revised, pattern: regexp.MustCompile(`(?:本文中?において|本文中?で)?明確化(?:します|しました|いたします|いたしました)`)},

	// UNCHANGED: the draft was kept.
	// 記載については原案どおりとさせていただきます (rows 27, 40, 54, 55, 59).
	{disposition: graph.Unchanged, pattern: regexp.MustCompile(`原案(?:どおり|通り|のとおり|の通り|のまま)(?:と` + sasete + `|とします|といたします)?`)},
	// Other ministries write 素案 (an earlier draft) or 原文 for 原案, and 現行の記載を維持.
	{disposition: graph.Unchanged, pattern: regexp.MustCompile(`(?:素案|原文)(?:どおり|通り|のとおり|の通り|のまま)(?:と` + sasete + `|とします|といたします)?|(?:現行|原案|素案)の(?:記載|記述|表現)を維持`)},
	// 修正は不要と考えます (row 1).
	{disposition: graph.Unchanged, pattern: regexp.MustCompile(`(?:修正|変更)(?:は|の必要は)(?:不要|必要ない|ありません|行いません)`)},

	// AGREEMENT: support for the draft acknowledged.
	// 本総合対策の内容に賛同の御意見として承ります, …承ると共に (rows 49, 66).
	{disposition: graph.Agreement, pattern: regexp.MustCompile(`(?:賛同|賛成)の` + goIken + `として承(?:ります|りました|る)`)},

	// FUTURE_WORK: referred to future work.
	// 今後の取組の参考とすることが適当と考えます; 今後の取組みの参考と… (rows 49, 66);
	// 今後の施策の参考とさせていただきます, 今後の参考とさせていただきます (other tables).
	{disposition: graph.FutureWork, pattern: regexp.MustCompile(`今後の(?:(?:` + torikumi + `|施策|検討|政策)の)?参考と(?:することが適当` + kangaemasu + `|することが適当|` + sasete + `|いたします|します)`)},

	// 今後の参考にさせていただきます, 今後検討してまいります (other tables).
	{disposition: graph.FutureWork, pattern: regexp.MustCompile(`今後の(?:(?:` + torikumi + `|施策|検討|政策|運用)の)?参考に(?:` + sasete + `|いたします|します)|今後(?:の)?(?:検討|検討を進めて)(?:して)?(?:まいります|参ります|いきます)`)},

	// NOTED: taken as a reference opinion.
	// 参考のご意見として承ります (row 1).
	{disposition: graph.Noted, pattern: regexp.MustCompile(`参考(?:の|となる)` + goIken + `として承(?:ります|りました|る)`)},
	// 御意見として承ります alone (other tables), but not after 賛同の / 賛成の / 参考の.
	{disposition: graph.Noted, pattern: regexp.MustCompile(goIken + `として承(?:ります|りました)`), notAfter: []string{"賛同の", "賛成の", "参考の", "参考となる"}},

	// 参考にさせていただきます alone (other tables), not after 今後の… (FUTURE_WORK above).
	{disposition: graph.Noted, pattern: regexp.MustCompile(`参考(?:に|と)(?:` + sasete + `|いたします)`), notAfter: []string{"今後の", "取組の", "取組みの", "取り組みの", "施策の", "検討の", "政策の", "運用の"}},

	// TAKEN_INTO_ACCOUNT: the comment will be considered in carrying out the measures.
	// 適切に対処して参ります, 適切に対応してまいります (other tables).
	{disposition: graph.TakenIntoAccount, pattern: regexp.MustCompile(`適切に(?:対処|対応|運用|実施|取り組ん|取組)(?:して|で)?(?:まいります|参ります|いきます|いたします)`)},
	// 御指摘の点を踏まえ、…重要と考えます; 御指摘の点も踏まえ(つつ) (rows 29, 30, 35, 51, 84,
	// 86); ご指摘の点も踏まえ (row 73); 御指摘を踏まえつつ (row 39); 御意見を踏まえ (row
	// 102); …適当と考えます (row 84). The judgment must follow in the same sentence, so
	// 御指摘を踏まえ、表現を以下のとおりいたします (row 28, a revision) is not one.
	{disposition: graph.TakenIntoAccount, pattern: regexp.MustCompile(`(?:` + goShiteki + `|` + goIken + `)(?:の点)?(?:を|も)踏まえ` + sentence + `(?:重要|適当|必要)(?:である)?` + kangaemasu)},
	// 御指摘のとおり、関係法令に準拠して5Gを活用することが重要と考えます (row 25).
	{disposition: graph.TakenIntoAccount, pattern: regexp.MustCompile(goShiteki + `の(?:とおり|通り)、?` + sentence + `(?:重要|適当|必要)(?:である)?` + kangaemasu)},
	// …今後取り組んでいくにあたり、留意が必要な点と考えます (row 15).
	{disposition: graph.TakenIntoAccount, pattern: regexp.MustCompile(`留意(?:が必要|すべき)な?点` + kangaemasu)},
}

// ClassifyResponse classifies the ministry's response (its plain text) into
// dispositions, each with the phrase that justified it, ordered as graph.Dispositions
// lists them, each at most once (with the first phrase found). A response that matches
// no rule is an EXPLANATION with empty evidence: it clarifies facts or policy without
// one of the stock answers.
func ClassifyResponse(text string) []graph.DispositionAssignment {
	found := map[graph.Disposition]string{}
	first := map[graph.Disposition]int{} // where the evidence starts, to keep the earliest
	for _, r := range dispositionRules {
		for _, loc := range r.pattern.FindAllStringIndex(text, -1) {
			if precededBy(text[:loc[0]], r.notAfter) {
				continue
			}
			if at, ok := first[r.disposition]; !ok || loc[0] < at {
				found[r.disposition], first[r.disposition] = text[loc[0]:loc[1]], loc[0]
			}
			break
		}
	}
	if len(found) == 0 {
		return []graph.DispositionAssignment{{Disposition: graph.Explanation}}
	}
	out := make([]graph.DispositionAssignment, 0, len(found))
	for _, d := range graph.Dispositions {
		if e, ok := found[d]; ok {
			out = append(out, graph.DispositionAssignment{Disposition: d, Evidence: e})
		}
	}
	return out
}

func precededBy(before string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(before, s) {
			return true
		}
	}
	return false
}

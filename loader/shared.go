package loader

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// Ministries often answer a comment by pointing at the answer to another: 「No.3と同じ」,
// 「意見番号12の考え方を御参照ください」, 「同上」, 「上記の考え方を御参照ください」. Such a
// response is linked to the comment it points to (Response.SameAs), and when it has no
// stock phrase of its own it takes that comment's dispositions, the evidence saying so.
var (
	// sameAsNumberPattern: a reference by number. Group 1 is the number.
	sameAsNumberPattern = regexp.MustCompile(`(?:No|NO|no|№|番号|項番|意見番号|通し番号|整理番号)\s*\.?\s*([0-9]{1,6})\s*(?:番)?\s*(?:と同じ|と同様|に同じ|の(?:御|ご)?(?:意見に対する)?(?:考え方|回答|対応)(?:を|と同じ|と同様|に同じ|参照)|を(?:御|ご)?参照|参照)`)
	// sameAsAbovePattern: a reference to the answer just above.
	sameAsAbovePattern = regexp.MustCompile(`^(?:同上|上記に同じ|上に同じ|前記に同じ|前述のとおり)[。.]?$|^上記の(?:考え方|回答)(?:を(?:御|ご)?参照|と同じ|と同様)`)
)

// sameAs finds the comment a response refers to: its number, or -1 for the comment
// above; 0 when it refers to none. surface is the words that say so.
func sameAs(text string) (number int, surface string) {
	if m := sameAsNumberPattern.FindStringSubmatch(text); m != nil {
		n, err := strconv.Atoi(m[1])
		if err == nil && n > 0 {
			return n, m[0]
		}
	}
	if m := sameAsAbovePattern.FindString(strings.TrimSpace(text)); m != "" {
		return -1, m
	}
	return 0, ""
}

// linkSharedResponses links every response that points at another comment's answer,
// and gives it that answer's dispositions when it has none of its own. comments are in
// table order (sorted by number).
func linkSharedResponses(comments []graph.Comment) {
	byNumber := make(map[int]int, len(comments))
	for i, c := range comments {
		byNumber[c.Number] = i
	}
	target := make([]int, len(comments)) // index of the comment referred to, or -1
	for i := range comments {
		target[i] = -1
		n, surface := sameAs(comments[i].Response.Text)
		j, ok := -1, false
		switch {
		case n == -1 && i > 0:
			j, ok = i-1, true
		case n > 0:
			j, ok = byNumber[n]
		}
		if !ok || j == i {
			continue
		}
		target[i] = j
		comments[i].Response.SameAs = comments[j].ID
		comments[i].Response.SameAsSurface = surface
	}
	// Inherit along chains (No.5 → No.3 → No.1), at most len steps, so cycles end.
	for i := range comments {
		if target[i] < 0 || !onlyExplanation(comments[i].Response.Dispositions) {
			continue
		}
		j, steps := target[i], 0
		for target[j] >= 0 && onlyExplanation(comments[j].Response.Dispositions) && steps < len(comments) {
			j, steps = target[j], steps+1
		}
		if onlyExplanation(comments[j].Response.Dispositions) {
			continue
		}
		var ds []graph.DispositionAssignment
		for _, a := range comments[j].Response.Dispositions {
			ds = append(ds, graph.DispositionAssignment{Disposition: a.Disposition,
				Evidence: comments[i].Response.SameAsSurface + " → " + a.Evidence})
		}
		comments[i].Response.Dispositions = ds
	}
}

func onlyExplanation(ds []graph.DispositionAssignment) bool {
	return len(ds) == 0 || len(ds) == 1 && ds[0].Disposition == graph.Explanation
}

// headingRules recognise a group heading that states how the comments under it were
// handled (「当該意見を踏まえて内容を修正するもの」, 「原案のとおりとするもの」).
var headingRules = []struct {
	disposition graph.Disposition
	pattern     *regexp.Regexp
}{
	{graph.Revised, regexp.MustCompile(`(?:修正|修文|追記|反映|変更)(?:する|した|を行う|を行った)もの`)},
	{graph.Unchanged, regexp.MustCompile(`(?:原案|素案|案)(?:の|どおり|通り)(?:とおり|通り)?(?:と)?するもの|(?:修正|変更)(?:しない|を行わない)もの`)},
	{graph.FutureWork, regexp.MustCompile(`今後の(?:検討|取組|施策|参考)[^。]{0,20}もの|参考と(?:する|させていただく)もの`)},
	{graph.Agreement, regexp.MustCompile(`(?:賛同|賛成)(?:する|の)[^。]{0,10}(?:もの|御意見|ご意見)`)},
}

// classifyWithHeading classifies a response, adding what its group heading says of the
// comments under it; the heading's evidence is marked as such.
func classifyWithHeading(text, heading string) []graph.DispositionAssignment {
	ds := ClassifyResponse(text)
	if heading == "" {
		return ds
	}
	have := map[graph.Disposition]bool{}
	for _, a := range ds {
		have[a.Disposition] = true
	}
	var add []graph.DispositionAssignment
	for _, r := range headingRules {
		if m := r.pattern.FindString(heading); m != "" && !have[r.disposition] {
			have[r.disposition] = true
			add = append(add, graph.DispositionAssignment{Disposition: r.disposition, Evidence: "見出し「" + m + "」"})
		}
	}
	if len(add) == 0 {
		return ds
	}
	if onlyExplanation(ds) {
		ds = nil
	}
	out := append(ds, add...)
	order := map[graph.Disposition]int{}
	for i, d := range graph.Dispositions {
		order[d] = i
	}
	slices.SortStableFunc(out, func(a, b graph.DispositionAssignment) int { return order[a.Disposition] - order[b.Disposition] })
	return out
}

// locationMarks are what a comment may start with before the place it is about.
var locationMarks = regexp.MustCompile(`^[\s【\[「『(<〈《■□●○◆◇・※▼▽◎*＊]*(?:該当(?:箇所|部分|ページ)\s*[:：]?\s*)?`)

// leadingLocation reads the place a comment starts with, for tables with no 該当箇所
// column: 「P２ L22 復興・創生 → …」, 「３ページ 18行目」, 「第２部第１章について」,
// 「別紙1の…」, in the comment's text (HTMLToText). Only these forms count: a comment starting with (1) or 1. is more often
// a list than a place. The section gets no title (the rest is the comment).
func leadingLocation(slug, text string) ([]graph.Section, []graph.PageRef) {
	first, _, _ := strings.Cut(text, "\n")
	first = locationMarks.ReplaceAllString(first, "")
	if first == "" {
		return nil, nil
	}
	switch {
	case pageCellPattern.MatchString(first), strings.HasPrefix(first, "第"), annexPattern.MatchString(first):
	default:
		return nil, nil
	}
	chain, pages, ok := parseOtherForms(slug, first, first)
	if !ok {
		return nil, nil
	}
	chain[len(chain)-1].Title = ""
	return chain, pages
}

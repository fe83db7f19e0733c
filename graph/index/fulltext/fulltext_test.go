package fulltext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

const realDir = "../../../data/mic-iot5g-security-2020"

var real struct {
	once sync.Once
	ds   *graph.Dataset
	err  error
}

// realDataset is the bundled consultation (107 comments), loaded once.
func realDataset(t testing.TB) *graph.Dataset {
	t.Helper()
	real.once.Do(func() {
		res, err := loader.Load(realDir, loader.Options{})
		if err != nil {
			real.err = err
			return
		}
		real.ds = res.Datasets[0]
	})
	if real.err != nil {
		t.Fatalf("loader.Load(%s): %v", realDir, real.err)
	}
	return real.ds
}

// build indexes datasets and closes the index when the test ends.
func build(t testing.TB, datasets ...*graph.Dataset) *Index {
	t.Helper()
	x, err := Build(datasets)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
}

// all returns every hit of a search (in one page) and checks the total agrees.
func all(t *testing.T, x *Index, text string) []Hit {
	t.Helper()
	hits, total, err := x.Search(context.Background(), text, 0, 10000)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	if total != len(hits) {
		t.Fatalf("Search(%q): total %d, but %d hits", text, total, len(hits))
	}
	return hits
}

func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.CommentID
	}
	return out
}

func commentsByID(ds ...*graph.Dataset) map[string]*graph.Comment {
	m := map[string]*graph.Comment{}
	for _, d := range ds {
		for i := range d.Comments {
			m[d.Comments[i].ID] = &d.Comments[i]
		}
	}
	return m
}

// containing lists, in comment order, the comments whose text (in) or response (inResp)
// contains s.
func containing(ds *graph.Dataset, s string, in, inResp bool) []string {
	var out []string
	for _, c := range ds.Comments {
		if (in && strings.Contains(c.Text, s)) || (inResp && strings.Contains(c.Response.Text, s)) {
			out = append(out, c.ID)
		}
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// dataset makes a small consultation: texts[i] = {comment text, response text} of
// comment number numbers[i] (1, 2, … when numbers is nil).
func dataset(slug string, numbers []int, texts ...[2]string) *graph.Dataset {
	d := &graph.Dataset{Consultation: graph.Consultation{ID: "consultation/" + slug, Slug: slug}}
	for i, tx := range texts {
		n := i + 1
		if numbers != nil {
			n = numbers[i]
		}
		d.Comments = append(d.Comments, graph.Comment{
			ID:           fmt.Sprintf("comment/%s/%d", slug, n),
			Consultation: d.Consultation.ID,
			Number:       n,
			Text:         tx[0],
			Response:     graph.Response{ID: fmt.Sprintf("response/%s/%d", slug, n), Text: tx[1]},
		})
	}
	return d
}

func TestTrustServicesRanksSectionIII5First(t *testing.T) {
	ds := realDataset(t)
	x := build(t, ds)
	byID := commentsByID(ds)
	const section = "section/mic-iot5g-security-2020/III-5"

	hits := all(t, x, "トラストサービス")
	want := containing(ds, "トラストサービス", true, true)
	if len(want) == 0 {
		t.Fatal("the bundled data no longer contains トラストサービス; pick another term")
	}
	if got := sorted(ids(hits)); !slices.Equal(got, sorted(want)) {
		t.Errorf("Search(トラストサービス) found %v, want the comments containing it %v", got, sorted(want))
	}
	if len(hits) == 0 {
		t.FailNow()
	}
	if s := byID[hits[0].CommentID].Section; s != section {
		t.Errorf("top hit %s is in section %q, want %q", hits[0].CommentID, s, section)
	}
	outside := false
	for i, h := range hits {
		in := byID[h.CommentID].Section == section
		if in && outside {
			t.Errorf("hit %d %s is in %s but ranks below a comment outside it", i, h.CommentID, section)
		}
		outside = outside || !in
		if len(h.Snippets) == 0 {
			t.Errorf("hit %s has no snippet", h.CommentID)
		}
		for _, s := range h.Snippets {
			if !strings.Contains(s, "<mark>トラストサービス</mark>") {
				t.Errorf("hit %s: snippet %q does not mark トラストサービス", h.CommentID, s)
			}
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hit %d %s scores %v, more than hit %d (%v)", i, h.CommentID, h.Score, i-1, hits[i-1].Score)
		}
		if h.Score <= 0 || math.IsNaN(h.Score) {
			t.Errorf("hit %s has score %v, want > 0", h.CommentID, h.Score)
		}
	}
}

func TestWidthAndCaseFolding(t *testing.T) {
	ds := realDataset(t)
	x := build(t, ds)
	tests := []struct{ query, same string }{
		{"ＩｏＴ", "IoT"}, // full-width
		{"iot", "IoT"},
		{"IOT", "IoT"},
		{"ｉｏｔ", "IoT"},
		{"ﾄﾗｽﾄｻｰﾋﾞｽ", "トラストサービス"}, // half-width katakana with a voiced mark
		{"ＩＳＭＡＰ", "ISMAP"},
		{"Ⅲ(3)", "III(3)"}, // NFKC of the query, as the loader did to the comments
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			want := all(t, x, tt.same)
			if len(want) == 0 {
				t.Fatalf("Search(%q) found nothing; the test needs a term that occurs", tt.same)
			}
			got := all(t, x, tt.query)
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("Search(%q) = %v, want the same as Search(%q) = %v", tt.query, ids(got), tt.same, ids(want))
			}
		})
	}
	// and the ASCII spelling finds what a plain substring search finds
	hits := all(t, x, "ＩｏＴ")
	if got, want := sorted(ids(hits)), sorted(containing(ds, "IoT", true, true)); !slices.Equal(got, want) {
		t.Errorf("Search(ＩｏＴ) = %v, want the comments containing IoT %v", got, want)
	}
	for _, h := range hits {
		for _, s := range h.Snippets {
			if !strings.Contains(s, "<mark>IoT") {
				t.Errorf("hit %s: snippet %q does not mark IoT", h.CommentID, s)
			}
		}
	}
}

func TestMatchedIn(t *testing.T) {
	ds := realDataset(t)
	x := build(t, ds)
	tests := []struct {
		name, query string
		comment     string   // a comment the search must find ...
		want        []string // ... with this matchedIn
		all         []string // when set, every hit must have matchedIn == all
	}{
		{"response only", "原案どおり", "comment/mic-iot5g-security-2020/54", []string{MatchedResponse}, []string{MatchedResponse}},
		{"both", "IoT", "comment/mic-iot5g-security-2020/17", []string{MatchedComment, MatchedResponse}, nil},
		{"comment only", "トラストサービス", "comment/mic-iot5g-security-2020/50", []string{MatchedComment}, nil},
		// 異論 only in the comment, 原案どおり only in the response: a match, in both
		{"words in different fields", "異論 原案どおり", "comment/mic-iot5g-security-2020/54", []string{MatchedComment, MatchedResponse}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := all(t, x, tt.query)
			var found *Hit
			for i := range hits {
				if hits[i].CommentID == tt.comment {
					found = &hits[i]
				}
				if tt.all != nil && !slices.Equal(hits[i].MatchedIn, tt.all) {
					t.Errorf("Search(%q): %s matchedIn %v, want %v", tt.query, hits[i].CommentID, hits[i].MatchedIn, tt.all)
				}
			}
			if found == nil {
				t.Fatalf("Search(%q) = %v, want it to find %s", tt.query, ids(hits), tt.comment)
			}
			if !slices.Equal(found.MatchedIn, tt.want) {
				t.Errorf("Search(%q): %s matchedIn %v, want %v", tt.query, tt.comment, found.MatchedIn, tt.want)
			}
		})
	}
	// 原案どおり is only in responses: the hits are exactly those comments
	if got, want := sorted(ids(all(t, x, "原案どおり"))), sorted(containing(ds, "原案どおり", false, true)); !slices.Equal(got, want) {
		t.Errorf("Search(原案どおり) = %v, want %v", got, want)
	}
	if c := containing(ds, "原案どおり", true, false); len(c) > 0 {
		t.Errorf("原案どおり occurs in comment texts %v; the test needs a response-only term", c)
	}
}

func TestQuerySemantics(t *testing.T) {
	ds := dataset("sem", nil,
		[2]string{"電子署名法の改正を求めます。", "原案どおりとします。"},                         // 1
		[2]string{"5G網の整備とC&Cサーバ15の検知。", "参考とします。"},                       // 2
		[2]string{"トラスト・サービスについて", "トラストサービスの制度化が重要です。"},                  // 3
		[2]string{"IoT機器のセキュリティ", "電子署名については別途検討します。"},                    // 4
		[2]string{`title:x +must -not "quoted" AND OR * ? ~2 ^3 (a)`, ""}, // 5
		[2]string{"ｶﾞｲﾄﾞﾗｲﾝの改定", ""},                                      // 6 (not NFKC: the index folds width itself)
	)
	x := build(t, ds)
	tests := []struct {
		query string
		want  []int // comment numbers, in any order
	}{
		{"署", []int{1, 4}},       // one kanji inside a word
		{"名法", []int{1}},         // a bigram across two words of the text
		{"5G網", []int{2}},        // Latin then a single kanji
		{"サーバ15", []int{2}},      // a run of katakana then digits
		{"C&Cサーバ", []int{2}},     // punctuation inside a word
		{"ＣＣサーバ", nil},           // ... is skipped, but letters are not glued
		{"トラストサービス", []int{3}},   // in the response of 3 (the comment has トラスト・サービス)
		{"トラスト・サービス", []int{3}},  // the punctuation is skipped
		{"電子署名 検討", []int{4}},    // both words must match, in any field
		{"電子署名　検討", []int{4}},    // ideographic space separates words too
		{"電子署名 存在しない語", nil},     // AND: one missing word, no hit
		{"IoT 電子署名", []int{4}},   // comment word + response word
		{"title:x", []int{5}},    // no query syntax: title and x are words
		{`"quoted"`, []int{5}},   // quotes are punctuation
		{"+must -not", []int{5}}, // + and - are not operators
		{"AND OR", []int{5}},     // nor are AND and OR
		{"*", nil},               // punctuation only: matches nothing, no error
		{"、。", nil},              // likewise
		{"ガイドライン", []int{6}},     // half-width text in the index folds too
		{"ｶﾞｲﾄﾞﾗｲﾝ", []int{6}},   // and in the query
		{"署名 * 電子", []int{1, 4}}, // a punctuation-only word is dropped, not ANDed
		{"存在しない", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := all(t, x, tt.query)
			var got []int
			for _, h := range hits {
				var n int
				if _, err := fmt.Sscanf(h.CommentID, "comment/sem/%d", &n); err != nil {
					t.Fatalf("hit ID %q: %v", h.CommentID, err)
				}
				got = append(got, n)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) found comments %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestInvalidSearch(t *testing.T) {
	x := build(t, dataset("inv", nil, [2]string{"テキスト", ""}))
	tests := []struct {
		name, text    string
		offset, limit int
		msg           string
	}{
		{"empty", "", 0, 10, "search text is empty"},
		{"spaces", "  \t\n", 0, 10, "search text is empty"},
		{"ideographic space", "\u3000\u3000", 0, 10, "search text is empty"},
		{"too long", strings.Repeat("あ", MaxTextLen+1), 0, 10, fmt.Sprintf("search text is longer than %d characters", MaxTextLen)},
		{"too many words", strings.Repeat("語 ", maxWords+1), 0, 10, fmt.Sprintf("search text has %d words, more than %d", maxWords+1, maxWords)},
		{"negative offset", "テキスト", -1, 10, "search offset -1 is negative"},
		{"negative limit", "テキスト", 0, -1, "search limit -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, total, err := x.Search(context.Background(), tt.text, tt.offset, tt.limit)
			var ge *graph.Error
			if !errors.As(err, &ge) {
				t.Fatalf("Search(%q) = %d hits, total %d, error %v; want a *graph.Error", tt.text, len(hits), total, err)
			}
			if ge.Code != graph.EINVALID || ge.Message != tt.msg {
				t.Errorf("Search(%q) error = {%s %q}, want {%s %q}", tt.text, ge.Code, ge.Message, graph.EINVALID, tt.msg)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	ds := realDataset(t)
	x := build(t, ds)
	const query = "考え" // in almost every response
	full := all(t, x, query)
	if len(full) < 50 {
		t.Fatalf("Search(%q) has %d hits; the test needs many", query, len(full))
	}
	for _, size := range []int{1, 7, 10, 100} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var paged []Hit
			seen := map[string]bool{}
			for offset := 0; ; offset += size {
				hits, total, err := x.Search(context.Background(), query, offset, size)
				if err != nil {
					t.Fatalf("Search(offset %d, limit %d): %v", offset, size, err)
				}
				if total != len(full) {
					t.Fatalf("Search(offset %d, limit %d): total %d, want %d", offset, size, total, len(full))
				}
				if len(hits) > size {
					t.Fatalf("Search(offset %d, limit %d) returned %d hits", offset, size, len(hits))
				}
				if len(hits) == 0 {
					if offset < total {
						t.Fatalf("Search(offset %d, limit %d) is empty before the end (%d)", offset, size, total)
					}
					break
				}
				for _, h := range hits {
					if seen[h.CommentID] {
						t.Errorf("%s appears on two pages (again at offset %d)", h.CommentID, offset)
					}
					seen[h.CommentID] = true
				}
				paged = append(paged, hits...)
			}
			if !reflect.DeepEqual(paged, full) {
				t.Errorf("pages of %d concatenated = %v\nwant %v", size, ids(paged), ids(full))
			}
		})
	}
	// limit 0: only the total
	hits, total, err := x.Search(context.Background(), query, 0, 0)
	if err != nil || len(hits) != 0 || total != len(full) {
		t.Errorf("Search(limit 0) = %d hits, total %d, %v; want 0 hits, total %d", len(hits), total, err, len(full))
	}
	// past the end
	hits, total, err = x.Search(context.Background(), query, len(full)+5, 10)
	if err != nil || len(hits) != 0 || total != len(full) {
		t.Errorf("Search(offset past the end) = %d hits, total %d, %v; want 0 hits, total %d", len(hits), total, err, len(full))
	}
}

func TestTiesOrderedByConsultationThenNumber(t *testing.T) {
	same := [2]string{"同じ意見です", "同じ回答です"}
	// numbers 2, 10, 9 and slugs b, a: a lexicographic or insertion order would differ
	b := dataset("b", []int{2, 10, 9}, same, same, same)
	a := dataset("a", []int{10, 2, 1}, same, same, same)
	x := build(t, b, a)
	hits := all(t, x, "同じ意見")
	want := []string{"comment/a/1", "comment/a/2", "comment/a/10", "comment/b/2", "comment/b/9", "comment/b/10"}
	// the premise: a and b have the same number of comments and the same texts, so
	// their statistics agree and all six hits score the same
	for i := 1; i < len(hits); i++ {
		if hits[i].Score != hits[0].Score {
			t.Fatalf("hit %d %s scores %v, hit 0 %s %v; want a tie", i, hits[i].CommentID, hits[i].Score, hits[0].CommentID, hits[0].Score)
		}
	}
	if got := ids(hits); !slices.Equal(got, want) {
		t.Errorf("tied hits in order %v, want %v", got, want)
	}
}

func TestRebuildReusesUnchangedConsultations(t *testing.T) {
	realDS := realDataset(t)
	other := dataset("other", nil,
		[2]string{"IoT機器のトラストサービス", "今後の参考とします。"},
		[2]string{"クラウドサービスの安全性", "原案どおりとさせていただきます。"})
	third := dataset("third", nil, [2]string{"eシールについて", "IoTの観点から検討します。"})
	prev, err := Build([]*graph.Dataset{realDS, other, third})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if got, want := prev.Stats(), (Stats{Consultations: 3, Comments: len(realDS.Comments) + 3, Indexed: 3}); got != want {
		t.Errorf("Build stats = %+v, want %+v", got, want)
	}

	changed := dataset("other", nil,
		[2]string{"IoT機器のトラストサービス", "今後の参考とします。"},
		[2]string{"クラウドサービスの安全性とIoT", "原案どおりとさせていただきます。"}, // changed
		[2]string{"新しい意見: トラストサービス", "IoTについて原案どおり"})      // added
	next := []*graph.Dataset{third, changed, realDS} // order does not matter
	re, err := Rebuild(prev, next)
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	defer re.Close()
	if got, want := re.Stats(), (Stats{Consultations: 3, Comments: len(realDS.Comments) + 4, Indexed: 1, Reused: 2}); got != want {
		t.Errorf("Rebuild stats = %+v, want %+v", got, want)
	}
	for i, p := range re.parts {
		shared := slices.Contains(prev.parts, p)
		if want := p.consultation != "consultation/other"; shared != want {
			t.Errorf("part %d (%s) shared with the previous index: %v, want %v", i, p.consultation, shared, want)
		}
	}

	fresh := build(t, next...)
	queries := []string{"トラストサービス", "IoT", "原案どおり", "考え", "サービス 原案"}
	compare := func(when string) {
		for _, q := range queries {
			got, want := all(t, re, q), all(t, fresh, q)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Rebuild Search(%q) = %v\nBuild Search = %v", when, q, got, want)
			}
		}
	}
	compare("prev open")

	// the old index still answers with the old content
	if got := ids(all(t, prev, "新しい意見")); len(got) != 0 {
		t.Errorf("prev Search(新しい意見) = %v, want nothing", got)
	}
	if err := prev.Close(); err != nil {
		t.Fatalf("prev.Close: %v", err)
	}
	// closing prev must not close the parts it shares with re
	compare("prev closed")
	if _, _, err := prev.Search(context.Background(), "IoT", 0, 10); err == nil {
		t.Error("Search on a closed index succeeded")
	}

	// a closed prev cannot lend its parts: everything is indexed again
	again, err := Rebuild(prev, next)
	if err != nil {
		t.Fatalf("Rebuild(closed prev): %v", err)
	}
	defer again.Close()
	if got := again.Stats(); got.Indexed != 3 || got.Reused != 0 {
		t.Errorf("Rebuild(closed prev) stats = %+v, want 3 indexed, 0 reused", got)
	}

	// nothing changed: everything is reused; a dropped consultation disappears
	same, err := Rebuild(re, []*graph.Dataset{realDS, changed})
	if err != nil {
		t.Fatalf("Rebuild(unchanged): %v", err)
	}
	defer same.Close()
	if got := same.Stats(); got.Indexed != 0 || got.Reused != 2 {
		t.Errorf("Rebuild(unchanged) stats = %+v, want 0 indexed, 2 reused", got)
	}
	for _, h := range all(t, same, "eシール") {
		if strings.HasPrefix(h.CommentID, "comment/third/") {
			t.Errorf("dropped consultation still found: %s", h.CommentID)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	d := dataset("dup", nil, [2]string{"a", "b"})
	tests := []struct {
		name string
		ds   []*graph.Dataset
		msg  string
	}{
		{"nil dataset", []*graph.Dataset{nil}, "fulltext index: nil dataset"},
		{"twice", []*graph.Dataset{d, d}, "fulltext index: consultation consultation/dup given twice"},
		{"duplicate comment", []*graph.Dataset{dataset("dc", []int{1, 1}, [2]string{"a", ""}, [2]string{"b", ""})},
			"fulltext index: consultation consultation/dc: comment comment/dc/1 given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := Build(tt.ds)
			if err == nil {
				x.Close()
				t.Fatal("Build succeeded")
			}
			if err.Error() != tt.msg || graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("Build error = %q (%s), want %q (%s)", err, graph.ErrorCode(err), tt.msg, graph.EINVALID)
			}
		})
	}
}

func TestEmptyIndex(t *testing.T) {
	x := build(t)
	hits, total, err := x.Search(context.Background(), "IoT", 0, 10)
	if err != nil || total != 0 || len(hits) != 0 {
		t.Errorf("Search on an empty index = %v, %d, %v; want no hits, 0, nil", hits, total, err)
	}
}

func TestSearchRespectsContext(t *testing.T) {
	x := build(t, realDataset(t), dataset("ctx", nil, [2]string{"IoT", "IoT"}))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"cancelled", cancelled, context.Canceled},
		{"deadline", expired, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, total, err := x.Search(tt.ctx, "IoT", 0, 10)
			if !errors.Is(err, tt.want) {
				t.Errorf("Search = %d hits, total %d, error %v; want %v", len(hits), total, err, tt.want)
			}
		})
	}
}

func TestSnippetsEscapeHTML(t *testing.T) {
	x := build(t, dataset("esc", nil,
		[2]string{`<script>alert("x & y")</script> のトラストサービス`, `A&B <b>太字</b> トラストサービス`}))
	for _, q := range []string{"script", "<script>", "トラストサービス"} {
		t.Run(q, func(t *testing.T) {
			hits := all(t, x, q)
			if len(hits) != 1 {
				t.Fatalf("Search(%q) = %v, want 1 hit", q, ids(hits))
			}
			for _, s := range hits[0].Snippets {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
				if strings.ContainsAny(rest, "<>\"") {
					t.Errorf("snippet %q has unescaped HTML besides <mark>", s)
				}
				if !strings.Contains(s, "<mark>") {
					t.Errorf("snippet %q has no mark", s)
				}
			}
		})
	}
	hits := all(t, x, "script")
	want := []string{`&lt;<mark>script</mark>&gt;alert(&#34;x &amp; y&#34;)&lt;/<mark>script</mark>&gt; のトラストサービス`}
	if !slices.Equal(hits[0].Snippets, want) {
		t.Errorf("Search(script) snippets = %q, want %q", hits[0].Snippets, want)
	}
	hits = all(t, x, "トラストサービス")
	want = []string{
		`&lt;script&gt;alert(&#34;x &amp; y&#34;)&lt;/script&gt; の<mark>トラストサービス</mark>`,
		`A&amp;B &lt;b&gt;太字&lt;/b&gt; <mark>トラストサービス</mark>`,
	}
	if !slices.Equal(hits[0].Snippets, want) {
		t.Errorf("Search(トラストサービス) snippets = %q, want %q", hits[0].Snippets, want)
	}
}

func TestConcurrentSearchesAndRebuild(t *testing.T) {
	ds := realDataset(t)
	x := build(t, ds)
	want := all(t, x, "IoT")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				hits, _, err := x.Search(context.Background(), "IoT", i%3, 5)
				if err != nil {
					errs <- err
					return
				}
				if !reflect.DeepEqual(hits, want[i%3:min(len(want), i%3+5)]) {
					errs <- fmt.Errorf("goroutine %d: page %d differs", g, i)
					return
				}
			}
		}()
	}
	// rebuild from x and close the rebuilt one while x is searched
	for range 3 {
		y, err := Rebuild(x, []*graph.Dataset{ds, dataset("extra", nil, [2]string{"IoT", ""})})
		if err != nil {
			t.Fatalf("Rebuild: %v", err)
		}
		if err := y.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCloseReleasesEverything(t *testing.T) {
	ds := realDataset(t)
	before := runtime.NumGoroutine()
	x, err := Build([]*graph.Dataset{ds, dataset("g", nil, [2]string{"a", "b"})})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	y, err := Rebuild(x, []*graph.Dataset{ds, dataset("g", nil, [2]string{"changed", "b"})})
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	// three parts: the bundled consultation's, shared, and each index's own g
	parts := map[*part]bool{}
	for _, p := range append(slices.Clone(x.parts), y.parts...) {
		parts[p] = true
	}
	if len(parts) != 3 {
		t.Fatalf("the two indexes hold %d distinct parts, want 3", len(parts))
	}
	for name, ix := range map[string]*Index{"built": x, "rebuilt": y} {
		if err := ix.Close(); err != nil {
			t.Errorf("Close(%s): %v", name, err)
		}
		if err := ix.Close(); err != nil {
			t.Errorf("second Close(%s): %v", name, err)
		}
		if _, _, err := ix.Search(context.Background(), "IoT", 0, 10); err == nil {
			t.Errorf("Search on the closed %s index succeeded", name)
		}
	}
	for p := range parts {
		if n := p.refs.Load(); n != 0 || p.docs != nil || p.cjk != nil || p.words != nil {
			t.Errorf("part %s after closing every index: %d references, %d comments, dictionary kept: %v",
				p.consultation, n, len(p.docs), p.cjk != nil || p.words != nil)
		}
	}
	// the builds' goroutines are done, but may take a moment to exit
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("goroutines: %d before Build, %d after closing every index", before, after)
	}
}

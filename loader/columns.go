package loader

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pcgraph/pcgraph/graph"
)

// Field is what a column of a result table holds. Tables name their columns in many
// ways (意見の概要, 御意見の要旨, 提出意見; 考え方, 回答, 対応 …) and in any order: a Mapping
// says which column is which. Only FieldComment and FieldResponse are required.
type Field string

const (
	FieldNumber        Field = "number"         // 項番 / 番号 / No. / 通番
	FieldSubmitter     Field = "submitter"      // 意見提出者 / 提出者 / 氏名・団体名
	FieldSubmitterKind Field = "submitter_kind" // 提出者属性: 個人 / 団体
	FieldSection       Field = "section"        // 該当箇所 / 該当ページ / 項目
	FieldComment       Field = "comment"        // 御意見の詳細 / 意見の概要 / 提出意見
	FieldResponse      Field = "response"       // 御意見に対する考え方 / 回答 / 対応
	FieldRound         Field = "round"          // ver / 回: tables holding several rounds
)

// Fields lists the fields in the order a mapping is shown.
var Fields = []Field{FieldNumber, FieldSubmitter, FieldSubmitterKind, FieldSection, FieldComment, FieldResponse, FieldRound}

// fieldNames are what the Japanese header of a field is usually called, for messages.
var fieldNames = map[Field]string{
	FieldNumber: "項番", FieldSubmitter: "意見提出者", FieldSubmitterKind: "提出者属性",
	FieldSection: "該当箇所", FieldComment: "御意見", FieldResponse: "御意見に対する考え方", FieldRound: "回",
}

// ParseField reads a field name as a manifest's columns: key gives it.
func ParseField(s string) (Field, bool) {
	for _, f := range Fields {
		if string(f) == s {
			return f, true
		}
	}
	return "", false
}

// Mapping says what each column of a table holds: one of the fields, or nothing (an
// extra column such as 備考 or 分類, whose cells are kept as the comment's attributes).
type Mapping struct {
	Line   int      // the header row's line
	Header []string // the header's cells, as written
	Fields []Field  // per column; "" for an extra column
	Given  bool     // the manifest named the columns
	Absent []string // columns the manifest names that the table does not have ("section: 該当箇所")
}

// Col returns the 0-based column of f, or -1 when the table has none.
func (m *Mapping) Col(f Field) int {
	for i, g := range m.Fields {
		if g == f {
			return i
		}
	}
	return -1
}

// Describe is the mapping as `pcgraph check` prints it, one line a column.
func (m *Mapping) Describe() []string {
	var out []string
	for i, h := range m.Header {
		what := "attribute (kept with each comment)"
		if f := m.Fields[i]; f != "" {
			what = string(f)
		}
		out = append(out, fmt.Sprintf("column %d %q → %s", i+1, clip(strings.TrimSpace(h), 30), what))
	}
	for _, a := range m.Absent {
		out = append(out, "the manifest names "+a+": the table has no such column")
	}
	for _, f := range []Field{FieldNumber, FieldSubmitter, FieldSection} {
		if m.Col(f) < 0 {
			switch f {
			case FieldNumber:
				out = append(out, "no number column: comments are numbered by their position in the table")
			case FieldSubmitter:
				if m.Col(FieldSubmitterKind) < 0 {
					out = append(out, "no submitter column: submitters are not published (comments have none)")
				}
			case FieldSection:
				out = append(out, "no section column: a place written at the start of a comment (P2 L22, 第2章 …) is its section")
			}
		}
	}
	return out
}

// headerRules recognise a header cell, tried in order on its headerKey form (NFKC, no
// spaces, ご as 御), lower-cased. The order matters: 御意見に対する考え方 names a response
// although it contains 意見, 意見提出者 a submitter, 意見番号 a number.
var headerRules = []struct {
	field Field
	re    *regexp.Regexp
}{
	{FieldRound, regexp.MustCompile(`^(ver\.?|version|版|回|回次|募集回|round|ラウンド|実施回)$`)},
	{FieldNumber, regexp.MustCompile(`^(御?意見)?(項番|番号|通し番号|通番|連番|整理番号|no\.?|#|id|number|item)$`)},
	{FieldResponse, regexp.MustCompile(`考え方|回答|対応|返答|^(response|reply|answer)s?$`)},
	{FieldSubmitterKind, regexp.MustCompile(`属性|個人・団体|個人/団体|団体・個人|提出者の?(種別|区分)`)},
	{FieldSubmitter, regexp.MustCompile(`提出者|^(氏名|団体名|名称|提出元|氏名・団体名|氏名又は団体名|団体名・氏名|submitter|name)$`)},
	{FieldSection, regexp.MustCompile(`該当|箇所|^(項目|章|節|ページ|頁|対象|section|page|location)$`)},
	{FieldComment, regexp.MustCompile(`意見|^(コメント|内容|comments?|opinions?)$`)},
}

// guessField tells what a header cell names, or "" when it names none of the fields. A
// header cell is a name: short, without digits or sentence punctuation, so that a data
// row whose comment says 意見 and whose response says 回答 is not taken for a header.
func guessField(cell string) Field {
	k := strings.ToLower(headerKey(cell))
	if k == "" || utf8.RuneCountInString(k) > maxHeaderRunes || strings.ContainsAny(k, "0123456789。、") {
		return ""
	}
	for _, r := range headerRules {
		if r.re.MatchString(k) {
			return r.field
		}
	}
	return ""
}

// maxHeaderRunes bounds a header cell (「御意見に対する国土交通省の考え方(案)」 has 19).
const maxHeaderRunes = 30

// mapHeader maps the cells of a candidate header row. With given (the manifest's
// columns: field → header text) the named fields are found by their text (a named
// optional column the table lacks is noted in Absent); every other cell is recognised by
// headerRules, and a field named twice keeps its first column. ok is false when the row does not name both the comment
// and the response column; missing then says what was not found.
func mapHeader(cells []string, given map[Field]string) (m *Mapping, ok bool, missing string) {
	m = &Mapping{Header: cells, Fields: make([]Field, len(cells)), Given: len(given) > 0}
	taken := map[Field]bool{}
	if len(given) > 0 {
		var absent []string
		for _, f := range Fields {
			h, named := given[f]
			if !named {
				continue
			}
			found := false
			for i, c := range cells {
				if m.Fields[i] == "" && strings.EqualFold(headerKey(c), headerKey(h)) {
					m.Fields[i], found = f, true
					break
				}
			}
			if !found {
				absent = append(absent, fmt.Sprintf("%s: %s", f, h))
			}
		}
		m.Absent = absent
	}
	if len(given) == 0 {
		for _, c := range cells {
			if _, err := parseNumber(c); err == nil {
				return m, false, "a cell is a number: a data row, not a header"
			}
		}
	}
	// The fields the manifest does not name are recognised by their header.
	for _, f := range m.Fields {
		taken[f] = true
	}
	for f := range given {
		taken[f] = true
	}
	for i, c := range cells {
		if m.Fields[i] != "" {
			continue
		}
		if f := guessField(c); f != "" && !taken[f] {
			m.Fields[i], taken[f] = f, true
		}
	}
	var lack []string
	for _, f := range []Field{FieldComment, FieldResponse} {
		if m.Col(f) < 0 {
			if h, ok := given[f]; ok {
				lack = append(lack, fmt.Sprintf("%s %q", f, h))
			} else {
				lack = append(lack, fmt.Sprintf("%s (%s)", f, fieldNames[f]))
			}
		}
	}
	if len(lack) > 0 {
		return m, false, "no " + strings.Join(lack, " or ") + " column"
	}
	return m, true, ""
}

// splitBy makes the column headed h the round column; false when there is none.
func (m *Mapping) splitBy(h string) bool {
	for i, c := range m.Header {
		if strings.EqualFold(headerKey(c), headerKey(h)) {
			if r := m.Col(FieldRound); r >= 0 {
				m.Fields[r] = ""
			}
			m.Fields[i] = FieldRound
			return true
		}
	}
	return false
}

// checkColumns validates a manifest's columns: keys.
func checkColumns(cols map[string]string) (map[Field]string, *graph.Error) {
	if len(cols) == 0 {
		return nil, nil
	}
	out := map[Field]string{}
	for k, v := range cols {
		f, ok := ParseField(k)
		if !ok {
			names := make([]string, len(Fields))
			for i, f := range Fields {
				names[i] = string(f)
			}
			return nil, graph.Errorf(graph.EINVALID, "columns: %q is not one of %s", k, strings.Join(names, ", "))
		}
		if strings.TrimSpace(v) == "" {
			return nil, graph.Errorf(graph.EINVALID, "columns: %s names no header text", k)
		}
		out[f] = v
	}
	for _, f := range []Field{FieldComment, FieldResponse} {
		if _, ok := out[f]; !ok {
			return nil, graph.Errorf(graph.EINVALID, "columns: %s is required (the header text of the %s column)", f, fieldNames[f])
		}
	}
	return out, nil
}

// Package graph holds pcgraph's domain: the records a consultation contributes to the
// knowledge graph, their stable IDs and the vocabulary they are written with. It imports
// neither Cayley nor HTTP, so the loader, the store, the index and the server all share
// one definition of a Comment.
package graph

import "strings"

// Dataset is everything one consultation contributes to the graph. It is the unit of
// loading, replacing and dropping: the store writes it as one named graph.
//
// Slices are ordered (comments by number, the rest by ID) so that two datasets built from
// the same source compare equal, and so that reading a dataset back from the store gives
// exactly what was written.
type Dataset struct {
	Consultation  Consultation
	Comments      []Comment
	Submitters    []Submitter
	Organizations []Organization
	Sections      []Section
	// Topics is the taxonomy the consultation was loaded with. It is stored with the
	// consultation so that replacing or dropping it never touches another one.
	Topics []Topic
}

// Consultation is one public-comment procedure (意見募集) and its result table.
type Consultation struct {
	ID       string // consultation/<slug>
	Slug     string
	Title    string
	Ministry string
	Deadline string // YYYY-MM-DD, the last day comments were accepted
	Source   string // the source file's name, as given in the manifest
	Format   string // tsv or csv
}

// Comment is one row of the result table: one submitter's opinion on one part of the
// draft, and the ministry's response to it.
type Comment struct {
	ID           string // comment/<slug>/<number>
	Consultation string // consultation ID
	Number       int    // 項番
	Submitter    string // submitter ID; empty when the table does not publish who wrote it
	Section      string // section ID; empty when the comment is general (—)
	Text         string // plain text, NFKC-normalised, paragraphs separated by "\n\n"
	HTML         string // the cell as published (may be plain text)
	PageRefs     []PageRef
	Mentions     []TopicMention
	Response     Response
	Source       Source
	// Heading is the group heading the row stands under in the table (「当該意見を踏ま
	// えて内容を修正するもの」), empty when the table has none.
	Heading string
	// Attributes are the cells of the table's extra columns (備考, 分類, 提出者属性 …),
	// and the printed 項番 when comments are numbered by position, in column order.
	Attributes []Attribute
}

// Attribute is the cell of an extra column of a row: the column's header and the cell.
type Attribute struct {
	Name  string
	Value string
}

// PageRef is a reference to a page of the draft, as written in a comment.
type PageRef struct {
	Page    int    // 1-based page number of the draft
	Lines   string // a line range when one is given ("3-4"), else empty
	Surface string // the text as written: p22, P.36, 9ページ, 25ページの3～4行目
}

// MentionVia says where a topic mention was found.
type MentionVia string

const (
	ViaComment  MentionVia = "COMMENT"  // the comment's own text
	ViaSection  MentionVia = "SECTION"  // the section the comment is about
	ViaResponse MentionVia = "RESPONSE" // the ministry's response
)

// TopicMention records that a comment is about a topic, and the evidence for it.
type TopicMention struct {
	Topic   string     // topic ID
	Via     MentionVia // where it was found
	Surface string     // the matched text (alias or section title), as it appears after NFKC
}

// Response is the ministry's answer to one comment (御意見に対する考え方).
type Response struct {
	ID           string // response/<slug>/<number>
	Text         string // plain text, as Comment.Text
	HTML         string // as published
	TextID       string // responsetext/<slug>/<hash>: shared by responses with the same text
	Dispositions []DispositionAssignment
	SectionRefs  []SectionRef
	// SameAs is the comment whose answer this response points to (「No.3と同じ」,
	// 「同上」), empty when it points to none; SameAsSurface the words that say so.
	SameAs        string
	SameAsSurface string
}

// Disposition classifies how the ministry handled a comment: the values are described in
// schema/comment.graphqls (enum Disposition), the phrases that give them in
// loader/disposition.go.
type Disposition string

const (
	Revised          Disposition = "REVISED"
	Unchanged        Disposition = "UNCHANGED"
	Agreement        Disposition = "AGREEMENT"
	FutureWork       Disposition = "FUTURE_WORK"
	Noted            Disposition = "NOTED"
	TakenIntoAccount Disposition = "TAKEN_INTO_ACCOUNT"
	Explanation      Disposition = "EXPLANATION"
)

// Dispositions lists every disposition in a fixed order (for tables and counts).
var Dispositions = []Disposition{Revised, Unchanged, Agreement, FutureWork, Noted, TakenIntoAccount, Explanation}

// DispositionAssignment is one disposition given to a response, with the phrase that
// justified it so that a researcher can audit the classification.
type DispositionAssignment struct {
	Disposition Disposition
	Evidence    string // the matched phrase; empty for EXPLANATION (nothing matched)
}

// SectionRef is a reference from a response to a section of the draft (Ⅲ(2)③, Ⅳ-(1)-⑥).
type SectionRef struct {
	Section string // section ID
	Surface string // as written
}

// Source is the provenance of a comment: where in which file it was read.
type Source struct {
	File  string   // file name as given in the manifest
	Line  int      // 1-based line where the row starts
	Cells []string // the raw cells, as read (after decoding to UTF-8)
}

// SubmitterKind says who a submitter is.
type SubmitterKind string

const (
	KindOrganization SubmitterKind = "ORGANIZATION" // 法人X(name)
	KindIndividual   SubmitterKind = "INDIVIDUAL"   // 個人X
	KindGroup        SubmitterKind = "GROUP"        // 個人(多数): many individuals summarised as one row
)

// Submitter is a commenter as labelled in one consultation (labels such as 法人F are
// per consultation). Organizations link submitters across consultations.
type Submitter struct {
	ID           string // submitter/<slug>/<label>
	Consultation string
	Label        string // 法人F, 個人A, 個人(多数)
	Name         string // セキュアIoTプラットフォーム協議会; empty for individuals
	Kind         SubmitterKind
	Organization string // organization ID, for organizations only
	Raw          string // the cell as written
}

// Organization is an organization identified by its normalised name, the same across
// consultations.
type Organization struct {
	ID   string // organization/<normalised name>
	Name string
}

// Section is a part of the draft: a chapter (III), a section (III-5) or an item (III-2-3).
type Section struct {
	ID           string // section/<slug>/<code>
	Consultation string
	Code         string // III-5; OTHER for その他
	Chapter      string // III; empty for OTHER
	Title        string // トラストサービスの制度化と普及促進; empty when the data never gives it
	Parent       string // section ID of the enclosing section; empty for chapters
}

// TopicKind classifies a topic of the taxonomy.
type TopicKind string

const (
	KindTheme      TopicKind = "THEME"
	KindProgram    TopicKind = "PROGRAM"
	KindSystem     TopicKind = "SYSTEM"
	KindLaw        TopicKind = "LAW"
	KindStandard   TopicKind = "STANDARD"
	KindOrgTopic   TopicKind = "ORGANIZATION"
	KindTechnology TopicKind = "TECHNOLOGY"
	KindThreat     TopicKind = "THREAT"
)

// TopicKinds lists the kinds a taxonomy may use.
var TopicKinds = []TopicKind{KindTheme, KindProgram, KindSystem, KindLaw, KindStandard, KindOrgTopic, KindTechnology, KindThreat}

// Topic is an entry of the taxonomy.
type Topic struct {
	ID       string // topic/<slug>
	Slug     string
	Label    string // Japanese label
	LabelEn  string
	Kind     TopicKind
	Aliases  []string // surface forms, matched after NFKC normalisation
	Broader  string   // topic ID, empty for a root
	Sections []string // section codes (III-5) that are about this topic
}

// SectionKind says what kind of part of the draft a section is; it follows from the
// code (see Section.Kind).
type SectionKind string

const (
	SectionChapter SectionKind = "CHAPTER"
	SectionSection SectionKind = "SECTION"
	SectionItem    SectionKind = "ITEM"
	SectionPart    SectionKind = "PART"
	SectionPage    SectionKind = "PAGE"
	SectionAnnex   SectionKind = "ANNEX"
	SectionIntro   SectionKind = "INTRO"
	SectionClosing SectionKind = "CLOSING"
	SectionOther   SectionKind = "OTHER"
	SectionText    SectionKind = "TEXT"
)

// annexPrefixes are the codes the loader gives annexes (別紙 ANNEX, 別添 ATTACHMENT …).
var annexPrefixes = []string{"ANNEX", "ATTACHMENT", "TABLE", "VOLUME", "APPENDIX", "REFERENCE"}

// Kind tells what kind of part the section is, from its code: its depth below the
// outermost level, or the prefix of a code that is not a chapter's.
func (s Section) Kind() SectionKind {
	first, _, _ := strings.Cut(s.Code, "-")
	depth := strings.Count(s.Code, "-")
	switch {
	case s.Code == "OTHER":
		return SectionOther
	case s.Code == "INTRO":
		return SectionIntro
	case s.Code == "CLOSING":
		return SectionClosing
	case strings.HasPrefix(s.Code, "TEXT-"):
		return SectionText
	case len(first) > 1 && first[0] == 'P' && first[1] >= '0' && first[1] <= '9':
		return SectionPage
	case strings.HasPrefix(first, "PART"):
		if depth == 0 {
			return SectionPart
		}
		depth-- // 第2部第1章 is a chapter
	}
	for _, p := range annexPrefixes {
		if strings.HasPrefix(first, p) && depth == 0 {
			return SectionAnnex
		}
	}
	switch depth {
	case 0:
		return SectionChapter
	case 1:
		return SectionSection
	}
	return SectionItem
}

// Labels are the Japanese labels of every enum value of the API, by the schema's enum
// name and then the value (the schema is the source of the values: a test fails when a
// value has no label here). They are what researchers read: commentStats keys, the
// explorer (which reads them through the API's enumLabels), the network exports' kind
// labels and pcgraph stats.
var Labels = map[string]map[string]string{
	"Disposition": {
		string(Revised):          "修正（案を修正）",
		string(Unchanged):        "原案どおり",
		string(Agreement):        "賛同",
		string(FutureWork):       "今後の取組の参考",
		string(Noted):            "参考意見として承る",
		string(TakenIntoAccount): "施策の実施に当たり参考",
		string(Explanation):      "説明・その他",
	},
	"SubmitterKind": {
		string(KindOrganization): "法人・団体",
		string(KindIndividual):   "個人",
		string(KindGroup):        "個人（多数）",
	},
	"MentionVia": {
		string(ViaComment):  "意見本文",
		string(ViaSection):  "該当箇所",
		string(ViaResponse): "考え方",
	},
	"TopicKind": {
		string(KindTheme):      "テーマ",
		string(KindProgram):    "施策・取組",
		string(KindSystem):     "制度",
		string(KindLaw):        "法令",
		string(KindStandard):   "規格・基準",
		string(KindOrgTopic):   "組織・団体",
		string(KindTechnology): "技術",
		string(KindThreat):     "脅威",
	},
	"SectionKind": {
		string(SectionChapter): "章",
		string(SectionSection): "節",
		string(SectionItem):    "項目",
		string(SectionPart):    "部",
		string(SectionPage):    "ページ",
		string(SectionAnnex):   "別紙・別添",
		string(SectionIntro):   "はじめに",
		string(SectionClosing): "おわりに",
		string(SectionOther):   "その他",
		string(SectionText):    "該当箇所（記載どおり）",
	},
	// Enums of the API's arguments and views (graph/index, graph/index/network, the
	// schema alone), labelled here too so that there is one table.
	"StatDimension": {
		"CONSULTATION":   "意見募集",
		"SECTION":        "該当箇所",
		"CHAPTER":        "章",
		"TOPIC":          "トピック",
		"DISPOSITION":    "対応区分",
		"SUBMITTER":      "意見提出者",
		"SUBMITTER_KIND": "提出者の種別",
		"ORGANIZATION":   "法人・団体名",
		"CAMPAIGN":       "キャンペーン（同文意見）",
	},
	"NetworkNodeKind": {"TOPIC": "トピック", "SUBMITTER": "意見提出者", "SECTION": "該当箇所"},
	"SearchField":     {"COMMENT": "意見本文", "RESPONSE": "考え方"},
	"Match":           {"ANY": "いずれか", "ALL": "すべて"},
	"OrganizationOrder": {
		"NAME":          "名前順",
		"COMMENTS_DESC": "意見数の多い順",
	},
}

// Label is the Japanese label of value of the schema's enum, or the value itself when
// it has none.
func Label(enum, value string) string {
	if l, ok := Labels[enum][value]; ok {
		return l
	}
	return value
}

package fulltext

import (
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"
)

// Names used in the bleve mapping. The document fields are short because bleve keeps
// them in every posting list's field dictionary.
const (
	analyzerName = "pcgraph_cjk"
	bigramFilter = "pcgraph_cjk_bigram_unigram"

	fieldComment  = "c" // Comment.Text
	fieldResponse = "r" // Comment.Response.Text
	fieldOrder    = "o" // orderKey(slug, number): the tie-break
)

// Boosts of the two text fields. A match in what the commenter wrote counts twice as
// much as a match in the ministry's response: responses are often boilerplate that
// repeat the comment's vocabulary, and a researcher searching comments wants the
// comments that raise the term first.
const (
	boostComment  = 1.0
	boostResponse = 0.5
)

var (
	mappingOnce sync.Once
	theMapping  *mapping.IndexMappingImpl
	theAnalyzer analysis.Analyzer
	mappingErr  error
)

// indexMapping returns the one mapping every per-consultation index uses (it is only read
// after construction, so sharing it is safe) and its analyzer.
//
// The analyzer is bleve's CJK analyzer (unicode tokenizer → cjk_width → lowercase →
// cjk_bigram) with one change: the bigram filter also emits unigrams, stacked at the
// position of the bigram that starts with the same character. Bigrams keep phrase
// queries on long words fast and precise; the unigrams let a query for one character
// (署) or a word that ends a run of kana/kanji next to Latin text (5G網, サーバ15) match,
// which a bigram-only index cannot do. Queries are analysed by the same analyzer and
// turned into phrases by phraseTerms, which picks the bigrams and only the unigrams that
// are needed.
func indexMapping() (*mapping.IndexMappingImpl, analysis.Analyzer, error) {
	mappingOnce.Do(func() {
		im := bleve.NewIndexMapping()
		im.ScoringModel = bleveindex.BM25Scoring
		if err := im.AddCustomTokenFilter(bigramFilter, map[string]any{
			"type":           cjk.BigramName,
			"output_unigram": true,
		}); err != nil {
			mappingErr = err
			return
		}
		if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": []any{cjk.WidthName, lowercase.Name, bigramFilter},
		}); err != nil {
			mappingErr = err
			return
		}
		im.DefaultAnalyzer = analyzerName
		im.IndexDynamic = false
		im.StoreDynamic = false
		im.DocValuesDynamic = false

		text := bleve.NewTextFieldMapping()
		text.Analyzer = analyzerName
		text.Store = false
		text.IncludeInAll = false
		text.IncludeTermVectors = true // positions for phrases, offsets for snippets
		text.DocValues = false

		order := bleve.NewKeywordFieldMapping()
		order.Store = false
		order.IncludeInAll = false
		order.IncludeTermVectors = false
		order.DocValues = true // sorting

		doc := bleve.NewDocumentStaticMapping()
		doc.AddFieldMappingsAt(fieldComment, text)
		doc.AddFieldMappingsAt(fieldResponse, text)
		doc.AddFieldMappingsAt(fieldOrder, order)
		im.DefaultMapping = doc

		if err := im.Validate(); err != nil {
			mappingErr = err
			return
		}
		a := im.AnalyzerNamed(analyzerName)
		if a == nil {
			mappingErr = errorf("analyzer %s is not registered", analyzerName)
			return
		}
		theMapping, theAnalyzer = im, a
	})
	return theMapping, theAnalyzer, mappingErr
}

// normalizeQuery applies to the search text what the loader applied to the comments
// (NFKC), so that Ⅲ finds III and ① finds 1; the analyzer then folds width and case.
func normalizeQuery(text string) string { return norm.NFKC.String(text) }

// queryWords splits the normalised search text into words at white space (including the
// ideographic space U+3000) and turns each into the terms of a phrase. Words with no
// searchable characters (punctuation only) are dropped.
func queryWords(a analysis.Analyzer, text string) [][]string {
	var words [][]string
	for _, w := range strings.Fields(normalizeQuery(text)) {
		if terms := phraseTerms(a.Analyze([]byte(w))); len(terms) > 0 {
			words = append(words, terms)
		}
	}
	return words
}

// phraseTerms turns the index analyzer's token stream for one query word into the terms
// of an exact phrase, one per position: the bigram at a position when there is one, else
// the unigram — except a unigram that only repeats the second character of the previous
// bigram (the last character of a run), which becomes "" (any term), so that the phrase
// keeps the index's positions without searching a long unigram posting list. Trailing
// "" terms are dropped.
//
//	トラストサービス → トラ ラス スト トサ サー ービ ビス
//	5G網            → 5g 網
//	サーバ15         → サー ーバ "" 15
func phraseTerms(tokens analysis.TokenStream) []string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first = min(first, t.Position)
		last = max(last, t.Position)
	}
	type slot struct {
		bigram, unigram, other *analysis.Token
	}
	slots := make([]slot, last-first+1)
	for _, t := range tokens {
		s := &slots[t.Position-first]
		switch t.Type {
		case analysis.Double:
			s.bigram = t
		case analysis.Single:
			s.unigram = t
		default:
			s.other = t
		}
	}
	terms := make([]string, 0, len(slots))
	var prevEnd = -1 // end offset of the previous position's bigram
	for _, s := range slots {
		switch {
		case s.bigram != nil:
			terms = append(terms, string(s.bigram.Term))
			prevEnd = s.bigram.End
			continue
		case s.unigram != nil && s.unigram.End == prevEnd:
			terms = append(terms, "") // covered by the previous bigram
		case s.unigram != nil:
			terms = append(terms, string(s.unigram.Term))
		case s.other != nil:
			terms = append(terms, string(s.other.Term))
		default:
			terms = append(terms, "")
		}
		prevEnd = -1
	}
	for len(terms) > 0 && terms[len(terms)-1] == "" {
		terms = terms[:len(terms)-1]
	}
	return terms
}

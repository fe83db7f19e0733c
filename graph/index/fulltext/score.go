package fulltext

import "math"

// Hits are ranked by Okapi BM25, summed over the terms of every search word in every
// field where the word occurs, weighted by field:
//
//	idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)),  idf = ln(1 + (N − df + 0.5)/(df + 0.5))
//
// tf counts the term's occurrences in the field (in the phrase or not, as the postings
// of a term would), len is the field's number of terms, df the number of comments of
// the consultation whose field holds the term, N and avgLen are over the whole Index.

// Boosts of the two text fields. A match in what the commenter wrote counts twice as
// much as a match in the ministry's response: responses are often boilerplate that
// repeat the comment's vocabulary, and a researcher searching comments wants the
// comments that raise the term first.
var boost = [numFields]float64{
	fieldComment:  1.0,
	fieldResponse: 0.5,
}

// BM25 parameters, the usual defaults (Lucene's): k1 saturates the term frequency, b is
// how much a long field is penalised.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// collection is what BM25 needs to know of everything searched: the number of
// comments and the average field lengths, over all the consultations of an Index.
type collection struct {
	docs   int
	avgLen [numFields]float64
}

// idf is the inverse document frequency of a term that df of n documents hold.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// bm25 is the score of a term with inverse document frequency idf that occurs tf times
// in a field of fieldLen terms, when fields average avgLen terms.
func bm25(idf float64, tf int, fieldLen uint32, avgLen float64) float64 {
	norm := 1.0
	if avgLen > 0 {
		norm = 1 - bm25B + bm25B*float64(fieldLen)/avgLen
	}
	t := float64(tf)
	return idf * t * (bm25K1 + 1) / (t + bm25K1*norm)
}

// Package campaign finds form letters: near-duplicate comments — one text with small
// edits — sent by different submitters to one consultation.
//
// # Method
//
// A text is reduced to its letters and digits (the caller folds width and case first:
// ＩｏＴ and iot are one word) and cut into overlapping shingles of Options.Shingle
// characters; two comments are alike to the degree their shingle sets overlap, the
// Jaccard similarity |A∩B| / |A∪B|. Comparing every pair is quadratic, so candidates
// are found by MinHash with LSH banding: a signature of 60 minimum hashes (one
// permutation, 60 bins: see signature) is cut into 20 bands of 3, and comments that
// agree on all of a band's hashes share a bucket. A pair of Jaccard similarity J shares some bucket with probability
// 1-(1-J^Rows)^Bands: with the defaults (20 bands of 3) 0.99 at J = 0.6, 0.93 at 0.5,
// 0.15 at 0.2. Every candidate pair is then verified by its exact Jaccard similarity,
// which must reach Options.Threshold; pairs by the same submitter never link. Linked
// comments form groups (single linkage: A~B and B~C put A, B, C in one campaign).
//
// Detection is deterministic: the same documents give the same groups, each listing its
// members in document order, the first being the exemplar.
package campaign

import (
	"cmp"
	"slices"
	"unicode"
)

// Options tunes detection. Zero fields take the defaults.
type Options struct {
	// Threshold is the least Jaccard similarity of two comments' shingle sets for them
	// to be one campaign (default 0.6: a form letter with a sentence added or a few
	// phrases changed stays above it; two comments on one subject in the same words
	// rarely reach 0.3).
	Threshold float64
	// Shingle is the length of a shingle in characters (default 4).
	Shingle int
	// MinChars is the least number of letters and digits a comment needs to be part of
	// a campaign (default 20): 「賛成です。」 by many people is agreement, not a form letter.
	MinChars int
}

// DefaultThreshold is Options.Threshold's default.
const DefaultThreshold = 0.6

const (
	bands = 20
	rows  = 3
)

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Shingle <= 0 {
		o.Shingle = 4
	}
	if o.MinChars <= 0 {
		o.MinChars = 20
	}
	return o
}

// Doc is one comment: its text (folded for width and case by the caller; ASCII
// capitals are lowered here) and who sent it. An empty Submitter is unknown (an anonymised table): such comments are taken to
// be by different people.
type Doc struct {
	Text      string
	Submitter string
}

// Group is one campaign: the positions of its documents in the input, ascending (the
// first is the exemplar), and the mean Jaccard similarity of the others to the
// exemplar.
type Group struct {
	Members    []int
	Similarity float64
}

// Detect groups the near-duplicates among docs (one consultation's comments). Only
// groups of two or more are returned, ordered by their exemplar.
func Detect(docs []Doc, opt Options) []Group {
	opt = opt.withDefaults()
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = shingles(d.Text, opt.Shingle, opt.MinChars)
	}
	// Sets are sorted for Jaccard only when a document is a candidate: most are not.
	sorted := make([]bool, len(docs))
	set := func(i int) []uint64 {
		if !sorted[i] {
			sets[i], sorted[i] = distinct(sets[i]), true
		}
		return sets[i]
	}
	uf := newUnionFind(len(docs))
	sigs := make([][bands * rows]uint64, len(docs))
	for i, s := range sets {
		if len(s) > 0 {
			signature(s, &sigs[i])
		}
	}
	// linked verifies a candidate pair. Two cheap bounds come first: the share of equal
	// signature values estimates J with a standard error of at most 0.065 (60 values),
	// so a pair estimated more than four errors below the threshold is not worth
	// sorting two sets for; and J(A,B) is at most min(|A|,|B|)/max(|A|,|B|).
	linked := func(a, b int) bool {
		if docs[a].Submitter != "" && docs[a].Submitter == docs[b].Submitter {
			return false
		}
		same := 0
		for i := range sigs[a] {
			if sigs[a][i] == sigs[b][i] {
				same++
			}
		}
		if float64(same)/float64(len(sigs[a])) < opt.Threshold-0.26 {
			return false
		}
		la, lb := len(set(a)), len(set(b))
		if float64(min(la, lb)) < opt.Threshold*float64(max(la, lb)) {
			return false
		}
		return Jaccard(set(a), set(b)) >= opt.Threshold
	}
	buckets := make(map[[rows]uint64][]int)
	for b := range bands {
		clear(buckets)
		for i, s := range sets {
			if len(s) == 0 {
				continue
			}
			var k [rows]uint64
			copy(k[:], sigs[i][b*rows:(b+1)*rows])
			buckets[k] = append(buckets[k], i)
		}
		for _, members := range buckets {
			linkBucket(members, uf, linked)
		}
	}
	byRoot := make(map[int][]int)
	for i := range docs {
		if r := uf.find(i); uf.size[r] > 1 {
			byRoot[r] = append(byRoot[r], i)
		}
	}
	out := make([]Group, 0, len(byRoot))
	for _, m := range byRoot {
		if len(m) < 2 {
			continue
		}
		sum := 0.0
		for _, x := range m[1:] {
			sum += Jaccard(set(m[0]), set(x))
		}
		out = append(out, Group{Members: m, Similarity: sum / float64(len(m)-1)})
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.Members[0], b.Members[0]) })
	return out
}

// maxTries bounds how many earlier groups of a bucket a member is verified against:
// a bucket of a thousand copies costs a thousand verifications, not half a million.
const maxTries = 8

// linkBucket links each member of a bucket (ascending positions) to the groups of the
// members before it that it is similar to, trying each group once, at most maxTries.
func linkBucket(members []int, uf *unionFind, linked func(a, b int) bool) {
	if len(members) < 2 {
		return
	}
	var roots []int // one representative per group seen in this bucket, oldest first
	for _, m := range members {
		tried := 0
		for i := 0; i < len(roots) && tried < maxTries; i++ {
			rep := roots[i]
			if uf.find(rep) == uf.find(m) {
				continue
			}
			tried++
			if linked(rep, m) {
				uf.union(rep, m)
			}
		}
		if !slices.ContainsFunc(roots, func(r int) bool { return uf.find(r) == uf.find(m) }) {
			roots = append(roots, m)
		}
		if len(roots) > 4*maxTries { // a bucket of unrelated texts: keep the newest
			roots = roots[len(roots)-maxTries:]
		}
	}
}

// shingles returns the hashes of text's shingles of k letters and digits (unsorted,
// possibly repeated), or nil when text has fewer than minChars of them.
func shingles(text string, k, minChars int) []uint64 {
	rs := make([]rune, 0, len(text)/2)
	for _, r := range text {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A' // callers may leave ASCII capitals (the index does)
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			rs = append(rs, r)
		}
	}
	if len(rs) < max(minChars, k) {
		return nil
	}
	out := make([]uint64, 0, len(rs)-k+1)
	for i := 0; i+k <= len(rs); i++ {
		h := uint64(14695981039346656037) // FNV-1a
		for _, r := range rs[i : i+k] {
			h ^= uint64(r)
			h *= 1099511628211
		}
		out = append(out, h)
	}
	return out
}

// distinct sorts a set of hashes and drops repeats, as Jaccard wants.
func distinct(hs []uint64) []uint64 {
	slices.Sort(hs)
	return slices.Compact(hs)
}

// signature sets sig to the one-permutation MinHash of the shingles: each shingle is
// hashed once, the hash picks one of the signature's bins and the bin keeps the
// least hash it gets. It estimates Jaccard similarity like len(sig) independent
// MinHashes at 1/len(sig) of their cost. A bin no shingle fell into (short texts)
// takes the value of the next filled bin, shifted by the distance, so that two texts
// fill their empty bins alike ("rotation" densification).
func signature(set []uint64, sig *[bands * rows]uint64) {
	const n = bands * rows
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, x := range set {
		v := x * 0x9e3779b97f4a7c15
		v ^= v >> 29
		bin := (v >> 32) * n >> 32
		sig[bin] = min(sig[bin], v)
	}
	filled := -1
	for i := range sig {
		if sig[i] != ^uint64(0) {
			filled = i
			break
		}
	}
	if filled < 0 {
		return
	}
	for i := n - 1; i >= 0; i-- { // from the end, so that "next" is known
		if sig[i] != ^uint64(0) {
			filled = i
			continue
		}
		d := (filled - i + n) % n
		sig[i] = sig[filled] + uint64(d)*0x632be59bd9b4e019
	}
}

// Jaccard is |a∩b| / |a∪b| of two sorted sets of distinct hashes (0 when both are empty).
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Shingles returns the set Detect compares text by under opt: the sorted, distinct
// hashes of its shingles, or nil when text is too short to take part. Jaccard of two
// such sets is the similarity Detect links comments by.
func Shingles(text string, opt Options) []uint64 {
	opt = opt.withDefaults()
	return distinct(shingles(text, opt.Shingle, opt.MinChars))
}

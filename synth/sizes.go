package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// sizeSpread is the σ of the log-normal that consultation sizes follow. One consultation
// cannot show how sizes vary, so this is an assumption, not a measurement: e-Gov result
// tables run from a handful of comments to thousands, and a log-normal with σ = 1.2 puts
// most of the comments in a few big consultations and leaves many small ones (with 10
// consultations the biggest typically holds a third of the comments, the smallest a
// percent or two).
const sizeSpread = 1.2

// consultationSizes splits n comments over k consultations: sizes proportional to
// log-normal weights, at least 1 and at most maxRows each, summing to exactly n
// (largest remainders get the rounding). The caller ensures k ≤ n ≤ k·maxRows.
func consultationSizes(r *rand.Rand, n, k, maxRows int) []int {
	w := make([]float64, k)
	for i := range w {
		w[i] = math.Exp(sizeSpread * r.NormFloat64())
	}
	sizes := make([]int, k)
	for i := range sizes {
		sizes[i] = 1 // every consultation needs a comment: the rest is shared out
	}
	left := n - k
	free := make([]int, k) // consultations below the cap
	for i := range free {
		free[i] = i
	}
	for left > 0 {
		var total float64
		for _, i := range free {
			total += w[i]
		}
		// A consultation whose share would pass the cap is filled to it, and the rest
		// is shared again among the others.
		capped := false
		for j := 0; j < len(free); j++ {
			i := free[j]
			if share := float64(left) * w[i] / total; share >= float64(maxRows-sizes[i]) {
				left -= maxRows - sizes[i]
				sizes[i] = maxRows
				free = slices.Delete(free, j, j+1)
				j--
				capped = true
			}
		}
		if capped {
			continue
		}
		type rest struct {
			i    int
			frac float64
		}
		rests := make([]rest, 0, len(free))
		given := 0
		for _, i := range free {
			share := float64(left) * w[i] / total
			whole := int(share)
			sizes[i] += whole
			given += whole
			rests = append(rests, rest{i, share - float64(whole)})
		}
		left -= given
		slices.SortStableFunc(rests, func(a, b rest) int { return cmp.Compare(b.frac, a.frac) })
		for j := 0; left > 0 && j < len(rests); j++ {
			sizes[rests[j].i]++
			left--
		}
	}
	return sizes
}

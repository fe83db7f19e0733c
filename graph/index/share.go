package index

import "slices"

// Shares is Count with each bucket's Fraction set: its Count divided by the number of
// comments in its group, the comments selected that share its keys for every dimension
// but the last. Grouped by [SUBMITTER_KIND, DISPOSITION], the fraction of the bucket
// (INDIVIDUAL, REVISED) is the share of individuals' comments whose answer revised the
// draft; with one dimension the group is every comment selected.
//
// The group counts each comment once per combination of its values of the leading
// dimensions, like Count; when the last dimension is multi-valued (TOPIC, DISPOSITION)
// a comment is in several of a group's buckets, so a group's fractions can add up to
// more than 1, and a comment with no value for it is in the "none" bucket.
func (s *Snapshot) Shares(f *CommentFilter, groupBy []Dimension) ([]Bucket, error) {
	buckets, err := s.Count(f, groupBy)
	if err != nil || len(groupBy) == 0 {
		for i := range buckets {
			buckets[i].Fraction = share(buckets[i].Count, buckets[i].Count)
		}
		return buckets, err
	}
	groups, err := s.Count(f, groupBy[:len(groupBy)-1])
	if err != nil {
		return nil, err
	}
	// Both lists are sorted by their keys' orders, and a group's buckets follow each
	// other: walk them together.
	g := 0
	for i := range buckets {
		b := &buckets[i]
		for g < len(groups) && !samePrefix(groups[g].Keys, b.Keys) {
			g++
		}
		if g == len(groups) {
			return nil, filterError("", "internal error: bucket without a group") // Count is inconsistent
		}
		b.Fraction = share(b.Count, groups[g].Count)
	}
	return buckets, nil
}

// samePrefix reports whether keys starts with the values of prefix.
func samePrefix(prefix, keys []Key) bool {
	return slices.EqualFunc(prefix, keys[:len(prefix)], func(a, b Key) bool {
		return a.Dimension == b.Dimension && a.Order == b.Order
	})
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

package index

import "github.com/pcgraph/pcgraph/graph"

// Responsiveness is how often the ministry's answers to one group of comments moved
// something: revised the draft, or promised to take the comment up in future work.
type Responsiveness struct {
	Key        Key // the group's value of the dimension
	Comments   int // comments in the group
	Revised    int // of them, answered REVISED
	FutureWork int // of them, answered FUTURE_WORK
	// Responsive counts the comments answered REVISED or FUTURE_WORK (or both: a comment
	// counts once), Share is Responsive / Comments.
	Responsive int
	Share      float64
}

// Responsiveness groups the comments f selects by one dimension and counts, per group,
// the comments whose answer revised the draft or referred it to future work — "are
// organizations heard more than individuals?" asked by SUBMITTER_KIND. Groups come in
// the dimension's order (see Count), the comments without a value last; a comment is in
// each of its values' groups for a multi-valued dimension (TOPIC). Grouping by
// DISPOSITION is allowed but says little (the REVISED group is all responsive).
func (s *Snapshot) Responsiveness(f *CommentFilter, by Dimension) ([]Responsiveness, error) {
	dim, ok := s.dimension(by)
	if !ok {
		return nil, filterError("", "unknown dimension %q (want one of %s)", by, joinDimensions())
	}
	set, err := s.CommentSet(f)
	if err != nil {
		return nil, err
	}
	revised := uint8(1) << dispositionIndex(graph.Revised)
	future := uint8(1) << dispositionIndex(graph.FutureWork)
	groups := make([]Responsiveness, dim.card+1) // by ordinal; the last is "none"
	var vals []uint32
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, c := range buf[:n] {
			vals = dim.values(c, vals[:0])
			if len(vals) == 0 {
				vals = append(vals, dim.card)
			}
			d := s.cDisp[c]
			for _, v := range vals {
				g := &groups[v]
				g.Comments++
				if d&revised != 0 {
					g.Revised++
				}
				if d&future != 0 {
					g.FutureWork++
				}
				if d&(revised|future) != 0 {
					g.Responsive++
				}
			}
		}
	}
	var out []Responsiveness
	for v, g := range groups {
		if g.Comments == 0 {
			continue
		}
		if uint32(v) == dim.card {
			g.Key = Key{Label: NoneLabel}
		} else {
			g.Key = dim.key(uint32(v))
		}
		g.Key.Dimension, g.Key.Order = by, v
		g.Share = share(g.Responsive, g.Comments)
		out = append(out, g)
	}
	return out, nil
}

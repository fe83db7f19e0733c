package index

import (
	"math/bits"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// Quantifier constrains an owner (a submitter or an organization) by its comments: for a
// submitter, the comments it submitted; for an organization, every comment of every one
// of its submitters, across consultations. The quantifiers that are set combine with
// AND; a nil or zero Quantifier does not filter.
//
//   - Some: at least one of its comments matches.
//   - None: none of its comments matches (true of an owner without comments).
//   - All: every one of its comments matches, and it has at least one (an owner without
//     comments is excluded, so All never holds vacuously).
//
// A nil *CommentFilter inside a Quantifier is "not set", while a non-nil empty filter
// matches every comment: Some: &CommentFilter{} selects the owners with a comment, None:
// &CommentFilter{} the owners without one.
type Quantifier struct {
	Some *CommentFilter
	None *CommentFilter
	All  *CommentFilter
}

// SubmitterFilter selects submitters; the fields that are set combine with AND.
type SubmitterFilter struct {
	Consultation string              // consultation ID
	Kind         graph.SubmitterKind // ORGANIZATION, INDIVIDUAL or GROUP
	Comments     *Quantifier
}

// OrganizationFilter selects organizations; the fields that are set combine with AND.
type OrganizationFilter struct {
	// Name selects organizations whose name contains it, after NFKC normalisation and
	// case folding (width- and case-insensitive).
	Name     string
	Comments *Quantifier
}

// owners describes one kind of comment owner for quantifiers.
type owners struct {
	of       []int32           // comment position → owner position, -1 for none
	n        int               // number of owners
	comments []*roaring.Bitmap // owner position → its comments
}

func (s *Snapshot) submitterOwners() owners {
	return owners{of: s.cSub, n: len(s.submitters), comments: s.bySub}
}

func (s *Snapshot) organizationOwners() owners {
	return owners{of: s.cOrg, n: len(s.orgs), comments: s.byOrg}
}

// ownedBy returns the owners all of whose comments are in set (and that have one).
func (o owners) ownedBy(set *roaring.Bitmap) *roaring.Bitmap {
	var l []uint32
	o.ownersOf(set).Iterate(func(w uint32) bool {
		if c := o.comments[w]; c.AndCardinality(set) == c.GetCardinality() {
			l = append(l, w)
		}
		return true
	})
	return bitmapOf(l)
}

// ownersOf returns the owners with at least one comment in set.
func (o owners) ownersOf(set *roaring.Bitmap) *roaring.Bitmap {
	marks := make([]uint64, (o.n+63)/64)
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
		for _, c := range buf[:k] {
			if w := o.of[c]; w >= 0 {
				marks[w>>6] |= 1 << (w & 63)
			}
		}
	}
	var l []uint32
	for i, m := range marks {
		for ; m != 0; m &= m - 1 {
			l = append(l, uint32(i*64+bits.TrailingZeros64(m)))
		}
	}
	return bitmapOf(l)
}

// quantify returns the owners that satisfy q, as set algebra: with M the comments a
// filter matches and owners(M) the owners with a comment in M, some = owners(M), none =
// all owners − owners(M), and all = the owners o in owners(M) whose comments C(o) ⊆ M,
// i.e. |C(o) ∩ M| = |C(o)| (only owners(M) can qualify, and there are usually few).
// nil means "no constraint".
func (s *Snapshot) quantify(q *Quantifier, o owners, path string) (*roaring.Bitmap, error) {
	if q == nil {
		return nil, nil
	}
	var and []*roaring.Bitmap
	if q.Some != nil {
		m, err := s.commentSet(q.Some, path+"some")
		if err != nil {
			return nil, err
		}
		and = append(and, o.ownersOf(m))
	}
	if q.None != nil {
		m, err := s.commentSet(q.None, path+"none")
		if err != nil {
			return nil, err
		}
		all := roaring.New()
		all.AddRange(0, uint64(o.n))
		all.AndNot(o.ownersOf(m))
		and = append(and, all)
	}
	if q.All != nil {
		m, err := s.commentSet(q.All, path+"all")
		if err != nil {
			return nil, err
		}
		and = append(and, o.ownedBy(m))
	}
	if len(and) == 0 {
		return nil, nil
	}
	return roaring.FastAnd(and...), nil
}

// Submitters returns the submitters f selects, ordered by consultation slug, then label.
// A nil f selects every submitter.
func (s *Snapshot) Submitters(f *SubmitterFilter) ([]*graph.Submitter, error) {
	set, err := s.SubmitterSet(f)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Submitter, 0, set.GetCardinality())
	set.Iterate(func(i uint32) bool {
		out = append(out, s.submitters[i])
		return true
	})
	return out, nil
}

// SubmitterSet is Submitters as a bitmap of submitter positions (see SubmitterAt).
func (s *Snapshot) SubmitterSet(f *SubmitterFilter) (*roaring.Bitmap, error) {
	if f == nil {
		return s.subAll.Clone(), nil
	}
	var and []*roaring.Bitmap
	if f.Consultation != "" {
		i, ok := s.lookup(kConsultation, f.Consultation)
		if !ok {
			return nil, filterError("", "unknown consultation %q", f.Consultation)
		}
		and = append(and, s.subsByCons[i])
	}
	if f.Kind != "" {
		k := kindIndex(f.Kind)
		if k < 0 {
			return nil, filterError("", "invalid submitter kind %q (want ORGANIZATION, INDIVIDUAL or GROUP)", f.Kind)
		}
		and = append(and, s.subsByKind[k])
	}
	q, err := s.quantify(f.Comments, s.submitterOwners(), "comments.")
	if err != nil {
		return nil, err
	}
	if q != nil {
		and = append(and, q)
	}
	return intersect(s.subAll, and), nil
}

// Organizations returns the organizations f selects, ordered by name (then ID). A nil f
// selects every organization.
func (s *Snapshot) Organizations(f *OrganizationFilter) ([]*graph.Organization, error) {
	set, err := s.orgSet(f)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Organization, 0, set.GetCardinality())
	set.Iterate(func(i uint32) bool {
		out = append(out, s.orgs[i])
		return true
	})
	return out, nil
}

// OrganizationSet is Organizations as a bitmap of organization positions (see
// OrganizationAt). The bitmap is the caller's.
func (s *Snapshot) OrganizationSet(f *OrganizationFilter) (*roaring.Bitmap, error) {
	set, err := s.orgSet(f)
	if err != nil {
		return nil, err
	}
	return set.Clone(), nil
}

// orgSet is OrganizationSet shared with other callers (setcache.go): not to be changed.
func (s *Snapshot) orgSet(f *OrganizationFilter) (*roaring.Bitmap, error) {
	if f == nil {
		return s.orgAll, nil
	}
	var buf [256]byte
	return s.orgSets.get(f.AppendKey(buf[:0]), func() (*roaring.Bitmap, error) { return s.organizationSet(f) })
}

// organizationSet computes the organizations f selects.
func (s *Snapshot) organizationSet(f *OrganizationFilter) (*roaring.Bitmap, error) {
	var and []*roaring.Bitmap
	q, err := s.quantify(f.Comments, s.organizationOwners(), "comments.")
	if err != nil {
		return nil, err
	}
	if q != nil {
		and = append(and, q)
	}
	set := intersect(s.orgAll, and)
	if f.Name != "" {
		name := newFolder().fold(f.Name)
		var keep []uint32
		set.Iterate(func(i uint32) bool {
			if strings.Contains(s.oName[i], name) {
				keep = append(keep, i)
			}
			return true
		})
		set = bitmapOf(keep)
	}
	return set, nil
}

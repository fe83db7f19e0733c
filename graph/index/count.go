package index

import (
	"math"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// Dimension is what Count groups comments by.
type Dimension string

const (
	// DimConsultation: the comment's consultation (value: ID, label: title).
	DimConsultation Dimension = "CONSULTATION"
	// DimSection: the comment's own section, not its ancestors (value: ID, label: code
	// and title).
	DimSection Dimension = "SECTION"
	// DimChapter: the top-level section above the comment's section, or the section
	// itself when it is top-level (OTHER included) (value: ID, label: code and title).
	DimChapter Dimension = "CHAPTER"
	// DimTopic: each topic the comment mentions directly via COMMENT or SECTION — not
	// their broader topics, not RESPONSE mentions (value: ID, label: Japanese label).
	DimTopic Dimension = "TOPIC"
	// DimDisposition: each disposition of the response (value: the value, label: its
	// Japanese label, graph.Labels).
	DimDisposition Dimension = "DISPOSITION"
	// DimSubmitter: the submitter (value: ID, label: 法人F(name), or the label alone).
	DimSubmitter Dimension = "SUBMITTER"
	// DimSubmitterKind: the submitter's kind (value: the kind, label: its Japanese label).
	DimSubmitterKind Dimension = "SUBMITTER_KIND"
	// DimOrganization: the submitter's organization (value: ID, label: name).
	DimOrganization Dimension = "ORGANIZATION"
	// DimCampaign (campaigns.go): the comment's campaign.
)

// Dimensions lists every dimension.
var Dimensions = []Dimension{DimConsultation, DimSection, DimChapter, DimTopic, DimDisposition, DimSubmitter, DimSubmitterKind, DimOrganization, DimCampaign}

// NoneLabel labels the bucket of comments that have no value for a dimension (a general
// comment has no section, a comment by an individual no organization); its Value is "".
const NoneLabel = "(none)"

// Key is the value of one dimension of a bucket.
type Key struct {
	Dimension Dimension
	Value     string // a node ID, an enum value, or "" for none
	Label     string // for people: see the Dim… constants; NoneLabel for none
	// Order is the value's position in the dimension's order (see Count), from 0: sections
	// and chapters in document order (Ⅲ(2) before Ⅲ(10)), dispositions and kinds in
	// declaration order. None has the number of values, after every one. Positions are
	// those of the snapshot: compare them within one answer, not across loads.
	Order int
}

// Bucket is a group of comments and its size.
type Bucket struct {
	Keys  []Key // one per groupBy dimension, in groupBy order
	Count int
	// Fraction is Count as a share of the bucket's group: see Shares. Count leaves it 0.
	Fraction float64
}

// dimension knows how to read one Dimension off a comment. Values are ordinals in the
// dimension's natural order; card is the ordinal of "none" (after every value).
type dimension struct {
	card   uint32
	values func(c uint32, buf []uint32) []uint32
	key    func(v uint32) Key
}

func (s *Snapshot) dimension(d Dimension) (dimension, bool) {
	one := func(v int32, buf []uint32) []uint32 {
		if v < 0 {
			return buf
		}
		return append(buf, uint32(v))
	}
	section := func(v uint32) Key { return Key{Value: s.sections[v].ID, Label: s.secLabel[v]} }
	switch d {
	case DimConsultation:
		return dimension{
			card:   uint32(len(s.consultations)),
			values: func(c uint32, buf []uint32) []uint32 { return append(buf, s.cCons[c]) },
			key: func(v uint32) Key {
				c := s.consultations[v]
				return Key{Value: c.ID, Label: cmpOr(c.Title, c.Slug)}
			},
		}, true
	case DimSection:
		return dimension{
			card:   uint32(len(s.sections)),
			values: func(c uint32, buf []uint32) []uint32 { return one(s.cSec[c], buf) },
			key:    section,
		}, true
	case DimChapter:
		return dimension{
			card: uint32(len(s.sections)),
			values: func(c uint32, buf []uint32) []uint32 {
				if sec := s.cSec[c]; sec >= 0 {
					return append(buf, s.secChapter[sec])
				}
				return buf
			},
			key: section,
		}, true
	case DimTopic:
		return dimension{
			card: uint32(len(s.topics)),
			values: func(c uint32, buf []uint32) []uint32 {
				return append(buf, s.cTopics[s.cTopicOff[c]:s.cTopicOff[c+1]]...)
			},
			key: func(v uint32) Key {
				t := s.topics[v]
				return Key{Value: t.ID, Label: cmpOr(t.Label, t.Slug)}
			},
		}, true
	case DimDisposition:
		return dimension{
			card: uint32(len(graph.Dispositions)),
			values: func(c uint32, buf []uint32) []uint32 {
				for i := range graph.Dispositions {
					if s.cDisp[c]&(1<<i) != 0 {
						buf = append(buf, uint32(i))
					}
				}
				return buf
			},
			key: func(v uint32) Key {
				d := string(graph.Dispositions[v])
				return Key{Value: d, Label: graph.Label("Disposition", d)}
			},
		}, true
	case DimSubmitter:
		return dimension{
			card:   uint32(len(s.submitters)),
			values: func(c uint32, buf []uint32) []uint32 { return one(s.cSub[c], buf) },
			key: func(v uint32) Key {
				return Key{Value: s.submitters[v].ID, Label: s.sLabel[v]}
			},
		}, true
	case DimSubmitterKind:
		return dimension{
			card: uint32(len(submitterKinds)),
			values: func(c uint32, buf []uint32) []uint32 {
				if sub := s.cSub[c]; sub >= 0 {
					return append(buf, uint32(s.sKind[sub]))
				}
				return buf
			},
			key: func(v uint32) Key {
				k := string(submitterKinds[v])
				return Key{Value: k, Label: graph.Label("SubmitterKind", k)}
			},
		}, true
	case DimOrganization:
		return dimension{
			card:   uint32(len(s.orgs)),
			values: func(c uint32, buf []uint32) []uint32 { return one(s.cOrg[c], buf) },
			key: func(v uint32) Key {
				o := s.orgs[v]
				return Key{Value: o.ID, Label: o.Name}
			},
		}, true
	case DimCampaign:
		return s.campaignDimension(), true
	}
	return dimension{}, false
}

// SubmitterLabel is how counts label a submitter: 法人F(name) for a named submitter, the
// label alone (個人A, 個人(多数)) otherwise.
func SubmitterLabel(sub *graph.Submitter) string {
	if sub.Name == "" {
		return sub.Label
	}
	return sub.Label + "(" + sub.Name + ")"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Count groups the comments f selects by the groupBy dimensions and counts each group.
//
// A comment counts once in each of its values of a dimension (a comment about two topics
// is in two TOPIC buckets), and with several dimensions once in each combination of its
// values (the cross product). A comment without a value for a dimension is in that
// dimension's "none" bucket (Value "", Label NoneLabel). Only non-empty buckets are
// returned, ordered by their keys, dimension by dimension in groupBy order; within a
// dimension values come in API order (consultations by slug, sections by consultation
// and natural code, topics by ID, dispositions and kinds in declaration order,
// submitters by consultation and label, organizations by name), and "none" last.
//
// With no dimensions, Count returns a single bucket without keys whose Count is the
// number of comments selected (possibly 0). A dimension listed twice is an error.
func (s *Snapshot) Count(f *CommentFilter, groupBy []Dimension) ([]Bucket, error) {
	dims, err := s.dimensions(groupBy)
	if err != nil {
		return nil, err
	}
	set, err := s.CommentSet(f)
	if err != nil {
		return nil, err
	}
	if len(dims) == 0 {
		return []Bucket{{Keys: []Key{}, Count: int(set.GetCardinality())}}, nil
	}
	t := newTally(dims)
	t.comments(set)
	return t.buckets(groupBy), nil
}

// dimensions looks up the groupBy dimensions, refusing unknown ones and repeats.
func (s *Snapshot) dimensions(groupBy []Dimension) ([]dimension, error) {
	dims := make([]dimension, len(groupBy))
	for i, d := range groupBy {
		if slices.Contains(groupBy[:i], d) {
			return nil, filterError("", "dimension %s listed twice", d)
		}
		dim, ok := s.dimension(d)
		if !ok {
			return nil, filterError("", "unknown dimension %q (want one of %s)", d, joinDimensions())
		}
		dims[i] = dim
	}
	return dims, nil
}

// tally counts combinations of dimension values. Each comment contributes to the cross
// product of its values per dimension. A combination is a tuple of ordinals, numbered in
// mixed radix (dimension 0 most significant, so that numeric order is key order) and
// counted in a slice (dense) when there are few possible combinations, in a map (packed)
// otherwise; in the unlikely case that the number of combinations overflows a uint64,
// tuples are map keys themselves. Exactly one of dense, packed and tuples is set.
type tally struct {
	dims   []dimension
	dense  []int
	packed map[uint64]int
	tuples map[tuple]int
	vals   [][]uint32 // per dimension: the current comment's values
	t      tuple      // the combination being counted
}

// newTally chooses how to count from the number of possible combinations.
func newTally(dims []dimension) *tally {
	size, overflow := uint64(1), false
	for _, d := range dims {
		r := uint64(d.card) + 1
		if size > math.MaxUint64/r {
			overflow = true
		}
		size *= r
	}
	t := &tally{dims: dims, vals: make([][]uint32, len(dims))}
	switch {
	case overflow || size > packedLimit:
		t.tuples = make(map[tuple]int)
	case size <= denseLimit:
		t.dense = make([]int, size)
	default:
		t.packed = make(map[uint64]int)
	}
	return t
}

// comments counts every comment of set: its values per dimension ("none" for a
// dimension where it has none), then each combination of them.
func (t *tally) comments(set *roaring.Bitmap) {
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, c := range buf[:n] {
			for i, d := range t.dims {
				t.vals[i] = d.values(c, t.vals[i][:0])
				if len(t.vals[i]) == 0 {
					t.vals[i] = append(t.vals[i], d.card)
				}
			}
			t.add(0)
		}
	}
}

// add counts the combinations that extend t.t[:i] with the values of dimensions i….
func (t *tally) add(i int) {
	if i == len(t.dims) {
		if t.tuples != nil {
			t.tuples[t.t]++
			return
		}
		k := uint64(0)
		for j, d := range t.dims {
			k = k*(uint64(d.card)+1) + uint64(t.t[j])
		}
		if t.dense != nil {
			t.dense[k]++
		} else {
			t.packed[k]++
		}
		return
	}
	for _, v := range t.vals[i] {
		t.t[i] = v
		t.add(i + 1)
	}
}

// buckets returns the non-empty combinations as buckets, in key order.
func (t *tally) buckets(groupBy []Dimension) []Bucket {
	b := t.bucketWriter(groupBy)
	switch {
	case t.dense != nil:
		for k, n := range t.dense {
			if n > 0 {
				b.add(t.unpack(uint64(k)), n)
			}
		}
	case t.packed != nil:
		ks := make([]uint64, 0, len(t.packed))
		for k := range t.packed {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		for _, k := range ks {
			b.add(t.unpack(k), t.packed[k])
		}
	default:
		ts := make([]tuple, 0, len(t.tuples))
		for tu := range t.tuples {
			ts = append(ts, tu)
		}
		slices.SortFunc(ts, func(a, b tuple) int { return slices.Compare(a[:], b[:]) })
		for _, tu := range ts {
			b.add(&tu, t.tuples[tu])
		}
	}
	return b.out
}

// unpack turns a mixed-radix number back into its tuple (t.t, reused).
func (t *tally) unpack(k uint64) *tuple {
	for i := len(t.dims) - 1; i >= 0; i-- {
		r := uint64(t.dims[i].card) + 1
		t.t[i], k = uint32(k%r), k/r
	}
	return &t.t
}

// bucketWriter makes buckets for one answer, their keys cut from one slab.
type bucketWriter struct {
	dims    []dimension
	groupBy []Dimension
	out     []Bucket
	slab    []Key
}

// bucketWriter sizes the answer to the number of non-empty combinations.
func (t *tally) bucketWriter(groupBy []Dimension) *bucketWriter {
	n := len(t.tuples) + len(t.packed)
	for _, c := range t.dense {
		if c > 0 {
			n++
		}
	}
	return &bucketWriter{dims: t.dims, groupBy: groupBy,
		out: make([]Bucket, 0, n), slab: make([]Key, n*len(t.dims))}
}

// add appends the bucket of combination tu, counted n times.
func (b *bucketWriter) add(tu *tuple, n int) {
	nd := len(b.dims)
	keys := b.slab[:nd:nd]
	b.slab = b.slab[nd:]
	for i, d := range b.dims {
		if tu[i] == d.card {
			keys[i] = Key{Label: NoneLabel}
		} else {
			keys[i] = d.key(tu[i])
		}
		keys[i].Dimension, keys[i].Order = b.groupBy[i], int(tu[i])
	}
	b.out = append(b.out, Bucket{Keys: keys, Count: n})
}

// denseLimit is the largest number of combinations Count counts in a slice rather than a
// map (a variable so that tests can exercise both).
var denseLimit uint64 = 1 << 16

// packedLimit is the largest number of combinations Count numbers in a uint64 (a
// variable so that tests can exercise counting tuples).
var packedLimit uint64 = math.MaxUint64

// tuple is a combination of dimension ordinals (there are 9 dimensions, and a dimension
// may appear once).
type tuple [9]uint32

func joinDimensions() string {
	var b strings.Builder
	for i, d := range Dimensions {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(d))
	}
	return b.String()
}

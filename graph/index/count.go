package index

import (
	"math"
	"slices"
	"strings"

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
	set, err := s.CommentSet(f)
	if err != nil {
		return nil, err
	}
	if len(dims) == 0 {
		return []Bucket{{Keys: []Key{}, Count: int(set.GetCardinality())}}, nil
	}

	// Each comment contributes to the cross product of its values per dimension. A
	// combination is a tuple of ordinals, numbered in mixed radix (dimension 0 most
	// significant, so that numeric order is key order) and counted in a slice when there
	// are few possible combinations, in a map otherwise; in the unlikely case that the
	// number of combinations overflows a uint64, tuples are map keys themselves.
	size, overflow := uint64(1), false
	for _, d := range dims {
		r := uint64(d.card) + 1
		if size > math.MaxUint64/r {
			overflow = true
		}
		size *= r
	}
	var (
		dense  []int
		packed map[uint64]int
		tuples map[tuple]int
	)
	switch {
	case overflow || size > packedLimit:
		tuples = make(map[tuple]int)
	case size <= denseLimit:
		dense = make([]int, size)
	default:
		packed = make(map[uint64]int)
	}
	vals := make([][]uint32, len(dims))
	var t tuple
	var add func(i int)
	add = func(i int) {
		if i == len(dims) {
			if tuples != nil {
				tuples[t]++
				return
			}
			k := uint64(0)
			for j, d := range dims {
				k = k*(uint64(d.card)+1) + uint64(t[j])
			}
			if dense != nil {
				dense[k]++
			} else {
				packed[k]++
			}
			return
		}
		for _, v := range vals[i] {
			t[i] = v
			add(i + 1)
		}
	}
	it := set.ManyIterator()
	buf := make([]uint32, 256)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, c := range buf[:n] {
			for i, d := range dims {
				vals[i] = d.values(c, vals[i][:0])
				if len(vals[i]) == 0 {
					vals[i] = append(vals[i], d.card)
				}
			}
			add(0)
		}
	}

	nBuckets := len(tuples) + len(packed)
	for _, n := range dense {
		if n > 0 {
			nBuckets++
		}
	}
	out := make([]Bucket, 0, nBuckets)
	slab := make([]Key, nBuckets*len(dims))
	bucket := func(t *tuple, n int) {
		keys := slab[:len(dims):len(dims)]
		slab = slab[len(dims):]
		for i, d := range dims {
			if t[i] == d.card {
				keys[i] = Key{Label: NoneLabel}
			} else {
				keys[i] = d.key(t[i])
			}
			keys[i].Dimension, keys[i].Order = groupBy[i], int(t[i])
		}
		out = append(out, Bucket{Keys: keys, Count: n})
	}
	unpack := func(k uint64) *tuple {
		for i := len(dims) - 1; i >= 0; i-- {
			r := uint64(dims[i].card) + 1
			t[i], k = uint32(k%r), k/r
		}
		return &t
	}
	switch {
	case dense != nil:
		for k, n := range dense {
			if n > 0 {
				bucket(unpack(uint64(k)), n)
			}
		}
	case packed != nil:
		ks := make([]uint64, 0, len(packed))
		for k := range packed {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		for _, k := range ks {
			bucket(unpack(k), packed[k])
		}
	default:
		ts := make([]tuple, 0, len(tuples))
		for t := range tuples {
			ts = append(ts, t)
		}
		slices.SortFunc(ts, func(a, b tuple) int { return slices.Compare(a[:], b[:]) })
		for _, t := range ts {
			bucket(&t, tuples[t])
		}
	}
	return out, nil
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

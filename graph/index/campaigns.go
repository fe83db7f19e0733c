package index

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/campaign"
)

// Options tunes what Build derives from the datasets.
type Options struct {
	// Campaigns tunes campaign detection (form letters): see package campaign.
	Campaigns campaign.Options
}

// Build indexes datasets with the default Options: see BuildWith.
func Build(datasets []*graph.Dataset) (*Snapshot, error) { return BuildWith(datasets, Options{}) }

// DimCampaign: the comment's campaign (value: ID, label: its ID and size).
const DimCampaign Dimension = "CAMPAIGN"

// Campaign is a group of near-duplicate comments sent by different submitters to one
// consultation: a form letter and its edited copies (see package campaign). Campaigns
// are derived from the snapshot, not stored, on first use (see startCampaigns): the same data and options give the same campaigns with the same IDs.
type Campaign struct {
	// ID is campaign/<slug>/<項番 of the exemplar>: stable across restarts and loads as
	// long as the campaign's first comment stays its first.
	ID         string
	Size       int            // its comments
	Exemplar   *graph.Comment // its first comment in table order
	Similarity float64        // mean Jaccard similarity of the other comments to the exemplar
	pos        uint32
}

// campaignIndex is what the snapshot keeps of campaigns.
type campaignIndex struct {
	list   []*Campaign       // by size, most first, then consultation and exemplar
	byID   map[string]uint32 // ID → position in list
	cCamp  []int32           // per comment: position in list, -1 when none
	byCamp []*roaring.Bitmap // per campaign: its comments
	inCamp *roaring.Bitmap   // every comment in a campaign
	took   time.Duration     // how long detection took
	done   atomic.Bool       // set once the fields above are
}

// startCampaigns arranges for campaigns to be detected on first use: at 100,000
// comments detection costs seconds of CPU, several times the rest of Build, which a
// snapshot that is never asked about campaigns should not pay, nor a server before it
// starts answering (readmodel warms them up in the background instead).
func (b *builder) startCampaigns(opt campaign.Options) {
	b.s.campOnce = sync.OnceFunc(func() { b.campaigns(opt) })
}

// camp returns the campaigns, detecting them on first use.
func (s *Snapshot) camp() *campaignIndex {
	s.campOnce()
	return &s.campIdx
}

// WarmCampaigns detects the campaigns now (if not yet done), so that the first
// question about them does not wait.
func (s *Snapshot) WarmCampaigns() { s.camp() }

func (b *builder) campaigns(opt campaign.Options) {
	s := b.s
	start := time.Now()
	defer func() {
		s.campIdx.took = time.Since(start)
		s.campIdx.done.Store(true)
	}()
	groups := make([][]campaign.Group, len(s.consultations))
	starts := make([]int, len(s.consultations)+1) // comment positions of each consultation
	for i, c := range s.cCons {
		starts[c+1] = i + 1
	}
	for i := 1; i < len(starts); i++ {
		starts[i] = max(starts[i], starts[i-1])
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(s.consultations)) {
		wg.Go(func() {
			for {
				ci := int(next.Add(1)) - 1
				if ci >= len(s.consultations) {
					return
				}
				lo, hi := starts[ci], starts[ci+1]
				docs := make([]campaign.Doc, hi-lo)
				for i := range docs {
					c := lo + i
					docs[i].Text = s.cText[c] // ASCII capitals are lowered by Detect

					if sub := s.cSub[c]; sub >= 0 {
						docs[i].Submitter = s.submitters[sub].ID
					}
				}
				groups[ci] = campaign.Detect(docs, opt)
			}
		})
	}
	wg.Wait()

	ci := &s.campIdx
	ci.byID = make(map[string]uint32)
	ci.cCamp = make([]int32, len(s.comments))
	for i := range ci.cCamp {
		ci.cCamp[i] = -1
	}
	var members [][]uint32
	for cons, gs := range groups {
		for _, g := range gs {
			m := make([]uint32, len(g.Members))
			for i, x := range g.Members {
				m[i] = uint32(starts[cons] + x)
			}
			ex := s.comments[m[0]]
			ci.list = append(ci.list, &Campaign{
				ID:         "campaign/" + s.consultations[cons].Slug + "/" + strconv.Itoa(ex.Number),
				Size:       len(m),
				Exemplar:   ex,
				Similarity: g.Similarity,
			})
			members = append(members, m)
		}
	}
	order := make([]int, len(ci.list))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(ci.list[y].Size, ci.list[x].Size) })
	list := make([]*Campaign, len(order))
	ci.byCamp = make([]*roaring.Bitmap, len(order))
	var all []uint32
	for p, i := range order {
		c := ci.list[i]
		c.pos = uint32(p)
		list[p] = c
		ci.byID[c.ID] = uint32(p)
		ci.byCamp[p] = bitmapOf(members[i])
		for _, x := range members[i] {
			ci.cCamp[x] = int32(p)
			all = append(all, x)
		}
	}
	ci.list = list
	slices.Sort(all)
	ci.inCamp = bitmapOf(all)
}

// Campaigns returns every campaign with at least minSize comments that has a comment
// f selects, most comments first (ties by consultation slug, then the exemplar's 項番).
func (s *Snapshot) Campaigns(f *CommentFilter, minSize int) ([]*Campaign, error) {
	set, err := s.CommentSet(f)
	if err != nil {
		return nil, err
	}
	var out []*Campaign
	ci := s.camp()
	for _, c := range ci.list {
		if c.Size < minSize {
			break // by size, most first
		}
		if f == nil || ci.byCamp[c.pos].Intersects(set) {
			out = append(out, c)
		}
	}
	return out, nil
}

// AllCampaigns returns every campaign, most comments first; the slice is shared.
func (s *Snapshot) AllCampaigns() []*Campaign { return s.camp().list }

// CampaignsDetected reports, without waiting for detection, how many campaigns there
// are and how long finding them took; ok is false while they have not been detected.
func (s *Snapshot) CampaignsDetected() (n int, took time.Duration, ok bool) {
	if !s.campIdx.done.Load() {
		return 0, 0, false
	}
	return len(s.campIdx.list), s.campIdx.took, true
}

// CampaignByID returns the campaign with that ID.
func (s *Snapshot) CampaignByID(id string) (*Campaign, bool) {
	p, ok := s.camp().byID[id]
	if !ok {
		return nil, false
	}
	return s.camp().list[p], true
}

// CampaignOf returns the campaign of the comment with that ID, if it is in one.
func (s *Snapshot) CampaignOf(commentID string) (*Campaign, bool) {
	c, ok := s.lookup(kComment, commentID)
	ci := s.camp()
	if !ok || ci.cCamp[c] < 0 {
		return nil, false
	}
	return ci.list[ci.cCamp[c]], true
}

// CampaignComments returns the positions of a campaign's comments, in API order; the
// bitmap is the caller's.
func (s *Snapshot) CampaignComments(c *Campaign) *roaring.Bitmap {
	return s.camp().byCamp[c.pos].Clone()
}

// campaignFilter adds the campaign conditions of f (Campaign, InCampaign) to and.
func (s *Snapshot) campaignFilter(f *CommentFilter, path string, and []*roaring.Bitmap) ([]*roaring.Bitmap, error) {
	if f.Campaign != "" {
		p, ok := s.camp().byID[f.Campaign]
		if !ok {
			return nil, filterError(path, "unknown campaign %q", f.Campaign)
		}
		and = append(and, s.camp().byCamp[p])
	}
	if f.InCampaign != nil {
		if *f.InCampaign {
			and = append(and, s.camp().inCamp)
		} else {
			and = append(and, roaring.AndNot(s.all, s.camp().inCamp))
		}
	}
	return and, nil
}

// campaignDimension reads DimCampaign off a comment.
func (s *Snapshot) campaignDimension() dimension {
	ci := s.camp()
	return dimension{
		card: uint32(len(ci.list)),
		values: func(c uint32, buf []uint32) []uint32 {
			if p := ci.cCamp[c]; p >= 0 {
				return append(buf, uint32(p))
			}
			return buf
		},
		key: func(v uint32) Key {
			c := ci.list[v]
			return Key{Value: c.ID, Label: c.ID + " (" + strconv.Itoa(c.Size) + " comments)"}
		},
	}
}

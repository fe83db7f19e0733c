package index

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/campaign"
)

// refCampaign is the reference's campaign: what the snapshot must list.
type refCampaign struct {
	id   string
	size int
	rank int
}

// refCampaigns detects campaigns consultation by consultation over the reference's
// comments (in consultation and 項番 order) and ranks them most comments first, ties
// by consultation and exemplar: comment ID → its campaign, and every campaign in order.
func refCampaigns(r *reference) (map[string]*refCampaign, []*refCampaign) {
	of := map[string]*refCampaign{}
	var all []*refCampaign
	for i := 0; i < len(r.comments); {
		j := i
		for j < len(r.comments) && r.comments[j].Consultation == r.comments[i].Consultation {
			j++
		}
		cs := r.comments[i:j]
		docs := make([]campaign.Doc, len(cs))
		for k, c := range cs {
			docs[k] = campaign.Doc{Text: refFold(c.Text), Submitter: c.Submitter}
		}
		for _, g := range campaign.Detect(docs, campaign.Options{}) {
			ex := cs[g.Members[0]]
			rc := &refCampaign{id: "campaign/" + r.cons[ex.Consultation].Slug + "/" + strconv.Itoa(ex.Number), size: len(g.Members)}
			all = append(all, rc)
			for _, m := range g.Members {
				of[cs[m].ID] = rc
			}
		}
		i = j
	}
	slices.SortStableFunc(all, func(a, b *refCampaign) int { return cmp.Compare(b.size, a.size) })
	for i, c := range all {
		c.rank = i
	}
	return of, all
}

// campaignKey is the reference's DimCampaign key of c.
func (r *reference) campaignKey(c *graph.Comment) []Key {
	rc := r.campaignOf[c.ID]
	if rc == nil {
		return nil
	}
	return []Key{{DimCampaign, rc.id, rc.id + " (" + strconv.Itoa(rc.size) + " comments)", rc.rank}}
}

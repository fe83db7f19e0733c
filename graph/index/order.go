package index

import (
	"cmp"
	"slices"

	"github.com/pcgraph/pcgraph/graph"
)

// SortOrganizationsByComments orders orgs by how many comments their submitters made
// (every consultation), most first, ties by ID — which is by name. It answers "the
// organizations that commented most" in one request.
func (s *Snapshot) SortOrganizationsByComments(orgs []*graph.Organization) {
	count := make(map[string]uint64, len(orgs))
	for _, o := range orgs {
		if i, ok := s.lookup(kOrganization, o.ID); ok {
			count[o.ID] = s.byOrg[i].GetCardinality()
		}
	}
	slices.SortStableFunc(orgs, func(a, b *graph.Organization) int {
		return cmp.Or(cmp.Compare(count[b.ID], count[a.ID]), cmp.Compare(a.ID, b.ID))
	})
}

// CompareCodes orders section codes as the API lists sections (natural order: I-1 <
// I-2 < III-2 < III-10 < OTHER): for references that must list them the same way.
func CompareCodes(a, b string) int { return compareCodes(a, b) }

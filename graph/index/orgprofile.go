package index

import (
	"slices"

	"github.com/pcgraph/pcgraph/graph"
)

// Spelling is one way an organization's name was written: by which submitter.
type Spelling struct {
	Name      string
	Submitter *graph.Submitter
}

// OrganizationSpellings returns how the organization's submitters wrote its name, in
// submitter order (consultation slug, then label); nil for an unknown ID.
func (s *Snapshot) OrganizationSpellings(id string) []Spelling {
	o, ok := s.lookup(kOrganization, id)
	if !ok {
		return nil
	}
	var out []Spelling
	for _, sub := range s.oSubs[o] {
		if n := s.submitters[sub].Name; n != "" {
			out = append(out, Spelling{Name: n, Submitter: s.submitters[sub]})
		}
	}
	return out
}

// OrganizationAliases returns the distinct spellings of the organization's name, sorted.
func (s *Snapshot) OrganizationAliases(id string) []string {
	var out []string
	for _, sp := range s.OrganizationSpellings(id) {
		out = append(out, sp.Name)
	}
	if o, ok := s.lookup(kOrganization, id); ok && s.orgs[o].Name != "" {
		out = append(out, s.orgs[o].Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// OrganizationConsultations returns the consultations the organization's submitters
// belong to, by slug.
func (s *Snapshot) OrganizationConsultations(id string) []*graph.Consultation {
	o, ok := s.lookup(kOrganization, id)
	if !ok {
		return nil
	}
	var cons []uint32
	for _, sub := range s.oSubs[o] {
		cons = append(cons, s.sCons[sub])
	}
	slices.Sort(cons)
	cons = slices.Compact(cons)
	out := make([]*graph.Consultation, len(cons))
	for i, c := range cons {
		out[i] = s.consultations[c]
	}
	return out
}

// DispositionProfile counts the organization's comments, over every consultation, by
// disposition, with each count's share of its comments (see Shares).
func (s *Snapshot) DispositionProfile(id string) ([]Bucket, error) {
	return s.Shares(&CommentFilter{Organization: id}, []Dimension{DimDisposition})
}

package server

import (
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/server/graphqlapi"
	"github.com/pcgraph/pcgraph/server/resolvers"
)

// complexity prices every connection by the page it asks for: its selection costs
// `first` times (DefaultFirst when not given), so a nested list of lists costs the
// product of its pages. Lists without paging (sections, topics) count their selection
// 50 times, about their real size. Everything else costs 1 plus its selection, gqlgen's
// default.
func complexity() graphqlapi.ComplexityRoot {
	var c graphqlapi.ComplexityRoot
	page := func(child int, first *int) int {
		n := resolvers.DefaultFirst
		if first != nil && *first >= 0 {
			// Above MaxFirst the resolver refuses the request with its own, clearer
			// error; price it as MaxFirst so that the complexity limit does not speak first.
			n = min(*first, resolvers.MaxFirst)
		}
		return 1 + child*max(n, 1)
	}
	const wide = 50
	list := func(child int) int { return 1 + child*wide }

	comments := func(child int, _ *index.CommentFilter, first *int, _ *string) int { return page(child, first) }
	c.Query.Comments = comments
	c.Query.Submitters = func(child int, _ *index.SubmitterFilter, first *int, _ *string) int { return page(child, first) }
	c.Query.Organizations = func(child int, _ *index.OrganizationFilter, _ *graphqlapi.OrganizationOrder, first *int, _ *string) int {
		return page(child, first)
	}
	c.Query.Search = func(child int, _ string, first *int, _ *string) int { return page(child, first) }
	c.Query.Sections = func(child int, _ *string) int { return list(child) }
	c.Query.Topics = list
	c.Query.Consultations = list
	c.Query.CommentStats = func(child int, _ *index.CommentFilter, _ []index.Dimension) int { return list(child) }
	c.Query.Campaigns = func(child int, _ *index.CommentFilter, _ *int, first *int, _ *string) int { return page(child, first) }
	c.Campaign.Comments = func(child int, first *int, _ *string) int { return page(child, first) }
	c.Query.Responsiveness = func(child int, _ index.Dimension, _ *index.CommentFilter) int { return list(child) }
	c.Query.TopicNetwork = func(child int, _ *index.CommentFilter, _ *int, _ []graphqlapi.NetworkNodeKind) int {
		return list(child)
	}

	c.Consultation.Comments = comments
	c.Consultation.Submitters = list
	c.Consultation.Sections = list
	c.Section.Comments = comments
	c.Section.Children = list
	c.Submitter.Comments = comments
	c.Submitter.Topics = list
	c.Organization.Comments = comments
	c.Organization.Submitters = list
	c.Topic.Comments = comments
	c.Topic.Submitters = list
	c.Topic.Narrower = list
	return c
}

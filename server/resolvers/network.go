package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/index/network"
	"github.com/pcgraph/pcgraph/server/graphqlapi"
)

// topicNetwork projects the comments a filter selects onto the topic network, with
// network.Select: the same function the /export/ handler and `pcgraph export` call.
func topicNetwork(ctx context.Context, filter *index.CommentFilter, minWeight *int, include []graphqlapi.NetworkNodeKind) (*graphqlapi.Network, error) {
	opts := network.Options{MinWeight: 1}
	if minWeight != nil {
		opts.MinWeight = *minWeight
	}
	for _, k := range include {
		if err := opts.Include(network.NodeKind(k)); err != nil {
			return nil, err
		}
	}
	opts.SkipBetweenness, opts.SkipCommunities = skipMeasures(ctx)
	net, err := network.Select(view(ctx).Index, filter, opts)
	if err != nil {
		return nil, err
	}
	out := &graphqlapi.Network{Nodes: make([]*graphqlapi.NetworkNode, len(net.Nodes)), Edges: make([]*graphqlapi.NetworkEdge, len(net.Edges))}
	for i, n := range net.Nodes {
		out.Nodes[i] = &graphqlapi.NetworkNode{
			ID: n.ID, Label: n.Label, Kind: graphqlapi.NetworkNodeKind(n.Kind), Weight: n.Weight,
			Degree: n.Degree, WeightedDegree: n.WeightedDegree, Betweenness: n.Betweenness, Community: n.Community,
		}
	}
	for i, e := range net.Edges {
		out.Edges[i] = &graphqlapi.NetworkEdge{Source: e.Source, Target: e.Target, Weight: e.Weight}
	}
	return out, nil
}

// skipMeasures says which of the costly node measures the query does not ask for: no
// topicNetwork { nodes { betweenness } } (and the like, through fragments and aliases),
// no nodes { community }. Betweenness and Louvain are most of network.Build's time, and
// a skipped measure is left 0, which no one then reads. Without a GraphQL field context
// (a direct call), nothing is skipped.
func skipMeasures(ctx context.Context) (betweenness, community bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || !graphql.HasOperationContext(ctx) {
		return false, false
	}
	op := graphql.GetOperationContext(ctx)
	betweenness, community = true, true
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, nil) {
		if f.Name != "nodes" {
			continue
		}
		for _, g := range graphql.CollectFields(op, f.Selections, nil) {
			switch g.Name {
			case "betweenness":
				betweenness = false
			case "community":
				community = false
			}
		}
	}
	return betweenness, community
}

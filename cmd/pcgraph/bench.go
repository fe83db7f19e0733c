package main

import (
	"context"

	"github.com/pcgraph/pcgraph/graph"
)

func runBench(m Main, ctx context.Context, args []string) error {
	return graph.Errorf(graph.EINVALID, "bench is not built yet")
}

package main

import (
	"context"

	"github.com/pcgraph/pcgraph/graph"
)

func runSynth(m Main, ctx context.Context, args []string) error {
	return graph.Errorf(graph.EINVALID, "synth is not built yet")
}

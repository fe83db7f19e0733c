package main

import (
	"context"
	"flag"

	"github.com/pcgraph/pcgraph/graph/store"
)

// storeFlag adds --store to fs.
func storeFlag(fs *flag.FlagSet) *string {
	return fs.String("store", store.DefaultSpec(), "the graph store: memory, bolt:PATH or postgres://…")
}

func openStore(ctx context.Context, spec string) (*store.Store, error) {
	return store.Open(ctx, spec)
}

package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

// storeFlag adds --store to fs.
func storeFlag(fs *flag.FlagSet) *string {
	return fs.String("store", defaultSpec(), "the graph store: memory, bolt:PATH or postgres://…")
}

// defaultSpec is the store used when --store is not given: a bbolt file under the user's data
// directory ($XDG_DATA_HOME/pcgraph, else ~/.local/share/pcgraph).
func defaultSpec() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = os.TempDir()
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return "bolt:" + filepath.Join(dir, "pcgraph", "store")
}

func openStore(ctx context.Context, spec string) (*store.Store, error) {
	return store.Open(ctx, spec)
}

// openData opens the store for a command that only reads it (query, stats, export).
// Such a command never creates a store — a mistyped bolt path is an error, not a new
// empty store — nor loads one: a store with no consultations is an error that says how
// to load, where an empty answer would look like a wrong query. (serve, which is where
// a new user starts, loads the bundled data into an empty store instead.)
func openData(ctx context.Context, spec string) (*store.Store, error) {
	if path, ok := strings.CutPrefix(spec, "bolt:"); ok && path != "" {
		if _, err := os.Stat(filepath.Join(path, "indexes.bolt")); err != nil {
			return nil, graph.Errorf(graph.ENOTFOUND, "no store at %s: load data into it first (pcgraph load --store %s DATASET), or check --store", path, spec)
		}
	}
	st, err := store.Open(ctx, spec)
	if err != nil {
		return nil, err
	}
	ids, err := st.Consultations(ctx)
	switch {
	case err == nil && len(ids) == 0 && spec == "memory":
		err = graph.Errorf(graph.ENOTFOUND, "a memory store starts empty and lasts as long as its process: run pcgraph serve --store memory (which loads the bundled data, or --load DIR), or use a bolt: or postgres:// store")
	case err == nil && len(ids) == 0:
		err = graph.Errorf(graph.ENOTFOUND, "the store %s is empty: load data first (pcgraph load --store %s DATASET, e.g. a folder of data/), or run pcgraph serve, which loads the bundled data into an empty store", spec, spec)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

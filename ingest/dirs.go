package ingest

import (
	"os"
	"path/filepath"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// Expand turns what a user named into datasets: a folder with a manifest.yaml is one
// dataset, a folder without one stands for every dataset folder directly inside it
// (a `pcgraph synth` output, or data/), and anything else (a source file) is itself.
// A folder with neither is an error.
func Expand(paths []string) ([]string, error) {
	var all []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, &graph.Error{Code: graph.EINVALID, File: p, Message: err.Error()}
		}
		if !info.IsDir() || hasManifest(p) {
			all = append(all, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, &graph.Error{Code: graph.EINVALID, File: p, Message: err.Error()}
		}
		n := len(all)
		for _, e := range entries {
			if sub := filepath.Join(p, e.Name()); e.IsDir() && hasManifest(sub) {
				all = append(all, sub)
			}
		}
		if len(all) == n {
			return nil, &graph.Error{Code: graph.EINVALID, File: p, Message: "no " + loader.ManifestFile + " in it nor in its subfolders"}
		}
	}
	return all, nil
}

func hasManifest(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, loader.ManifestFile))
	return err == nil
}

// Paths makes sources of paths on disk.
func Paths(paths []string) []Source {
	srcs := make([]Source, len(paths))
	for i, p := range paths {
		srcs[i] = Source{Path: p}
	}
	return srcs
}

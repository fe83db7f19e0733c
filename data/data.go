// Package data embeds the bundled datasets, so that `pcgraph serve` can load them into
// an empty store wherever the binary runs.
package data

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// Every folder here with a manifest.yaml is a bundled dataset (the Go file is embedded
// too, and ignored).
//
//go:embed *
var bundled embed.FS

// Bundled returns the bundled datasets: one folder per consultation, each with a
// manifest.yaml and its source file.
func Bundled() fs.FS { return bundled }

// BundledDirs lists the dataset folders of Bundled, by name.
func BundledDirs() []string {
	entries, err := fs.ReadDir(bundled, ".")
	if err != nil {
		panic("data: the embedded datasets cannot be listed: " + err.Error())
	}
	var dirs []string
	for _, e := range entries {
		if _, err := fs.Stat(bundled, path.Join(e.Name(), "manifest.yaml")); e.IsDir() && err == nil {
			dirs = append(dirs, e.Name())
		}
	}
	sort.Strings(dirs)
	return dirs
}

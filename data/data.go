// Package data embeds the bundled datasets, so that `pcgraph serve` can load them into
// an empty store wherever the binary runs.
package data

import (
	"embed"
	"io/fs"
)

//go:embed mic-iot5g-security-2020
var bundled embed.FS

// Bundled returns the bundled datasets: one folder per consultation, each with a
// manifest.yaml and its source file.
func Bundled() fs.FS { return bundled }

// BundledDirs lists the dataset folders of Bundled.
func BundledDirs() []string { return []string{"mic-iot5g-security-2020"} }

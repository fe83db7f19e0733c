package main

import (
	"bufio"
	"context"
	"io"
	"os"

	"github.com/pcgraph/pcgraph/graph"
)

func runExport(m Main, ctx context.Context, args []string) error {
	fs := m.flags("export")
	spec := storeFlag(fs)
	format := fs.String("format", "nquads", "nquads or jsonld")
	out := fs.String("out", "", "write to this file instead of standard output")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, *spec)
	if err != nil {
		return err
	}
	defer s.Close()
	var w io.Writer = m.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return graph.Errorf(graph.EINVALID, "%v", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	switch *format {
	case "nquads":
		err = s.ExportNQuads(ctx, bw)
	case "jsonld":
		err = s.ExportJSONLD(ctx, bw)
	default:
		return graph.Errorf(graph.EINVALID, "unknown format %q (want nquads or jsonld)", *format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

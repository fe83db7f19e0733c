package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/index/network"
	"github.com/pcgraph/pcgraph/graph/index/network/export"
	"github.com/pcgraph/pcgraph/server"
)

// paramFlag is one filter flag of pcgraph export: it records its values under the
// export parameter's name, so that the command line and /export/ parse the same
// parameters with server.ParseExportParams. Whole-number parameters are checked as they are
// set, so the flag package names the flag in its error.
type paramFlag struct {
	p      server.ExportParam
	values url.Values
}

func (f paramFlag) String() string { return "" }
func (f paramFlag) Set(v string) error {
	if f.p.Name == "minWeight" || f.p.Name == "pageRef" {
		if _, err := strconv.Atoi(v); err != nil {
			return fmt.Errorf("not a whole number")
		}
	}
	if !f.p.Repeat && f.values.Has(f.p.Name) {
		return fmt.Errorf("given twice; it takes one value")
	}
	f.values.Add(f.p.Name, v)
	return nil
}

// networkFormats are the --format values that write the topic network.
const networkFormats = "graphml, gexf, cyjs or csv"

func runExport(m Main, ctx context.Context, args []string) error {
	fs := m.flags("export")
	spec := storeFlag(fs)
	format := fs.String("format", "nquads", "nquads or jsonld (the whole graph); graphml, gexf, cyjs or csv (the topic network)")
	out := fs.String("out", "", "write to this file instead of standard output (csv: to this directory, as nodes.csv and edges.csv)")
	params := url.Values{}
	for _, p := range server.ExportParams {
		fs.Var(paramFlag{p, params}, p.Flag, "topic network: "+p.Usage)
	}
	if _, err := parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "nquads", "jsonld":
		if len(params) > 0 {
			return graph.Errorf(graph.EINVALID, "the filter flags (--%s …) select the topic network; --format %s writes the whole graph (use --format %s)", flagOf(params), *format, networkFormats)
		}
		return exportGraph(m, ctx, *spec, *format, *out)
	}
	formats, ok := export.ByName(*format)
	if !ok || strings.HasSuffix(*format, ".csv") {
		return graph.Errorf(graph.EINVALID, "unknown format %q (want nquads, jsonld, %s)", *format, networkFormats)
	}
	if *format == "csv" && *out == "" {
		return graph.Errorf(graph.EINVALID, "--format csv writes two files, nodes.csv and edges.csv: give the directory to write them into with --out DIR")
	}
	req, err := server.ParseExportParams(params)
	if err != nil {
		return err
	}
	st, model, err := openModel(ctx, m, *spec, false, index.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	v := model.View()
	if len(v.Index.Consultations()) == 0 {
		fmt.Fprintf(m.Stderr, "pcgraph: the store (%s) holds no consultation, so the network is empty: load one with pcgraph load\n", st.Backend())
	}
	net, err := network.Select(v.Index, &req.Filter, req.Options)
	if err != nil {
		return err
	}
	if *format == "csv" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return graph.Errorf(graph.EINVALID, "--out: %v", err)
		}
		var written []string
		for _, f := range formats {
			path := filepath.Join(*out, f.Name)
			if err := writeNetwork(path, nil, f, net, req.Meta()); err != nil {
				return err
			}
			written = append(written, path)
		}
		fmt.Fprintf(m.Stderr, "pcgraph: topic network of %s: %d nodes, %d edges → %s\n", req.Meta().Description, len(net.Nodes), len(net.Edges), strings.Join(written, ", "))
		return nil
	}
	if err := writeNetwork(*out, m.Stdout, formats[0], net, req.Meta()); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(m.Stderr, "pcgraph: topic network of %s: %d nodes, %d edges → %s\n", req.Meta().Description, len(net.Nodes), len(net.Edges), *out)
	}
	return nil
}

// writeNetwork encodes net in memory, then writes it to the file path, or to stdout when
// path is empty: a failed export leaves no half-written file.
func writeNetwork(path string, stdout io.Writer, f export.Format, net network.Network, meta export.Meta) error {
	var buf bytes.Buffer
	if err := f.Write(&buf, net, meta); err != nil {
		return err
	}
	if path == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return graph.Errorf(graph.EINVALID, "%v", err)
	}
	return nil
}

// flagOf names the first filter flag given, for messages.
func flagOf(params url.Values) string {
	for _, p := range server.ExportParams {
		if params.Has(p.Name) {
			return p.Flag
		}
	}
	return ""
}

// exportGraph writes the whole graph as N-Quads or JSON-LD.
func exportGraph(m Main, ctx context.Context, spec, format, out string) error {
	s, err := openData(ctx, spec)
	if err != nil {
		return err
	}
	defer s.Close()
	var w io.Writer = m.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return graph.Errorf(graph.EINVALID, "%v", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	switch format {
	case "nquads":
		err = s.ExportNQuads(ctx, bw)
	case "jsonld":
		err = s.ExportJSONLD(ctx, bw)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

var _ flag.Value = paramFlag{}

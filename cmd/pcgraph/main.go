// Command pcgraph loads public-comment result tables into a knowledge graph and answers
// questions about it. See the README for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A server's memory follows its read model (see readmodel.Model.AutoMemoryLimit);
	// decided here, not in Run, so that tests running commands in process keep Go's
	// defaults.
	autoLimit := os.Getenv("GOMEMLIMIT") == ""
	if os.Getenv("PCGRAPH_DEBUG") == "" {
		store.QuietCayley()
	}
	stopProfile := startCPUProfile()
	code := Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, AutoMemoryLimit: autoLimit}.Run(ctx, os.Args[1:])
	stopProfile()
	os.Exit(code)
}

// Main is the program with its standard streams, so that tests can run commands in
// process, without flags or files of their own.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// AutoMemoryLimit lets the read model set the process's soft memory limit
	// (readmodel.Model.AutoMemoryLimit); main sets it unless GOMEMLIMIT is given.
	AutoMemoryLimit bool
}

// command is one subcommand.
type command struct {
	name, usage, summary string
	run                  func(m Main, ctx context.Context, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"load", "load [--store S] [--replace] [--strict] [--taxonomy FILE] DATASET...", "load consultations (folders with manifest.yaml, source files with --slug/--title, or .nq exports)", runLoad},
		{"check", "check [--strict] [--taxonomy FILE] FILE...", "validate source files (or dataset folders) and list every problem", runCheck},
		{"export", "export [--store S] --format nquads|jsonld|graphml|gexf|cyjs|csv [filters] [--out FILE|DIR]", "write the whole graph (nquads, jsonld) or the topic network", runExport},
		{"stats", "stats [--store S] [--json]", "count nodes, dispositions, sections, topics and submitters", runStats},
		{"serve", "serve [--store S] [--addr 127.0.0.1:8080] [limits]", "serve the GraphQL API (loads the bundled data into an empty store)", runServe},
		{"query", "query [--store S] [--var k=v]... QUERY|@file", "run one GraphQL operation and print the JSON response", runQuery},
		{"terms", "terms [--min 2] [--taxonomy FILE] FILE...", "list recurring terms of the comments that the taxonomy does not cover (to grow a taxonomy)", runTerms},
		{"synth", "synth --comments N [--consultations K] [--seed S] --out DIR", "write a realistic synthetic corpus (dataset folders) for benchmarks", runSynth},
		{"bench", "bench [--comments 1000,10000] [--backends bolt,memory,postgres] [--peer-dsn URL] [--json]", "measure loads and queries side by side with a PostgreSQL peer and an in-process limit", runBench},
	}
}

// exitError carries an exit status without a message of its own.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// Run runs one command and returns the process's exit status.
func (m Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(m, ctx, args[1:])
		var code exitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &code):
			return int(code)
		case errors.Is(err, flag.ErrHelp):
			return 0
		}
		fmt.Fprintf(m.Stderr, "pcgraph %s: %s\n", c.name, describe(err))
		if graph.ErrorCode(err) == graph.EINVALID || graph.ErrorCode(err) == graph.ENOTFOUND {
			return 1
		}
		return 3
	}
	fmt.Fprintf(m.Stderr, "pcgraph: unknown command %q\n", args[0])
	m.usage()
	return 2
}

// describe shows the whole error on the command line: users of the CLI own the machine.
func describe(err error) string { return err.Error() }

func (m Main) usage() {
	fmt.Fprintln(m.Stderr, "usage: pcgraph COMMAND [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(m.Stderr, "  %-60s %s\n", c.usage, c.summary)
	}
}

// flags returns a flag set for a command that reports to m.Stderr.
func (m Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("pcgraph "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	return fs
}

// parse parses args, allowing flags after the positional arguments too
// (pcgraph load data/x --replace).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// runCheck validates source files without a store: every problem is printed as
// file:line:column: reason, and the exit status is 1 when there was any.
func runCheck(m Main, ctx context.Context, args []string) error {
	df, parseArgs, _ := addDatasetFlags(m, "check")
	paths, err := parseArgs(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return graph.Errorf(graph.EINVALID, "name at least one file or dataset folder to check")
	}
	opts, err := df.options()
	if err != nil {
		return err
	}
	bad := 0
	for _, path := range paths {
		res, err := loadToRead(path, opts, "check")
		if err != nil {
			fmt.Fprintln(m.Stdout, err.Error())
			bad++
			continue
		}
		printCheck(m, path, res)
		bad += len(res.Problems)
	}
	if bad > 0 {
		return exitError(1)
	}
	return nil
}

// loadToRead loads path to read it, not to store it: a bare file needs no description
// (it gets slug and its file name as title), and rows with problems are left out and
// reported in the result rather than failing the load.
func loadToRead(path string, opts loader.Options, slug string) (*loader.Result, error) {
	if st, err := os.Stat(path); err == nil && !st.IsDir() && opts.Manifest.Slug == "" {
		opts.Manifest.Slug = slug
		opts.Manifest.Title = filepath.Base(path)
	}
	res, err := loader.Load(path, opts)
	var pe *loader.ProblemsError
	if err != nil && !errors.As(err, &pe) {
		return nil, err
	}
	return res, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// printCheck shows what check found in one file: the format and the column mapping it
// chose (so that the user can confirm it), every warning and problem with its line, and
// what became of every data row.
func printCheck(m Main, path string, res *loader.Result) {
	t := res.Table
	fmt.Fprintf(m.Stdout, "%s: %s, header on line %d", path, t.Format, t.Mapping.Line)
	if t.Mapping.Given {
		fmt.Fprint(m.Stdout, " (columns from the manifest)")
	}
	fmt.Fprintln(m.Stdout)
	for _, l := range t.Mapping.Describe() {
		fmt.Fprintf(m.Stdout, "  %s\n", l)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(m.Stdout, "%s (warning: loaded)\n", w.Error())
	}
	for _, p := range res.Problems {
		fmt.Fprintf(m.Stdout, "%s (row left out)\n", p.Error())
	}
	c := t.Counts
	verdict := "ok"
	if len(res.Problems) > 0 {
		verdict = fmt.Sprintf("%d problem%s", len(res.Problems), plural(len(res.Problems)))
	}
	fmt.Fprintf(m.Stderr, "%s: %d data rows: %d comments, %d group headings, %d joined to the row above, %d left out; %d consultation%s; %s\n",
		path, c.DataRows, c.Comments, c.Headings, c.Joined, c.LeftOut, len(res.Datasets), plural(len(res.Datasets)), verdict)
}

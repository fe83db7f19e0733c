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
		o := opts
		if st, err := os.Stat(path); err == nil && !st.IsDir() && o.Manifest.Slug == "" {
			// A bare file needs no description to be checked.
			o.Manifest.Slug = "check"
			o.Manifest.Title = filepath.Base(path)
		}
		res, err := loader.Load(path, o)
		var problems []*graph.Error
		if res != nil {
			problems = res.Problems
		}
		for _, p := range problems {
			fmt.Fprintln(m.Stdout, p.Error())
		}
		var pe *loader.ProblemsError
		if err != nil && !errors.As(err, &pe) {
			fmt.Fprintln(m.Stdout, err.Error())
			bad++
			continue
		}
		bad += len(problems)
		comments := 0
		if res != nil && res.Dataset != nil {
			comments = len(res.Dataset.Comments)
		}
		verdict := "ok"
		if len(problems) > 0 {
			verdict = fmt.Sprintf("%d problem%s", len(problems), plural(len(problems)))
		}
		fmt.Fprintf(m.Stderr, "%s: %d comments readable, %s\n", path, comments, verdict)
	}
	if bad > 0 {
		return exitError(1)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

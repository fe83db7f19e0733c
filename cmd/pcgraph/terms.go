package main

import (
	"context"
	"fmt"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// runTerms helps grow a taxonomy: it reads tables as check does and prints the terms that
// recur in the comments (acronyms such as eKYC, ICT-ISAC; katakana compounds) that the
// taxonomy does not cover, most frequent first, with the number of comments each is in.
func runTerms(m Main, ctx context.Context, args []string) error {
	df, parseArgs, fs := addDatasetFlags(m, "terms")
	minCount := fs.Int("min", 2, "print terms found in at least this many comments")
	paths, err := parseArgs(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return graph.Errorf(graph.EINVALID, "name at least one file or dataset folder to read terms from")
	}
	opts, err := df.options()
	if err != nil {
		return err
	}
	tax := opts.Taxonomy
	if tax == nil {
		tax = loader.DefaultTaxonomy()
	}
	var texts []string
	for _, path := range paths {
		res, err := loadToRead(path, opts, "terms")
		if err != nil {
			return err
		}
		for _, d := range res.Datasets {
			for _, c := range d.Comments {
				texts = append(texts, c.Text)
			}
		}
	}
	terms := loader.CandidateTerms(texts, tax, *minCount)
	for _, t := range terms {
		fmt.Fprintf(m.Stdout, "%d\t%s\n", t.Count, t.Text)
	}
	fmt.Fprintf(m.Stderr, "pcgraph: %d terms in at least %d of %d comments that the taxonomy does not cover\n", len(terms), max(*minCount, 1), len(texts))
	return nil
}

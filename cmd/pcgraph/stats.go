package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pcgraph/pcgraph/graph"
)

func runStats(m Main, ctx context.Context, args []string) error {
	fs := m.flags("stats")
	spec := storeFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := openData(ctx, *spec)
	if err != nil {
		return err
	}
	defer s.Close()
	datasets, err := s.ReadAll(ctx)
	if err != nil {
		return err
	}
	st := graph.Summarize(datasets)
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	writeStats(m.Stdout, st)
	return nil
}

// writeStats prints the counts as plain sections of "key<TAB>count" lines, sorted, so
// that the output diffs well and reads into pandas with read_csv(sep="\t").
func writeStats(w io.Writer, st graph.Stats) {
	fmt.Fprintf(w, "# consultations\t%d\n", st.Consultations)
	for _, part := range []struct {
		title string
		m     map[string]int
	}{
		{"nodes", st.Nodes},
		{"comments by disposition", st.Dispositions},
		{"comments by submitter kind", st.SubmitterKind},
		{"comments by section", st.Sections},
		{"comments by topic", st.Topics},
		{"comments by submitter", st.Submitters},
	} {
		fmt.Fprintf(w, "\n# %s\n", part.title)
		for _, k := range graph.SortedKeys(part.m) {
			name := k
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "%s\t%d\n", name, part.m[k])
		}
	}
}

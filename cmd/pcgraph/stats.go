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
// that the output diffs well and reads into pandas with read_csv(sep="\t"). A key that
// has a label for people is followed by it, after a space: a disposition or submitter
// kind by its Japanese label (graph.Labels), a submitter by its name.
func writeStats(w io.Writer, st graph.Stats) {
	fmt.Fprintf(w, "# consultations\t%d\n", st.Consultations)
	enumLabel := func(enum string) func(string) string {
		return func(k string) string { return graph.Label(enum, k) }
	}
	submitterName := func(k string) string { return st.SubmitterNames[k] }
	for _, part := range []struct {
		title string
		m     map[string]int
		label func(string) string
	}{
		{"nodes", st.Nodes, nil},
		{"comments by disposition", st.Dispositions, enumLabel("Disposition")},
		{"comments by submitter kind", st.SubmitterKind, enumLabel("SubmitterKind")},
		{"comments by section", st.Sections, nil},
		{"comments by topic", st.Topics, nil},
		{"comments by submitter", st.Submitters, submitterName},
	} {
		fmt.Fprintf(w, "\n# %s\n", part.title)
		for _, k := range graph.SortedKeys(part.m) {
			name := k
			if part.label != nil {
				if l := part.label(k); l != "" && l != k {
					name += " " + l
				}
			}
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "%s\t%d\n", name, part.m[k])
		}
	}
}

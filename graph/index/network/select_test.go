package network

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/synth"
)

// TestSelectReference checks that Select, which counts over the snapshot's positions,
// gives exactly what refBuild (the former Build) gives over the comments the filter
// selects, on a synthetic corpus of 5,000 comments in three consultations.
func TestSelectReference(t *testing.T) {
	dir := t.TempDir()
	st, err := synth.Generate(synth.Options{Comments: 1500, Consultations: 3, Seed: 11, Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	var ds []*graph.Dataset
	for _, c := range st.Consultations {
		res, err := loader.Load(filepath.Join(dir, c.Slug), loader.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, res.Datasets[0])
	}
	s, err := index.Build(ds)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.Comments(&index.CommentFilter{})
	filters := []*index.CommentFilter{{}, {Consultation: all[0].Consultation}, {Dispositions: []graph.Disposition{graph.Dispositions[0]}}}
	for i, f := range filters {
		for _, opts := range []Options{
			{}, {MinWeight: 3}, {Submitters: true, Sections: true},
			{MinWeight: 2, Submitters: true, Sections: true, SkipBetweenness: true},
		} {
			t.Run(fmt.Sprintf("filter %d/%+v", i, opts), func(t *testing.T) {
				comments, err := s.Comments(f)
				if err != nil {
					t.Fatal(err)
				}
				want := refBuild(comments, Labels(s), opts)
				got, err := Select(s, f, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(want.Edges) == 0 {
					t.Fatalf("%d comments give no edge: the test needs a non-trivial network", len(comments))
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("Select differs from refBuild: %s", firstDifference(want, got))
				}
			})
		}
	}
}

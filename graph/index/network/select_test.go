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

// TestSelectLabels: Select is Build over the comments the filter selects, labelled from
// the index.
func TestSelectLabels(t *testing.T) {
	res, err := loader.Load("../../../data/mic-iot5g-security-2020", loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := index.Build([]*graph.Dataset{res.Datasets[0]})
	if err != nil {
		t.Fatal(err)
	}
	filter := &index.CommentFilter{Dispositions: []graph.Disposition{graph.FutureWork}}
	opts := Options{Submitters: true}
	got, err := Select(s, filter, opts)
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := s.Comments(filter)
	want := Build(comments, Labels(s), opts)
	if !reflect.DeepEqual(got, want) || len(got.Nodes) == 0 {
		t.Fatalf("Select differs from Build over the filtered comments (or is empty: %d nodes)", len(got.Nodes))
	}
	for _, n := range got.Nodes {
		if topic, ok := s.Topic(n.ID); ok && n.Label != topic.Label {
			t.Errorf("%s is labelled %q, want %q", n.ID, n.Label, topic.Label)
		}
		if sub, ok := s.Submitter(n.ID); ok && n.Label != index.SubmitterLabel(sub) {
			t.Errorf("%s is labelled %q, want %q", n.ID, n.Label, index.SubmitterLabel(sub))
		}
	}
}

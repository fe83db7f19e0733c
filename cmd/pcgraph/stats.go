package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
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
	st, err := summarize(datasets)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	writeStats(m.Stdout, st)
	return nil
}

// stats are the counts `pcgraph stats` prints: how many of each kind of node the
// graph holds, and how comments spread over dispositions, topics, sections and
// submitters. A researcher checks a load against the source table with them.
type stats struct {
	Consultations int            `json:"consultations"`
	Nodes         map[string]int `json:"nodes"`         // per node kind: comment, submitter, …
	Dispositions  map[string]int `json:"dispositions"`  // comments per disposition
	SubmitterKind map[string]int `json:"submitterKind"` // comments per submitter kind
	Sections      map[string]int `json:"sections"`      // comments per section ID ("" for general comments)
	Topics        map[string]int `json:"topics"`        // comments per directly mentioned topic (comment text or section)
	Submitters    map[string]int `json:"submitters"`    // comments per submitter ID
	// SubmitterNames are the names of the submitters that have one (法人D's
	// セキュアIoTプラットフォーム協議会), by ID: the labels in the IDs say only 法人D.
	SubmitterNames map[string]string `json:"submitterNames"`
}

// summarize counts the datasets. Comments are counted by the read model (index.Count),
// the engine the API counts with, so that which comments are about a topic (not those
// whose topic is mentioned only in the response) is decided in one place.
func summarize(datasets []*graph.Dataset) (stats, error) {
	snap, err := index.Build(datasets)
	if err != nil {
		return stats{}, err
	}
	st := stats{Consultations: len(datasets), Nodes: countNodes(datasets), SubmitterNames: map[string]string{}}
	for _, d := range datasets {
		for _, sub := range d.Submitters {
			if sub.Name != "" {
				st.SubmitterNames[sub.ID] = sub.Name
			}
		}
	}
	for _, c := range []struct {
		dim  index.Dimension
		to   *map[string]int
		none bool // whether comments without a value are counted, under ""
	}{
		{index.DimDisposition, &st.Dispositions, false},
		{index.DimSubmitterKind, &st.SubmitterKind, true},
		{index.DimSection, &st.Sections, true},
		{index.DimTopic, &st.Topics, false},
		{index.DimSubmitter, &st.Submitters, true},
	} {
		if *c.to, err = countBy(snap, c.dim, c.none); err != nil {
			return stats{}, err
		}
	}
	return st, nil
}

// countBy counts every comment of the snapshot by one dimension, keyed by value. The
// comments without a value are kept under "" when none is set, left out otherwise.
func countBy(snap *index.Snapshot, dim index.Dimension, none bool) (map[string]int, error) {
	buckets, err := snap.Count(nil, []index.Dimension{dim})
	if err != nil {
		return nil, err
	}
	m := map[string]int{}
	for _, b := range buckets {
		if v := b.Keys[0].Value; v != "" || none {
			m[v] += b.Count
		}
	}
	return m, nil
}

// countNodes counts the nodes of each kind the datasets make: organizations, topics,
// pages and response texts are shared between comments (and consultations) and count
// once.
func countNodes(datasets []*graph.Dataset) map[string]int {
	n := map[string]int{}
	orgs, topics, pages, texts := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, d := range datasets {
		n["consultation"]++
		n["comment"] += len(d.Comments)
		n["response"] += len(d.Comments)
		n["submitter"] += len(d.Submitters)
		n["section"] += len(d.Sections)
		for _, o := range d.Organizations {
			orgs[o.ID] = true
		}
		for _, t := range d.Topics {
			topics[t.ID] = true
		}
		for _, c := range d.Comments {
			for _, p := range c.PageRefs {
				pages[graph.PageID(d.Consultation.Slug, p.Page)] = true
			}
			texts[c.Response.TextID] = true
		}
	}
	n["organization"] = len(orgs)
	n["topic"] = len(topics)
	n["page"] = len(pages)
	n["responsetext"] = len(texts)
	return n
}

// writeStats prints the counts as plain sections of "key<TAB>count" lines, sorted, so
// that the output diffs well and reads into pandas with read_csv(sep="\t"). A key that
// has a label for people is followed by it, after a space: a disposition or submitter
// kind by its Japanese label (graph.Labels), a submitter by its name.
func writeStats(w io.Writer, st stats) {
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
		for _, k := range slices.Sorted(maps.Keys(part.m)) {
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

package graph

import "sort"

// Stats are the counts `pcgraph stats` prints: how many of each kind of node the
// graph holds, and how comments spread over dispositions, topics, sections and
// submitters. A researcher checks a load against the source table with them.
type Stats struct {
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

// Summarize counts the datasets.
func Summarize(datasets []*Dataset) Stats {
	s := Stats{
		Nodes: map[string]int{}, Dispositions: map[string]int{}, SubmitterKind: map[string]int{},
		Sections: map[string]int{}, Topics: map[string]int{}, Submitters: map[string]int{},
		SubmitterNames: map[string]string{},
	}
	orgs, topics, pages, texts := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, d := range datasets {
		s.Consultations++
		s.Nodes["consultation"]++
		s.Nodes["comment"] += len(d.Comments)
		s.Nodes["response"] += len(d.Comments)
		s.Nodes["submitter"] += len(d.Submitters)
		s.Nodes["section"] += len(d.Sections)
		kinds := map[string]SubmitterKind{}
		for _, sub := range d.Submitters {
			kinds[sub.ID] = sub.Kind
			if sub.Name != "" {
				s.SubmitterNames[sub.ID] = sub.Name
			}
		}
		for _, o := range d.Organizations {
			orgs[o.ID] = true
		}
		for _, t := range d.Topics {
			topics[t.ID] = true
		}
		for _, c := range d.Comments {
			s.Sections[c.Section]++
			s.Submitters[c.Submitter]++
			s.SubmitterKind[string(kinds[c.Submitter])]++
			for _, a := range c.Response.Dispositions {
				s.Dispositions[string(a.Disposition)]++
			}
			direct := map[string]bool{}
			for _, m := range c.Mentions {
				if m.Via != ViaResponse && !direct[m.Topic] {
					direct[m.Topic] = true
					s.Topics[m.Topic]++
				}
			}
			for _, p := range c.PageRefs {
				pages[PageID(d.Consultation.Slug, p.Page)] = true
			}
			texts[c.Response.TextID] = true
		}
	}
	s.Nodes["organization"] = len(orgs)
	s.Nodes["topic"] = len(topics)
	s.Nodes["page"] = len(pages)
	s.Nodes["responsetext"] = len(texts)
	return s
}

// SortedKeys returns the keys of m in order.
func SortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
)

// The questions, by the names the report uses.
const (
	// Flagship is the flagship question (docs/ARCHITECTURE.md, "Questions"): the organizations
	// with some comment about topic/trust-services (or a narrower topic) whose response has
	// the disposition FUTURE_WORK — all of them, ordered by name.
	Flagship = "flagship"
	// TwoHop: the TwoHopOrganizations organizations with the most comments (ties by ID),
	// each with its first TwoHopComments comments (consultation, then 項番) and their
	// topics (mentions via COMMENT or SECTION).
	TwoHop = "two_hop"
	// Stats: commentStats grouped by section × disposition (general comments under an
	// empty section).
	Stats = "stats"
	// Network: the topic co-occurrence network of all comments: each topic with its
	// number of comments, each pair of topics with the number of comments about both.
	Network = "network"
	// Search: a full-text search: the number of comments whose text or response
	// contains the search text, and the first SearchFirst hits.
	Search = "search"
)

// Questions lists the questions in the order they are asked and reported.
var Questions = []string{Flagship, TwoHop, Stats, Network, Search}

// The questions' parameters.
const (
	FlagshipTopic       = "topic/trust-services"
	FlagshipDisposition = graph.FutureWork
	TwoHopOrganizations = 20
	TwoHopComments      = 100 // the API's largest page
	SearchFirst         = 20
	// DefaultSearchText is searched for unless Config.SearchText says otherwise: a term
	// of the taxonomy (an alias of topic/shared-responsibility) that occurs in a small
	// share of comments, as a researcher's search would.
	DefaultSearchText = "責任共有モデル"
)

// Answer is a system's answer to a question, reduced to what must agree between pcgraph,
// the peer and the limit for the comparison to be fair: a headline count and a digest of
// the answer's content in a canonical order.
type Answer struct {
	Count  int    // organizations, two-hop comment rows, buckets, edges, or search hits
	Digest string // of the canonical listing; empty when only Count must agree (search)
	Detail string // for people
}

func (a Answer) String() string { return a.Detail }

// Equal reports whether a and b are the same answer.
func (a Answer) Equal(b Answer) bool { return a.Count == b.Count && a.Digest == b.Digest }

// digest hashes lines in the order given.
func digest(lines []string) string {
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// The canonical results each system reduces its answer to.

type orgRow struct{ ID, Name string }

func flagshipAnswer(orgs []orgRow) Answer {
	lines := make([]string, len(orgs))
	for i, o := range orgs {
		lines[i] = o.ID + "\t" + o.Name
	}
	return Answer{Count: len(orgs), Digest: digest(lines), Detail: fmt.Sprintf("%d organizations", len(orgs))}
}

type twoHopOrg struct {
	ID, Name string
	Count    int // all its comments
	Comments []twoHopComment
}

type twoHopComment struct {
	ID     string
	Topics []string
}

func twoHopAnswer(orgs []twoHopOrg) Answer {
	var lines []string
	rows, links := 0, 0
	for _, o := range orgs {
		lines = append(lines, fmt.Sprintf("%s\t%s\t%d", o.ID, o.Name, o.Count))
		for _, c := range o.Comments {
			t := slices.Clone(c.Topics)
			slices.Sort(t)
			t = slices.Compact(t)
			lines = append(lines, "\t"+c.ID+"\t"+strings.Join(t, ","))
			rows++
			links += len(t)
		}
	}
	return Answer{Count: rows, Digest: digest(lines), Detail: fmt.Sprintf("%d organizations, %d comments, %d comment topics", len(orgs), rows, links)}
}

type statRow struct {
	Section     string // section ID, "" for general comments
	label       string // the section's label, as the API gives it (the limit's only)
	Disposition string
	Count       int
}

func statsAnswer(rows []statRow) Answer {
	lines := make([]string, len(rows))
	total := 0
	for i, r := range rows {
		lines[i] = fmt.Sprintf("%s\t%s\t%d", r.Section, r.Disposition, r.Count)
		total += r.Count
	}
	slices.Sort(lines)
	return Answer{Count: len(rows), Digest: digest(lines), Detail: fmt.Sprintf("%d buckets, %d comment dispositions", len(rows), total)}
}

type netNode struct {
	ID, Label string
	Weight    int
}

type netEdge struct {
	Source, Target string
	Weight         int
}

func networkAnswer(nodes []netNode, edges []netEdge) Answer {
	var lines []string
	for _, n := range nodes {
		lines = append(lines, fmt.Sprintf("n\t%s\t%s\t%d", n.ID, n.Label, n.Weight))
	}
	weight := 0
	for _, e := range edges {
		s, t := e.Source, e.Target
		if s > t {
			s, t = t, s
		}
		lines = append(lines, fmt.Sprintf("e\t%s\t%s\t%d", s, t, e.Weight))
		weight += e.Weight
	}
	slices.Sort(lines)
	return Answer{Count: len(edges), Digest: digest(lines), Detail: fmt.Sprintf("%d topics, %d edges of total weight %d", len(nodes), len(edges), weight)}
}

func searchAnswer(total, returned int) Answer {
	return Answer{Count: total, Detail: fmt.Sprintf("%d hits (%d returned)", total, returned)}
}

package server

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/index/network"
	"github.com/pcgraph/pcgraph/graph/index/network/export"
)

// ExportParam is a query parameter of a network export (/export/…, pcgraph export): a field of the GraphQL CommentFilter or an
// argument of topicNetwork.
type ExportParam struct {
	Name   string // as in the URL: consultation, submitterKind, minWeight …
	Flag   string // as a flag of pcgraph export: consultation, submitter-kind, min-weight …
	Repeat bool   // may be given several times (topic=a&topic=b)
	Usage  string
}

// ExportParams are the parameters of an export, in the order Describe lists them. They are the
// arguments of topicNetwork(filter, minWeight, include), flattened: the singular names
// topic and disposition stand for the lists topics and dispositions.
var ExportParams = []ExportParam{
	{"consultation", "consultation", false, "comments of this consultation (ID)"},
	{"section", "section", false, "comments about this section or its sub-sections (ID)"},
	{"submitter", "submitter", false, "comments by this submitter (ID)"},
	{"submitterKind", "submitter-kind", false, "comments by submitters of this kind: ORGANIZATION, INDIVIDUAL or GROUP"},
	{"organization", "organization", false, "comments by any submitter of this organization (ID)"},
	{"topic", "topic", true, "comments about this topic or a narrower one (ID); repeat for more"},
	{"topicMatch", "topic-match", false, "whether a comment must be about ANY (default) or ALL of the topics"},
	{"disposition", "disposition", true, "comments whose response has this disposition (REVISED, FUTURE_WORK …); repeat for more"},
	{"pageRef", "page-ref", false, "comments that refer to this page of the draft"},
	{"text", "text", false, "comments whose text contains this"},
	{"minWeight", "min-weight", false, "leave out nodes and edges that weigh less (default 1: keep all)"},
	{"include", "include", true, "add nodes of this kind: SUBMITTER or SECTION; repeat for both"},
}

// ExportRequest is a parsed export request: which comments, and how to build their network.
type ExportRequest struct {
	Filter  index.CommentFilter
	Options network.Options
	params  url.Values // the parameters given, for Meta
}

// ParseExportParams reads an export's parameters. Empty values count as not given. An unknown
// parameter, a single-valued parameter given twice, a value that is not a whole number
// (pageRef, minWeight) or an unknown include is an EINVALID error. IDs and the enums of
// the filter (submitterKind, topicMatch, disposition) are checked when the filter is
// used (network.Select), with the index's errors, as topicNetwork checks them.
func ParseExportParams(q url.Values) (ExportRequest, error) {
	req := ExportRequest{Options: network.Options{MinWeight: 1}, params: url.Values{}}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		i := slices.IndexFunc(ExportParams, func(p ExportParam) bool { return p.Name == name })
		if i < 0 {
			return ExportRequest{}, graph.Errorf(graph.EINVALID, "unknown parameter %q (the parameters are %s)", name, paramNames())
		}
		var values []string
		for _, v := range q[name] {
			if v != "" {
				values = append(values, v)
			}
		}
		if len(values) == 0 {
			continue
		}
		if len(values) > 1 && !ExportParams[i].Repeat {
			return ExportRequest{}, graph.Errorf(graph.EINVALID, "parameter %q is given %d times; it takes one value", name, len(values))
		}
		req.params[name] = values
	}
	f := &req.Filter
	get := req.params.Get
	f.Consultation = get("consultation")
	f.Section = get("section")
	f.Submitter = get("submitter")
	f.SubmitterKind = graph.SubmitterKind(get("submitterKind"))
	f.Organization = get("organization")
	f.Topics = req.params["topic"]
	f.TopicMatch = index.Match(get("topicMatch"))
	for _, d := range req.params["disposition"] {
		f.Dispositions = append(f.Dispositions, graph.Disposition(d))
	}
	f.Text = get("text")
	if v := get("pageRef"); v != "" {
		n, err := wholeNumber("pageRef", v)
		if err != nil {
			return ExportRequest{}, err
		}
		f.PageRef = &n
	}
	if v := get("minWeight"); v != "" {
		n, err := wholeNumber("minWeight", v)
		if err != nil {
			return ExportRequest{}, err
		}
		req.Options.MinWeight = n
	}
	for _, k := range req.params["include"] {
		if err := req.Options.Include(network.NodeKind(k)); err != nil {
			return ExportRequest{}, graph.Errorf(graph.EINVALID, "include: invalid node kind %q (want SUBMITTER or SECTION)", k)
		}
	}
	return req, nil
}

func wholeNumber(name, v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, graph.Errorf(graph.EINVALID, "%s: %q is not a whole number", name, v)
	}
	return n, nil
}

func paramNames() string {
	names := make([]string, len(ExportParams))
	for i, p := range ExportParams {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// Meta describes the request's network for the file: "pcgraph topic network" and the
// parameters given, in the order of ExportParams ("every comment" when there are none).
func (r ExportRequest) Meta() export.Meta {
	var parts []string
	for _, p := range ExportParams {
		for _, v := range r.params[p.Name] {
			parts = append(parts, p.Name+"="+v)
		}
	}
	desc := "every comment"
	if len(parts) > 0 {
		desc = strings.Join(parts, ", ")
	}
	return export.Meta{Name: "pcgraph topic network", Description: desc}
}

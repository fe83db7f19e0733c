package server

import (
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/index/network"
	"github.com/pcgraph/pcgraph/loader"
)

var (
	snapOnce sync.Once
	snap     *index.Snapshot
)

// bundledIndex is the index of the bundled consultation.
func bundledIndex(t *testing.T) *index.Snapshot {
	t.Helper()
	snapOnce.Do(func() {
		res, err := loader.Load("../data/mic-iot5g-security-2020", loader.Options{})
		if err != nil {
			panic(err)
		}
		if snap, err = index.Build([]*graph.Dataset{res.Datasets[0]}); err != nil {
			panic(err)
		}
	})
	return snap
}

func TestParseParams(t *testing.T) {
	q, _ := url.ParseQuery("consultation=consultation/mic-iot5g-security-2020&topic=topic/e-seal&topic=topic/timestamp&topicMatch=ALL" +
		"&disposition=FUTURE_WORK&disposition=REVISED&pageRef=27&text=IoT&minWeight=2&include=SUBMITTER&include=SECTION&section=&submitterKind=ORGANIZATION")
	req, err := ParseExportParams(q)
	if err != nil {
		t.Fatal(err)
	}
	page := 27
	want := index.CommentFilter{
		Consultation: "consultation/mic-iot5g-security-2020", SubmitterKind: graph.KindOrganization,
		Topics: []string{"topic/e-seal", "topic/timestamp"}, TopicMatch: index.MatchAll,
		Dispositions: []graph.Disposition{graph.FutureWork, graph.Revised}, PageRef: &page, Text: "IoT",
	}
	if !reflect.DeepEqual(req.Filter, want) {
		t.Errorf("filter = %+v\nwant %+v", req.Filter, want)
	}
	if o := req.Options; o.MinWeight != 2 || !o.Submitters || !o.Sections {
		t.Errorf("options = %+v", o)
	}
	if d := req.Meta().Description; d != "consultation=consultation/mic-iot5g-security-2020, submitterKind=ORGANIZATION, topic=topic/e-seal, topic=topic/timestamp, topicMatch=ALL, disposition=FUTURE_WORK, disposition=REVISED, pageRef=27, text=IoT, minWeight=2, include=SUBMITTER, include=SECTION" {
		t.Errorf("description = %q", d)
	}
	req, err = ParseExportParams(url.Values{})
	if err != nil || !reflect.DeepEqual(req.Filter, index.CommentFilter{}) || req.Options != (network.Options{MinWeight: 1}) || req.Meta().Description != "every comment" {
		t.Errorf("no parameters: %+v, %v", req, err)
	}
}

// TestBadParams: every mistake is an EINVALID error that names what is wrong, whether
// ParseExportParams or the index (through network.Select) finds it.
func TestBadParams(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{"topics=topic/e-seal", `unknown parameter "topics"`},
		{"consultation=a&consultation=b", `parameter "consultation" is given 2 times`},
		{"minWeight=two", `minWeight: "two" is not a whole number`},
		{"pageRef=1.5", `pageRef: "1.5" is not a whole number`},
		{"include=COMMENT", `include: invalid node kind "COMMENT"`},
		{"topic=topic/nope", `unknown topic "topic/nope"`},
		{"disposition=LATER", `invalid disposition "LATER"`},
		{"submitterKind=robot", `invalid submitter kind "robot"`},
		{"topicMatch=SOME", `invalid topic match "SOME"`},
		{"consultation=consultation/nope", `unknown consultation "consultation/nope"`},
		{"section=section/nope", `unknown section "section/nope"`},
		{"pageRef=0", `invalid page reference 0`},
	} {
		q, _ := url.ParseQuery(tc.query)
		req, err := ParseExportParams(q)
		if err == nil {
			_, err = network.Select(bundledIndex(t), &req.Filter, req.Options)
		}
		if err == nil || graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v (code %q), want EINVALID containing %q", tc.query, err, graph.ErrorCode(err), tc.want)
		}
	}
}

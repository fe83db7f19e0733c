package store_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
)

// fixture returns a small but complete dataset: every kind of node and evidence, an
// organization and topics that another consultation can share.
func fixture(slug string, comments int) *graph.Dataset {
	cid := graph.ConsultationID(slug)
	org := graph.Organization{ID: graph.OrganizationID("ラック <100%> 株式会社"), Name: "ラック <100%> 株式会社"} // characters IRIs may not hold
	d := &graph.Dataset{
		Consultation:  graph.Consultation{ID: cid, Slug: slug, Title: "案 " + slug, Ministry: "総務省", Deadline: "2020-06-25", Source: "results.tsv", Format: "tsv"},
		Organizations: []graph.Organization{org},
		Submitters: []graph.Submitter{
			{ID: graph.SubmitterID(slug, "個人A"), Consultation: cid, Label: "個人A", Kind: graph.KindIndividual, Raw: "個人A"},
			{ID: graph.SubmitterID(slug, "法人Q"), Consultation: cid, Label: "法人Q", Name: "ラック", Kind: graph.KindOrganization, Organization: org.ID, Raw: "法人Q(ラック)"},
		},
		Sections: []graph.Section{
			{ID: graph.SectionID(slug, "III"), Consultation: cid, Code: "III", Chapter: "III"},
			{ID: graph.SectionID(slug, "III-5"), Consultation: cid, Code: "III-5", Chapter: "III", Title: "トラストサービスの制度化と普及促進", Parent: graph.SectionID(slug, "III")},
		},
		Topics: []graph.Topic{
			{ID: graph.TopicID("e-seal"), Slug: "e-seal", Label: "eシール", LabelEn: "e-seal", Kind: "SYSTEM", Aliases: []string{"eシール", "イーシール"}, Broader: graph.TopicID("trust-services")},
			{ID: graph.TopicID("trust-services"), Slug: "trust-services", Label: "トラストサービス", LabelEn: "trust services", Kind: "THEME", Aliases: []string{"トラストサービス"}, Sections: []string{"III-5"}},
		},
	}
	for n := 1; n <= comments; n++ {
		sub := d.Submitters[n%2].ID
		m := graph.Comment{
			ID: graph.CommentID(slug, n), Consultation: cid, Number: n, Submitter: sub,
			Text: "eシールについて\n\np27 を参照", HTML: "<p>eシールについて</p><p>p27 を参照</p>",
			PageRefs: []graph.PageRef{{Page: 27, Surface: "p27"}, {Page: 25, Lines: "3-4", Surface: "25ページの3～4行目"}},
			Mentions: []graph.TopicMention{{Topic: graph.TopicID("e-seal"), Via: graph.ViaComment, Surface: "eシール"}, {Topic: graph.TopicID("trust-services"), Via: graph.ViaSection, Surface: "トラストサービスの制度化と普及促進"}},
			Response: graph.Response{
				ID: graph.ResponseID(slug, n), Text: "賛同の御意見として承ります。", HTML: "賛同の御意見として承ります。",
				TextID: graph.ResponseTextID(slug, "abc"),
				Dispositions: []graph.DispositionAssignment{
					{Disposition: graph.Agreement, Evidence: "賛同の御意見として承ります"},
					{Disposition: graph.FutureWork, Evidence: "今後の取組の参考とすることが適当"},
				},
				SectionRefs: []graph.SectionRef{{Section: graph.SectionID(slug, "III-5"), Surface: "Ⅲ(5)"}},
			},
			Source: graph.Source{File: "results.tsv", Line: 3 + n, Cells: []string{"1", "法人Q(ラック)", "Ⅲ(5)…", "<p>eシール</p>", ""}},
		}
		if n%2 == 0 { // raw cells as the loader keeps them: the HTML columns as read
			m.Source.Cells = []string{"2", "個人A", "—", m.HTML, m.Response.HTML}
		}
		if n%5 == 0 { // another ministry's layout: no submitter, extra columns, a heading, a pointing answer
			m.Submitter, m.Heading = "", "当該意見を踏まえて内容を修正するもの"
			m.Attributes = []graph.Attribute{{Name: "項番", Value: "Ⅱ-1"}, {Name: "備考", Value: "x\ty"}}
			m.Response.SameAs, m.Response.SameAsSurface = graph.CommentID(slug, 1), "No.1と同じ"
			m.Source.Cells = []string{"ver1", m.HTML, m.Response.HTML, "x\ty", ""}
		}
		if n%3 == 0 { // a general comment: no section, no page, no evidence
			m.Section, m.PageRefs, m.Mentions, m.Response.SectionRefs = "", nil, nil, nil
			m.Response.Dispositions = []graph.DispositionAssignment{{Disposition: graph.Explanation}}
		} else {
			m.Section = graph.SectionID(slug, "III-5")
		}
		d.Comments = append(d.Comments, m)
	}
	return d
}

func forEachBackend(t *testing.T, fn func(t *testing.T, s *store.Store, spec string)) {
	for _, b := range storetest.Backends {
		t.Run(b, func(t *testing.T) {
			s, spec := storetest.Open(t, b)
			fn(t, s, spec)
		})
	}
}

func mustRead(t *testing.T, s *store.Store, id string) *graph.Dataset {
	t.Helper()
	d, err := s.Read(context.Background(), id)
	if err != nil {
		t.Fatalf("Read(%s): %v", id, err)
	}
	return d
}

func export(t *testing.T, s *store.Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.ExportNQuads(context.Background(), &buf); err != nil {
		t.Fatalf("ExportNQuads: %v", err)
	}
	return buf.String()
}

func TestRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		want := fixture("a", 7)
		if _, err := s.Write(ctx, want, false); err != nil {
			t.Fatalf("Write: %v", err)
		}
		got := mustRead(t, s, want.Consultation.ID)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Read after Write differs:\n got %+v\nwant %+v", got, want)
		}
		ids, err := s.Consultations(ctx)
		if err != nil || !reflect.DeepEqual(ids, []string{"consultation/a"}) {
			t.Errorf("Consultations() = %v, %v; want [consultation/a]", ids, err)
		}
	})
}

func TestWriteTwiceNeedsReplace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		if _, err := s.Write(ctx, fixture("a", 4), false); err != nil {
			t.Fatal(err)
		}
		before := export(t, s)
		_, err := s.Write(ctx, fixture("a", 5), false)
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("second Write without replace: err = %v, want an %s error", err, graph.EINVALID)
		}
		if after := export(t, s); after != before {
			t.Errorf("a refused write changed the store")
		}
	})
}

func TestReplace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		if _, err := s.Write(ctx, fixture("a", 9), false); err != nil {
			t.Fatal(err)
		}
		other := fixture("b", 2)
		if _, err := s.Write(ctx, other, false); err != nil {
			t.Fatal(err)
		}
		next := fixture("a", 4)
		next.Consultation.Title = "改訂"
		res, err := s.Write(ctx, next, true)
		if err != nil {
			t.Fatalf("replace: %v", err)
		}
		if res.Deleted == 0 || res.Revision != 2 {
			t.Errorf("replace result = %+v, want deletions and revision 2", res)
		}
		if got := mustRead(t, s, next.Consultation.ID); !reflect.DeepEqual(got, next) {
			t.Errorf("after replace, Read differs from the new dataset:\n got %+v\nwant %+v", got, next)
		}
		if got := mustRead(t, s, other.Consultation.ID); !reflect.DeepEqual(got, other) {
			t.Errorf("replacing a changed consultation b, which shares an organization and topics")
		}
		// Nothing of the old graph is left: a fresh store with only the new data exports the same.
		fresh, _ := storetest.Open(t, "memory")
		for _, d := range []*graph.Dataset{next, other} {
			if _, err := fresh.Write(ctx, d, false); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fresh.Write(ctx, next, true); err != nil { // revision 2, as in s
			t.Fatal(err)
		}
		if a, b := export(t, s), export(t, fresh); a != b {
			t.Errorf("the replaced store holds other quads than a store written with the new data only")
		}
	})
}

func TestDrop(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		for _, d := range []*graph.Dataset{fixture("a", 3), fixture("b", 3)} {
			if _, err := s.Write(ctx, d, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Drop(ctx, "consultation/a"); err != nil {
			t.Fatalf("Drop: %v", err)
		}
		ids, _ := s.Consultations(ctx)
		if !reflect.DeepEqual(ids, []string{"consultation/b"}) {
			t.Errorf("after Drop(a), Consultations() = %v", ids)
		}
		if got := mustRead(t, s, "consultation/b"); !reflect.DeepEqual(got, fixture("b", 3)) {
			t.Errorf("Drop(a) changed b")
		}
		if _, err := s.Read(ctx, "consultation/a"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("Read of a dropped consultation: err = %v, want %s", err, graph.ENOTFOUND)
		}
		if err := s.Drop(ctx, "consultation/a"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("second Drop: err = %v, want %s", err, graph.ENOTFOUND)
		}
	})
}

func TestNQuadsRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		for _, d := range []*graph.Dataset{fixture("a", 5), fixture("b", 2)} {
			if _, err := s.Write(ctx, d, false); err != nil {
				t.Fatal(err)
			}
		}
		first := export(t, s)
		other, _ := storetest.Open(t, "memory")
		ids, err := other.ImportNQuads(ctx, "export.nq", bytes.NewReader([]byte(first)), false)
		if err != nil {
			t.Fatalf("ImportNQuads: %v", err)
		}
		if len(ids) != 2 {
			t.Errorf("imported %v, want two consultations", ids)
		}
		if second := export(t, other); second != first {
			t.Errorf("export → import → export changed the quads")
		}
	})
}

func TestCancelledWriteChangesNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx, cancel := context.WithCancel(context.Background())
		if _, err := s.Write(ctx, fixture("a", 3), false); err != nil {
			t.Fatal(err)
		}
		before := export(t, s)
		cancel()
		if _, err := s.Write(ctx, fixture("a", 8), true); err == nil {
			t.Fatal("Write with a cancelled context succeeded")
		}
		if after := export(t, s); after != before {
			t.Errorf("a failed write changed the store")
		}
	})
}

func TestImportRejectsForeignQuads(t *testing.T) {
	s, _ := storetest.Open(t, "memory")
	in := "<pcgraph:x> <pcgraph:vocab/p> \"v\" <pcgraph:other/x> .\n"
	_, err := s.ImportNQuads(context.Background(), "bad.nq", bytes.NewReader([]byte(in)), false)
	var e *graph.Error
	if err == nil || graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("import of a quad outside a consultation graph: err = %v, want %s", err, graph.EINVALID)
	}
	_ = e
}

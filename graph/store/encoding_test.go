package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

// Stores written before the encoding was thinned have an order quad on every evidence
// node, every raw cell in full and the source file on every comment. They must read
// back the same.
func TestDecodeEarlierEncoding(t *testing.T) {
	want := fixture("a", 7)
	byID := map[string]*graph.Comment{}
	for i := range want.Comments {
		byID[want.Comments[i].ID] = &want.Comments[i]
	}
	label := quad.IRI(store.NodePrefix + want.Consultation.ID)
	var old []quad.Quad
	thinned := 0
	for _, q := range store.Encode(want, 1) {
		id := strings.TrimPrefix(string(q.Subject.(quad.IRI)), store.NodePrefix)
		switch q.Predicate {
		case quad.IRI(store.RDFType):
			if i := strings.LastIndexByte(id, '/'); strings.Count(id, "/") >= 4 && i > 0 {
				if n, err := strconv.Atoi(id[i+1:]); err == nil {
					old = append(old, quad.Quad{Subject: q.Subject, Predicate: quad.IRI(store.PredOrder), Object: quad.Int(n), Label: label})
				}
			}
		case quad.IRI(store.PredRawCell):
			if col, mark, ok := strings.Cut(string(q.Object.(quad.String)), "="); ok {
				m := byID[id]
				full := m.HTML
				if mark == "R" {
					full = m.Response.HTML
				}
				q.Object = quad.String(col + "\t" + full)
				thinned++
			}
		case quad.IRI(store.PredSourceLine):
			old = append(old, quad.Quad{Subject: q.Subject, Predicate: quad.IRI(store.PredSourceFile), Object: quad.String(byID[id].Source.File), Label: label})
		}
		old = append(old, q)
	}
	if thinned == 0 {
		t.Fatal("the fixture has no raw cell equal to its HTML: the test checks nothing")
	}
	got, rev, err := store.Decode(want.Consultation.ID, old)
	if err != nil || rev != 1 {
		t.Fatalf("Decode = rev %d, %v", rev, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the earlier encoding decodes differently:\n got %+v\nwant %+v", got, want)
	}
}

// ReadAll reads the whole store in one pass: it must return exactly what Read returns
// for each consultation, and nothing of a dropped one or of another label.
func TestReadAllEqualsRead(t *testing.T) {
	for _, parts := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("log in %d parts", parts), func(t *testing.T) {
			// The fixtures' log has a few hundred IDs: ranges of 7 IDs split nodes from
			// their quads, and graphs from their consultation nodes.
			defer store.SetLogScan(parts, 7)()
			testReadAllEqualsRead(t)
		})
	}
}

func testReadAllEqualsRead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		for _, d := range []*graph.Dataset{fixture("a", 7), fixture("b", 4), fixture("c", 2)} {
			if _, err := s.Write(ctx, d, false); err != nil {
				t.Fatalf("Write: %v", err)
			}
		}
		if _, err := s.Write(ctx, fixture("a", 5), true); err != nil { // a replace leaves padding behind on bbolt for a moment
			t.Fatalf("replace: %v", err)
		}
		if err := s.Drop(ctx, graph.ConsultationID("c")); err != nil {
			t.Fatalf("Drop: %v", err)
		}
		all, err := s.ReadAll(ctx)
		if err != nil {
			t.Fatalf("ReadAll: %v", err)
		}
		var ids []string
		for _, d := range all {
			ids = append(ids, d.Consultation.ID)
			if one := mustRead(t, s, d.Consultation.ID); !reflect.DeepEqual(d, one) {
				t.Errorf("ReadAll's %s differs from Read's", d.Consultation.ID)
			}
		}
		if want := []string{"consultation/a", "consultation/b"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("ReadAll read %v; want %v", ids, want)
		}
		if n := len(all[0].Comments); n != 5 {
			t.Errorf("consultation/a has %d comments after the replace; want 5", n)
		}
	})
}

// Stores written before tables of other layouts could be loaded mark the raw cells that
// equal the comment's or the response's HTML by the bundled layout's column alone ("3",
// "4"); they must read back the same.
func TestDecodeBareColumnCells(t *testing.T) {
	want := fixture("a", 7)
	var old []quad.Quad
	bare := 0
	for _, q := range store.Encode(want, 1) {
		if q.Predicate == quad.IRI(store.PredRawCell) {
			switch c := string(q.Object.(quad.String)); c {
			case "3=C", "4=R":
				q.Object = quad.String(c[:1])
				bare++
			}
		}
		old = append(old, q)
	}
	if bare == 0 {
		t.Fatal("the fixture has no cell 3 or 4 equal to its HTML: the test checks nothing")
	}
	got, _, err := store.Decode(want.Consultation.ID, old)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bare column cells decode differently:\n got %+v\nwant %+v", got, want)
	}
}

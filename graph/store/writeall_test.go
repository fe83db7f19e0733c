package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

// TestWriteAllAllOrNothing: when a later consultation of a WriteAll fails — an error
// from the disk (the write hook) or a context cancelled part-way — the store is left
// exactly as it was before the call: the replaced consultation has its old graph and
// revision back, the new ones are gone, and report was never called.
func TestWriteAllAllOrNothing(t *testing.T) {
	failures := map[string]func(cancel context.CancelFunc) func(id string) error{
		"write error": func(context.CancelFunc) func(string) error {
			return func(id string) error {
				if id == graph.ConsultationID("c") {
					return errors.New("disk full")
				}
				return nil
			}
		},
		"cancelled": func(cancel context.CancelFunc) func(string) error {
			return func(id string) error {
				if id == graph.ConsultationID("b") {
					cancel() // b is still written; c then sees the cancelled context
				}
				return nil
			}
		},
	}
	// bbolt writes new consultations together: small transactions put b and c apart.
	defer store.SetChunkQuads(50)()
	for name, failure := range failures {
		t.Run(name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
				ctx := context.Background()
				a := fixture("a", 6)
				if _, err := s.Write(ctx, a, false); err != nil {
					t.Fatal(err)
				}
				beforeExport := export(t, s)
				beforeRevs, err := s.Revisions(ctx)
				if err != nil {
					t.Fatal(err)
				}
				a2 := fixture("a", 4) // a replace that drops comments and changes one
				a2.Comments[0].Text = "変更した御意見"
				wctx, cancel := context.WithCancel(ctx)
				defer cancel()
				defer store.SetWriteHook(failure(cancel))()
				reported := 0
				err = s.WriteAll(wctx, []*graph.Dataset{a2, fixture("b", 3), fixture("c", 3)}, true,
					func(*graph.Dataset, store.WriteResult) { reported++ })
				if err == nil {
					t.Fatal("WriteAll succeeded though a write failed")
				}
				if reported != 0 {
					t.Errorf("report was called %d times for a WriteAll that failed", reported)
				}
				if got := export(t, s); got != beforeExport {
					t.Errorf("the store changed after a failed WriteAll (%d bytes of N-Quads before, %d after)", len(beforeExport), len(got))
				}
				revs, err := s.Revisions(ctx)
				if err != nil || !reflect.DeepEqual(revs, beforeRevs) {
					t.Errorf("revisions after the failed WriteAll = %v, %v; want %v", revs, err, beforeRevs)
				}
				if got := mustRead(t, s, a.Consultation.ID); !reflect.DeepEqual(got, a) {
					t.Errorf("a reads back changed after the failed WriteAll")
				}
			})
		})
	}
}

// TestWriteAllReportsInOrder: a WriteAll that succeeds reports every dataset, in order,
// with what it wrote.
func TestWriteAllReportsInOrder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *store.Store, _ string) {
		ctx := context.Background()
		var got []string
		err := s.WriteAll(ctx, []*graph.Dataset{fixture("b", 2), fixture("a", 3)}, false, func(d *graph.Dataset, w store.WriteResult) {
			if w.Added == 0 || w.Total != w.Added || w.Revision != 1 {
				t.Errorf("%s: reported %+v", d.Consultation.ID, w)
			}
			got = append(got, d.Consultation.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"consultation/b", "consultation/a"}; !reflect.DeepEqual(got, want) {
			t.Errorf("reported %v, want %v", got, want)
		}
	})
}

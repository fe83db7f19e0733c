package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
)

// TestChunkedWrite: a new consultation written to bbolt in several transactions reads
// back whole; while it is being written readers do not see it; and when a transaction
// part-way fails, what was written before is gone again.
func TestChunkedWrite(t *testing.T) {
	ctx := context.Background()
	defer store.SetChunkQuads(120)()
	s, _ := storetest.Open(t, "bolt")
	other := fixture("other", 3)
	if _, err := s.Write(ctx, other, false); err != nil {
		t.Fatal(err)
	}
	before := export(t, s)

	want := fixture("a", 7) // at 120 quads a transaction: several
	calls := 0
	undo := store.SetWriteHook(func(id string) error {
		if id != want.Consultation.ID {
			return nil
		}
		if calls++; calls == 3 {
			ids, err := s.Consultations(ctx)
			if err != nil || !reflect.DeepEqual(ids, []string{other.Consultation.ID}) {
				t.Errorf("half way through the write, Consultations() = %v, %v", ids, err)
			}
			all, err := s.ReadAll(ctx)
			if err != nil || len(all) != 1 {
				t.Errorf("half way through the write, ReadAll gives %d consultations, %v", len(all), err)
			}
			if _, err := s.Read(ctx, want.Consultation.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
				t.Errorf("half way through the write, Read = %v, want not found", err)
			}
			return errors.New("disk full")
		}
		return nil
	})
	if _, err := s.Write(ctx, want, false); err == nil {
		t.Fatal("the write succeeded though its third transaction failed")
	}
	undo()
	if calls != 3 {
		t.Errorf("the write made %d transactions before failing, want 3", calls)
	}
	if got := export(t, s); got != before {
		t.Errorf("a failed chunked write left quads behind (%d bytes of N-Quads before, %d after)", len(before), len(got))
	}

	w, err := s.Write(ctx, want, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(store.Encode(want, 1)); w.Added != w.Total || w.Revision != 1 || w.Total == 0 || w.Total > n {
		t.Errorf("Write = %+v (the encoding has %d quads)", w, n)
	}
	if got := mustRead(t, s, want.Consultation.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("the chunked write reads back differently")
	}
	if _, err := s.Write(ctx, want, false); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("writing it again without replace: %v, want already loaded", err)
	}
}

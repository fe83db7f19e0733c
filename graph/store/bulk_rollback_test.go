package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
)

// rawContents returns every key and value of the bbolt file in dir, bucket by bucket,
// but the horizon (IDs are never given twice, so an undone write leaves it raised).
func rawContents(t *testing.T, dir string) []string {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if string(name) == "meta" && string(k) == "horizon" {
					return nil
				}
				out = append(out, fmt.Sprintf("%q %x %x", name, k, v))
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func sameContents(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	extra, missing := 0, 0
	for _, l := range got {
		if !slices.Contains(want, l) {
			if extra++; extra <= 3 {
				t.Errorf("%s: left in the store: %s", what, l)
			}
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			if missing++; missing <= 3 {
				t.Errorf("%s: gone from the store: %s", what, l)
			}
		}
	}
	t.Errorf("%s: %d entries, want %d (%d left, %d gone)", what, len(got), len(want), extra, missing)
}

// TestBulkWriteUndone: a write of new consultations over many transactions that fails
// at any one of them, or is cut short between two (the file as a crash would leave it,
// opened again), leaves the store's file holding exactly what it held before — every
// log entry, index list, value ID and reference count — and the same write then
// succeeds and reads back whole.
func TestBulkWriteUndone(t *testing.T) {
	ctx := context.Background()
	defer store.SetChunkQuads(150)() // many quad transactions and value transactions
	dir := filepath.Join(t.TempDir(), "store")
	s, err := store.Open(ctx, "bolt:"+dir)
	if err != nil {
		t.Fatal(err)
	}
	shared := fixture("shared", 4) // values the new ones share: their counts must go back
	if _, err := s.Write(ctx, shared, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := rawContents(t, dir)
	pristine := filepath.Join(t.TempDir(), "indexes.bolt")
	copyFile(t, filepath.Join(dir, "indexes.bolt"), pristine)
	news := []*graph.Dataset{fixture("a", 9), fixture("b", 5)}
	ids := []string{shared.Consultation.ID}

	// A successful write, copying the file before each of its transactions.
	if s, err = store.Open(ctx, "bolt:"+dir); err != nil {
		t.Fatal(err)
	}
	crashes := t.TempDir()
	calls := 0
	undo := store.SetWriteHook(func(id string) error {
		if id == news[0].Consultation.ID {
			calls++
			copyFile(t, filepath.Join(dir, "indexes.bolt"), filepath.Join(crashes, fmt.Sprint(calls), "indexes.bolt"))
		}
		return nil
	})
	err = s.WriteAll(ctx, news, false, func(*graph.Dataset, store.WriteResult) {})
	undo()
	if err != nil {
		t.Fatal(err)
	}
	if calls < 6 {
		t.Fatalf("the write took %d transactions; the test wants several of each kind", calls)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after := rawContents(t, dir)

	for n := 1; n <= calls; n++ {
		t.Run(fmt.Sprintf("fails at transaction %d", n), func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "store")
			copyFile(t, pristine, filepath.Join(d, "indexes.bolt"))
			s, err := store.Open(ctx, "bolt:"+d)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			k := 0
			undo := store.SetWriteHook(func(id string) error {
				if id == news[0].Consultation.ID {
					if k++; k == n {
						return errors.New("disk full")
					}
				}
				return nil
			})
			err = s.WriteAll(ctx, news, false, func(*graph.Dataset, store.WriteResult) {})
			undo()
			if err == nil {
				t.Fatal("the write succeeded")
			}
			if got, err := s.Consultations(ctx); err != nil || !reflect.DeepEqual(got, ids) {
				t.Errorf("Consultations() = %v, %v, want %v", got, err, ids)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			sameContents(t, "after the failed write", rawContents(t, d), before)
		})
		t.Run(fmt.Sprintf("crash before transaction %d", n), func(t *testing.T) {
			d := filepath.Join(crashes, fmt.Sprint(n))
			s, err := store.Open(ctx, "bolt:"+d) // undoes the write cut short
			if err != nil {
				t.Fatal(err)
			}
			if got, err := s.Consultations(ctx); err != nil || !reflect.DeepEqual(got, ids) {
				t.Errorf("Consultations() = %v, %v, want %v", got, err, ids)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			sameContents(t, "opened after the crash", rawContents(t, d), before)
			if s, err = store.Open(ctx, "bolt:"+d); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.WriteAll(ctx, news, false, func(*graph.Dataset, store.WriteResult) {}); err != nil {
				t.Fatal(err)
			}
			for _, want := range news {
				if got := mustRead(t, s, want.Consultation.ID); !reflect.DeepEqual(got, want) {
					t.Errorf("%s reads back differently after the write was made again", want.Consultation.ID)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if got := rawContents(t, d); len(got) != len(after) {
				t.Errorf("the write made again left %d entries, the first %d", len(got), len(after))
			}
		})
	}
}

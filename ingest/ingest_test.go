package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"weak"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/synth"
)

// corpus writes k small synthetic dataset folders and returns their paths.
func corpus(t *testing.T, k int) []string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := synth.Generate(synth.Options{Comments: 6 * k, Consultations: k, Seed: 7, Out: dir}); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range k {
		paths = append(paths, filepath.Join(dir, synth.Slug(i)))
	}
	return paths
}

// broken copies the dataset folder src with binary bytes in the middle of its table: a
// file the loader refuses.
func broken(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{loader.ManifestFile, "results.tsv"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "results.tsv" {
			b = slices.Concat(b[:len(b)/2], []byte("\x00\x01\x02\xff\xfe binary\x00"), b[len(b)/2:])
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadLetsTablesGo: while a load of eight tables runs, the datasets of a table are
// let go once written: when a table starts to be read, at most GOMAXPROCS-1 tables read
// before it are still in memory (the one being written, and those read ahead). A load
// that read every table before writing would hold all of them.
func TestLoadLetsTablesGo(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	paths := corpus(t, 8)
	for _, backend := range []string{"memory", "bolt"} {
		t.Run(backend, func(t *testing.T) {
			var mu sync.Mutex
			var seen []weak.Pointer[graph.Dataset]
			held := map[int]int{} // source → datasets of earlier sources alive when it began
			defer func(orig func(Source, loader.Options) (*loader.Result, error)) { readSource = orig }(readSource)
			readSource = func(src Source, opts loader.Options) (*loader.Result, error) {
				i := slices.Index(paths, src.Path)
				mu.Lock()
				// Twice, one at a time: a weak pointer is cleared when its object's span
				// is swept, and runtime.GC stops sweeping early when another cycle
				// begins (the other reader's); a cycle begins only once the one before
				// is swept.
				runtime.GC()
				runtime.GC()
				n := 0
				for _, p := range seen {
					if p.Value() != nil {
						n++
					}
				}
				held[i] = n
				mu.Unlock()
				res, err := loader.Load(src.Path, opts)
				if err == nil {
					mu.Lock()
					for _, d := range res.Datasets {
						seen = append(seen, weak.Make(d))
					}
					mu.Unlock()
				}
				return res, err
			}
			st, _ := storetest.Open(t, backend)
			var ids []string
			rep, err := Load(context.Background(), st, nil, Request{Sources: Paths(paths),
				Written: func(w store.Written, res *loader.Result, last bool) {
					if !last || res == nil || res.Datasets != nil {
						t.Errorf("%s: last %v, result %v: want the last of its source, its result without datasets", w.Consultation.ID, last, res)
					}
					ids = append(ids, w.Consultation.ID)
				}})
			if err != nil {
				t.Fatal(err)
			}
			for i := range paths {
				if held[i] > runtime.GOMAXPROCS(0)-1 {
					t.Errorf("when table %d began to be read, %d tables read before it were still in memory; want at most %d (%v)", i, held[i], runtime.GOMAXPROCS(0)-1, held)
				}
			}
			var want []string
			for i := range paths {
				want = append(want, graph.ConsultationID(synth.Slug(i)))
			}
			if !slices.Equal(ids, want) || rep.Consultations != len(paths) || rep.Comments != 6*len(paths) {
				t.Errorf("written %v (%d consultations, %d comments); want %v, %d, %d", ids, rep.Consultations, rep.Comments, want, len(paths), 6*len(paths))
			}
			stored, err := st.Consultations(context.Background())
			if err != nil || !slices.Equal(stored, want) {
				t.Errorf("stored %v (%v), want %v", stored, err, want)
			}
		})
	}
}

// TestLoadUnreadableUndoes: a load whose third and fifth sources cannot be read writes
// nothing — the first two, already written (one new, one replacing what was stored),
// are put back — and reports every source, in order, with both failures in its error.
func TestLoadUnreadableUndoes(t *testing.T) {
	paths := corpus(t, 4)
	srcs := []string{paths[0], paths[1], broken(t, paths[2]), paths[3], broken(t, paths[2])}
	for _, backend := range storetest.Backends {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			st, _ := storetest.Open(t, backend)
			if _, err := Load(ctx, st, nil, Request{Sources: Paths(paths[:1])}); err != nil {
				t.Fatal(err)
			}
			var before, after []byte
			export := func(b *[]byte) {
				f := filepath.Join(t.TempDir(), "export.nq")
				w, err := os.Create(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := st.ExportNQuads(ctx, w); err != nil {
					t.Fatal(err)
				}
				w.Close()
				if *b, err = os.ReadFile(f); err != nil {
					t.Fatal(err)
				}
			}
			export(&before)
			var order []string
			_, err := Load(ctx, st, nil, Request{Sources: Paths(srcs), Replace: true,
				Read: func(src Source, res *loader.Result, err error) {
					order = append(order, fmt.Sprintf("%s %v", src.Path, err == nil))
				},
				Written: func(w store.Written, _ *loader.Result, _ bool) {
					t.Errorf("%s reported written", w.Consultation.ID)
				}})
			re, ok := err.(*ReadError)
			if !ok || len(re.Errs) != 2 || !IsRead(err) {
				t.Fatalf("err = %v, want a ReadError of 2 sources", err)
			}
			var want []string
			for i, s := range srcs {
				want = append(want, fmt.Sprintf("%s %v", s, i != 2 && i != 4))
			}
			if !slices.Equal(order, want) {
				t.Errorf("read reported %q, want %q", order, want)
			}
			export(&after)
			if string(after) != string(before) {
				t.Errorf("the store changed: %d bytes of N-Quads before, %d after", len(before), len(after))
			}
		})
	}
}

package synth

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pcgraph/pcgraph/loader"
)

// BenchmarkGenerate writes 100,000 comments, in one consultation and spread over 20.
// `pcgraph synth` should take a few seconds at most for that.
func BenchmarkGenerate(b *testing.B) {
	for _, k := range []int{1, 20} {
		b.Run(fmt.Sprintf("100k comments in %d", k), func(b *testing.B) {
			o := Options{Comments: 100_000, Consultations: k, Seed: 1, Out: filepath.Join(b.TempDir(), "corpus")}
			var bytes int64
			for b.Loop() {
				st, err := Generate(o) // rewrites its own folders each time
				if err != nil {
					b.Fatal(err)
				}
				bytes = st.Bytes
			}
			b.SetBytes(bytes)
		})
	}
}

// BenchmarkLoad reads a synthetic table of 10,000 comments with the loader, as
// `pcgraph load` does: the loader's share of a load's CPU.
func BenchmarkLoad(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "corpus")
	st, err := Generate(Options{Comments: 10_000, Consultations: 1, Seed: 1, Out: dir})
	if err != nil {
		b.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(dirs) != 1 {
		b.Fatalf("the corpus holds %v (%v), want one folder", dirs, err)
	}
	b.SetBytes(st.Bytes)
	for b.Loop() {
		res, err := loader.Load(dirs[0], loader.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := res.Comments(); n != 10_000 {
			b.Fatalf("%d comments, want 10000", n)
		}
	}
}

package synth

import (
	"fmt"
	"path/filepath"
	"testing"
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

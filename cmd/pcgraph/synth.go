package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/synth"
)

// runSynth writes a synthetic corpus: --consultations dataset folders under --out, shaped
// like the bundled consultation (see package synth), ready for `pcgraph load DIR/*`. It
// prints one line per consultation and a total, so that a benchmark log says what it ran
// on.
func runSynth(m Main, ctx context.Context, args []string) error {
	fs := m.flags("synth")
	comments := fs.Int("comments", 0, "comments in all, spread over the consultations (required, at least 1)")
	consultations := fs.Int("consultations", 1, "consultations (dataset folders synth-0001 …) to spread them over")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	out := fs.String("out", "", "folder to write the dataset folders into (required; created if missing, and must hold nothing else)")
	pos, err := parse(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return err
	case err != nil:
		return graph.Errorf(graph.EINVALID, "%v", err)
	case len(pos) > 0:
		return graph.Errorf(graph.EINVALID, "synth takes flags only, got %q (say --out DIR)", pos[0])
	case *comments < 1:
		return graph.Errorf(graph.EINVALID, "--comments is required: how many comments to write in all (at least 1)")
	case *out == "":
		return graph.Errorf(graph.EINVALID, "--out is required: the folder to write the dataset folders into")
	}

	start := time.Now()
	st, err := synth.Generate(synth.Options{Comments: *comments, Consultations: *consultations, Seed: *seed, Out: *out})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	for _, c := range st.Consultations {
		fmt.Fprintf(m.Stdout, "%s: %d comments, %d submitters (%d organizations), %s\n",
			c.Dir, c.Comments, c.Submitters, c.Organizations, synthSize(c.Bytes))
	}
	fmt.Fprintf(m.Stdout, "total: %d comments in %d consultation%s, %d submitters, %d organizations (%d in several consultations), %s in %s; load with: pcgraph load %s\n",
		st.Comments, len(st.Consultations), plural(len(st.Consultations)), st.Submitters, st.Organizations, st.Recurring, synthSize(st.Bytes),
		elapsed.Round(time.Millisecond), filepath.Join(*out, "*"))
	return nil
}

// synthSize writes a byte count for people: 468.5 kB, 136.2 MB.
func synthSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

package synth

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// writeManifest writes a consultation's manifest.yaml. The title and a comment say that
// the consultation is synthetic and what it was made from, so that a corpus found on a
// disk later cannot be mistaken for a ministry's data.
func writeManifest(w writer, m *model, o Options, c consultationPlan) error {
	slug := Slug(c.index)
	mf := loader.Manifest{
		Slug:     slug,
		Title:    fmt.Sprintf("%s(合成データ %s)", m.manifest.Title, slug),
		Ministry: m.manifest.Ministry,
		Source:   "results.tsv",
		Format:   loader.FormatTSV,
	}
	if d, err := time.Parse("2006-01-02", m.manifest.Deadline); err == nil {
		mf.Deadline = d.AddDate(0, 0, c.deadline).Format("2006-01-02")
	}
	body, err := yaml.Marshal(mf)
	if err != nil {
		return graph.Errorf(graph.EINTERNAL, "manifest of %s: %v", slug, err)
	}
	fmt.Fprintf(w, "# Synthetic: written by `pcgraph synth --comments %d --consultations %d --seed %d`,\n"+
		"# recombined from the bundled consultation %s. Not a ministry's data.\n",
		o.Comments, o.Consultations, o.Seed, m.manifest.Slug)
	_, err = w.Write(body)
	return err
}

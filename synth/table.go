package synth

import (
	"bufio"
	"cmp"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/pcgraph/pcgraph/graph"
)

// How much of a real cell is replaced when it is copied. A comment keeps most of its
// sentences, so it stays about what its original was about (and its topics keep
// company), and takes the rest from comments on the same section of the draft; a one-off
// response swaps about half of its explaining sentences (never those that carry a
// disposition), so its copies differ as the ministry's individual answers do.
const (
	commentSwap  = 0.25
	responseSwap = 0.5
)

// row is one comment of a synthetic table before it is written.
type row struct {
	proto *prototype
	sub   *submitterPlan
	draw  int // the order the submitter's comments were drawn in
}

// writer is what cells are written to: a buffered file, or a strings.Builder in tests.
type writer interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

// writeConsultation writes one dataset folder and reports what it holds.
func writeConsultation(m *model, o Options, c consultationPlan, dir string) (ConsultationStats, error) {
	st := ConsultationStats{Slug: Slug(c.index), Dir: dir, Comments: c.comments, Submitters: len(c.submitters)}
	for _, s := range c.submitters {
		if s.kind == graph.KindOrganization {
			st.Organizations++
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, graph.Errorf(graph.EINVALID, "create %s: %v", dir, err)
	}
	r := newRand(o.Seed, streamConsultation+uint64(c.index))
	var err error
	for _, f := range []struct {
		name  string
		write func(w writer) error
	}{
		{"manifest.yaml", func(w writer) error { return writeManifest(w, m, o, c) }},
		{"results.tsv", func(w writer) error { writeTable(w, m, r, c); return nil }},
	} {
		n, ferr := writeFile(filepath.Join(dir, f.name), f.write)
		st.Bytes += n
		err = cmp.Or(err, ferr)
	}
	return st, err
}

// writeFile writes one file through a buffer and returns its size.
func writeFile(path string, write func(w writer) error) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, graph.Errorf(graph.EINVALID, "create %s: %v", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = cmp.Or(write(w), w.Flush())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, graph.Errorf(graph.EINVALID, "write %s: %v", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, graph.Errorf(graph.EINVALID, "write %s: %v", path, err)
	}
	return st.Size(), nil
}

// writeTable writes the result table of one consultation.
func writeTable(w writer, m *model, r *rand.Rand, c consultationPlan) {
	rows := drawRows(m, r, c)

	// Chapters the real table writes both ways (Ⅳ(1) for eight rows, then IV(1)) are
	// written the same way: the real share of rows with the Unicode numeral first, the
	// rest in ASCII.
	perChapter := map[string]int{}
	for _, rw := range rows {
		if ch := m.sections[rw.proto.section].chapter; ch != "" {
			perChapter[ch]++
		}
	}
	unicodeRows := map[string]int{}
	for ch, n := range perChapter {
		unicodeRows[ch] = int(math.Round(m.chapters[ch] * float64(n)))
	}

	pg := newPager(m.layout, r)
	pg.start(w)
	seen := map[string]int{}
	for i, rw := range rows {
		pg.beforeRow(w)
		w.WriteString(strconv.Itoa(i + 1))
		w.WriteByte('\t')
		w.WriteString(rw.sub.cell)
		w.WriteByte('\t')
		s := m.sections[rw.proto.section]
		if s.chapter != "" {
			w.WriteString(numeral(s.chapter, seen[s.chapter] < unicodeRows[s.chapter]))
			seen[s.chapter]++
		}
		w.WriteString(s.rest)
		w.WriteByte('\t')
		recombine(w, r, rw.proto.comment, m.commentPool[rw.proto.section], commentSwap, false)
		w.WriteByte('\t')
		switch {
		case rw.proto.vary && rw.proto.insertAt >= 0:
			insert(w, r, rw.proto.response, m.responsePool[rw.proto.section], rw.proto.insertAt)
		case rw.proto.vary:
			recombine(w, r, rw.proto.response, m.responsePool[rw.proto.section], responseSwap, true)
		default:
			for _, t := range rw.proto.response {
				w.WriteString(t.text)
			}
		}
		if i < len(rows)-1 || m.layout.finalNewline {
			w.WriteByte('\n')
		}
	}
}

// drawRows picks every submitter's comments from its persona's real ones (each once
// before any twice) and orders them as the real table is ordered: by section of the
// draft, then organizations before individuals before 個人(多数), then by label.
func drawRows(m *model, r *rand.Rand, c consultationPlan) []row {
	rows := make([]row, 0, c.comments)
	for i := range c.submitters {
		s := &c.submitters[i]
		perm := r.Perm(len(s.persona.comments))
		for j := range s.count {
			rows = append(rows, row{proto: &m.comments[s.persona.comments[perm[j%len(perm)]]], sub: s, draw: j})
		}
	}
	kindRank := map[graph.SubmitterKind]int{graph.KindOrganization: 0, graph.KindIndividual: 1, graph.KindGroup: 2}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(
			cmp.Compare(a.proto.section, b.proto.section),
			cmp.Compare(kindRank[a.sub.kind], kindRank[b.sub.kind]),
			cmp.Compare(a.sub.order, b.sub.order),
			cmp.Compare(a.draw, b.draw),
		)
	})
	return rows
}

package loader

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/pcgraph/pcgraph/graph"
)

// Options control a load.
type Options struct {
	// Strict refuses the whole file when any row has a problem. By default rows with
	// problems are left out and reported, and the rest is loaded.
	Strict bool
	// Taxonomy is the topic taxonomy; nil means the embedded default.
	Taxonomy *Taxonomy
	// OrgAliases are the curated organization aliases; nil means the embedded default.
	OrgAliases *OrgAliases
	// Manifest describes a bare source file (when Load is given a file, not a folder).
	Manifest Manifest
	// SplitBy, when set, is the header of the column that splits the table into one
	// consultation per value (it overrides the manifest's split_by).
	SplitBy string
}

// Result is what one source file gave: its consultations (one, or one per round when
// the table holds several), the table as read, and what was wrong with it.
type Result struct {
	Datasets []*graph.Dataset
	Table    *Table         // the mapping chosen and the exact counts
	Problems []*graph.Error // rows left out (or, when strict, why nothing was loaded)
	Warnings []*graph.Error // rows loaded with a caveat
	Rows     int            // data rows of the file (comments, headings, continuations, rows left out)
}

// Comments is the number of comments of all the result's consultations.
func (r *Result) Comments() int {
	n := 0
	for _, d := range r.Datasets {
		n += len(d.Comments)
	}
	return n
}

// Load reads a dataset: a folder with manifest.yaml, or a source file described by
// opts.Manifest. It returns an error, and no dataset, when the file cannot be read at
// all (encoding, truncation, missing header) or, in strict mode, when any row has a
// problem; the error then lists every problem found.
func Load(path string, opts Options) (*Result, error) {
	m, err := manifestFor(path, opts.Manifest)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(m.SourcePath()); err == nil && st.Size() > MaxFileBytes {
		return nil, &graph.Error{Code: graph.EINVALID, File: m.Source, Message: fmt.Sprintf("the file is %d bytes; the limit is %d", st.Size(), MaxFileBytes)}
	}
	data, err := os.ReadFile(m.SourcePath())
	if err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, File: m.SourcePath(), Message: err.Error()}
	}
	return build(m, data, opts)
}

// LoadBytes builds a consultation from the bytes of its source file, described by m
// (for uploads: the admin endpoint of a running server).
func LoadBytes(m Manifest, data []byte, opts Options) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return build(m, data, opts)
}

// LoadFS is Load for a dataset folder dir inside fsys (the datasets embedded in the
// binary, say).
func LoadFS(fsys fs.FS, dir string, opts Options) (*Result, error) {
	file := path.Join(dir, ManifestFile)
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, File: file, Message: "cannot read the manifest: " + err.Error()}
	}
	m, err := ParseManifest(file, data)
	if err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(fsys, path.Join(dir, m.Source))
	if err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, File: path.Join(dir, m.Source), Message: err.Error()}
	}
	m.readFile = func(name string) ([]byte, error) { return fs.ReadFile(fsys, path.Join(dir, name)) }
	return build(m, src, opts)
}

func build(m Manifest, data []byte, opts Options) (*Result, error) {
	if opts.SplitBy != "" {
		m.SplitBy = opts.SplitBy
	}
	spec, gerr := m.spec()
	if gerr != nil {
		gerr.File = m.Source
		return nil, gerr
	}
	t, err := ReadTable(m.Source, data, spec)
	if err != nil {
		return nil, err
	}
	if m.Format == "" {
		m.Format = t.Format
	}
	tax, err := taxonomyFor(m, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{Table: t, Problems: t.Problems, Warnings: t.Warnings, Rows: t.Counts.DataRows}
	for _, g := range splitRounds(m, t.Rows) {
		d, warnings := Build(g.manifest, t.Mapping, g.rows, tax)
		applyOrgAliases(d, opts.OrgAliases)
		res.Datasets = append(res.Datasets, d)
		res.Warnings = append(res.Warnings, warnings...)
	}
	if opts.Strict && len(res.Problems) > 0 {
		return res, &ProblemsError{Problems: res.Problems}
	}
	if res.Comments() == 0 {
		return res, &graph.Error{Code: graph.EINVALID, File: m.Source, Message: "no comment could be read"}
	}
	return res, nil
}

func manifestFor(path string, given Manifest) (Manifest, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Manifest{}, &graph.Error{Code: graph.EINVALID, File: path, Message: "no such file or folder"}
	}
	if st.IsDir() {
		return ReadManifest(path)
	}
	m := given
	m.dir = filepath.Dir(path)
	m.Source = filepath.Base(path)
	if err := m.Validate(); err != nil {
		err.File = path
		err.Message = "describe the file with --slug and --title (" + err.Message + ")"
		return Manifest{}, err
	}
	return m, nil
}

// ProblemsError is the error of a strict load that found problems: all of them.
type ProblemsError struct{ Problems []*graph.Error }

func (e *ProblemsError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Error()
	}
	return fmt.Sprintf("%s (and %d more problems)", e.Problems[0].Error(), len(e.Problems)-1)
}

// Unwrap exposes the problems, so that graph.ErrorCode finds EINVALID.
func (e *ProblemsError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// taxonomyFor chooses a consultation's taxonomy: the one given to the load (--taxonomy),
// else the manifest's (taxonomy: FILE, or "default" for the embedded one), else the
// embedded one when the consultation is in its field (AppliesTo), else none: topic rules
// must not fire on words that mean something else in another field.
func taxonomyFor(m Manifest, opts Options) (*Taxonomy, error) {
	switch {
	case opts.Taxonomy != nil:
		return opts.Taxonomy, nil
	case m.Taxonomy == "default":
		return DefaultTaxonomy(), nil
	case m.Taxonomy != "":
		read := m.readFile
		if read == nil {
			read = func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(m.dir, name)) }
		}
		data, err := read(m.Taxonomy)
		if err != nil {
			return nil, &graph.Error{Code: graph.EINVALID, File: m.Taxonomy, Message: "cannot read the manifest's taxonomy: " + err.Error()}
		}
		return ReadTaxonomy(m.Taxonomy, data)
	case DefaultTaxonomy().AppliesTo(m.Title):
		return DefaultTaxonomy(), nil
	}
	return emptyTaxonomy(), nil
}

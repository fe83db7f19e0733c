package loader

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/pcgraph/pcgraph/graph"
)

// Manifest describes one consultation: what it is and where its result table is. A
// dataset folder holds manifest.yaml and the source file it names.
type Manifest struct {
	Slug     string `yaml:"slug"`     // lower-case letters, digits and dashes; part of every ID
	Title    string `yaml:"title"`    // the draft's title (案件名)
	Ministry string `yaml:"ministry"` // 府省庁
	Deadline string `yaml:"deadline"` // YYYY-MM-DD
	Source   string `yaml:"source"`   // the result table, relative to the manifest
	Format   string `yaml:"format"`   // tsv, csv, xlsx, docx, html or pdf; empty to detect from the content
	Sheet    string `yaml:"sheet"`    // XLSX: the sheet, by name or 1-based index
	Table    int    `yaml:"table"`    // DOCX/HTML: the 1-based table; 0 for all
	// Columns names the columns: field (number, submitter, submitter_kind, section,
	// comment, response, round) → the header text as it appears in the file. Without it
	// the header is recognised from the names ministries use.
	Columns map[string]string `yaml:"columns"`
	// SplitBy names a column (its header text) whose values split the table into one
	// consultation each (slug-1, slug-2 …), like a round column (ver / 回).
	SplitBy string `yaml:"split_by"`
	// Taxonomy is a topic taxonomy file for this consultation, relative to the manifest;
	// empty for the embedded one (about IoT and 5G security).
	Taxonomy string `yaml:"taxonomy"`
	// Where the table comes from, for the reader of the data; not used by the loader.
	URL       string `yaml:"url"`
	Retrieved string `yaml:"retrieved"`
	Licence   string `yaml:"licence"`
	Note      string `yaml:"note"`

	dir      string                            // the folder the manifest was read from
	readFile func(name string) ([]byte, error) // reads a file of the dataset folder (embedded datasets); nil: from dir
}

// ManifestFile is the name of a dataset folder's manifest.
const ManifestFile = "manifest.yaml"

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// ReadManifest reads dir/manifest.yaml.
func ReadManifest(dir string) (Manifest, error) {
	file := filepath.Join(dir, ManifestFile)
	data, err := os.ReadFile(file)
	if err != nil {
		return Manifest{}, &graph.Error{Code: graph.EINVALID, File: file, Message: "cannot read the manifest: " + err.Error()}
	}
	m, err := ParseManifest(file, data)
	m.dir = dir
	return m, err
}

// ParseManifest parses a manifest; file names it in errors.
func ParseManifest(file string, data []byte) (Manifest, error) {
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, &graph.Error{Code: graph.EINVALID, File: file, Message: err.Error()}
	}
	if err := m.Validate(); err != nil {
		err.File = file
		return Manifest{}, err
	}
	return m, nil
}

// Validate checks the fields a consultation needs.
func (m *Manifest) Validate() *graph.Error {
	bad := func(msg string) *graph.Error { return &graph.Error{Code: graph.EINVALID, Message: msg} }
	switch {
	case !slugPattern.MatchString(m.Slug):
		return bad("slug " + quote(m.Slug) + " must be lower-case letters, digits and dashes (e.g. mic-iot5g-security-2020)")
	case m.Title == "":
		return bad("title is missing")
	case m.Source == "":
		return bad("source (the result table's file name) is missing")
	case m.Format != "" && !slices.Contains(Formats, m.Format):
		return bad("format " + quote(m.Format) + " is not one of " + strings.Join(Formats, ", "))
	case m.Table < 0:
		return bad("table must be 1 or more (or left out for every table)")
	case !insideFolder(m.Source):
		return bad("source " + quote(m.Source) + " must be a file inside the dataset folder")
	case m.Taxonomy != "" && m.Taxonomy != "default" && !insideFolder(m.Taxonomy):
		return bad("taxonomy " + quote(m.Taxonomy) + " must be a file inside the dataset folder (or default)")
	}
	if _, err := m.spec(); err != nil {
		return err
	}
	if m.Deadline != "" {
		if _, err := time.Parse("2006-01-02", m.Deadline); err != nil {
			return bad("deadline " + quote(m.Deadline) + " is not a date (YYYY-MM-DD)")
		}
	}
	return nil
}

// spec is how the manifest says to read its table.
func (m *Manifest) spec() (Spec, *graph.Error) {
	cols, err := checkColumns(m.Columns)
	if err != nil {
		return Spec{}, err
	}
	return Spec{Format: m.Format, Read: ReadOptions{Sheet: m.Sheet, Table: m.Table}, Columns: cols, SplitBy: m.SplitBy}, nil
}

// insideFolder reports whether a manifest's file name stays inside its folder: relative,
// with no ".." step.
func insideFolder(name string) bool {
	return !filepath.IsAbs(name) && !slices.Contains(strings.Split(filepath.ToSlash(name), "/"), "..")
}

// SourcePath is the path of the result table.
func (m *Manifest) SourcePath() string {
	if filepath.IsAbs(m.Source) {
		return m.Source
	}
	return filepath.Join(m.dir, m.Source)
}

func quote(s string) string { return `"` + s + `"` }

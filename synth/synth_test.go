package synth

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/loader"
)

// generate runs Generate into a fresh folder and fails the test on an error.
func generate(t testing.TB, o Options) (Stats, string) {
	t.Helper()
	if o.Out == "" {
		o.Out = filepath.Join(t.TempDir(), "corpus")
	}
	st, err := Generate(o)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	return st, o.Out
}

// loadAll loads every consultation of a corpus the way `pcgraph load DIR/*` does, and
// fails the test on any problem: a synthetic table must be clean.
func loadAll(t testing.TB, st Stats) []*graph.Dataset {
	t.Helper()
	var out []*graph.Dataset
	for _, c := range st.Consultations {
		res, err := loader.Load(c.Dir, loader.Options{})
		if err != nil {
			t.Fatalf("load %s: %v", c.Dir, err)
		}
		for i, p := range res.Problems {
			if i == 5 {
				t.Errorf("load %s: … %d problems in all", c.Dir, len(res.Problems))
				break
			}
			t.Errorf("load %s: problem %v", c.Dir, p)
		}
		out = append(out, res.Datasets[0])
	}
	return out
}

// files reads every file under dir, by path relative to it.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	base := Options{Comments: 800, Consultations: 4, Seed: 42}
	want := files(t, func() string { _, dir := generate(t, base); return dir }())
	if len(want) != 2*base.Consultations {
		t.Fatalf("the corpus has %d files, want %d (a manifest and a table per consultation)", len(want), 2*base.Consultations)
	}
	tests := []struct {
		name     string
		seed     uint64
		procs    int // GOMAXPROCS for the run; 0 leaves it
		wantSame bool
	}{
		{"same seed", 42, 0, true},
		{"same seed on one core", 42, 1, true},
		{"other seed", 43, 0, false},
		{"seed 0", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.procs > 0 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tt.procs))
			}
			o := base
			o.Seed = tt.seed
			_, dir := generate(t, o)
			got := files(t, dir)
			same := len(got) == len(want)
			for name, b := range want {
				if !bytes.Equal(got[name], b) {
					same = false
					if tt.wantSame {
						t.Errorf("%s differs from the first run with seed %d (%d bytes, first run %d)", name, tt.seed, len(got[name]), len(b))
					}
				}
			}
			if !tt.wantSame && same {
				t.Errorf("seed %d wrote the same bytes as seed %d", tt.seed, base.Seed)
			}
		})
	}
}

func TestGenerateWritesLoadableConsultations(t *testing.T) {
	tests := []struct {
		comments, consultations int
	}{
		{1, 1},
		{7, 7},
		{300, 3},
		{1000, 10},
		{2500, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d in %d", tt.comments, tt.consultations), func(t *testing.T) {
			st, dir := generate(t, Options{Comments: tt.comments, Consultations: tt.consultations, Seed: 7})
			if st.Comments != tt.comments || len(st.Consultations) != tt.consultations {
				t.Fatalf("Stats: %d comments in %d consultations, want %d in %d", st.Comments, len(st.Consultations), tt.comments, tt.consultations)
			}
			ds := loadAll(t, st)
			total := 0
			for i, c := range st.Consultations {
				d := ds[i]
				if want := Slug(i); c.Slug != want || d.Consultation.Slug != want || c.Dir != filepath.Join(dir, want) {
					t.Errorf("consultation %d: slug %q (loaded %q) in %s, want %s in %s", i, c.Slug, d.Consultation.Slug, c.Dir, want, filepath.Join(dir, want))
				}
				if c.Comments < 1 {
					t.Errorf("%s: %d comments; every consultation needs one", c.Slug, c.Comments)
				}
				if len(d.Comments) != c.Comments {
					t.Errorf("%s: the loader read %d comments, Stats say %d", c.Slug, len(d.Comments), c.Comments)
				}
				if len(d.Submitters) != c.Submitters {
					t.Errorf("%s: the loader found %d submitters, Stats say %d", c.Slug, len(d.Submitters), c.Submitters)
				}
				if len(d.Organizations) != c.Organizations {
					t.Errorf("%s: the loader found %d organizations, Stats say %d", c.Slug, len(d.Organizations), c.Organizations)
				}
				for j, cm := range d.Comments {
					if cm.Number != j+1 {
						t.Fatalf("%s: comment %d has 項番 %d; want 1, 2, … in table order", c.Slug, j, cm.Number)
					}
				}
				var size int64
				for _, f := range []string{"manifest.yaml", "results.tsv"} {
					fi, err := os.Stat(filepath.Join(c.Dir, f))
					if err != nil {
						t.Fatal(err)
					}
					size += fi.Size()
				}
				if size != c.Bytes {
					t.Errorf("%s: %d bytes on disk, Stats say %d", c.Slug, size, c.Bytes)
				}
				total += len(d.Comments)
			}
			if total != tt.comments {
				t.Errorf("loaded %d comments in all, want exactly %d", total, tt.comments)
			}
		})
	}
}

func TestGenerateRejects(t *testing.T) {
	m, err := bundledModel()
	if err != nil {
		t.Fatal(err)
	}
	dirty := t.TempDir()
	if err := os.WriteFile(filepath.Join(dirty, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := t.TempDir()
	if err := os.Mkdir(filepath.Join(stale, "synth-0003"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"no comments", Options{Comments: 0, Consultations: 1}, "--comments must be at least 1, got 0"},
		{"negative consultations", Options{Comments: 5, Consultations: -1}, "--consultations must be at least 1, got -1"},
		{"fewer comments than consultations", Options{Comments: 2, Consultations: 3}, "--comments (2) must be at least --consultations (3)"},
		{"too many consultations", Options{Comments: 20000, Consultations: 10000}, "at most 9999"},
		{"too big for one table", Options{Comments: m.maxRows + 1, Consultations: 1}, "ask for at least 2 consultations"},
		{"no out", Options{Comments: 5, Consultations: 1}, "--out is required"},
		{"out holds other files", Options{Comments: 5, Consultations: 1, Out: dirty}, "holds notes.txt"},
		{"out holds a stale consultation", Options{Comments: 5, Consultations: 2, Out: stale}, "holds synth-0003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.o.Out == "" && !strings.Contains(tt.name, "no out") {
				tt.o.Out = filepath.Join(t.TempDir(), "corpus")
			}
			_, err := Generate(tt.o)
			if err == nil {
				t.Fatalf("Generate(%+v) succeeded, want an error containing %q", tt.o, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("Generate(%+v) = %v (code %s), want an %s error containing %q", tt.o, err, graph.ErrorCode(err), graph.EINVALID, tt.want)
			}
		})
	}
}

func TestGenerateOverwritesItsOwnFolders(t *testing.T) {
	o := Options{Comments: 50, Consultations: 2, Seed: 1, Out: filepath.Join(t.TempDir(), "corpus")}
	generate(t, o)
	o.Seed = 2
	st, _ := generate(t, o) // the same folders again: allowed, and rewritten
	loadAll(t, st)
	for _, c := range st.Consultations {
		b, err := os.ReadFile(filepath.Join(c.Dir, "manifest.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte("--seed 2")) {
			t.Errorf("%s/manifest.yaml was not rewritten by the second run:\n%s", c.Dir, b)
		}
	}
}

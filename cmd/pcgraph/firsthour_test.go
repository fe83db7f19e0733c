package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// dataDir is the folder of the bundled datasets: a folder of dataset folders.
const dataDir = "../../data"

func consultationIDs(t *testing.T, spec string) []string {
	t.Helper()
	var ids []string
	for _, d := range readBack(t, spec) {
		ids = append(ids, d.Consultation.ID)
	}
	sort.Strings(ids)
	return ids
}

// TestLoadSeveralIsAllOrNothing: when the second dataset of a load cannot be read, the
// first (which could) is not written either, and the store keeps what it held.
func TestLoadSeveralIsAllOrNothing(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, filepath.Join(dataDir, "mlit-kotsu-seisaku-kihon-keikaku-2025"))
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	broken := brokenDataset(t, orig[:len(orig)*2/3]) // a truncated file
	out, stderr, code := run(t, "load", "--store", spec, filepath.Join(dataDir, "env-kankyo-kihon-keikaku6-2024"), broken)
	if code != 1 || !strings.Contains(stderr, "truncated file") || !strings.Contains(stderr, "nothing was loaded") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1, the reason and \"nothing was loaded\"", code, stderr)
	}
	if strings.Contains(out, "loaded consultation/") || strings.Contains(out, "wrote") {
		t.Errorf("a refused load says it wrote something:\n%s", out)
	}
	if got := consultationIDs(t, spec); strings.Join(got, " ") != "consultation/mlit-kotsu-seisaku-kihon-keikaku-2025" {
		t.Errorf("after the refused load the store holds %v; want only what it held before", got)
	}
}

// TestLoadFolderOfDatasets: pcgraph load DIR of dataset folders loads each, as
// serve --load DIR does, in one write.
func TestLoadFolderOfDatasets(t *testing.T) {
	spec := specFor(t, "bolt")
	out := mustRun(t, "load", "--store", spec, dataDir)
	want := []string{"consultation/env-kankyo-kihon-keikaku6-2024", "consultation/mic-iot5g-security-2020", "consultation/mlit-kotsu-seisaku-kihon-keikaku-2025"}
	if got := consultationIDs(t, spec); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("load %s: the store holds %v; want %v", dataDir, got, want)
	}
	if strings.Count(out, "wrote 3 consultations") != 1 {
		t.Errorf("load of a folder of datasets says:\n%s\nwant one \"wrote 3 consultations\" line", out)
	}
	_, stderr, code := run(t, "load", "--store", spec, t.TempDir())
	if code != 1 || !strings.Contains(stderr, "no manifest.yaml in it nor in its subfolders") {
		t.Errorf("load of a folder without datasets: exit %d, %s", code, stderr)
	}
}

// TestReadOnlyCommandsNeedAStoreWithData: query, stats and export on a mistyped bolt
// path say there is no store there and create none; on an empty store they say it is
// empty and how to load.
func TestReadOnlyCommandsNeedAStoreWithData(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	commands := [][]string{
		{"query", `{ comments { totalCount } }`},
		{"stats"},
		{"export", "--format", "nquads"},
		{"export", "--format", "graphml"},
	}
	for _, c := range commands {
		args := append([]string{c[0], "--store", "bolt:" + missing}, c[1:]...)
		out, stderr, code := run(t, args...)
		if code != 1 || !strings.Contains(stderr, "no store at "+missing) || !strings.Contains(stderr, "pcgraph load") {
			t.Errorf("%s on a missing store: exit %d, stdout %q, stderr %q", c[0], code, out, stderr)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%s created a store at the mistyped path", c[0])
		}
	}
	// An empty store: created, nothing loaded.
	empty := specFor(t, "bolt")
	openSpec(t, empty).Close()
	for _, c := range commands {
		args := append([]string{c[0], "--store", empty}, c[1:]...)
		out, stderr, code := run(t, args...)
		if code != 1 || !strings.Contains(stderr, "is empty") || !strings.Contains(stderr, "pcgraph load --store "+empty) || strings.Contains(stderr, "unknown topic") {
			t.Errorf("%s on an empty store: exit %d, stdout %q, stderr %q", c[0], code, out, stderr)
		}
	}
	_, stderr, code := run(t, "stats", "--store", "memory")
	if code != 1 || !strings.Contains(stderr, "memory store starts empty") {
		t.Errorf("stats on a memory store: exit %d, %s", code, stderr)
	}
}

// TestCommandsPrintOnlyWhatHappened: a read-only command prints no write summary, and an
// N-Quads import says what it imported, and nothing about writes it did not make.
func TestCommandsPrintOnlyWhatHappened(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, dataDir)
	for _, args := range [][]string{
		{"query", "--store", spec, `{ comments { totalCount } }`},
		{"stats", "--store", spec},
	} {
		out, stderr, code := run(t, args...)
		if code != 0 || strings.Contains(out+stderr, "wrote") || strings.Contains(out+stderr, "loaded") {
			t.Errorf("%s: exit %d, prints a write it did not make:\n%s%s", args[0], code, stderr, out)
		}
	}
	file := filepath.Join(t.TempDir(), "all.nq")
	mustRun(t, "export", "--store", spec, "--format", "nquads", "--out", file)
	out := mustRun(t, "load", "--store", specFor(t, "bolt"), file)
	if !strings.Contains(out, "imported "+file+": 3 consultations (consultation/env-kankyo-kihon-keikaku6-2024, ") || strings.Contains(out, "wrote") {
		t.Errorf("an N-Quads import of 3 consultations says:\n%s", out)
	}
}

// TestBoltLockNamesTheHolder: loading into a bbolt store another process holds says
// which process (pid) and what to do.
func TestBoltLockNamesTheHolder(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	held := openSpec(t, spec) // this process holds it, as a running serve would
	defer held.Close()
	_, stderr, code := run(t, "load", "--store", spec, "--replace", bundled)
	want := "in use by process " + strconv.Itoa(os.Getpid())
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "stop that process") || !strings.Contains(stderr, "PostgreSQL") {
		t.Errorf("load into a held store: exit %d, %s\nwant %q and what to do", code, stderr, want)
	}
}

// TestHelpPlaceholders: --help names each flag's value by what it is.
func TestHelpPlaceholders(t *testing.T) {
	for _, cmd := range []string{"serve", "query"} {
		_, stderr, code := run(t, cmd, "--help")
		if code != 0 || !strings.Contains(stderr, "-max-complexity N\n") || strings.Contains(stderr, "-max-complexity first") {
			t.Errorf("%s --help: exit %d:\n%s", cmd, code, stderr)
		}
	}
}

// TestStatsShowsNamesAndLabels: pcgraph stats names every named submitter (not only
// 法人D) and labels dispositions and submitter kinds in Japanese; --json carries the names.
func TestStatsShowsNamesAndLabels(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)
	out := mustRun(t, "stats", "--store", spec)
	named := 0
	for _, d := range readBack(t, spec) {
		for _, s := range d.Submitters {
			if s.Name == "" {
				continue
			}
			named++
			if !strings.Contains(out, "\n"+s.ID+" "+s.Name+"\t") {
				t.Errorf("stats does not name %s (%s)", s.ID, s.Name)
			}
		}
	}
	if named == 0 {
		t.Fatal("the bundled data has no named submitter: the check proves nothing")
	}
	for _, want := range []string{"\nFUTURE_WORK 今後の取組の参考\t", "\nORGANIZATION 法人・団体\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats has no line %q:\n%s", want, out)
		}
	}
	var st struct{ SubmitterNames map[string]string }
	if err := json.Unmarshal([]byte(mustRun(t, "stats", "--store", spec, "--json")), &st); err != nil || len(st.SubmitterNames) != named {
		t.Errorf("stats --json: %d submitter names (%v), want %d", len(st.SubmitterNames), err, named)
	}
}

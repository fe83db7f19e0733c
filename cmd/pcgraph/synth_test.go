package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A synthetic corpus is for loading: synth, then load DIR/* as a user would, then the
// counts must be what was asked for.
func TestSynthThenLoad(t *testing.T) {
	out := filepath.Join(t.TempDir(), "corpus")
	stdout := mustRun(t, "synth", "--comments", "300", "--consultations", "3", "--seed", "7", "--out", out)

	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 {
		t.Fatalf("synth printed %d lines, want one per consultation and a total:\n%s", len(lines), stdout)
	}
	for i, slug := range []string{"synth-0001", "synth-0002", "synth-0003"} {
		if !strings.HasPrefix(lines[i], filepath.Join(out, slug)+": ") || !strings.Contains(lines[i], " comments, ") {
			t.Errorf("line %d is %q, want %s: N comments, …", i+1, lines[i], filepath.Join(out, slug))
		}
	}
	if !strings.HasPrefix(lines[3], "total: 300 comments in 3 consultations, ") {
		t.Errorf("the total line is %q, want it to start with %q", lines[3], "total: 300 comments in 3 consultations, ")
	}

	dirs, err := filepath.Glob(filepath.Join(out, "*"))
	if err != nil || len(dirs) != 3 {
		t.Fatalf("%s/* matches %v (%v), want three dataset folders", out, dirs, err)
	}
	spec := specFor(t, "bolt")
	loaded := mustRun(t, append([]string{"load", "--store", spec}, dirs...)...)
	if strings.Contains(loaded, "left out") {
		t.Errorf("the load left rows out:\n%s", loaded)
	}

	var st stats
	if err := json.Unmarshal([]byte(mustRun(t, "stats", "--store", spec, "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if st.Consultations != 3 || st.Nodes["comment"] != 300 {
		t.Errorf("stats: %d comments in %d consultations, want 300 in 3", st.Nodes["comment"], st.Consultations)
	}
	if st.SubmitterKind["ORGANIZATION"] == 0 || st.Dispositions["FUTURE_WORK"] == 0 || st.Topics["topic/trust-services"] == 0 {
		t.Errorf("stats show no organizations, FUTURE_WORK responses or trust-services comments: %+v", st)
	}
}

func TestSynthIsDeterministic(t *testing.T) {
	var tables []string
	for _, dir := range []string{"a", "b"} {
		out := filepath.Join(t.TempDir(), dir)
		mustRun(t, "synth", "--comments", "120", "--consultations", "2", "--seed", "11", "--out", out)
		b, err := os.ReadFile(filepath.Join(out, "synth-0002", "results.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		tables = append(tables, string(b))
	}
	if tables[0] != tables[1] {
		t.Error("two runs with --seed 11 wrote different synth-0002/results.tsv")
	}
}

func TestSynthRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no comments", []string{"--out", dir}, "--comments is required"},
		{"zero comments", []string{"--comments", "0", "--out", dir}, "--comments is required"},
		{"no out", []string{"--comments", "10"}, "--out is required"},
		{"zero consultations", []string{"--comments", "10", "--consultations", "0", "--out", dir}, "--consultations must be at least 1, got 0"},
		{"more consultations than comments", []string{"--comments", "2", "--consultations", "3", "--out", dir}, "--comments (2) must be at least --consultations (3)"},
		{"not a number", []string{"--comments", "many", "--out", dir}, `invalid value "many" for flag -comments`},
		{"negative seed", []string{"--comments", "10", "--seed", "-1", "--out", dir}, `invalid value "-1" for flag -seed`},
		{"a stray argument", []string{"--comments", "10", "--out", dir, "extra"}, `synth takes flags only, got "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(t, append([]string{"synth"}, tt.args...)...)
			if code != 1 {
				t.Errorf("exit status %d, want 1 (invalid input)", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, stderr)
			}
		})
	}
}

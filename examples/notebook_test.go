// Package examples_test runs examples/notebook.ipynb against a live pcgraph service, the
// way a researcher would, and checks that the committed notebook carries no outputs.
package examples_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

const (
	notebook = "notebook.ipynb"
	bundled  = "../data/mic-iot5g-security-2020"
	// debianPackages are what the notebook needs, as Debian packages (.ci/run installs them).
	debianPackages = "jupyter-nbconvert python3-ipykernel python3-pandas python3-networkx python3-matplotlib python3-requests"
)

// newServer starts pcgraph's HTTP service on a memory store holding the bundled data
// (as server/helpers_test.go's newServer does).
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	res, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(ctx, res.Datasets[0], false); err != nil {
		t.Fatal(err)
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(model, st, server.Limits{}))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return ts
}

// nbconvert finds Debian's jupyter-nbconvert and checks that its Python has the notebook's
// modules. Anything missing fails the test, naming the packages to install.
func nbconvert(t *testing.T) string {
	t.Helper()
	bin := "/usr/bin/jupyter-nbconvert"
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("jupyter-nbconvert"); err != nil {
			t.Fatalf("jupyter-nbconvert is missing; the notebook test needs it: apt-get install -y %s", debianPackages)
		}
	}
	py := "/usr/bin/python3"
	if out, err := exec.Command(py, "-c", "import ipykernel, pandas, networkx, matplotlib, requests").CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import the notebook's modules: apt-get install -y %s\n%s", py, debianPackages, out)
	}
	return bin
}

// TestNotebook executes examples/notebook.ipynb with jupyter nbconvert against a live
// service. Every cell must run (the notebook asserts its answers), and the figure must be
// a PNG. With PCGRAPH_ARTIFACTS set, the executed notebook and the figure are copied there.
func TestNotebook(t *testing.T) {
	bin := nbconvert(t)
	ts := newServer(t)
	out := t.TempDir()
	figure := filepath.Join(out, "topic_network.png")
	heard := filepath.Join(out, "responsiveness.png")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120",
		"--output-dir", out, notebook)
	cmd.Env = append(os.Environ(),
		"PCGRAPH_URL="+ts.URL+"/graphql",
		"PCGRAPH_FIGURE="+figure,
		"PCGRAPH_RESPONSIVENESS_FIGURE="+heard,
		"MPLBACKEND=Agg",
		"JUPYTER_RUNTIME_DIR="+filepath.Join(out, "runtime"),
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
	)
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the notebook failed (%v):\n%s", err, b)
	}
	t.Logf("notebook executed in %s", time.Since(start).Round(time.Millisecond))

	png, err := os.ReadFile(figure)
	if err != nil {
		t.Fatalf("the notebook wrote no figure: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10_000 {
		t.Errorf("%s is not a PNG of a drawing (%d bytes)", figure, len(png))
	}
	bars, err := os.ReadFile(heard)
	if err != nil {
		t.Fatalf("the notebook wrote no responsiveness chart: %v", err)
	}
	if !bytes.HasPrefix(bars, []byte("\x89PNG\r\n\x1a\n")) || len(bars) < 5_000 {
		t.Errorf("%s is not a PNG of a chart (%d bytes)", heard, len(bars))
	}
	executed, err := os.ReadFile(filepath.Join(out, notebook))
	if err != nil {
		t.Fatal(err)
	}
	nb := readNotebook(t, executed)
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		if c.ExecutionCount == nil {
			t.Errorf("cell %d did not run", i+1)
		}
		for _, o := range c.Outputs {
			if o["output_type"] == "error" {
				t.Errorf("cell %d: %v: %v", i+1, o["ename"], o["evalue"])
			}
		}
	}
	// The figure labels dispositions as the API does (enumLabels), in Japanese, with a
	// Japanese font (.ci/run installs fonts-ipafont-gothic).
	if text := outputText(nb); !strings.Contains(text, "dispositions labelled ") || !strings.Contains(text, "今後の取組の参考") ||
		strings.Contains(text, "Japanese font for figures: none") {
		t.Errorf("the figure is not labelled with the API's Japanese disposition labels; the notebook printed:\n%s", text)
	}
	if dir := os.Getenv("PCGRAPH_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"notebook.ipynb": executed, "topic_network.png": png, "responsiveness.png": bars} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("executed notebook and figure copied to %s", dir)
	}
}

// outputText is every stream output of the executed notebook, joined.
func outputText(nb notebookDoc) string {
	var b strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o["output_type"] != "stream" {
				continue
			}
			switch t := o["text"].(type) {
			case string:
				b.WriteString(t)
			case []any:
				for _, l := range t {
					s, _ := l.(string)
					b.WriteString(s)
				}
			}
		}
	}
	return b.String()
}

type notebookDoc struct {
	Cells []struct {
		CellType       string           `json:"cell_type"`
		ExecutionCount *int             `json:"execution_count"`
		Outputs        []map[string]any `json:"outputs"`
		Source         []string         `json:"source"`
		Metadata       map[string]any   `json:"metadata"`
	} `json:"cells"`
	NBFormat int `json:"nbformat"`
}

func readNotebook(t *testing.T, b []byte) notebookDoc {
	t.Helper()
	var nb notebookDoc
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("not a notebook: %v", err)
	}
	if nb.NBFormat != 4 || len(nb.Cells) == 0 {
		t.Fatalf("not an nbformat 4 notebook with cells")
	}
	return nb
}

// stripCommand clears a notebook's outputs, execution counts and run-time metadata,
// keeping its kernel: the committed notebook is exactly what it writes.
const stripCommand = "jupyter nbconvert --clear-output --ClearMetadataPreprocessor.enabled=True " +
	"--ClearMetadataPreprocessor.preserve_nb_metadata_mask=kernelspec --inplace examples/notebook.ipynb"

// TestNotebookIsStripped: the committed notebook has no outputs, no execution counts and
// no run-time metadata (run stripCommand before committing).
func TestNotebookIsStripped(t *testing.T) {
	b, err := os.ReadFile(notebook)
	if err != nil {
		t.Fatal(err)
	}
	nb := readNotebook(t, b)
	for i, c := range nb.Cells {
		if len(c.Metadata) > 0 {
			t.Errorf("cell %d has metadata %v; strip it: %s", i+1, c.Metadata, stripCommand)
		}
		if c.CellType != "code" {
			continue
		}
		if len(c.Outputs) > 0 || c.ExecutionCount != nil {
			t.Errorf("cell %d has outputs or an execution count; strip them: %s", i+1, stripCommand)
		}
	}
}

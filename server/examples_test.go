package server_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestExampleQueries runs every query of examples/queries, as the README shows them,
// and compares the answers with golden files (refresh with -update, then read the diff).
func TestExampleQueries(t *testing.T) {
	ts := newServer(t, server.Limits{})
	files, err := filepath.Glob("../examples/queries/*.graphql")
	if err != nil || len(files) < 5 {
		t.Fatalf("want at least five example queries, found %v (%v)", files, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		t.Run(name, func(t *testing.T) {
			q, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := post(t, ts, string(q), nil)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %s", errorMessages(r))
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, r.Data, "", "  "); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(pretty.Bytes(), []byte(`"totalCount": 0`)) || bytes.Contains(pretty.Bytes(), []byte(`[]`)) {
				t.Errorf("the example answers nothing somewhere; an example should show data:\n%s", pretty.String())
			}
			golden := filepath.Join("testdata", "examples", name+".json")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no golden file (run with -update): %v", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("answer differs from %s (refresh with -update if the change is right)", golden)
			}
		})
	}
}

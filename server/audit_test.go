package server_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/pcgraph/pcgraph/server"
)

// TestGraphQLOverHTTPAudit runs the graphql-http audit suite (npm graphql-http,
// auditServer) against a live server: no errors and no warnings; the notices (optional
// MAY points) are listed in the README. .ci/run installs tools/audit's node_modules.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is not installed: the audit needs Node.js (.ci/run installs it)")
	}
	if _, err := os.Stat("../tools/audit/node_modules/graphql-http"); err != nil {
		t.Fatalf("tools/audit has no node_modules: run `npm ci --prefix tools/audit` (.ci/run does)")
	}
	ts := newServer(t, server.Limits{})
	results := filepath.Join(t.TempDir(), "audit.json")
	cmd := exec.Command(node, "../tools/audit/audit.mjs", ts.URL+"/graphql")
	cmd.Env = append(os.Environ(), "AUDIT_JSON="+results)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("audit failed (%v):\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^audit: (\d+) ok, (\d+) warn, (\d+) error$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no summary line in the audit's output:\n%s", out)
	}
	if string(m[2]) != "0" || string(m[3]) != "0" {
		t.Errorf("audit: %s ok, %s warn, %s error; want no warnings or errors:\n%s", m[1], m[2], m[3], out)
	}
	raw, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		Results []struct{ ID, Status string }
	}
	if err := json.Unmarshal(raw, &all); err != nil || len(all.Results) < 50 {
		t.Errorf("the audit's JSON has %d results (%v); want the whole suite", len(all.Results), err)
	}
	for _, r := range all.Results {
		if r.Status == "notice" {
			t.Logf("accepted notice %s (see README)", r.ID)
		}
	}
	t.Logf("%s", m[0])
}

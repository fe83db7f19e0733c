package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pcgraph/pcgraph/internal/storetest"
)

// EnvStandby names the hot standby of the test PostgreSQL (scripts/start-postgres-standby.sh).
const EnvStandby = "PCGRAPH_TEST_POSTGRES_STANDBY"

// startServe runs `pcgraph serve` as a process and returns its address.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
		}
	})
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := regexp.MustCompile(`at http://([0-9.:]+)/`).FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		if cmd.ProcessState != nil {
			break
		}
	}
	t.Fatalf("serve %v did not start:\n%s", args, stderr.String())
	return ""
}

func postQuery(t *testing.T, addr, query string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	res, err := http.Post("http://"+addr+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || strings.Contains(string(b), `"errors"`) {
		t.Fatalf("query failed (%d): %s", res.StatusCode, b)
	}
	return string(b)
}

// TestPrimaryAndStandbyReplicas loads at a PostgreSQL primary and runs two `serve`
// replicas, one on the primary and one on its hot standby: they answer the five example
// queries identically, and after a replace at the primary both pick up the new data.
func TestPrimaryAndStandbyReplicas(t *testing.T) {
	standbyAdmin := os.Getenv(EnvStandby)
	if standbyAdmin == "" {
		t.Fatalf("%s is not set: this test needs a hot standby of the test PostgreSQL; run it with `bash .ci/run`, which starts one", EnvStandby)
	}
	primary := storetest.NewDatabase(t)
	// The standby replays the primary's database under the same name.
	u, _ := url.Parse(primary)
	su, _ := url.Parse(standbyAdmin)
	su.Path = u.Path
	standby := su.String()

	mustRun(t, "load", "--store", primary, bundled)
	waitForStandby(t, standby)

	onPrimary := startServe(t, "--store", primary, "--refresh-every", "200ms")
	onStandby := startServe(t, "--store", standby, "--refresh-every", "200ms")
	files, _ := filepath.Glob("../../examples/queries/*.graphql")
	if len(files) < 5 {
		t.Fatalf("want five example queries, found %d", len(files))
	}
	compare := func(when string) {
		for _, f := range files {
			q, _ := os.ReadFile(f)
			a, b := postQuery(t, onPrimary, string(q)), postQuery(t, onStandby, string(q))
			if a != b {
				t.Errorf("%s, %s: the replicas answer differently:\nprimary %.300s\nstandby %.300s", when, filepath.Base(f), a, b)
			}
		}
	}
	compare("after the load")

	// Replace at the primary: both replicas see it within their refresh period.
	mustRun(t, "load", "--replace", "--store", primary, bigDataset(t, 150))
	for _, addr := range []string{onPrimary, onStandby} {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(postQuery(t, addr, `{ comments { totalCount } }`), `"totalCount":150`) {
			if time.Now().After(deadline) {
				t.Fatalf("replica %s never served the replaced consultation", addr)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	compare("after a replace")
}

// waitForStandby waits until the standby has replayed the load.
func waitForStandby(t *testing.T, standby string) {
	t.Helper()
	db, err := sql.Open("postgres", standby)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var inRecovery bool
		var n int
		if db.QueryRow(`SELECT pg_is_in_recovery()`).Scan(&inRecovery) == nil && !inRecovery {
			t.Fatalf("%s is not a standby", EnvStandby)
		}
		if db.QueryRow(`SELECT count(*) FROM quads`).Scan(&n) == nil && n > 8000 {
			return
		}
	}
	t.Fatal("the standby did not replay the load in 30 s")
}

// bigDataset writes a dataset folder with n comments made from the bundled rows
// (renumbered, spread over more submitters), under the bundled slug.
func bigDataset(t *testing.T, n int) string {
	t.Helper()
	orig, err := os.ReadFile(filepath.Join(bundled, "results.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(orig), "\n") {
		if c := strings.Split(line, "\t"); len(c) == 5 && c[0] != "項番" {
			rows = append(rows, c)
		}
	}
	var b bytes.Buffer
	b.WriteString("項番\t意見提出者\t該当箇所\t御意見の詳細\t御意見に対する考え方\n")
	for i := 0; i < n; i++ {
		r := rows[i%len(rows)]
		sub := r[1]
		if i >= len(rows) && strings.HasPrefix(sub, "法人") {
			sub = fmt.Sprintf("法人X%d(合成団体%d)", i%97, i%97)
		}
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\n", i+1, sub, r[2], r[3], r[4])
	}
	dir := t.TempDir()
	manifest, _ := os.ReadFile(filepath.Join(bundled, "manifest.yaml"))
	os.WriteFile(filepath.Join(dir, "manifest.yaml"), manifest, 0o644)
	os.WriteFile(filepath.Join(dir, "results.tsv"), b.Bytes(), 0o644)
	return dir
}

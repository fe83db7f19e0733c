package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running command and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeEmptyStore runs `pcgraph serve` on an empty store, as the README's first
// command does: it loads the bundled data, serves, and stops cleanly when told to.
func TestServeEmptyStore(t *testing.T) {
	spec := specFor(t, "bolt")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr}.Run(ctx, []string{"serve", "--store", spec, "--addr", "127.0.0.1:0"})
	}()
	addr := ""
	for deadline := time.Now().Add(30 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := regexp.MustCompile(`at http://([0-9.:]+)/`).FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before serving:\n%s", code, stderr.String())
		default:
		}
	}
	if addr == "" {
		t.Fatalf("serve did not say where it listens:\n%s", stderr.String())
	}
	// Every bundled consultation: 総務省 107, 国土交通省 38, 環境省 382 comments.
	for _, want := range []string{
		"loaded the bundled consultation/mic-iot5g-security-2020 (107 comments)",
		"loaded the bundled consultation/mlit-kotsu-seisaku-kihon-keikaku-2025 (38 comments)",
		"loaded the bundled consultation/env-kankyo-kihon-keikaku6-2024 (382 comments)",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("serve did not say %q:\n%s", want, stderr.String())
		}
	}
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status   string
		Comments int
	}
	json.NewDecoder(res.Body).Decode(&health)
	res.Body.Close()
	if health.Status != "ok" || health.Comments != 107+38+382 {
		t.Errorf("/healthz = %+v, want ok with the 527 comments of the bundled consultations", health)
	}
	// The start-up line names every page a user opens, and each answers.
	for _, path := range []string{"/ (GraphiQL)", "/explore (topic-network explorer)", "/export/ (network files)", "/graphql"} {
		if !strings.Contains(stderr.String(), path) {
			t.Errorf("the start-up line does not name %s:\n%s", path, stderr.String())
		}
	}
	for _, path := range []string{"/", "/metrics", "/explore", "/export/"} {
		res, err := http.Get("http://" + addr + path)
		if err != nil || res.StatusCode != 200 {
			t.Errorf("GET %s: %v %v", path, err, res)
		}
		if res != nil {
			res.Body.Close()
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after SIGTERM/cancel:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestQueryCommand(t *testing.T) {
	spec := specFor(t, "bolt")
	mustRun(t, "load", "--store", spec, bundled)

	out := mustRun(t, "query", "--store", spec, "--var", "n=49", `query($n: Int!) { comments(filter: {pageRef: $n}) { totalCount } c: node(id: "comment/mic-iot5g-security-2020/49") { id } }`)
	var resp struct {
		Data struct {
			C struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || resp.Data.C.ID != "comment/mic-iot5g-security-2020/49" {
		t.Errorf("query output %s (%v)", out, err)
	}

	out = mustRun(t, "query", "--store", spec, "@../../examples/queries/1-trust-services-future-work.graphql")
	if !strings.Contains(out, `"totalCount":2`) {
		t.Errorf("the example query from a file: %s", out)
	}

	out, _, code := run(t, "query", "--store", spec, `{ comments(filter: {topics: ["topic/none"]}) { totalCount } }`)
	if code != 1 || !strings.Contains(out, `"errors"`) || !strings.Contains(out, `unknown topic`) {
		t.Errorf("a query with errors: exit %d, output %s; want exit 1 and the whole response", code, out)
	}
}

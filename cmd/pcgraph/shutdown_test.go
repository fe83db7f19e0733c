package main

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdown: SIGTERM while a request is in flight lets it finish, then the
// server exits 0.
func TestGracefulShutdown(t *testing.T) {
	bin := binary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--store", "memory", "--addr", "127.0.0.1:0")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var addr string
	for addr == "" && ctx.Err() == nil {
		if m := regexp.MustCompile(`at http://([0-9.:]+)/`).FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A Gizmo query that computes for about a second before it answers.
	type result struct {
		code int
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		res, err := http.Post("http://"+addr+"/api/v2/query", "text/plain",
			strings.NewReader(`var x = 0; for (var i = 0; i < 3e6; i++) { x += i }; g.V("<pcgraph:topic/e-seal>").All()`))
		if err != nil {
			done <- result{err: err}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- result{code: res.StatusCode, body: string(b)}
	}()
	time.Sleep(200 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.code != 200 || !strings.Contains(r.body, "topic/e-seal") {
		t.Errorf("the request in flight: %v, status %d, %s", r.err, r.code, r.body)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve exited with %v after SIGTERM:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("serve did not say it was shutting down:\n%s", stderr.String())
	}
}

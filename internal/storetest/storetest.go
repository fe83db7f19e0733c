// Package storetest gives tests a fresh store of every backend pcgraph supports. The
// PostgreSQL one needs a running server named by PCGRAPH_TEST_POSTGRES (a URL whose user
// may create databases); .ci/run starts one. Without it the tests fail, never skip.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/pcgraph/pcgraph/graph/store"
)

// EnvPostgres names the environment variable with the PostgreSQL server for tests.
const EnvPostgres = "PCGRAPH_TEST_POSTGRES"

// Backends lists the backends every store test runs on.
var Backends = []string{"memory", "bolt", "postgres"}

var dbSeq atomic.Int64

// Spec returns the spec of a new, empty store of the given backend, removed when the
// test ends.
func Spec(t testing.TB, backend string) string {
	t.Helper()
	switch backend {
	case "memory":
		return "memory"
	case "bolt":
		return "bolt:" + filepath.Join(t.TempDir(), "store")
	case "postgres":
		return NewDatabase(t)
	}
	t.Fatalf("unknown backend %q", backend)
	return ""
}

// Open opens a new, empty store of the given backend, closed when the test ends.
func Open(t testing.TB, backend string) (*store.Store, string) {
	t.Helper()
	spec := Spec(t, backend)
	s, err := store.Open(context.Background(), spec)
	if err != nil {
		t.Fatalf("open %s store: %v", backend, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, spec
}

// NewDatabase creates an empty PostgreSQL database for the test and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		t.Fatalf("%s is not set: the PostgreSQL tests need a server; run them with `bash .ci/run`, which starts one", EnvPostgres)
	}
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	defer db.Close()
	name := fmt.Sprintf("pcgraph_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, dbSeq.Add(1))
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}

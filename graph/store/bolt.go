package store

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// openBolt opens (creating when needed) Cayley's key-value quad store on a bbolt file,
// DIR/indexes.bolt — the file Cayley's own "bbolt" backend uses — but opens the file
// itself, for two reasons:
//
//   - options for a store that takes whole consultations at a time: Cayley opens the
//     file with bbolt's defaults, whose memory map starts small and is grown — copying
//     every page of the running transaction to the heap — many times in one large
//     write, and whose free list is rewritten on every commit;
//   - the *bolt.DB, so that a server can read everything back in one read transaction
//     (scanlog.go).
func openBolt(dir string) (*Store, error) {
	if err := checkBoltUnlocked(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o600, &bolt.Options{
		Timeout: 2 * time.Second,
		// Address space, not memory: mapping 4 GiB up front means the map is not
		// remapped while a store grows to that size.
		InitialMmapSize: 4 << 30,
		FreelistType:    bolt.FreelistMapType,
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, inUse(filepath.Join(dir, "indexes.bolt"), err)
	}
	if err != nil {
		return nil, err
	}
	// A bulk write cut short by a crash is undone before anything reads the store.
	if _, err := rollbackBulk(db); err != nil {
		db.Close()
		return nil, err
	}
	kv := hbolt.New(db)
	// no_bloom: the bulk-load bloom filters cost ~300 MiB per open on an empty store;
	// our writes are diffs against what is stored, so they bring nothing.
	opts := cgraph.Options{"no_bloom": true}
	qs, err := ckv.New(kv, opts)
	if errors.Is(err, cgraph.ErrNotInitialized) {
		if err = ckv.Init(kv, opts); err == nil || errors.Is(err, cgraph.ErrDatabaseExists) {
			qs, err = ckv.New(kv, opts)
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{qs: qs, backend: "bolt", bolt: db}, nil
}

package store

import (
	"os"
	"path/filepath"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
)

// boltBackend is Cayley's bbolt key-value store opened with options for a store that
// takes whole consultations at a time. Cayley's own registration ("bbolt") opens the
// file with bbolt's defaults, which cost a consultation load dearly: the memory map
// starts small and is grown — and every page of the running transaction copied to the
// heap — many times in one large write, and the free list is rewritten on every commit.
// The files are the same format: a store written by one opens with the other.
const boltBackend = "pcgraph-bbolt"

func init() {
	ckv.Register(boltBackend, ckv.Registration{
		NewFunc:      openBolt,
		InitFunc:     openBolt,
		IsPersistent: true,
	})
}

func openBolt(dir string, _ cgraph.Options) (hkv.KV, error) {
	if dir == "" {
		return nil, ckv.ErrEmptyPath
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
		NoFreelistSync:  true,
	})
	if err != nil {
		return nil, err
	}
	return hbolt.New(db), nil
}

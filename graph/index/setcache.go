package index

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Paging through a filtered list asks for the same filter once per page: the flagship
// question's 758 organizations at 100,000 comments are 8 pages, and each page's filter
// over every comment and its owners cost about 0.1 ms of a 0.9 ms request. A snapshot
// never changes, so the sets it computed stay true: it keeps the last setCacheSize,
// and a new snapshot (a reload) starts with none.
const setCacheSize = 64

// setCache remembers sets by their filter's key. Its sets are shared: callers clone
// them before changing them.
type setCache struct {
	mu   sync.Mutex
	sets map[string]*roaring.Bitmap
	keys []string // in the order they were added; the oldest goes first
}

// get returns the set of key, computing it with make when it is not kept. Two callers
// that miss at once both compute it; the set is the same.
func (c *setCache) get(key []byte, make func() (*roaring.Bitmap, error)) (*roaring.Bitmap, error) {
	c.mu.Lock()
	set := c.sets[string(key)]
	c.mu.Unlock()
	if set != nil {
		return set, nil
	}
	set, err := make()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]*roaring.Bitmap{}
	}
	if _, ok := c.sets[string(key)]; !ok {
		if len(c.keys) == setCacheSize {
			delete(c.sets, c.keys[0])
			c.keys = append(c.keys[:0], c.keys[1:]...)
		}
		c.keys = append(c.keys, string(key))
		c.sets[string(key)] = set
	}
	return set, nil
}

package server

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// Automatic persisted queries (Apollo's PersistedQueryLink): a client sends the SHA-256 of
// its query first and the query only when the server answers PERSISTED_QUERY_NOT_FOUND.
// gqlgen's extension.AutomaticPersistedQuery stores each query it is sent with its hash,
// before the query is parsed; its cache here is bounded by bytes, not by entries, so that
// queries of up to the body limit cannot fill the memory however many are sent.
const apqCacheBytes = 32 << 20

// byteLRU is a cache of strings, least recently used first out, holding at most max bytes.
type byteLRU struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // of *apqEntry, most recent at the front
	items map[string]*list.Element
}

type apqEntry struct{ key, value string }

var _ graphql.Cache[string] = (*byteLRU)(nil)

func newByteLRU(max int) *byteLRU {
	return &byteLRU{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *byteLRU) Get(_ context.Context, key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return e.Value.(*apqEntry).value, true
}

func (c *byteLRU) Add(_ context.Context, key, value string) {
	n := len(key) + len(value)
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&apqEntry{key, value})
	c.size += n
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*apqEntry)
		c.order.Remove(last)
		delete(c.items, old.key)
		c.size -= len(old.key) + len(old.value)
	}
}

package server

import (
	"context"
	"strings"
	"testing"
)

// TestByteLRU: the persisted-query cache holds at most its bytes, evicting the least
// recently used query first, and does not keep a query larger than all of it.
func TestByteLRU(t *testing.T) {
	ctx := context.Background()
	c := newByteLRU(100)
	q := func(c byte) string { return strings.Repeat(string(c), 30) } // 31 bytes with its key
	c.Add(ctx, "a", q('a'))
	c.Add(ctx, "b", q('b'))
	c.Add(ctx, "c", q('c'))
	if _, ok := c.Get(ctx, "a"); !ok { // a is now the most recent
		t.Fatal("a was evicted below the bound")
	}
	c.Add(ctx, "d", q('d')) // 124 bytes: b goes
	for key, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if v, ok := c.Get(ctx, key); ok != want || (ok && v != q(key[0])) {
			t.Errorf("Get(%q) = %q, %v; want present %v", key, v, ok, want)
		}
	}
	if c.size != 93 {
		t.Errorf("size %d, want 93", c.size)
	}
	c.Add(ctx, "huge", strings.Repeat("x", 200))
	if _, ok := c.Get(ctx, "huge"); ok || c.size != 93 {
		t.Errorf("a query over the whole bound was kept (size %d)", c.size)
	}
}

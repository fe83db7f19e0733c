package index

import "sync/atomic"

// Holder publishes the current snapshot. A request calls Load once and uses that
// snapshot throughout, so it sees the graph before a load or after it, never a mix; a
// load builds a new snapshot and Swaps it in. Holder is safe for concurrent use; its
// zero value holds the empty snapshot.
type Holder struct {
	p atomic.Pointer[Snapshot]
}

// NewHolder returns a Holder holding s (the empty snapshot when s is nil).
func NewHolder(s *Snapshot) *Holder {
	h := new(Holder)
	h.Swap(s)
	return h
}

// Load returns the current snapshot; never nil.
func (h *Holder) Load() *Snapshot {
	if s := h.p.Load(); s != nil {
		return s
	}
	return empty
}

// Swap makes s the current snapshot (the empty snapshot when s is nil) and returns the
// previous one (never nil).
func (h *Holder) Swap(s *Snapshot) *Snapshot {
	if s == nil {
		s = empty
	}
	if old := h.p.Swap(s); old != nil {
		return old
	}
	return empty
}

// Package readmodel keeps the API's view of the graph: the index and the full-text index,
// built from what the store holds (never straight from a loader, so that what is served
// is exactly what is stored) and swapped in one atomic step after every committed load.
// A request takes one View and uses it throughout: it sees the old graph or the new one,
// never a mix.
package readmodel

import (
	"context"
	"maps"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/index"
	"github.com/pcgraph/pcgraph/graph/index/fulltext"
	"github.com/pcgraph/pcgraph/graph/store"
)

// View is one consistent version of the read model.
type View struct {
	Index      *index.Snapshot
	Search     *fulltext.Index
	Generation int64     // 1 for the first view built, then one more per refresh
	Built      time.Time // when it was swapped in
	BuildTime  time.Duration
	// Revisions are the consultations' revisions in the store when the view was read.
	Revisions map[string]int64
}

// Model holds the current View of a store.
type Model struct {
	// IndexOptions tune the index each refresh builds (campaign detection); set them
	// before the first Refresh.
	IndexOptions index.Options
	// AutoMemoryLimit makes every refresh set the process's soft memory limit (see
	// setMemoryLimit). The program decides: pcgraph sets it unless GOMEMLIMIT is given.
	AutoMemoryLimit bool
	// RetireAfter is how long a replaced view stays usable by the requests that took it:
	// longer than any request may run. New sets DefaultRetireAfter.
	RetireAfter time.Duration

	store *store.Store
	cur   atomic.Pointer[View]
	mu    sync.Mutex // one refresh at a time
}

// New returns a model of st with an empty view; call Refresh to build the first one.
func New(st *store.Store) *Model {
	m := &Model{store: st, RetireAfter: DefaultRetireAfter}
	empty, _ := fulltext.Build(nil)
	m.cur.Store(&View{Index: index.Empty(), Search: empty, Built: time.Now()})
	return m
}

// View returns the current view.
func (m *Model) View() *View { return m.cur.Load() }

// Refresh reads every consultation back from the store, builds a new view and swaps it
// in. On error the current view stays.
func (m *Model) Refresh(ctx context.Context) (v *View, err error) {
	defer graph.Wrap(&err, "refresh the read model")
	m.mu.Lock()
	defer m.mu.Unlock()
	// A refresh allocates a great deal that dies at once (see below): collect at half
	// the usual heap growth while it runs. At 100,000 comments this kept the peak
	// resident set of a starting server at 0.95 GiB instead of 1.3 GiB.
	prev := debug.SetGCPercent(refreshGCPercent)
	if prev >= 0 && prev < refreshGCPercent {
		debug.SetGCPercent(prev) // already lower: keep it
	}
	defer debug.SetGCPercent(prev)
	start := time.Now()
	revs, err := m.store.Revisions(ctx)
	if err != nil {
		return nil, err
	}
	datasets, err := m.store.ReadAll(ctx)
	if err != nil {
		return nil, err
	}
	// Reading a large store leaves hundreds of MiB of garbage (every value of the store,
	// and the quads that referred to them); hand it back before building the indexes
	// allocates more, so that the peak is the larger of the two steps, not their sum.
	// At 100,000 comments this cost ~0.2 s and lowered the peak resident set by a third.
	debug.FreeOSMemory()
	v, err = m.swap(datasets, start, revs)
	debug.FreeOSMemory()
	if err == nil && m.AutoMemoryLimit {
		setMemoryLimit()
	}
	if err == nil {
		// Only now: detecting campaigns holds hundreds of MiB for seconds (shingles,
		// candidates), which the limit above must not count as the read model's. When
		// it was started before, the limit at 100,000 comments was set over a heap of
		// 0.75 GiB instead of the 0.44 GiB the read model keeps, and a server under load
		// grew to 1.3 GiB.
		go v.Index.WarmCampaigns() // detected on first use otherwise: seconds at 100,000 comments
	}
	return v, err
}

// minAnswerRoom is the least room for answers setMemoryLimit leaves above the read
// model: 16 concurrent two_hop answers (0.8 MB of JSON, 20 MB allocated, each) and the
// garbage of the ones just done fit in it several times over.
const minAnswerRoom = 512 << 20

// setMemoryLimit sets the process's soft memory limit (debug.SetMemoryLimit) to the heap
// the read model then holds plus room for answers: three quarters of that heap, and at
// least minAnswerRoom (when Model.AutoMemoryLimit is set). Without a limit the heap of a
// server under load grows to twice what is live (GOGC) and the runtime keeps what it freed
// for a while: at 100,000 comments, with 16 clients asking for large answers, the resident
// set reached 1.5 GiB over a read model of 0.45 GiB. The limit makes the collector run
// earlier and return what it frees. The room is what the answers in flight may take before
// the collector must run; every cycle scans the whole read model, so too little room makes
// collecting the server's main work: 1.75 times the heap (0.3 GiB of room at 100,000
// comments) left 16 two_hop clients spending most of their CPU in the collector's mark
// phase.
func setMemoryLimit() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap := int64(ms.HeapAlloc)
	debug.SetMemoryLimit(heap + max(heap*3/4, minAnswerRoom))
}

// RefreshIfChanged refreshes when the store's revisions differ from the current view's:
// a server reading a shared PostgreSQL (or its standby) calls it periodically to pick up
// what another server loaded.
func (m *Model) RefreshIfChanged(ctx context.Context) (changed bool, err error) {
	revs, err := m.store.Revisions(ctx)
	if err != nil {
		return false, err
	}
	if maps.Equal(revs, m.View().Revisions) {
		return false, nil
	}
	_, err = m.Refresh(ctx)
	return err == nil, err
}

func (m *Model) swap(datasets []*graph.Dataset, start time.Time, revs map[string]int64) (*View, error) {
	snap, err := index.BuildWith(datasets, m.IndexOptions)
	if err != nil {
		return nil, err
	}
	old := m.cur.Load()
	search, err := fulltext.Rebuild(old.Search, datasets)
	if err != nil {
		return nil, err
	}
	v := &View{Index: snap, Search: search, Generation: old.Generation + 1, Built: time.Now(), BuildTime: time.Since(start), Revisions: revs}
	m.cur.Store(v)
	// Requests that took the old view may still search its full-text index: close it
	// once they have surely finished.
	time.AfterFunc(m.RetireAfter, func() { old.Search.Close() })
	return v, nil
}

// refreshGCPercent is the GOGC in effect while a refresh runs.
const refreshGCPercent = 50

// DefaultRetireAfter is a model's RetireAfter unless the program sets another.
const DefaultRetireAfter = 2 * time.Minute

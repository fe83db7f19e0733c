package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/pcgraph/pcgraph/graph"
	"github.com/pcgraph/pcgraph/graph/readmodel"
	"github.com/pcgraph/pcgraph/graph/store"
	"github.com/pcgraph/pcgraph/internal/storetest"
	"github.com/pcgraph/pcgraph/loader"
	"github.com/pcgraph/pcgraph/server"
)

var bundled = filepath.Join("..", "data", "mic-iot5g-security-2020")

func bundledDatasets(t testing.TB) []*graph.Dataset {
	t.Helper()
	res, err := loader.Load(bundled, loader.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return []*graph.Dataset{res.Datasets[0]}
}

// serveBundled serves the bundled data as `pcgraph serve` does, in process.
func serveBundled(t *testing.T, datasets []*graph.Dataset) *Pcgraph {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, d := range datasets {
		if _, err := st.Write(ctx, d, false); err != nil {
			t.Fatal(err)
		}
	}
	model := readmodel.New(st)
	if _, err := model.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	limits := server.DefaultLimits
	limits.MaxComplexity = 1 << 30
	srv := httptest.NewServer(server.New(model, st, limits))
	t.Cleanup(srv.Close)
	c := NewClient(srv.URL, 4)
	t.Cleanup(c.Close)
	return NewPcgraph(c, DefaultSearchText)
}

// limitAndAPI returns the limit and the API over the bundled data.
func limitAndAPI(t *testing.T) (*Limit, *Pcgraph) {
	t.Helper()
	datasets := bundledDatasets(t)
	limit, err := NewLimit(datasets)
	if err != nil {
		t.Fatal(err)
	}
	return limit, serveBundled(t, datasets)
}

// The limit answers exactly what the API answers: the comparison is apples to apples.
func TestLimitAnswersAsTheAPI(t *testing.T) {
	ctx := context.Background()
	limit, api := limitAndAPI(t)
	// What the bundled data holds (see server/testdata/examples): a check that the
	// questions are not trivially empty.
	atLeast := map[string]int{Flagship: 1, TwoHop: 20, Stats: 10, Network: 10, Search: 1}
	for _, q := range Questions {
		want, err := api.Answer(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := limit.Answer(ctx, q, DefaultSearchText)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("%s: the limit answers %s (%s), the API %s (%s)", q, got, got.Digest, want, want.Digest)
		}
		if want.Count < atLeast[q] {
			t.Errorf("%s: the API answers %s, expected at least %d", q, want, atLeast[q])
		}
		t.Logf("%s: %s", q, want)
		// the measured operations run and check what they get
		for _, sys := range []struct {
			name string
			op   func() (func(context.Context) error, error)
		}{
			{"api", func() (func(context.Context) error, error) { return api.Op(q) }},
			{"limit", func() (func(context.Context) error, error) { return limit.Op(q, DefaultSearchText) }},
		} {
			op, err := sys.op()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Measure(ctx, 2, Budget{Iterations: 4}, op); err != nil {
				t.Errorf("%s %s: %v", sys.name, q, err)
			}
		}
	}
}

// The peer's SQL answers exactly what the limit (and so the API) answers.
func TestPeerAnswersAsTheLimit(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.NewDatabase(t) // fails without PCGRAPH_TEST_POSTGRES
	datasets := bundledDatasets(t)
	limit, err := NewLimit(datasets)
	if err != nil {
		t.Fatal(err)
	}
	peer, err := OpenPeer(ctx, dsn, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	if _, err := peer.Load(ctx, datasets); err != nil {
		t.Fatal(err)
	}
	for _, q := range Questions {
		want, err := limit.Answer(ctx, q, DefaultSearchText)
		if err != nil {
			t.Fatal(err)
		}
		got, err := peer.Answer(ctx, q, DefaultSearchText)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("%s: the peer answers %s (%s), the limit %s (%s)", q, got, got.Digest, want, want.Digest)
		}
		op, err := peer.Op(q, DefaultSearchText)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Measure(ctx, 2, Budget{Iterations: 4}, op); err != nil {
			t.Errorf("peer %s: %v", q, err)
		}
	}
	// The search uses the trigram index (the database classifies Japanese as letters).
	plan, err := explain(ctx, peer, Search, DefaultSearchText)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("search plan:\n%s", plan)
}

func TestLikePattern(t *testing.T) {
	for in, want := range map[string]string{
		"責任共有モデル": "%責任共有モデル%",
		"ＩｏＴ":     "%IoT%",
		`50%_a\b`: `%50\%\_a\\b%`,
	} {
		if got := likePattern(in); got != want {
			t.Errorf("likePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

// The limit pays for the JSON the API sends: it encodes the same bytes as the `data` of
// the API's responses, page by page.
func TestLimitEncodesAsTheAPI(t *testing.T) {
	ctx := context.Background()
	limit, api := limitAndAPI(t)
	data := func(r request) []byte {
		t.Helper()
		body, err := api.c.post(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		var env struct{ Data json.RawMessage }
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		return env.Data
	}
	for _, q := range []string{Flagship, TwoHop, Stats, Network} {
		var want [][]byte
		switch q {
		case Flagship:
			var after any
			for {
				page := data(newRequest(gqlFlagship, map[string]any{"topic": FlagshipTopic, "after": after}))
				want = append(want, page)
				var d struct {
					Organizations struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
					}
				}
				if err := json.Unmarshal(page, &d); err != nil {
					t.Fatal(err)
				}
				if !d.Organizations.PageInfo.HasNextPage {
					break
				}
				after = d.Organizations.PageInfo.EndCursor
			}
		case TwoHop:
			want = [][]byte{data(newRequest(gqlTwoHop, map[string]any{"first": TwoHopOrganizations}))}
		default:
			want = [][]byte{data(api.single(q))}
		}
		got, err := limit.Encode(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: the limit encodes %d pages, the API sends %d", q, len(got), len(want))
			continue
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s, page %d: the limit encodes\n%s\nthe API sends\n%s\nfirst difference at byte %d", q, i+1, clip(got[i]), clip(want[i]), firstDiff(got[i], want[i]))
			}
		}
		t.Logf("%s: %d pages, %d bytes in the first", q, len(want), len(want[0]))
	}
}

// firstDiff returns the offset of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pcgraph/pcgraph/graph"
)

// Server is `pcgraph serve` running as a child process, so that its memory is its own
// and its peak RSS can be read.
type Server struct {
	URL       string        // http://127.0.0.1:PORT
	PprofURL  string        // http://127.0.0.1:PORT/debug/pprof/ when started with --pprof
	Ready     time.Duration // from start to serving: loads given with --load, reading the store back, building the read model
	Load      StoreLoad     // the writes of --load, from the lines serve prints
	cmd       *exec.Cmd
	exited    chan struct{}
	exitErr   error
	mu        sync.Mutex
	tail      []string // the last lines of its log
	logWriter io.Writer
}

var (
	reServing = regexp.MustCompile(`serving .* at http://([^/\s]+)/`)
	rePprof   = regexp.MustCompile(`profiler at http://([^/\s]+)/debug/pprof/`)
	reLoaded  = regexp.MustCompile(`loaded (\S+): (\d+) comments, (\d+) quads `)
	reWrote   = regexp.MustCompile(`wrote \d+ consultations, \d+ quads changed, in (\S+) `)
)

// StartServer runs exe serve with args (the store, --load …) on a free loopback port
// and waits until it serves. Its log goes to log (when not nil) and is kept for errors.
func StartServer(ctx context.Context, exe string, args []string, log io.Writer) (*Server, error) {
	args = append([]string{"serve", "--addr", "127.0.0.1:0",
		// limits that would otherwise refuse the benchmark's own queries
		"--max-concurrent", "1024", "--max-complexity", "1000000000", "--max-aliases", "100",
		"--timeout", "10m"}, args...)
	s := &Server{cmd: exec.Command(exe, args...), exited: make(chan struct{}), logWriter: log}
	s.cmd.SysProcAttr = childAttr()
	s.cmd.Env = append(os.Environ(), "PCGRAPH_ADMIN_TOKEN=") // no admin endpoints
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	s.cmd.Stdout = s.cmd.Stderr
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan string, 1)
	scanErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.logLine(line)
			if m := rePprof.FindStringSubmatch(line); m != nil {
				s.mu.Lock()
				s.PprofURL = "http://" + m[1] + "/debug/pprof/"
				s.mu.Unlock()
			} else if m := reServing.FindStringSubmatch(line); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			} else {
				s.mu.Lock()
				_, err := s.Load.read(line)
				s.mu.Unlock()
				if err != nil {
					select {
					case scanErr <- fmt.Errorf("pcgraph serve: %w", err):
					default:
					}
				}
			}
		}
	}()
	go func() {
		s.exitErr = s.cmd.Wait()
		close(s.exited)
	}()
	select {
	case addr := <-ready:
		s.Ready = time.Since(start)
		s.URL = "http://" + addr
		return s, nil
	case err := <-scanErr:
		s.Stop()
		return nil, err
	case <-s.exited:
		return nil, fmt.Errorf("pcgraph serve exited before serving (%v):\n%s", s.exitErr, s.Tail())
	case <-ctx.Done():
		s.Stop()
		return nil, ctx.Err()
	}
}

func (s *Server) logLine(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tail = append(s.tail, line)
	if len(s.tail) > 40 {
		s.tail = s.tail[len(s.tail)-40:]
	}
	if s.logWriter != nil {
		fmt.Fprintf(s.logWriter, "  serve| %s\n", line)
	}
}

// Tail returns the last lines the server logged.
func (s *Server) Tail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tail, "\n")
}

// PeakRSS returns the server's peak resident set size (VmHWM) in bytes.
func (s *Server) PeakRSS() (int64, error) { return PeakRSS(s.cmd.Process.Pid) }

// PeakRSS reads the peak resident set size (VmHWM) of process pid from /proc, in bytes.
func PeakRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w (this needs Linux's /proc)", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 || f[1] != "kB" {
				break
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				break
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("peak RSS: no VmHWM line in /proc/%d/status", pid)
}

// Stop sends SIGTERM, waits for the server to finish (killing it after 30 s) and
// reports an unclean exit.
func (s *Server) Stop() error {
	select {
	case <-s.exited:
		return s.exitErr
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("pcgraph serve did not stop within 30 s of SIGTERM")
	}
	return s.exitErr
}

// Client asks a pcgraph server GraphQL questions over HTTP, with keep-alive
// connections, as a notebook's requests.Session would.
type Client struct {
	URL  string // the server's base URL
	http *http.Client
}

// NewClient returns a client for the server at base (http://host:port).
func NewClient(base string, conns int) *Client {
	tr := &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, IdleConnTimeout: time.Minute, DisableCompression: true}
	return &Client{URL: strings.TrimSuffix(base, "/") + "/graphql", http: &http.Client{Transport: tr, Timeout: 15 * time.Minute}}
}

// Close closes the idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// request is one prepared GraphQL request.
type request struct{ body []byte }

func newRequest(query string, vars map[string]any) request {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return request{body}
}

// post sends r and returns the response body, which must be a 200 without errors.
func (c *Client) post(ctx context.Context, r request) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s: %s", resp.Status, clip(body))
	}
	// gqlgen writes "errors" first: a response with errors starts with it.
	if bytes.HasPrefix(body, []byte(`{"errors"`)) {
		return nil, fmt.Errorf("GraphQL errors: %s", clip(body))
	}
	return body, nil
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// decode decodes a response's data into v, failing on errors.
func decode(body []byte, v any) error {
	var env struct {
		Data   json.RawMessage `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("response is not JSON: %w: %s", err, clip(body))
	}
	if len(env.Errors) > 0 && string(env.Errors) != "null" {
		return fmt.Errorf("GraphQL errors: %s", clip(env.Errors))
	}
	return json.Unmarshal(env.Data, v)
}

// The questions in GraphQL.
const (
	gqlFlagship = `query Flagship($topic: ID!, $after: String) {
  organizations(filter: {comments: {some: {topics: [$topic], dispositions: [FUTURE_WORK]}}}, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name }
  }
}`
	// The schema cannot order organizations by their number of comments: the first hop
	// counts comments per organization (commentStats), the second fetches the top ones.
	gqlTwoHop = `query TwoHop($first: Int!) { organizations(orderBy: COMMENTS_DESC, first: $first) { nodes {
  id name comments(first: 100) { totalCount nodes { id topics { topic { id } evidence { via } } } } } } }`
	gqlStats   = `query Stats { commentStats(groupBy: [SECTION, DISPOSITION]) { keys { dimension value label } count } }`
	gqlNetwork = `query Network { topicNetwork { nodes { id label weight } edges { source target weight } } }`
	gqlSearch  = `query Search($text: String!, $first: Int) {
  search(text: $text, first: $first) { totalCount nodes { score comment { id number } matchedIn snippets } }
}`
)

// Pcgraph asks the questions of a pcgraph server over HTTP.
type Pcgraph struct {
	c          *Client
	searchText string
	// expected body lengths of the single-request questions, from the verified answers:
	// every later response must have the same length (the data does not change), or it
	// is decoded and checked in full.
	mu       sync.Mutex
	expected map[string]int
	answers  map[string]Answer
}

// NewPcgraph returns the questions over c.
func NewPcgraph(c *Client, searchText string) *Pcgraph {
	return &Pcgraph{c: c, searchText: searchText, expected: map[string]int{}, answers: map[string]Answer{}}
}

// Answer asks question q and reduces the response to an Answer. It also records what
// the measured operations check later responses against.
func (p *Pcgraph) Answer(ctx context.Context, q string) (Answer, error) {
	var a Answer
	var err error
	var body []byte
	switch q {
	case Flagship:
		var orgs []orgRow
		orgs, err = p.flagship(ctx)
		a = flagshipAnswer(orgs)
	case TwoHop:
		var orgs []twoHopOrg
		var n int
		orgs, n, err = p.twoHop(ctx, true)
		a = twoHopAnswer(orgs)
		body = make([]byte, n) // only its length is kept
	case Stats, Network, Search:
		body, err = p.c.post(ctx, p.single(q))
		if err == nil {
			a, err = answerOf(q, body)
		}
	default:
		return a, fmt.Errorf("unknown question %q", q)
	}
	if err != nil {
		return a, fmt.Errorf("pcgraph %s: %w", q, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if body != nil {
		p.expected[q] = len(body)
	}
	p.answers[q] = a
	return a, nil
}

func (p *Pcgraph) single(q string) request {
	switch q {
	case Stats:
		return newRequest(gqlStats, nil)
	case Network:
		return newRequest(gqlNetwork, nil)
	case Search:
		return newRequest(gqlSearch, map[string]any{"text": p.searchText, "first": SearchFirst})
	}
	panic("not a single-request question: " + q)
}

// answerOf reduces the response to a single-request question.
func answerOf(q string, body []byte) (Answer, error) {
	switch q {
	case Stats:
		var d struct {
			CommentStats []struct {
				Keys []struct {
					Dimension, Value, Label string
				}
				Count int
			}
		}
		if err := decode(body, &d); err != nil {
			return Answer{}, err
		}
		rows := make([]statRow, len(d.CommentStats))
		for i, b := range d.CommentStats {
			if len(b.Keys) != 2 {
				return Answer{}, fmt.Errorf("a bucket with %d keys", len(b.Keys))
			}
			rows[i] = statRow{Section: b.Keys[0].Value, Disposition: b.Keys[1].Value, Count: b.Count}
		}
		return statsAnswer(rows), nil
	case Network:
		var d struct {
			TopicNetwork struct {
				Nodes []netNode
				Edges []netEdge
			}
		}
		if err := decode(body, &d); err != nil {
			return Answer{}, err
		}
		return networkAnswer(d.TopicNetwork.Nodes, d.TopicNetwork.Edges), nil
	case Search:
		var d struct {
			Search struct {
				TotalCount int
				Nodes      []json.RawMessage
			}
		}
		if err := decode(body, &d); err != nil {
			return Answer{}, err
		}
		return searchAnswer(d.Search.TotalCount, len(d.Search.Nodes)), nil
	}
	return Answer{}, fmt.Errorf("unknown question %q", q)
}

// Op returns the measured operation for question q, which must have been answered
// (Answer) first. Every response is checked: a 200 without errors, and the same length
// as the verified one, or else decoded and compared with the verified answer.
func (p *Pcgraph) Op(q string) (func(context.Context) error, error) {
	p.mu.Lock()
	want, ok := p.answers[q]
	wantLen := p.expected[q]
	p.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("pcgraph %s: measured before it was answered", q)
	}
	switch q {
	case Flagship:
		return func(ctx context.Context) error {
			orgs, err := p.flagship(ctx)
			if err == nil && len(orgs) != want.Count {
				err = fmt.Errorf("%d organizations, not %d", len(orgs), want.Count)
			}
			return wrapPcgraph(q, err)
		}, nil
	case TwoHop:
		return func(ctx context.Context) error {
			_, n, err := p.twoHop(ctx, false)
			if err == nil && n != wantLen {
				var orgs []twoHopOrg
				if orgs, _, err = p.twoHop(ctx, true); err == nil && !twoHopAnswer(orgs).Equal(want) {
					err = fmt.Errorf("the answer changed: %s, was %s", twoHopAnswer(orgs), want)
				}
			}
			return wrapPcgraph(q, err)
		}, nil
	case Stats, Network, Search:
		r := p.single(q)
		return func(ctx context.Context) error {
			body, err := p.c.post(ctx, r)
			if err == nil && len(body) != wantLen {
				var a Answer
				if a, err = answerOf(q, body); err == nil && !a.Equal(want) {
					err = fmt.Errorf("the answer changed: %s, was %s", a, want)
				}
			}
			return wrapPcgraph(q, err)
		}, nil
	}
	return nil, fmt.Errorf("unknown question %q", q)
}

func wrapPcgraph(q string, err error) error {
	if err != nil {
		return fmt.Errorf("pcgraph %s: %w", q, err)
	}
	return nil
}

// flagship pages through every organization that matches.
func (p *Pcgraph) flagship(ctx context.Context) ([]orgRow, error) {
	var out []orgRow
	var after any
	for {
		body, err := p.c.post(ctx, newRequest(gqlFlagship, map[string]any{"topic": FlagshipTopic, "after": after}))
		if err != nil {
			return nil, err
		}
		var d struct {
			Organizations struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Nodes []orgRow
			}
		}
		if err := decode(body, &d); err != nil {
			return nil, err
		}
		out = append(out, d.Organizations.Nodes...)
		if !d.Organizations.PageInfo.HasNextPage {
			if len(out) != d.Organizations.TotalCount {
				return nil, fmt.Errorf("totalCount %d, but %d organizations listed", d.Organizations.TotalCount, len(out))
			}
			return out, nil
		}
		after = d.Organizations.PageInfo.EndCursor
	}
}

// twoHop asks for the organizations with the most comments, each with its comments and
// their topics, in one request. With full, it decodes the response into the answer;
// otherwise it returns only the response's length, for the caller to check.
func (p *Pcgraph) twoHop(ctx context.Context, full bool) ([]twoHopOrg, int, error) {
	body, err := p.c.post(ctx, newRequest(gqlTwoHop, map[string]any{"first": TwoHopOrganizations}))
	if err != nil {
		return nil, 0, err
	}
	if !full {
		return nil, len(body), nil
	}
	var d struct {
		Organizations struct {
			Nodes []struct {
				ID       string
				Name     string
				Comments struct {
					TotalCount int
					Nodes      []struct {
						ID     string
						Topics []struct {
							Topic    struct{ ID string }
							Evidence []struct{ Via string }
						}
					}
				}
			}
		}
	}
	if err := decode(body, &d); err != nil {
		return nil, 0, err
	}
	out := make([]twoHopOrg, 0, len(d.Organizations.Nodes))
	for _, r := range d.Organizations.Nodes {
		org := twoHopOrg{ID: r.ID, Name: r.Name, Count: r.Comments.TotalCount}
		for _, c := range r.Comments.Nodes {
			tc := twoHopComment{ID: c.ID}
			for _, t := range c.Topics {
				// Comment.topics lists response mentions too, as evidence; the
				// question is about what the comment itself is about.
				if slices.ContainsFunc(t.Evidence, func(e struct{ Via string }) bool { return e.Via != string(graph.ViaResponse) }) {
					tc.Topics = append(tc.Topics, t.Topic.ID)
				}
			}
			org.Comments = append(org.Comments, tc)
		}
		out = append(out, org)
	}
	return out, len(body), nil
}

// Profile takes a CPU profile of the server for d (whole seconds, at least one) and
// writes it to path. The server must have been started with --pprof.
func (s *Server) Profile(ctx context.Context, d time.Duration, path string) error {
	s.mu.Lock()
	base := s.PprofURL
	s.mu.Unlock()
	if base == "" {
		return errors.New("the server has no profiler (--pprof)")
	}
	secs := max(int(d/time.Second), 1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%sprofile?seconds=%d", base, secs), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("profile: %s: %s", resp.Status, clip(b))
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

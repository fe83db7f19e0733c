package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Report is what a run measured. Its JSON form is the contract of `pcgraph bench
// --json`: results, loads, ratios and rss_mib, plus the context needed to read them.
type Report struct {
	Results []Result  `json:"results"`
	Loads   []LoadRow `json:"loads"`
	Ratios  []Ratio   `json:"ratios"`
	// RSSMiB is the largest peak RSS (VmHWM) of the pcgraph servers of the run; each
	// server's is in its load row.
	RSSMiB float64 `json:"rss_mib"`

	PeerLoads []PeerLoadRow `json:"peer_loads"`
	Answers   []AnswerRow   `json:"answers"` // what each system answered: the same, or the run failed
	Config    ReportConfig  `json:"config"`
}

// Result is one measurement.
type Result struct {
	Backend  string  `json:"backend"` // pcgraph's backend; the references are listed under each
	Comments int     `json:"comments"`
	Query    string  `json:"query"`
	System   string  `json:"system"` // pcgraph, peer or limit
	Clients  int     `json:"clients"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	QPS      float64 `json:"qps"`
	Requests int     `json:"requests"` // questions answered during the measurement
}

// LoadRow is the load of one corpus into one backend, and the server that served it.
type LoadRow struct {
	Backend       string  `json:"backend"`
	Comments      int     `json:"comments"`
	Seconds       float64 `json:"seconds"` // the store writes, as `pcgraph load` times them
	QuadsPerS     float64 `json:"quads_per_s"`
	Quads         int     `json:"quads"`
	Consultations int     `json:"consultations"`
	ReadySeconds  float64 `json:"ready_seconds"` // serve's start to serving (memory: including the load)
	RSSMiB        float64 `json:"rss_mib"`       // the server's peak RSS
	// The `pcgraph load` command (not the memory backend, which serve loads itself):
	// its whole run, reading the tables included, and its peak RSS.
	CommandSeconds float64 `json:"command_seconds,omitempty"`
	CommandRSSMiB  float64 `json:"command_rss_mib,omitempty"`
	// VsPeer is Seconds divided by the peer's COPY + index time of the same corpus.
	VsPeer float64 `json:"vs_peer,omitempty"`
}

// Ratio compares pcgraph's median latency with a reference's.
type Ratio struct {
	Backend  string  `json:"backend"`
	Comments int     `json:"comments"`
	Query    string  `json:"query"`
	Clients  int     `json:"clients"`
	Vs       string  `json:"vs"`        // peer or limit
	P50Ratio float64 `json:"p50_ratio"` // pcgraph's p50 / the reference's p50
}

// PeerLoadRow is the peer's load of one corpus.
type PeerLoadRow struct {
	Comments          int     `json:"comments"`
	Rows              int     `json:"rows"`
	CopySeconds       float64 `json:"copy_seconds"`
	RowsPerS          float64 `json:"rows_per_s"`
	IndexSeconds      float64 `json:"index_seconds"`
	LimitBuildSeconds float64 `json:"limit_build_seconds"`
}

// AnswerRow is what one system answered to one question.
type AnswerRow struct {
	Backend  string `json:"backend,omitempty"`
	Comments int    `json:"comments"`
	Query    string `json:"query"`
	System   string `json:"system"`
	Count    int    `json:"count"`
	Digest   string `json:"digest,omitempty"`
	Detail   string `json:"detail"`
}

// ReportConfig says what was run.
type ReportConfig struct {
	Comments   []int    `json:"comments"`
	Backends   []string `json:"backends"`
	Clients    []int    `json:"clients"`
	Duration   string   `json:"duration"`
	Iterations int      `json:"iterations,omitempty"`
	Seed       uint64   `json:"seed"`
	SearchText string   `json:"search_text"`
	CPUs       int      `json:"cpus"`
	GoVersion  string   `json:"go_version"`
}

// finish computes the ratios and the peak RSS.
func (r *Report) finish() {
	r.Ratios = nil
	type key struct {
		backend  string
		comments int
		query    string
		system   string
		clients  int
	}
	by := map[key]Result{}
	for _, x := range r.Results {
		by[key{x.Backend, x.Comments, x.Query, x.System, x.Clients}] = x
	}
	for _, x := range r.Results {
		if x.System != "pcgraph" {
			continue
		}
		for _, vs := range []string{"peer", "limit"} {
			ref, ok := by[key{x.Backend, x.Comments, x.Query, vs, x.Clients}]
			if !ok || ref.P50ms <= 0 {
				continue
			}
			r.Ratios = append(r.Ratios, Ratio{Backend: x.Backend, Comments: x.Comments, Query: x.Query, Clients: x.Clients, Vs: vs, P50Ratio: x.P50ms / ref.P50ms})
		}
	}
	r.RSSMiB = 0
	for i, l := range r.Loads {
		r.RSSMiB = max(r.RSSMiB, l.RSSMiB)
		for _, p := range r.PeerLoads {
			if p.Comments == l.Comments && l.Backend != "memory" && p.CopySeconds+p.IndexSeconds > 0 {
				r.Loads[i].VsPeer = l.Seconds / (p.CopySeconds + p.IndexSeconds)
			}
		}
	}
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	r.finish()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report for people: per corpus size and backend, each question
// with pcgraph's, the peer's and the limit's latencies and throughput, and the ratios.
func (r *Report) WriteTable(w io.Writer) error {
	r.finish()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "pcgraph bench: %d CPUs, %s; %s per measurement; search text %q\n",
		r.Config.CPUs, r.Config.GoVersion, r.budget(), r.Config.SearchText)
	fmt.Fprintln(w, "latencies in ms (p50 / p99), throughput in questions/s; ×peer and ×limit are pcgraph's p50 divided by theirs")
	type key struct {
		system  string
		query   string
		clients int
	}
	for _, n := range r.Config.Comments {
		for _, l := range r.PeerLoads {
			if l.Comments == n {
				fmt.Fprintf(w, "\n%d comments — peer: COPY %d rows in %.2f s (%.0f rows/s), indexes %.2f s; limit built in %.2f s\n",
					n, l.Rows, l.CopySeconds, l.RowsPerS, l.IndexSeconds, l.LimitBuildSeconds)
			}
		}
		for _, b := range r.Config.Backends {
			var load *LoadRow
			for i := range r.Loads {
				if r.Loads[i].Backend == b && r.Loads[i].Comments == n {
					load = &r.Loads[i]
				}
			}
			by := map[key]Result{}
			for _, x := range r.Results {
				if x.Backend == b && x.Comments == n {
					by[key{x.System, x.Query, x.Clients}] = x
				}
			}
			if load == nil && len(by) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n== %d comments, pcgraph on %s", n, b)
			if load != nil {
				fmt.Fprintf(w, ": loaded %d quads in %.2f s (%.0f quads/s", load.Quads, load.Seconds, load.QuadsPerS)
				if load.VsPeer > 0 {
					fmt.Fprintf(w, ", %s× the peer's COPY + indexes", num(load.VsPeer))
				}
				if load.CommandSeconds > 0 {
					fmt.Fprintf(w, "; pcgraph load took %.2f s, peak RSS %.0f MiB", load.CommandSeconds, load.CommandRSSMiB)
				}
				fmt.Fprintf(w, "), serving after %.2f s, server peak RSS %.0f MiB", load.ReadySeconds, load.RSSMiB)
			}
			fmt.Fprintln(w)
			fmt.Fprintln(tw, "question\tclients\tpcgraph p50 / p99\tq/s\tpeer p50 / p99\tq/s\tlimit p50 / p99\tq/s\t×peer\t×limit\t")
			for _, q := range Questions {
				for _, c := range r.Config.Clients {
					row := []string{q, fmt.Sprint(c)}
					for _, sys := range []string{"pcgraph", "peer", "limit"} {
						if x, ok := by[key{sys, q, c}]; ok {
							row = append(row, fmt.Sprintf("%s / %s", num(x.P50ms), num(x.P99ms)), fmt.Sprintf("%.0f", x.QPS))
						} else {
							row = append(row, "—", "—")
						}
					}
					for _, vs := range []string{"peer", "limit"} {
						row = append(row, r.ratio(b, n, q, c, vs))
					}
					fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
				}
			}
			tw.Flush()
		}
	}
	fmt.Fprintf(w, "\npeak RSS of the pcgraph servers: %.0f MiB\n", r.RSSMiB)
	return nil
}

func (r *Report) budget() string {
	switch {
	case r.Config.Iterations > 0 && r.Config.Duration != "0s":
		return fmt.Sprintf("%s or %d requests", r.Config.Duration, r.Config.Iterations)
	case r.Config.Iterations > 0:
		return fmt.Sprintf("%d requests", r.Config.Iterations)
	}
	return r.Config.Duration
}

func (r *Report) ratio(b string, n int, q string, c int, vs string) string {
	i := slices.IndexFunc(r.Ratios, func(x Ratio) bool {
		return x.Backend == b && x.Comments == n && x.Query == q && x.Clients == c && x.Vs == vs
	})
	if i < 0 {
		return "—"
	}
	return num(r.Ratios[i].P50Ratio) + "×"
}

// num prints a number with about three significant digits.
func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	case v >= 0.01:
		return fmt.Sprintf("%.3f", v)
	default:
		return fmt.Sprintf("%.4f", v)
	}
}

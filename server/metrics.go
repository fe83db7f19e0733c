package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pcgraph/pcgraph/graph/readmodel"
)

// metrics are the Prometheus metrics of /metrics: requests by route and status, their
// durations, and what the read model holds.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(model *readmodel.Model) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pcgraph_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pcgraph_http_request_duration_seconds", Help: "HTTP request durations by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pcgraph_readmodel_generation", Help: "Views of the data built since start."},
			func() float64 { return float64(model.View().Generation) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pcgraph_readmodel_comments", Help: "Comments the API serves."},
			func() float64 { return float64(model.View().Index.NumComments()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pcgraph_readmodel_build_seconds", Help: "How long the current view took to build."},
			func() float64 { return model.View().BuildTime.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pcgraph_campaigns", Help: "Campaigns (form letters) the current view found; -1 while they are being detected."},
			func() float64 {
				n, _, ok := model.View().Index.CampaignsDetected()
				if !ok {
					return -1
				}
				return float64(n)
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pcgraph_campaign_detection_seconds", Help: "How long finding the current view's campaigns took (in the background after its build); 0 until done."},
			func() float64 {
				_, took, _ := model.View().Index.CampaignsDetected()
				return took.Seconds()
			}),
	)
	return m
}

func (m *metrics) handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

// instrument counts and times the requests of one route.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

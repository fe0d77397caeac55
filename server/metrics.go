package server

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// metrics counts requests by route and status, their latency, and GraphQL
// errors by code, and serves them in Prometheus' text format. Written by
// hand: a handful of counters does not warrant the client library.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // route, status → count
	latency  map[string]*histogram
	errors   map[string]uint64 // code → count
	started  time.Time
}

// Latency buckets in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, cumulative at output
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, latency: map[string]*histogram{}, errors: map[string]uint64{}, started: time.Now()}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{route, strconv.Itoa(status)}]++
	h, ok := m.latency[route]
	if !ok {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.latency[route] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.n++
}

func (m *metrics) graphqlError(code string) {
	if code == "" {
		code = "NONE"
	}
	m.mu.Lock()
	m.errors[code]++
	m.mu.Unlock()
}

func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintln(w, "# HELP newsgraph_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE newsgraph_http_requests_total counter")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		fmt.Fprintf(w, "newsgraph_http_requests_total{route=%q,status=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP newsgraph_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE newsgraph_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "newsgraph_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "newsgraph_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(w, "newsgraph_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(w, "newsgraph_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	fmt.Fprintln(w, "# HELP newsgraph_graphql_errors_total GraphQL errors by extensions.code.")
	fmt.Fprintln(w, "# TYPE newsgraph_graphql_errors_total counter")
	codes := make([]string, 0, len(m.errors))
	for c := range m.errors {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(w, "newsgraph_graphql_errors_total{code=%q} %d\n", c, m.errors[c])
	}
	fmt.Fprintln(w, "# HELP newsgraph_uptime_seconds Seconds since the server started.")
	fmt.Fprintln(w, "# TYPE newsgraph_uptime_seconds gauge")
	fmt.Fprintf(w, "newsgraph_uptime_seconds %g\n", time.Since(m.started).Seconds())
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// instrument records a route's requests, and logs each one.
func (s *Server) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(route, sw.status, d)
		s.cfg.Log.Debug().Str("route", route).Str("method", r.Method).Int("status", sw.status).Dur("took", d).Msg("request")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

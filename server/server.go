// Package server is newsgraph's HTTP front: the GraphQL endpoint with its
// protections (API keys, body size, time limit, batch refusal, persisted
// queries), GraphiQL for browsers, /healthz, /metrics and the web UI at /.
package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/store"
)

// Config configures the server. Zero limits take the defaults below.
type Config struct {
	Queries  *store.Queries
	Curation *store.Curation
	Ingester graph.Ingester
	// APIKeys maps each accepted key to a name recorded in the curation
	// log. Mutations always need a key; reads need one unless PublicRead.
	APIKeys       map[string]string
	PublicRead    bool
	Introspection bool
	// Timeout bounds one request; MaxBodyBytes its body.
	Timeout      time.Duration
	MaxBodyBytes int64
	// Complexity, MaxDepth, MaxAliases and MaxFields bound one operation.
	Complexity int
	MaxDepth   int
	MaxAliases int
	MaxFields  int
	// UI is served at /; nil serves a short text page.
	UI  http.Handler
	Log zerolog.Logger
}

// Defaults.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBodyBytes = 4 << 20
	DefaultComplexity   = 5000
	DefaultMaxDepth     = 12
	DefaultMaxAliases   = 50
	DefaultMaxFields    = 500
	apqCacheSize        = 1000
	queryCacheSize      = 1000
)

func (c *Config) defaults() {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.Complexity <= 0 {
		c.Complexity = DefaultComplexity
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxAliases <= 0 {
		c.MaxAliases = DefaultMaxAliases
	}
	if c.MaxFields <= 0 {
		c.MaxFields = DefaultMaxFields
	}
}

// Server is the HTTP handler.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	gql     *handler.Server
	metrics *metrics
}

// New builds the server.
func New(cfg Config) *Server {
	cfg.defaults()
	s := &Server{cfg: cfg, mux: http.NewServeMux(), metrics: newMetrics()}
	res := &graph.Resolver{Queries: cfg.Queries, Curation: cfg.Curation, Ingester: cfg.Ingester, Log: cfg.Log}
	gql := handler.New(graph.NewSchema(res))
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	gql.SetErrorPresenter(graph.ErrorPresenter(cfg.Log))
	gql.SetRecoverFunc(graph.RecoverFunc(cfg.Log))
	if cfg.Introspection {
		gql.Use(extension.Introspection{})
	}
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](apqCacheSize)})
	gql.Use(graph.ShapeLimit{MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases, MaxFields: cfg.MaxFields})
	gql.Use(extension.FixedComplexityLimit(cfg.Complexity))
	gql.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp != nil {
			for _, e := range resp.Errors {
				code, _ := e.Extensions["code"].(string)
				s.metrics.graphqlError(code)
			}
		}
		return resp
	})
	s.gql = gql

	ui := http.Handler(http.HandlerFunc(textHome))
	if cfg.UI != nil {
		ui = cfg.UI
	}
	s.mux.Handle("/graphql", s.instrument("graphql", http.HandlerFunc(s.serveGraphQL)))
	s.mux.Handle("/healthz", s.instrument("healthz", http.HandlerFunc(s.healthz)))
	s.mux.Handle("/metrics", http.HandlerFunc(s.metrics.serve))
	s.mux.Handle("/", s.instrument("ui", ui))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func textHome(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "newsgraph: the GraphQL API is at /graphql (GraphiQL in a browser).\n")
}

// serveGraphQL applies the HTTP-level protections, then hands the request
// to gqlgen.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
		playground.Handler("newsgraph", "/graphql")(w, r)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()

	authed, name, err := s.authenticate(r)
	if err != nil {
		writeError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, err.Error())
		return
	}
	if !authed && !s.cfg.PublicRead {
		writeError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, "this server needs an API key for every request: send Authorization: Bearer <key>")
		return
	}
	if authed {
		ctx = graph.WithCaller(graph.Authorized(ctx), name)
	}

	if r.Body != nil {
		body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxBodyBytes+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, graph.CodeBadUserInput, "could not read the request body")
			return
		}
		if int64(len(body)) > s.cfg.MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, graph.CodeLimitExceeded, "request body over the limit of "+itoa(s.cfg.MaxBodyBytes)+" bytes")
			return
		}
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
			writeError(w, http.StatusBadRequest, graph.CodeLimitExceeded, "batched operations are not supported: send one operation per request")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if strings.ContainsRune(r.URL.RawQuery, 0) || len(r.URL.RawQuery) > int(s.cfg.MaxBodyBytes) {
		writeError(w, http.StatusBadRequest, graph.CodeBadUserInput, "malformed query string")
		return
	}
	s.gql.ServeHTTP(w, r.WithContext(graph.WithLoadersContext(ctx, s.cfg.Queries)))
}

// authenticate checks the Authorization header. No header: not
// authenticated, no error. A header with an unknown key: an error, so a
// client with a mistyped key learns it rather than silently reading as
// anonymous.
func (s *Server) authenticate(r *http.Request) (bool, string, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return false, "", nil
	}
	key, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return false, "", errors.New("the Authorization header must be: Bearer <key>")
	}
	key = strings.TrimSpace(key)
	name, found := "", false
	for k, n := range s.cfg.APIKeys {
		// Compare every key in constant time, without stopping early.
		if subtle.ConstantTimeCompare([]byte(k), []byte(key)) == 1 {
			name, found = n, true
		}
	}
	if !found {
		return false, "", errors.New("unknown API key")
	}
	return true, name, nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := s.cfg.Queries.Ping(ctx); err != nil {
		s.cfg.Log.Warn().Err(err).Msg("health check: dgraph unreachable")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"status":"unavailable","dgraph":"unreachable"}`+"\n")
		return
	}
	io.WriteString(w, `{"status":"ok"}`+"\n")
}

// writeError writes a GraphQL-shaped error response for requests refused
// before gqlgen sees them.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": gqlerror.List{{Message: msg, Extensions: map[string]any{"code": code}}},
	})
}

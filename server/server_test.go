package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/store"
)

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

const key = "server-test-key-0123456789"

func newServer(t *testing.T, cfg server.Config) *httptest.Server {
	t.Helper()
	dg := dgraphtest.Client(t)
	cfg.Queries = store.NewQueries(dg)
	cfg.Curation = store.NewCuration(dg)
	cfg.Log = zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel)
	srv := httptest.NewServer(server.New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

type answer struct {
	status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (a answer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

func do(t *testing.T, srv *httptest.Server, auth string, body any) answer {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("status %d, not JSON: %.200s", resp.StatusCode, raw)
	}
	a.status = resp.StatusCode
	return a
}

func TestAuth(t *testing.T) {
	keyed := newServer(t, server.Config{APIKeys: map[string]string{key: "ops"}, PublicRead: false})
	tests := []struct {
		name, auth, code string
		status           int
	}{
		{"no key", "", "UNAUTHENTICATED", 401},
		{"wrong key", "Bearer wrong-key-0123456789", "UNAUTHENTICATED", 401},
		{"not bearer", "Basic " + key, "UNAUTHENTICATED", 401},
		{"key", "Bearer " + key, "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, keyed, tt.auth, map[string]any{"query": "{ actors { totalCount } }"})
			if a.code() != tt.code || a.status != tt.status {
				t.Errorf("code %q status %d; want %q %d (%+v)", a.code(), a.status, tt.code, tt.status, a.Errors)
			}
		})
	}
	public := newServer(t, server.Config{APIKeys: map[string]string{key: "ops"}, PublicRead: true})
	if a := do(t, public, "", map[string]any{"query": "{ actors { totalCount } }"}); a.code() != "" {
		t.Errorf("public read refused: %+v", a.Errors)
	}
	if a := do(t, public, "", map[string]any{"query": `mutation { addAlias(actor: "country:IRN", alias: "Persia") { id } }`}); a.code() != "UNAUTHENTICATED" {
		t.Errorf("mutation without key: code %q; want UNAUTHENTICATED", a.code())
	}
	if a := do(t, public, "Bearer "+key, map[string]any{"query": `mutation { addAlias(actor: "country:IRN", alias: "Persia") { id } }`}); a.code() != "NOT_FOUND" {
		t.Errorf("mutation with key on an empty graph: code %q; want NOT_FOUND (%+v)", a.code(), a.Errors)
	}
}

// TestPersistedQueries follows Apollo's automatic persisted query protocol.
func TestPersistedQueries(t *testing.T) {
	srv := newServer(t, server.Config{PublicRead: true})
	q := "{ actors { totalCount } }"
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	if a := do(t, srv, "", map[string]any{"extensions": ext}); a.code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("hash before registration: code %q; want PERSISTED_QUERY_NOT_FOUND", a.code())
	}
	if a := do(t, srv, "", map[string]any{"query": q, "extensions": ext}); a.code() != "" {
		t.Fatalf("registration: %+v", a.Errors)
	}
	a := do(t, srv, "", map[string]any{"extensions": ext})
	if a.code() != "" || a.Data["actors"] == nil {
		t.Fatalf("hash after registration: %+v %v", a.Errors, a.Data)
	}
}

func TestIntrospection(t *testing.T) {
	on := newServer(t, server.Config{PublicRead: true, Introspection: true})
	if a := do(t, on, "", map[string]any{"query": "{ __schema { queryType { name } } }"}); a.code() != "" {
		t.Errorf("introspection on: %+v", a.Errors)
	}
	off := newServer(t, server.Config{PublicRead: true})
	if a := do(t, off, "", map[string]any{"query": "{ __schema { queryType { name } } }"}); a.code() != "BAD_USER_INPUT" {
		t.Errorf("introspection off: code %q; want BAD_USER_INPUT", a.code())
	}
}

func TestRoutes(t *testing.T) {
	srv := newServer(t, server.Config{PublicRead: true})
	get := func(path, accept string) (int, string, string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	if s, _, body := get("/healthz", ""); s != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz: %d %s", s, body)
	}
	if s, ct, body := get("/graphql", "text/html"); s != 200 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, "graphiql") {
		t.Errorf("GET /graphql from a browser: %d %s; want GraphiQL", s, ct)
	}
	if s, _, body := get("/graphql?query=%7Bactors%7BtotalCount%7D%7D", "application/json"); s != 200 || !strings.Contains(body, "totalCount") {
		t.Errorf("GET /graphql?query=…: %d %.200s", s, body)
	}
	if s, _, body := get("/", ""); s != 200 || !strings.Contains(body, "/graphql") {
		t.Errorf("/ without UI: %d %.200s", s, body)
	}
	_ = do(t, srv, "", map[string]any{"query": "{ nope }"})
	s, ct, body := get("/metrics", "")
	for _, want := range []string{
		`newsgraph_http_requests_total{route="graphql",status="200"}`,
		`newsgraph_http_request_duration_seconds_bucket{route="healthz",le="+Inf"} 1`,
		`newsgraph_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if s != 200 || !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics: %d %s", s, ct)
	}
}

package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/internal/seedtest"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/store"
)

var update = flag.Bool("update", false, "rewrite graph/testdata/*.golden.json from the current answers")

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

// testKey is the API key of the test servers.
const testKey = "test-key-0123456789"

// seedGraph ingests both seed articles through the real reader, extractor
// and store, with the gold files' published date and source as metadata,
// and returns a test server over the graph.
func seedGraph(t testing.TB) (*httptest.Server, *store.Store) {
	t.Helper()
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	ex, err := extract.New()
	if err != nil {
		t.Fatalf("extract.New: %v", err)
	}
	recs := seedtest.Records(t)
	res, err := st.Write(context.Background(), recs)
	if err != nil || res.Written != len(recs) {
		t.Fatalf("store.Write: %v (%+v)", err, res)
	}
	srv := httptest.NewServer(server.New(server.Config{
		Queries:       store.NewQueries(dg),
		Curation:      store.NewCuration(dg),
		Ingester:      server.ArticleIngester{Extractor: ex, Store: st},
		APIKeys:       map[string]string{testKey: "tester"},
		PublicRead:    true,
		Introspection: true,
		Log:           zerolog.New(zerolog.NewTestWriter(t)),
	}))
	t.Cleanup(srv.Close)
	return srv, st
}

// gqlResponse is a GraphQL answer.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	status int
}

func (r gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// post sends one GraphQL operation; key "" sends none.
func post(t testing.TB, srv *httptest.Server, key, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return postRaw(t, srv, key, body)
}

func postRaw(t testing.TB, srv *httptest.Server, key string, body []byte) gqlResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST /graphql: status %d, not JSON: %.300s", resp.StatusCode, raw)
	}
	out.status = resp.StatusCode
	return out
}

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
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
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
	seeds, err := filepath.Glob("../../shared/seeds/*.txt")
	if err != nil || len(seeds) != 2 {
		t.Fatalf("seeds: %v (found %d, want 2 in ../../shared/seeds)", err, len(seeds))
	}
	sort.Strings(seeds)
	var recs []schema.Record
	for _, path := range seeds {
		gold := goldMeta(t, path)
		err := ingest.ReadPath(context.Background(), path, func(d schema.Document) error {
			d.Published, d.Source = gold.Published, gold.Source
			if gold.URL != "" {
				d.URL = gold.URL
			}
			rec, err := ex.Extract(d)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
			return nil
		}, nil)
		if err != nil {
			t.Fatalf("read and extract %s: %v", path, err)
		}
	}
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

type goldArticle struct {
	Published string `json:"published"`
	Source    string `json:"source"`
	URL       string `json:"url"`
}

func goldMeta(t testing.TB, seed string) goldArticle {
	t.Helper()
	name := filepath.Base(seed)
	name = name[:len(name)-len(filepath.Ext(name))]
	b, err := os.ReadFile(filepath.Join("../../shared/eval/dev", name+".gold.json"))
	if err != nil {
		t.Fatalf("gold for %s: %v", seed, err)
	}
	var g struct {
		Article goldArticle `json:"article"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("gold for %s: %v", seed, err)
	}
	return g.Article
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

package graph_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/store"
)

// TestBatching counts the DQL requests behind a page of actors with their
// roles, country, events and mentions: the loaders batch each field across
// the page into one request, so the count does not grow with the page.
func TestBatching(t *testing.T) {
	_, st := seedGraph(t)
	var mu sync.Mutex
	var queries []string
	q := store.NewQueries(st.Dgraph()).WithTrace(func(query string, _ map[string]string) {
		mu.Lock()
		queries = append(queries, query)
		mu.Unlock()
	})
	srv := httptest.NewServer(server.New(server.Config{Queries: q, PublicRead: true, Log: zerolog.New(zerolog.NewTestWriter(t))}))
	defer srv.Close()
	r := post(t, srv, "", `{ actors(first: 30) { totalCount edges { node {
	    id roles { title org { id } } countryActor { id }
	    events(first: 2) { totalCount edges { node { id } } }
	    claimsMade(first: 2) { totalCount }
	    mentions(first: 1) { totalCount }
	    evidence(first: 1) { sentence }
	    mergedFrom { id }
	  } } } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var ans struct {
		Actors struct {
			Edges []any `json:"edges"`
		} `json:"actors"`
	}
	_ = json.Unmarshal(r.Data, &ans)
	if len(ans.Actors.Edges) < 20 {
		t.Fatalf("%d actors on the page; want at least 20 for the test to mean anything", len(ans.Actors.Edges))
	}
	// Unbatched, each actor would cost six requests (roles, country,
	// mergedFrom, three connections). Batched it is one per field and
	// loader wave: about six in all, a few more when a loaded machine
	// schedules siblings past a wave's wait. Fewer than one per actor
	// means the fields were batched.
	if len(queries) >= len(ans.Actors.Edges) {
		t.Errorf("%d DQL requests for %d actors; want fewer than one per actor (batched):\n%s", len(queries), len(ans.Actors.Edges), strings.Join(queries, "\n---\n"))
	}
	t.Logf("%d DQL requests for %d actors", len(queries), len(ans.Actors.Edges))
}

// TestTimeout: a request over the server's time limit is answered
// LIMIT_EXCEEDED.
func TestTimeout(t *testing.T) {
	_, st := seedGraph(t)
	srv := httptest.NewServer(server.New(server.Config{Queries: store.NewQueries(st.Dgraph()), PublicRead: true,
		Timeout: time.Nanosecond, Log: zerolog.New(zerolog.NewTestWriter(t))}))
	defer srv.Close()
	r := post(t, srv, "", `{ relationship(a: "country:RUS", b: "country:IRN") { firstSeen } }`, nil)
	wantCode(t, "timeout", r, "LIMIT_EXCEEDED")
}

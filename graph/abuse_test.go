package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/store"
)

// wantCode checks that r was refused with code, with a client-error status
// (never a 5xx).
func wantCode(t *testing.T, what string, r gqlResponse, code string) {
	t.Helper()
	if r.status >= 500 {
		t.Errorf("%s: HTTP %d; want a 4xx or 200 with errors", what, r.status)
	}
	codes := r.codes()
	if len(codes) == 0 {
		t.Errorf("%s: no error; want %s", what, code)
		return
	}
	for _, c := range codes {
		if c != code {
			t.Errorf("%s: codes %v; want %s", what, codes, code)
			return
		}
	}
}

// TestLimits sends queries over each limit: each is refused with
// LIMIT_EXCEEDED (or BAD_USER_INPUT for a malformed request), not a 500.
func TestLimits(t *testing.T) {
	srv, _ := seedGraph(t)
	deep := "id"
	for i := 0; i < 20; i++ {
		deep = "countryActor { " + deep + " }"
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&aliases, " a%d: actor(id: \"country:IRN\") { id }", i)
	}
	aliases.WriteString(" }")
	tests := []struct {
		name, query, code string
	}{
		{"depth 20", `{ actor(id: "person:sergei-shoigu") { ` + deep + ` } }`, "LIMIT_EXCEEDED"},
		{"first 10000", `{ actors(first: 10000) { totalCount edges { node { id } } } }`, "LIMIT_EXCEEDED"},
		{"nested first 10000", `{ actor(id: "country:IRN") { events(first: 10000) { totalCount } } }`, "LIMIT_EXCEEDED"},
		{"events first 10000", `{ events(first: 10000) { totalCount } }`, "LIMIT_EXCEEDED"},
		{"first negative", `{ claims(first: -1) { totalCount } }`, "BAD_USER_INPUT"},
		{"1000 aliases", aliases.String(), "LIMIT_EXCEEDED"},
		{"complexity", `{ actors(first: 100) { edges { node { events(first: 100) { edges { node { id sources { id } } } } } } } }`, "LIMIT_EXCEEDED"},
		{"paths k 1000", `{ paths(from: "person:sabrina-singh", to: "country:IRN", k: 1000) { length } }`, "BAD_USER_INPUT"},
		{"paths maxHops 50", `{ paths(from: "person:sabrina-singh", to: "country:IRN", maxHops: 50) { length } }`, "BAD_USER_INPUT"},
		{"neighborhood depth 9", `{ neighborhood(id: "country:IRN", depth: 9) { truncated } }`, "BAD_USER_INPUT"},
		{"neighborhood limit 100000", `{ neighborhood(id: "country:IRN", limit: 100000) { truncated } }`, "LIMIT_EXCEEDED"},
		{"neighborhood limit 501", `{ neighborhood(id: "country:IRN", limit: 501) { truncated } }`, "BAD_USER_INPUT"},
		{"bad cursor", `{ actors(after: "not-a-cursor") { totalCount } }`, "BAD_USER_INPUT"},
		{"syntax", `{ actors(first: ) }`, "BAD_USER_INPUT"},
		{"unknown field", `{ actors { nope } }`, "BAD_USER_INPUT"},
		{"bad enum", `{ actors(filter: {kind: ROBOT}) { totalCount } }`, "BAD_USER_INPUT"},
		{"unknown actor", `{ relationship(a: "country:XXX", b: "country:IRN") { firstSeen } }`, "NOT_FOUND"},
		{"same actor", `{ relationship(a: "country:IRN", b: "country:IRN") { firstSeen } }`, "BAD_USER_INPUT"},
		{"relationship first 101", `{ relationship(a: "country:RUS", b: "country:IRN", first: 101) { firstSeen } }`, "LIMIT_EXCEEDED"},
		{"relationship first 10000", `{ relationship(a: "country:RUS", b: "country:IRN", first: 10000) { events { id } } }`, "LIMIT_EXCEEDED"},
		{"relationship first 0", `{ relationship(a: "country:RUS", b: "country:IRN", first: 0) { firstSeen } }`, "BAD_USER_INPUT"},
		{"relationship first negative", `{ relationship(a: "country:RUS", b: "country:IRN", first: -3) { firstSeen } }`, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.name, post(t, srv, "", tt.query, nil), tt.code)
		})
	}

	t.Run("batch", func(t *testing.T) {
		r := postRaw(t, srv, "", []byte(`[{"query":"{ actors { totalCount } }"},{"query":"{ actors { totalCount } }"}]`))
		wantCode(t, "batch", r, "LIMIT_EXCEEDED")
	})
	t.Run("body 5 MB", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{"query": "{ actors { totalCount } }", "variables": map[string]any{"x": strings.Repeat("x", 5<<20)}})
		r := postRaw(t, srv, "", body)
		wantCode(t, "body", r, "LIMIT_EXCEEDED")
		if r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d; want 413", r.status)
		}
	})
	t.Run("mutation without key", func(t *testing.T) {
		r := post(t, srv, "", `mutation { addAlias(actor: "country:IRN", alias: "Persia") { id } }`, nil)
		wantCode(t, "no key", r, "UNAUTHENTICATED")
	})
	t.Run("wrong key", func(t *testing.T) {
		r := post(t, srv, "not-the-key-0123456789", `{ actors { totalCount } }`, nil)
		wantCode(t, "wrong key", r, "UNAUTHENTICATED")
		if r.status != http.StatusUnauthorized {
			t.Errorf("status %d; want 401", r.status)
		}
	})
}

// hostile are strings that would break a query built by string
// concatenation, in DQL or GraphQL, or that stress the server.
var hostile = []string{
	`") { x as var(func: has(xid)) } delete { uid(x) * * . } #`,
	`*/`,
	`/*`,
	"\u0000",
	"country:IRN\u0000",
	`country:IRN" OR eq(xid, "country:RUS`,
	`$a`,
	`uid(0x1)`,
	`0x1`,
	`<0x1> <xid> "pwned" .`,
	`{ "set": [{"uid": "0x1", "xid": "pwned"}] }`,
	`'; DROP TABLE actors; --`,
	`\`,
	`"`,
	`}}}}}}`,
	`%s%n%x`,
	`‮RTL‬`,
	strings.Repeat("Ш", 100_000),
	strings.Repeat("(", 5000),
}

// TestInjection sends every hostile string in every string argument of
// every query and mutation, as variables: each answer is an empty result
// or a NOT_FOUND / BAD_USER_INPUT / LIMIT_EXCEEDED error, never INTERNAL or
// a 5xx, and the graph is unchanged afterwards (only addAlias on a real
// actor writes, and then exactly the string given).
func TestInjection(t *testing.T) {
	srv, st := seedGraph(t)
	before := countNodes(t, st)
	ops := []struct {
		name, query string
		vars        func(s string) map[string]any
		key         bool
	}{
		{"actor", `query($s: ID!) { actor(id: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"actors.search", `query($s: String) { actors(filter: {search: $s}) { totalCount edges { node { id } } } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"actors.country", `query($s: String) { actors(filter: {country: $s}) { totalCount } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"actors.after", `query($s: String) { actors(after: $s) { totalCount } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"event", `query($s: ID!) { event(id: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"events", `query($s: ID, $c: String, $d: Date) { events(filter: {actor: $s, country: $c, from: $d}) { totalCount } }`, func(s string) map[string]any { return map[string]any{"s": s, "c": s, "d": s} }, false},
		{"events.to", `query($d: Date) { events(filter: {to: $d}) { totalCount } }`, func(s string) map[string]any { return map[string]any{"d": s} }, false},
		{"claim", `query($s: ID!) { claim(id: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"claims", `query($s: ID, $d: Date) { claims(filter: {claimant: $s, about: $s, to: $d}) { totalCount } }`, func(s string) map[string]any { return map[string]any{"s": s, "d": s} }, false},
		{"article", `query($s: ID!) { article(id: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"articles", `query($s: String, $d: Date) { articles(filter: {source: $s, from: $d}) { totalCount } }`, func(s string) map[string]any { return map[string]any{"s": s, "d": s} }, false},
		{"relationship.a", `query($s: ID!) { relationship(a: $s, b: "country:IRN") { firstSeen } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"relationship.b", `query($s: ID!) { relationship(a: "country:RUS", b: $s) { firstSeen } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"relationship.from", `query($d: Date) { relationship(a: "country:RUS", b: "country:IRN", from: $d, to: $d) { firstSeen } }`, func(s string) map[string]any { return map[string]any{"d": s} }, false},
		{"paths", `query($s: ID!) { paths(from: $s, to: "country:IRN") { length } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"paths.to", `query($s: ID!) { paths(from: "person:sabrina-singh", to: $s) { length } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"neighborhood", `query($s: ID!) { neighborhood(id: $s) { truncated } }`, func(s string) map[string]any { return map[string]any{"s": s} }, false},
		{"neighborhood.from", `query($d: Date) { neighborhood(id: "country:IRN", from: $d) { truncated } }`, func(s string) map[string]any { return map[string]any{"d": s} }, false},
		{"mergeActors", `mutation($s: ID!) { mergeActors(keep: "country:IRN", merge: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, true},
		{"mergeActors.keep", `mutation($s: ID!) { mergeActors(keep: $s, merge: "country:IRN") { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, true},
		{"splitActor", `mutation($s: ID!) { splitActor(actor: $s) { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, true},
		{"addAlias.actor", `mutation($s: ID!) { addAlias(actor: $s, alias: "x") { id } }`, func(s string) map[string]any { return map[string]any{"s": s} }, true},
	}
	ok := map[string]bool{"NOT_FOUND": true, "BAD_USER_INPUT": true, "LIMIT_EXCEEDED": true}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			for i, s := range hostile {
				key := ""
				if op.key {
					key = testKey
				}
				r := post(t, srv, key, op.query, op.vars(s))
				if r.status >= 500 {
					t.Errorf("hostile[%d]: HTTP %d", i, r.status)
				}
				for _, c := range r.codes() {
					if !ok[c] {
						t.Errorf("hostile[%d] %.40q: code %s; want none, NOT_FOUND, BAD_USER_INPUT or LIMIT_EXCEEDED (%+v)", i, s, c, r.Errors)
					}
				}
			}
		})
	}
	if after := countNodes(t, st); after != before {
		t.Fatalf("the graph has %d nodes after the hostile queries, %d before", after, before)
	}

	t.Run("addAlias stores the string as given", func(t *testing.T) {
		for i, s := range hostile {
			r := post(t, srv, testKey, `mutation($a: String!) { addAlias(actor: "org:pravda", alias: $a) { id aliases } }`, map[string]any{"a": s})
			if r.status >= 500 {
				t.Fatalf("hostile[%d]: HTTP %d", i, r.status)
			}
			if len(r.Errors) > 0 {
				for _, c := range r.codes() {
					if c != "BAD_USER_INPUT" {
						t.Errorf("hostile[%d]: code %s (%v)", i, c, r.Errors)
					}
				}
				continue
			}
			var ans struct {
				AddAlias struct{ Aliases []string } `json:"addAlias"`
			}
			_ = json.Unmarshal(r.Data, &ans)
			found := false
			for _, a := range ans.AddAlias.Aliases {
				found = found || a == strings.TrimSpace(s)
			}
			if !found {
				t.Errorf("hostile[%d] %.40q: not among the aliases after addAlias", i, s)
			}
		}
		if after := countNodes(t, st); after != before {
			t.Fatalf("addAlias created nodes: %d, was %d", after, before)
		}
	})
}

func countNodes(t *testing.T, st *store.Store) int {
	t.Helper()
	resp, err := st.Dgraph().NewReadOnlyTxn().Query(context.Background(), `{ n(func: has(xid)) { count(uid) } }`)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		N []struct {
			Count int `json:"count"`
		} `json:"n"`
	}
	if err := json.Unmarshal(resp.Json, &res); err != nil {
		t.Fatal(err)
	}
	return res.N[0].Count
}

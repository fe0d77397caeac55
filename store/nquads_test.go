package store

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
)

// liveLoad runs `dgraph live --upsertPredicate xid` on an RDF file against
// the test cluster.
func liveLoad(t testing.TB, rdf string) {
	t.Helper()
	cmd := exec.Command(dgraphtest.Binary(), "live", "-f", rdf,
		"--alpha", dgraphtest.GRPCAddr(), "--zero", dgraphtest.ZeroGRPCAddr(),
		"--upsertPredicate", "xid")
	cmd.Dir = t.TempDir() // live leaves working files behind
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dgraph live: %v\n%s", err, tail(string(out), 2000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestNQuadsLiveLoad exports the seed records, loads them with the live
// loader into an empty graph, and expects exactly the graph Write builds;
// loading a second time must not add a node or an edge, since the loader
// upserts on the xids the export names nodes by.
func TestNQuadsLiveLoad(t *testing.T) {
	dg := dgraphtest.Client(t)
	s := New(dg)
	recs := loadFixtures(t)
	mustWrite(t, s, recs)
	written := counts(t, s)

	dgraphtest.Client(t) // empty again
	dir := t.TempDir()
	// One file per record, as a streaming export writes them.
	var all bytes.Buffer
	for _, r := range recs {
		if err := NQuads(r, &all); err != nil {
			t.Fatal(err)
		}
	}
	rdf := filepath.Join(dir, "seeds.rdf")
	if err := os.WriteFile(rdf, all.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	liveLoad(t, rdf)
	loaded := counts(t, s)
	nodes, edges := expected(recs)
	checkCounts(t, "live-loaded export", loaded, nodes, edges)
	for p, n := range written.EdgesByPredicate {
		if loaded.EdgesByPredicate[p] != n {
			t.Errorf("%s: %d edges loaded, %d written", p, loaded.EdgesByPredicate[p], n)
		}
	}
	liveLoad(t, rdf)
	checkCounts(t, "export loaded twice", counts(t, s), nodes, edges)
	if n, dups := duplicateXIDs(t, s); len(dups) > 0 {
		t.Errorf("%d nodes; duplicated xids after two loads: %v", n, dups)
	}

	// And the store writes on top of a loaded graph without duplicating.
	mustWrite(t, New(dg), recs)
	checkCounts(t, "write over loaded export", counts(t, s), nodes, edges)
}

// TestNQuadsEncoding checks the N-Quad text for the awkward cases: quotes,
// backslashes, newlines and control characters in literals, typed values,
// and an article key that cannot be an IRI.
func TestNQuadsEncoding(t *testing.T) {
	rec := schema.Record{
		Article: schema.ArticleMeta{ID: "odd <id> \"x\"", Title: "He said \"no\"\\ then\nleft\t\x01", Published: "2024-08-16"},
		Actors: []schema.Actor{{ID: "person:ali", Kind: schema.KindPerson, Name: "Ali", Country: "IRN",
			Roles: []schema.Role{{Title: "Minister", Current: true}}}},
	}
	var buf bytes.Buffer
	if err := NQuads(rec, &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<article.title> "He said \"no\"\\ then\nleft\t\u0001" .`,
		`<article.published> "2024-08-16T00:00:00Z"^^<xs:dateTime> .`,
		`<person:ali> <actor.of_country> <country:IRN> .`,
		`<role.current> "true"^^<xs:boolean> .`,
		`<country:IRN> <actor.country> "IRN" .`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s\n%s", want, out)
		}
	}
	if strings.Contains(out, `<country:IRN> <actor.name>`) {
		t.Errorf("placeholder country exported with a name; a load would overwrite the real one:\n%s", out)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "<article:") {
			t.Errorf("article key with <>\" used as an IRI: %s", line)
		}
	}
	// The file must load, and the article keep its true xid.
	s := New(dgraphtest.Client(t))
	rdf := filepath.Join(t.TempDir(), "odd.rdf")
	if err := os.WriteFile(rdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	liveLoad(t, rdf)
	resp, err := s.Dgraph().NewReadOnlyTxn().QueryWithVars(context.Background(),
		`query q($k: string) { a(func: eq(xid, $k)) { article.title } }`,
		map[string]string{"$k": schema.ArticleKey(rec.Article)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resp.Json), `He said \"no\"\\ then\nleft\t\u0001`) {
		t.Errorf("title did not survive the round trip: %s", resp.Json)
	}
	// Writing the record over the load finds the same nodes.
	mustWrite(t, s, []schema.Record{rec})
	nodes, edges := expected([]schema.Record{rec})
	checkCounts(t, "write over load", counts(t, s), nodes, edges)
	resp, err = s.Dgraph().NewReadOnlyTxn().Query(context.Background(), `{ c(func: eq(xid, "country:IRN")) { actor.name } }`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resp.Json), `"actor.name":"IRN"`) {
		t.Errorf("a placeholder loaded without a name did not get one from Write: %s", resp.Json)
	}
}

// TestGraphMerge: the mapping's merge keeps one value per single-valued
// predicate (the later), a set per list predicate and per edge, drops a
// record's repeated values, and lets a real country replace a placeholder
// but not the other way round.
func TestGraphMerge(t *testing.T) {
	named := schema.Record{Article: schema.ArticleMeta{ID: "a"}, Actors: []schema.Actor{
		{ID: "country:IRN", Kind: schema.KindCountry, Name: "Iran", Country: "IRN", Aliases: []string{"Tehran", "Tehran"}},
	}}
	member := schema.Record{Article: schema.ArticleMeta{ID: "b"}, Actors: []schema.Actor{
		{ID: "person:ali", Kind: schema.KindPerson, Name: "Ali", Country: "IRN"},
	}}
	renamed := schema.Record{Article: schema.ArticleMeta{ID: "c"}, Actors: []schema.Actor{
		{ID: "country:IRN", Kind: schema.KindCountry, Name: "Islamic Republic of Iran", Country: "IRN", Aliases: []string{"Persia"}},
	}}
	values := func(n *node, pred string) []string {
		var out []string
		for _, a := range n.attrs {
			if a.pred == pred {
				out = append(out, a.val)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		recs    []schema.Record
		names   []string
		aliases []string
	}{
		{"placeholder alone", []schema.Record{member}, []string{"IRN"}, nil},
		{"placeholder then name", []schema.Record{member, named}, []string{"Iran"}, []string{"Tehran"}},
		{"name then placeholder", []schema.Record{named, member}, []string{"Iran"}, []string{"Tehran"}},
		{"later name wins, aliases unioned", []schema.Record{named, member, renamed}, []string{"Islamic Republic of Iran"}, []string{"Tehran", "Persia"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGraph()
			for _, r := range tc.recs {
				addRecord(g, r)
			}
			n := g.index["country:IRN"]
			if n == nil {
				t.Fatal("no country:IRN node")
			}
			if got := values(n, "actor.name"); !slices.Equal(got, tc.names) {
				t.Errorf("names %q, want %q", got, tc.names)
			}
			if got := values(n, "actor.aliases"); !slices.Equal(got, tc.aliases) {
				t.Errorf("aliases %q, want %q", got, tc.aliases)
			}
		})
	}
}

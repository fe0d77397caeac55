package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/dgo/v230/protos/api"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
)

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

var fixtures = []string{
	"sputnik-2024-08-16-pentagon-russia-iran.json",
	"wana-2024-08-14-pentagon-monitoring.json",
}

// loadFixture reads a hand-written record (written from the gold of
// ../shared/eval/dev, with byte offsets into the seed text).
func loadFixture(t testing.TB, name string) schema.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var r schema.Record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func loadFixtures(t testing.TB) []schema.Record {
	var out []schema.Record
	for _, f := range fixtures {
		out = append(out, loadFixture(t, f))
	}
	return out
}

func mustWrite(t testing.TB, s *Store, recs []schema.Record) WriteResult {
	t.Helper()
	res, err := s.Write(context.Background(), recs)
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	for _, r := range res.Records {
		if r.Err != nil {
			t.Fatalf("record %s: %v", r.ArticleID, r.Err)
		}
	}
	return res
}

func counts(t testing.TB, s *Store) Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// expected is the graph the records should produce, computed by the
// mapping alone: node counts per type and the number of distinct edges.
func expected(recs []schema.Record) (nodes map[string]int, edges int) {
	g := newGraph()
	for _, r := range recs {
		addRecord(g, r)
	}
	nodes = map[string]int{}
	for _, n := range g.nodes {
		nodes[n.typ]++
		edges += len(n.edges)
	}
	return nodes, edges
}

func checkCounts(t *testing.T, what string, got Counts, nodes map[string]int, edges int) {
	t.Helper()
	for typ, n := range got.Nodes {
		if n != nodes[typ] {
			t.Errorf("%s: %d %s nodes, want %d", what, n, typ, nodes[typ])
		}
	}
	if got.Edges != edges {
		t.Errorf("%s: %d edges, want %d (%v)", what, got.Edges, edges, got.EdgesByPredicate)
	}
}

// xidCounts returns every xid that is on more than one node.
func duplicateXIDs(t *testing.T, s *Store) (total int, dups []string) {
	t.Helper()
	resp, err := s.Dgraph().NewReadOnlyTxn().Query(context.Background(), `{ q(func: has(xid)) { xid } }`)
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ Q []struct{ XID string } }
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, n := range out.Q {
		seen[n.XID]++
		if seen[n.XID] == 2 {
			dups = append(dups, n.XID)
		}
	}
	return len(out.Q), dups
}

func TestApplySchemaTwice(t *testing.T) {
	s := New(dgraphtest.Client(t))
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := s.ApplySchema(ctx); err != nil {
			t.Fatalf("apply %d: %v", i+1, err)
		}
	}
	mustWrite(t, s, loadFixtures(t))
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatalf("apply over data: %v", err)
	}
}

// TestWriteIdempotent writes the two seed records, then again with the
// same store (cache warm), then with a new store (a second run): node and
// edge counts must not move, and must be what the mapping says.
func TestWriteIdempotent(t *testing.T) {
	dg := dgraphtest.Client(t)
	recs := loadFixtures(t)
	wantNodes, wantEdges := expected(recs)

	s := New(dg)
	first := mustWrite(t, s, recs)
	c1 := counts(t, s)
	checkCounts(t, "first write", c1, wantNodes, wantEdges)
	if first.Created != c1.TotalNodes() {
		t.Errorf("result says %d nodes created, graph has %d", first.Created, c1.TotalNodes())
	}

	again := mustWrite(t, s, recs)
	checkCounts(t, "same store again", counts(t, s), wantNodes, wantEdges)
	if again.Created != 0 {
		t.Errorf("second write created %d nodes", again.Created)
	}

	// A second run: no cache, every key looked up again.
	s2 := New(dg)
	rewritten := 0
	for _, r := range recs { // one article per call, as a stream would
		rewritten += mustWrite(t, s2, []schema.Record{r}).NQuads
	}
	// Only the evidence edges, which the lookup does not read back, are
	// sent again: every value read back compared equal to the one mapped.
	g := buildGraph(recs[0])
	for _, r := range recs[1:] {
		addRecord(g, r)
	}
	evidenceEdges := 0
	for _, n := range g.nodes {
		for _, e := range n.edges {
			if untracked[e.pred] {
				evidenceEdges++
			}
		}
	}
	if rewritten != evidenceEdges {
		t.Errorf("rewriting unchanged records sent %d N-Quads, want only the %d evidence edges", rewritten, evidenceEdges)
	}
	c3 := counts(t, s2)
	checkCounts(t, "new store", c3, wantNodes, wantEdges)
	if !maps.Equal(c1.EdgesByPredicate, c3.EdgesByPredicate) {
		t.Errorf("edges by predicate moved:\n first %v\n later %v", c1.EdgesByPredicate, c3.EdgesByPredicate)
	}
	if n, dups := duplicateXIDs(t, s); len(dups) > 0 || n != c1.TotalNodes() {
		t.Errorf("%d nodes with xid (want %d); duplicates: %v", n, c1.TotalNodes(), dups)
	}
}

// TestWriteGraphShape checks what the seed records mean in the graph: the
// shared actors meet in one node, a country referenced only by code gets a
// placeholder, disputes link claims, evidence points at the article.
func TestWriteGraphShape(t *testing.T) {
	s := New(dgraphtest.Client(t))
	// WANA first: it names Iran; a record that only references IRN by code
	// must not overwrite the name.
	recs := loadFixtures(t)
	mustWrite(t, s, []schema.Record{recs[1], recs[0]})
	onlyCode := schema.Record{
		Article: schema.ArticleMeta{ID: "code-only", URL: "https://example.org/code-only", Published: "2024-08-20"},
		Actors: []schema.Actor{
			{ID: "person:ali-example", Kind: schema.KindPerson, Name: "Ali Example", Country: "IRN"},
			{ID: "person:kim-example", Kind: schema.KindPerson, Name: "Kim Example", Country: "PRK"},
			{ID: "person:jo-example", Kind: schema.KindPerson, Name: "Jo Example", Country: "NZL"},
		},
	}
	mustWrite(t, s, []schema.Record{onlyCode})

	q := `query q($a: string, $b: string) {
	  a(func: eq(xid, $a)) { actor.name actor.aliases actor.alias_norms actor.norm
	    ~actor.of_country { xid } actor.mentions { evidence.text evidence.article { xid } } }
	  b(func: eq(xid, $b)) { actor.name actor.country }
	  d(func: has(claim.disputes)) { claim.stance claim.disputes { claim.claimant { xid } } claim.disputes_claimant { xid } }
	  e(func: eq(event.type, "CONSULT")) @filter(eq(event.mode, "visit")) {
	    event.date event.date_text event.precision event.score event.summary event.sources { xid } event.targets { xid }
	    event.evidence { evidence.start evidence.end evidence.article { article.url } } }
	}`
	resp, err := s.Dgraph().NewReadOnlyTxn().QueryWithVars(context.Background(), q,
		map[string]string{"$a": "country:IRN", "$b": "country:NZL"})
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		A []struct {
			Name       string                 `json:"actor.name"`
			Aliases    []string               `json:"actor.aliases"`
			AliasNorms []string               `json:"actor.alias_norms"`
			Norm       string                 `json:"actor.norm"`
			Members    []struct{ XID string } `json:"~actor.of_country"`
			Mentions   []struct {
				Text    string               `json:"evidence.text"`
				Article struct{ XID string } `json:"evidence.article"`
			} `json:"actor.mentions"`
		}
		B []struct {
			Name    string `json:"actor.name"`
			Country string `json:"actor.country"`
		}
		D []struct {
			Stance   string `json:"claim.stance"`
			Disputes []struct {
				Claimant struct{ XID string } `json:"claim.claimant"`
			} `json:"claim.disputes"`
			DisputesClaimant []struct{ XID string } `json:"claim.disputes_claimant"`
		}
		E []struct {
			Date      string                 `json:"event.date"`
			DateText  string                 `json:"event.date_text"`
			Precision string                 `json:"event.precision"`
			Score     float64                `json:"event.score"`
			Summary   string                 `json:"event.summary"`
			Sources   []struct{ XID string } `json:"event.sources"`
			Targets   []struct{ XID string } `json:"event.targets"`
			Evidence  []struct {
				Start   int `json:"evidence.start"`
				End     int `json:"evidence.end"`
				Article struct {
					URL string `json:"article.url"`
				} `json:"evidence.article"`
			} `json:"event.evidence"`
		}
	}
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.A) != 1 {
		t.Fatalf("%d nodes for country:IRN, want 1: %s", len(out.A), resp.Json)
	}
	iran := out.A[0]
	if iran.Name != "Iran" || iran.Norm != "iran" {
		t.Errorf("country:IRN name %q norm %q, want Iran/iran (a code-only reference must not overwrite it)", iran.Name, iran.Norm)
	}
	// Aliases are the union over both articles: "Tehran" from both,
	// "Islamic Republic" only from Sputnik.
	for _, want := range []string{"Tehran", "Islamic Republic", "Islamic Republic of Iran"} {
		if !hasValue(iran.Aliases, want) {
			t.Errorf("Iran aliases %v lack %q", iran.Aliases, want)
		}
	}
	if !hasValue(iran.AliasNorms, "islamic republic") {
		t.Errorf("Iran alias_norms %v lack the normalized alias", iran.AliasNorms)
	}
	var members []string
	for _, m := range iran.Members {
		members = append(members, m.XID)
	}
	for _, want := range []string{"person:ali-example", "person:masoud-pezeshkian", "group:iranian-officials"} {
		if !hasValue(members, want) {
			t.Errorf("Iran's members %v lack %s", members, want)
		}
	}
	articles := map[string]bool{}
	for _, m := range iran.Mentions {
		articles[m.Article.XID] = true
	}
	if len(articles) != 2 {
		t.Errorf("Iran mentioned in %d articles, want 2 (evidence per article)", len(articles))
	}
	if len(out.B) != 1 || out.B[0].Name != "NZL" || out.B[0].Country != "NZL" {
		t.Errorf("placeholder for a country known only by code: %+v, want name and country NZL", out.B)
	}
	disputed := 0
	for _, d := range out.D {
		disputed += len(d.Disputes)
	}
	for _, d := range out.D {
		if got, want := xidSet(d.DisputesClaimant), disputedClaimants(d.Disputes); got != want {
			t.Errorf("claim.disputes_claimant %s, want the disputed claims' claimants %s", got, want)
		}
	}
	if disputed != 4 {
		t.Errorf("%d dispute edges, want 4 (WANA: Iran's rejection disputes 3 claims, Moscow's statement 1)", disputed)
	}
	// Two visits: Shoigu's to Iran, and the leaders' visits Singh alludes to.
	if len(out.E) != 2 {
		t.Fatalf("%d CONSULT/visit events, want 2: %s", len(out.E), resp.Json)
	}
	e := out.E[0]
	if e.DateText == "" {
		e = out.E[1]
	}
	if e.Date != "2024-08-01T00:00:00Z" || e.DateText != "2024-08" || e.Precision != "month" {
		t.Errorf("visit date %q text %q precision %q, want month 2024-08", e.Date, e.DateText, e.Precision)
	}
	if e.Summary != "CONSULT|4|2024-08-01T00:00:00Z" {
		t.Errorf("visit summary %q, want its type, score and datetime", e.Summary)
	}
	if e.Score != 4 {
		t.Errorf("visit score %v, want PLOVER's 4 for CONSULT/visit", e.Score)
	}
	if len(e.Sources) != 1 || e.Sources[0].XID != "person:sergei-shoigu" || len(e.Targets) != 1 || e.Targets[0].XID != "country:IRN" {
		t.Errorf("visit participants %+v → %+v", e.Sources, e.Targets)
	}
	if len(e.Evidence) != 1 || !strings.HasPrefix(e.Evidence[0].Article.URL, "https://sputnikglobe.com/") || e.Evidence[0].End <= e.Evidence[0].Start {
		t.Errorf("visit evidence %+v", e.Evidence)
	}
}

// TestBadRecordInBatch: one broken record among good ones is rejected with
// an error naming the article, part and field; the rest of the batch lands
// exactly as if the broken one had not been there.
func TestBadRecordInBatch(t *testing.T) {
	s := New(dgraphtest.Client(t))
	good := loadFixtures(t)
	bad := loadFixture(t, fixtures[0])
	bad.Article.ID = "sputnik-broken"
	bad.Article.URL = "https://example.org/broken"
	bad.Events[2].Sources = append(bad.Events[2].Sources, "person:x")

	res, err := s.Write(context.Background(), []schema.Record{good[0], bad, good[1]})
	if err != nil {
		t.Fatalf("write: %v (a rejected record is not a write error)", err)
	}
	if res.Written != 2 || res.Rejected != 1 || res.Failed != 0 {
		t.Errorf("written %d rejected %d failed %d, want 2/1/0", res.Written, res.Rejected, res.Failed)
	}
	rerr := res.Records[1].Err
	want := `article sputnik-broken: events[2].sources[2] "person:x": not an actor of this record`
	if rerr == nil || rerr.Error() != want {
		t.Errorf("error = %v\nwant    %s", rerr, want)
	}
	if !errors.Is(rerr, ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false", rerr)
	}
	if res.Records[0].Err != nil || res.Records[2].Err != nil {
		t.Errorf("good records failed: %v, %v", res.Records[0].Err, res.Records[2].Err)
	}
	wantNodes, wantEdges := expected(good)
	checkCounts(t, "after a rejected record", counts(t, s), wantNodes, wantEdges)
	ok, err := s.HasArticle(context.Background(), schema.ArticleKey(bad.Article), "", bad.Article.Extractor)
	if err != nil || ok {
		t.Errorf("HasArticle(broken) = %v, %v; want false: nothing of a rejected record is written", ok, err)
	}
}

func TestHasArticle(t *testing.T) {
	s := New(dgraphtest.Client(t))
	rec := loadFixture(t, fixtures[0])
	key := schema.ArticleKey(rec.Article)
	ctx := context.Background()
	if ok, err := s.HasArticle(ctx, key, rec.Article.Hash, rec.Article.Extractor); err != nil || ok {
		t.Fatalf("before write: %v, %v", ok, err)
	}
	mustWrite(t, s, []schema.Record{rec})
	for _, tc := range []struct {
		name            string
		key, hash, xver string
		want            bool
	}{
		{"same text, same extractor", key, rec.Article.Hash, rec.Article.Extractor, true},
		{"no hash given", key, "", rec.Article.Extractor, true},
		{"text changed", key, strings.Repeat("0", 64), rec.Article.Extractor, false},
		{"newer extractor", key, rec.Article.Hash, "v999", false},
		{"other article", "article:https://example.org/none", "", rec.Article.Extractor, false},
		{"key with quotes is a value, not DQL", `article:") { uid } }`, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.HasArticle(ctx, tc.key, tc.hash, tc.xver)
			if err != nil || got != tc.want {
				t.Errorf("HasArticle = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// genArticles makes n synthetic records that share a pool of actors: every
// article names the same few hot countries and a rotating subset of
// people and organizations, with events and claims among them.
func genArticles(n int) []schema.Record {
	countries := []struct{ iso, name string }{{"RUS", "Russia"}, {"IRN", "Iran"}, {"USA", "United States"}, {"CHN", "China"}, {"PRK", "North Korea"}}
	types := []string{"CONSULT", "ACCUSE", "AID", "REJECT", "THREATEN", "COOPERATE", "SANCTION"}
	out := make([]schema.Record, n)
	for i := range out {
		body := fmt.Sprintf("Article %d body.", i)
		meta := schema.ArticleMeta{
			ID: fmt.Sprintf("gen-%04d", i), URL: fmt.Sprintf("https://news.example.org/2024/08/story-%04d", i),
			Title: fmt.Sprintf("Story %d", i), Published: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28),
			Source: []string{"Example Wire", "Sample Times", "Test Post"}[i%3], Language: "en",
			Hash: fmt.Sprintf("%064x", i), Extractor: "gen-1",
		}
		var actors []schema.Actor
		for j, c := range countries {
			actors = append(actors, schema.Actor{ID: "country:" + c.iso, Kind: schema.KindCountry, Name: c.name, Country: c.iso,
				Aliases:  []string{c.name + "n", fmt.Sprintf("%s capital %d", c.name, i%4)},
				Mentions: []schema.Span{{Start: 10 * j, End: 10*j + len(c.name), Text: c.name}}})
		}
		p1, p2 := i%17, (i*7+3)%17
		if p1 == p2 {
			p2 = (p2 + 1) % 17
		}
		org := fmt.Sprintf("org:ministry-%d", i%6)
		for _, p := range []int{p1, p2} {
			actors = append(actors, schema.Actor{ID: fmt.Sprintf("person:official-%d", p), Kind: schema.KindPerson,
				Name: fmt.Sprintf("Official %d", p), Country: countries[p%5].iso,
				Roles:    []schema.Role{{Title: fmt.Sprintf("Minister %d", p%3), Org: org, Current: true}},
				Mentions: []schema.Span{{Start: 100 + p, End: 110 + p, Text: fmt.Sprintf("Official %d", p)}}})
		}
		actors = append(actors, schema.Actor{ID: org, Kind: schema.KindOrganization, Name: fmt.Sprintf("Ministry %d", i%6),
			Country: countries[i%6%5].iso, Mentions: []schema.Span{{Start: 200, End: 210, Text: "Ministry"}}})
		sentence := func(k int) []schema.Span {
			return []schema.Span{{Start: 300 + 50*k, End: 340 + 50*k, Text: fmt.Sprintf("%s sentence %d.", body, k)}}
		}
		events := []schema.Event{
			{ID: "e1", Type: types[i%len(types)], Sources: []string{"country:" + countries[i%5].iso},
				Targets: []string{"country:" + countries[(i+1)%5].iso}, Date: fmt.Sprintf("2024-%02d", 1+i%6),
				Modality: schema.ModalityAsserted, Confidence: 0.8, Context: []string{"military"}, Evidence: sentence(0)},
			{ID: "e2", Type: "CONSULT", Mode: "visit", Sources: []string{fmt.Sprintf("person:official-%d", p1)},
				Targets: []string{"country:" + countries[(i+2)%5].iso}, Modality: schema.ModalityPlanned,
				Confidence: 0.6, Evidence: sentence(1)},
		}
		claims := []schema.Claim{
			{ID: "c1", Claimant: fmt.Sprintf("person:official-%d", p2), Cue: "said", Text: fmt.Sprintf("claim %d about cooperation", i%40),
				About: []string{"country:RUS", "country:IRN"}, Stance: schema.StanceAssert, Via: []string{org}, Evidence: sentence(2)},
			{ID: "c2", Claimant: "country:IRN", Cue: "rejected", Text: fmt.Sprintf("denial %d", i%40),
				About: []string{"country:IRN"}, Stance: schema.StanceDeny, Disputes: []string{"c1"}, Date: "2024-08-15", Evidence: sentence(3)},
		}
		out[i] = schema.Record{Article: meta, Actors: actors, Events: events, Claims: claims}
	}
	return out
}

// TestConcurrentWriters: 8 writers write 200 articles that share hot
// actors, events and claims. Every xid must end on exactly one node and the
// node and edge counts must be exactly the mapping's, both when the writers
// share one Store (ingest workers: one article per call, combined into
// shared transactions) and when each has its own (separate processes:
// conflicting transactions abort and are retried).
func TestConcurrentWriters(t *testing.T) {
	recs := genArticles(200)
	wantNodes, wantEdges := expected(recs)
	wantTotal := 0
	for _, n := range wantNodes {
		wantTotal += n
	}
	const writers = 8
	for _, tc := range []struct {
		name   string
		shared bool
		batch  int // records per Write call
	}{
		{"one store, one article per call", true, 1},
		{"a store per writer, batches of 5", false, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dg := dgraphtest.Client(t)
			shared := New(dg)
			var wg sync.WaitGroup
			results := make([]WriteResult, writers)
			errs := make([]error, writers)
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := shared
					if !tc.shared {
						s = New(dg)
						// Separate processes have nothing but retries;
						// allow enough that a loaded CI machine passes.
						s.MaxTries = 20
					}
					// Interleaved so all writers touch the hot actors at once.
					var mine []schema.Record
					for i := w; i < len(recs); i += writers {
						mine = append(mine, recs[i])
					}
					for len(mine) > 0 {
						n := min(tc.batch, len(mine))
						res, err := s.Write(context.Background(), mine[:n])
						mine = mine[n:]
						results[w].Retries += res.Retries
						results[w].Created += res.Created
						results[w].Written += res.Written
						if err != nil {
							errs[w] = err
							return
						}
					}
				}()
			}
			wg.Wait()
			retries, created, written := 0, 0, 0
			for w := range results {
				if errs[w] != nil {
					t.Errorf("writer %d: %v", w, errs[w])
				}
				retries += results[w].Retries
				created += results[w].Created
				written += results[w].Written
			}
			t.Logf("%d writers, %d articles: %d retries after conflicts", writers, len(recs), retries)
			if written != len(recs) {
				t.Errorf("%d records written, want %d", written, len(recs))
			}
			if created != wantTotal {
				t.Errorf("results report %d nodes created, want %d", created, wantTotal)
			}
			s := New(dg)
			total, dups := duplicateXIDs(t, s)
			if len(dups) > 0 {
				t.Errorf("%d xids on more than one node, e.g. %v", len(dups), dups[:min(5, len(dups))])
			}
			if total != wantTotal {
				t.Errorf("%d nodes with xid, want %d", total, wantTotal)
			}
			checkCounts(t, "after concurrent writes", counts(t, s), wantNodes, wantEdges)

			// Writing everything again from a fresh store changes nothing.
			mustWrite(t, s, recs)
			checkCounts(t, "after rewriting", counts(t, s), wantNodes, wantEdges)
		})
	}
}

func TestOpen(t *testing.T) {
	dgraphtest.Client(t)
	ctx := context.Background()
	s, err := Open(ctx, Config{Addr: dgraphtest.GRPCAddr()})
	if err != nil {
		t.Fatalf("open %s: %v", dgraphtest.GRPCAddr(), err)
	}
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, loadFixtures(t)[:1])
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no address", Config{}, "no Dgraph address"},
		{"nothing listening", Config{Addr: "127.0.0.1:1"}, "Dgraph does not answer"},
		{"missing CA file", Config{Addr: dgraphtest.GRPCAddr(), CACert: filepath.Join(t.TempDir(), "ca.pem")}, "read CA certificate"},
		{"certificate without key", Config{Addr: dgraphtest.GRPCAddr(), Cert: "c.pem"}, "needs both a certificate and a key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			s, err := Open(ctx, tc.cfg)
			if err == nil {
				s.Close()
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to say %q", err, tc.want)
			}
		})
	}
}

// TestRefusedRecordInBatch: when Dgraph refuses a batch for one record's
// sake (here the schema says article.language is an int, so "en" cannot be
// stored), the store writes the batch's records one by one: the refused
// ones fail with their article named, the others land.
func TestRefusedRecordInBatch(t *testing.T) {
	dg := dgraphtest.Client(t)
	if err := dg.Alter(context.Background(), &api.Operation{Schema: "article.language: int ."}); err != nil {
		t.Fatal(err)
	}
	s := New(dg)
	recs := genArticles(3)
	recs[1].Article.Language = "en" // refused
	recs[0].Article.Language = ""
	recs[2].Article.Language = ""
	res, err := s.Write(context.Background(), recs)
	if err == nil {
		t.Fatal("no error for a refused record")
	}
	if res.Written != 2 || res.Failed != 1 {
		t.Errorf("written %d failed %d, want 2 and 1", res.Written, res.Failed)
	}
	if e := res.Records[1].Err; e == nil || !strings.Contains(e.Error(), "article gen-0001") {
		t.Errorf("refused record's error %v does not name its article", e)
	}
	for _, i := range []int{0, 2} {
		ok, err := s.HasArticle(context.Background(), schema.ArticleKey(recs[i].Article), recs[i].Article.Hash, recs[i].Article.Extractor)
		if err != nil || !ok {
			t.Errorf("article %s not written: %v", recs[i].Article.ID, err)
		}
	}
}

// xidSet is the sorted, distinct xids, joined: a comparable set.
func xidSet(refs []struct{ XID string }) string {
	var out []string
	for _, r := range refs {
		out = append(out, r.XID)
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), " ")
}

func disputedClaimants(ds []struct {
	Claimant struct{ XID string } `json:"claim.claimant"`
}) string {
	refs := make([]struct{ XID string }, len(ds))
	for i, d := range ds {
		refs[i] = d.Claimant
	}
	return xidSet(refs)
}

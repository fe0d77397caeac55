package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/dgraph-io/dgo/v230"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

// fixtures are hand-checked extraction records of the two seed articles.
var fixtures = []string{
	"../store/testdata/sputnik-2024-08-16-pentagon-russia-iran.json",
	"../store/testdata/wana-2024-08-14-pentagon-monitoring.json",
}

func loadGraph(t *testing.T) (*dgo.Dgraph, []schema.Record) {
	t.Helper()
	dg := dgraphtest.Client(t)
	var recs []schema.Record
	for _, f := range fixtures {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r schema.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		recs = append(recs, r)
	}
	if _, err := store.New(dg).Write(context.Background(), recs); err != nil {
		t.Fatalf("write fixtures: %v", err)
	}
	return dg, recs
}

type snapshot struct {
	Counts store.Counts
	XIDs   []string
}

func takeSnapshot(t *testing.T, dg *dgo.Dgraph) snapshot {
	t.Helper()
	c, err := store.New(dg).Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var xids []string
	if err := store.EachNode(context.Background(), dg, 7, func(n store.ExportNode) error {
		xids = append(xids, n.XID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(xids)
	return snapshot{c, xids}
}

func sortedLines(b []byte) []string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	sort.Strings(lines)
	return lines
}

// TestRDFLiveRoundTrip exports the graph as N-Quads, loads them with
// `dgraph live --upsertPredicate xid` into an empty Dgraph, and checks the
// loaded graph is the same: counts, keys and a second export line for line.
func TestRDFLiveRoundTrip(t *testing.T) {
	dg, _ := loadGraph(t)
	want := takeSnapshot(t, dg)
	var buf bytes.Buffer
	stats, err := export.Write(context.Background(), dg, "rdf", &buf)
	if err != nil {
		t.Fatal(err)
	}
	// Exports go type by type: a node without a schema type would be missed.
	resp, err := dg.NewReadOnlyTxn().Query(context.Background(), `{ n(func: has(xid)) { count(uid) } }`)
	if err != nil {
		t.Fatal(err)
	}
	var all struct{ N []struct{ Count int } }
	if err := json.Unmarshal(resp.Json, &all); err != nil || len(all.N) != 1 || all.N[0].Count != len(want.XIDs) {
		t.Errorf("%d nodes with an xid, %d exported (%v)", all.N, len(want.XIDs), err)
	}
	if stats.Nodes != int64(len(want.XIDs)) || stats.Quads != int64(len(sortedLines(buf.Bytes()))) {
		t.Errorf("stats %+v for %d nodes and %d lines", stats, len(want.XIDs), len(sortedLines(buf.Bytes())))
	}
	dir := t.TempDir()
	rdf := filepath.Join(dir, "graph.rdf")
	if err := os.WriteFile(rdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dg = dgraphtest.Client(t)
	live := exec.Command(dgraphtest.Binary(), "live", "--files", rdf, "--alpha", dgraphtest.GRPCAddr(),
		"--zero", dgraphtest.ZeroGRPCAddr(), "--upsertPredicate", "xid", "--xidmap", filepath.Join(dir, "xidmap"))
	live.Dir = dir
	if out, err := live.CombinedOutput(); err != nil {
		t.Fatalf("dgraph live: %v\n%s", err, out)
	}
	if got := takeSnapshot(t, dg); !reflect.DeepEqual(got, want) {
		t.Errorf("live-loaded graph differs:\ngot  %+v %v\nwant %+v %v", got.Counts, got.XIDs, want.Counts, want.XIDs)
	}
	var again bytes.Buffer
	if _, err := export.Write(context.Background(), dg, "rdf", &again); err != nil {
		t.Fatal(err)
	}
	if a, b := sortedLines(buf.Bytes()), sortedLines(again.Bytes()); !reflect.DeepEqual(a, b) {
		t.Errorf("re-export of the live-loaded graph differs: %d vs %d lines", len(a), len(b))
	}
}

// TestJSONLRecords exports one record per article; writing those records
// into an empty graph rebuilds the same graph.
func TestJSONLRecords(t *testing.T) {
	dg, in := loadGraph(t)
	want := takeSnapshot(t, dg)
	var buf bytes.Buffer
	stats, err := export.Write(context.Background(), dg, "jsonl", &buf)
	if err != nil {
		t.Fatal(err)
	}
	var recs []schema.Record
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r schema.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if err := store.Validate(r); err != nil {
			t.Errorf("exported record %s invalid: %v", r.Article.ID, err)
		}
		recs = append(recs, r)
	}
	if len(recs) != len(in) || stats.Nodes != int64(len(in)) {
		t.Fatalf("%d records (stats %d), want %d", len(recs), stats.Nodes, len(in))
	}
	byURL := map[string]schema.Record{}
	for _, r := range recs {
		byURL[r.Article.Hash] = r
	}
	for _, r := range in {
		got, ok := byURL[r.Article.Hash]
		if !ok {
			t.Errorf("no record for article %s", r.Article.ID)
			continue
		}
		if got.Article.URL != r.Article.URL || got.Article.Source != r.Article.Source || got.Article.Title != r.Article.Title {
			t.Errorf("article %s metadata %+v, want %+v", r.Article.ID, got.Article, r.Article)
		}
		// The graph holds one node per event and claim key: two events of
		// one article with the same key are one.
		events, claims := map[string]bool{}, map[string]bool{}
		for _, e := range r.Events {
			events[schema.EventKey(e, r.Article.Published)] = true
		}
		for _, c := range r.Claims {
			claims[schema.ClaimKey(c)] = true
		}
		if len(got.Events) != len(events) || len(got.Claims) != len(claims) {
			t.Errorf("article %s: %d events %d claims, want %d %d", r.Article.ID, len(got.Events), len(got.Claims), len(events), len(claims))
		}
	}
	dg = dgraphtest.Client(t)
	res, err := store.New(dg).Write(context.Background(), recs)
	if err != nil || res.Rejected > 0 {
		t.Fatalf("rewrite exported records: %v (%d rejected)", err, res.Rejected)
	}
	if got := takeSnapshot(t, dg); !reflect.DeepEqual(got, want) {
		t.Errorf("graph rebuilt from exported records differs:\ngot  %+v\nwant %+v", got.Counts, want.Counts)
	}
}

type graphML struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID  string `xml:"id,attr"`
		For string `xml:"for,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string `xml:"id,attr"`
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
		} `xml:"edge"`
	} `xml:"graph"`
}

// TestGraphML checks the GraphML is valid XML whose nodes are the graph's
// actors, events and claims and whose edges join declared nodes.
func TestGraphML(t *testing.T) {
	dg, _ := loadGraph(t)
	snap := takeSnapshot(t, dg)
	var buf bytes.Buffer
	stats, err := export.Write(context.Background(), dg, "graphml", &buf)
	if err != nil {
		t.Fatal(err)
	}
	var g graphML
	if err := xml.Unmarshal(buf.Bytes(), &g); err != nil {
		t.Fatalf("GraphML is not valid XML: %v", err)
	}
	wantNodes := snap.Counts.Nodes["Actor"] + snap.Counts.Nodes["Event"] + snap.Counts.Nodes["Claim"]
	if len(g.Graph.Nodes) != wantNodes || stats.Nodes != int64(wantNodes) {
		t.Errorf("%d nodes (stats %d), want %d actors+events+claims", len(g.Graph.Nodes), stats.Nodes, wantNodes)
	}
	ids := map[string]bool{}
	for _, n := range g.Graph.Nodes {
		if ids[n.ID] {
			t.Errorf("node %s declared twice", n.ID)
		}
		ids[n.ID] = true
		hasLabel := false
		for _, d := range n.Data {
			hasLabel = hasLabel || (d.Key == "label" && d.Value != "")
		}
		if !hasLabel {
			t.Errorf("node %s has no label", n.ID)
		}
	}
	if len(g.Graph.Edges) == 0 || stats.Edges != int64(len(g.Graph.Edges)) {
		t.Errorf("%d edges (stats %d)", len(g.Graph.Edges), stats.Edges)
	}
	wantEdges := snap.Counts.EdgesByPredicate["event.sources"] + snap.Counts.EdgesByPredicate["event.targets"] +
		snap.Counts.EdgesByPredicate["claim.claimant"] + snap.Counts.EdgesByPredicate["claim.about"]
	if len(g.Graph.Edges) < wantEdges {
		t.Errorf("%d edges, want at least the %d event participant and claim edges", len(g.Graph.Edges), wantEdges)
	}
	for _, e := range g.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("edge %s joins undeclared nodes %s → %s", e.ID, e.Source, e.Target)
		}
	}
	if g.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", g.Graph.EdgeDefault)
	}
}

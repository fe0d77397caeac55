package ingest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/store"
)

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

// brokenInputs are the inputs of testdata/mixed that cannot be read, each
// of which the dead-letter file must name.
var brokenInputs = []string{
	"testdata/mixed/broken/empty.txt",
	"testdata/mixed/broken/invalid.json:1",
	"testdata/mixed/broken/junk.bin",
	"testdata/mixed/broken/truncated.txt.gz",
	"testdata/mixed/demo-articles.jsonl:2",
	"testdata/mixed/demo-articles.jsonl:5",
	"testdata/mixed/feeds/world.rss#4",
}

// mixedArticles is the number of readable articles in testdata/mixed.
const mixedArticles = 15

func newExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	x, err := extract.New()
	if err != nil {
		t.Fatalf("extract.New: %v", err)
	}
	return x
}

// snapshot is what "the same graph" means: node counts per type, edge
// counts per predicate, and the set of node keys.
type snapshot struct {
	Counts store.Counts
	XIDs   []string
}

func takeSnapshot(t testing.TB, dg *dgo.Dgraph) snapshot {
	t.Helper()
	ctx := context.Background()
	c, err := store.New(dg).Counts(ctx)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	var xids []string
	if err := store.EachNode(ctx, dg, 500, func(n store.ExportNode) error {
		xids = append(xids, n.XID)
		return nil
	}); err != nil {
		t.Fatalf("list nodes: %v", err)
	}
	sort.Strings(xids)
	return snapshot{Counts: c, XIDs: xids}
}

func readDeadLetters(t testing.TB, path string) []ingest.Failure {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("dead letters: %v", err)
	}
	defer f.Close()
	var out []ingest.Failure
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var fl ingest.Failure
		if err := json.Unmarshal(sc.Bytes(), &fl); err != nil {
			t.Fatalf("dead letter line %q: %v", sc.Text(), err)
		}
		out = append(out, fl)
	}
	return out
}

// TestIngestMixed ingests a directory mixing every format with broken
// inputs, then ingests it again.
func TestIngestMixed(t *testing.T) {
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	x := newExtractor(t)
	ctx := context.Background()
	deadPath := filepath.Join(t.TempDir(), "dead-letter.jsonl")

	run := func() ingest.Summary {
		dead := ingest.NewDeadLetters(deadPath)
		defer dead.Close()
		sum, err := ingest.Run(ctx, ingest.Config{Workers: 2, Batch: 4, ExtractorVersion: extract.Version, DeadLetters: dead}, x, st, []string{"testdata/mixed"})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		return sum
	}

	first := run()
	if first.Read != mixedArticles || first.Ingested != mixedArticles || first.Skipped != 0 || first.Failed != int64(len(brokenInputs)) {
		t.Errorf("first run: read %d ingested %d skipped %d failed %d; want %d %d 0 %d",
			first.Read, first.Ingested, first.Skipped, first.Failed, mixedArticles, mixedArticles, len(brokenInputs))
	}
	if first.NQuads == 0 || first.DeadLetter != deadPath {
		t.Errorf("first run: %d N-Quads, dead letters %q", first.NQuads, first.DeadLetter)
	}
	var origins []string
	for _, f := range readDeadLetters(t, deadPath) {
		origins = append(origins, f.Origin)
		if f.Reason == "" || f.Stage != ingest.StageRead {
			t.Errorf("dead letter %+v: want a read-stage reason", f)
		}
	}
	sort.Strings(origins)
	if !reflect.DeepEqual(origins, brokenInputs) {
		t.Errorf("dead letters name %v, want %v", origins, brokenInputs)
	}
	before := takeSnapshot(t, dg)
	if got := before.Counts.Nodes["Article"]; got != mixedArticles {
		t.Errorf("%d article nodes, want %d", got, mixedArticles)
	}
	if before.Counts.Nodes["Actor"] == 0 || before.Counts.Nodes["Event"] == 0 || before.Counts.Edges == 0 {
		t.Errorf("graph has no actors, events or edges: %+v", before.Counts)
	}

	second := run()
	if second.Read != mixedArticles || second.Skipped != mixedArticles || second.Ingested != 0 || second.NQuads != 0 {
		t.Errorf("second run: read %d skipped %d ingested %d nquads %d; want everything skipped",
			second.Read, second.Skipped, second.Ingested, second.NQuads)
	}
	if after := takeSnapshot(t, dg); !reflect.DeepEqual(before, after) {
		t.Errorf("ingesting again changed the graph:\nbefore %+v\nafter  %+v", before.Counts, after.Counts)
	}

	// --force rewrites everything; the upserts leave the same graph.
	dead := ingest.NewDeadLetters(deadPath)
	forced, err := ingest.Run(ctx, ingest.Config{Workers: 2, Batch: 4, Force: true, ExtractorVersion: extract.Version, DeadLetters: dead}, x, st, []string{"testdata/mixed"})
	dead.Close()
	if err != nil || forced.Ingested != mixedArticles {
		t.Errorf("forced run: ingested %d, err %v; want %d", forced.Ingested, err, mixedArticles)
	}
	if after := takeSnapshot(t, dg); !reflect.DeepEqual(before, after) {
		t.Errorf("forced re-ingest changed the graph:\nbefore %+v\nafter  %+v", before.Counts, after.Counts)
	}
}

// TestIngestInterrupted cancels a run (SIGINT's path) mid-corpus: it returns
// cleanly, marked interrupted, with every article it read written, and a
// second run finishes the rest.
func TestIngestInterrupted(t *testing.T) {
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	x := newExtractor(t)
	corpus := writeCorpus(t, 200)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for ctx.Err() == nil {
			if n := articleCount(t, dg); n >= 20 {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	sum, err := ingest.Run(ctx, ingest.Config{Workers: 1, Batch: 4, ExtractorVersion: extract.Version}, x, st, []string{corpus})
	cancel()
	if err != nil {
		t.Fatalf("interrupted Run returned %v; want a clean stop", err)
	}
	if !sum.Interrupted || sum.Read >= 200 {
		t.Fatalf("run not interrupted midway: %+v", sum)
	}
	// Articles the extractor or store reject fail in any run; what matters
	// is that every article read ended ingested or failed, none dropped.
	if sum.Ingested+sum.Failed != sum.Read {
		t.Errorf("interrupted run read %d but ingested %d and failed %d: in-flight work was dropped", sum.Read, sum.Ingested, sum.Failed)
	}
	if n := articleCount(t, dg); int64(n) != sum.Ingested {
		t.Errorf("%d articles in the graph, summary says %d", n, sum.Ingested)
	}
	rest, err := ingest.Run(context.Background(), ingest.Config{Workers: 2, Batch: 16, ExtractorVersion: extract.Version}, x, st, []string{corpus})
	if err != nil || rest.Read != 200 || rest.Skipped != sum.Ingested || rest.Ingested+rest.Failed != 200-sum.Ingested {
		t.Errorf("resumed run: %+v, err %v; want %d skipped, %d ingested or failed", rest, err, sum.Ingested, 200-sum.Ingested)
	}
}

// TestIngestKilledAndRestarted kills the real binary with SIGKILL midway
// and starts it again: the graph must equal that of an uninterrupted run.
func TestIngestKilledAndRestarted(t *testing.T) {
	const n = 300
	bin := buildBinary(t)
	corpus := writeCorpus(t, n)
	dir := t.TempDir()

	dg := dgraphtest.Client(t)
	x := newExtractor(t)
	base, err := ingest.Run(context.Background(), ingest.Config{Batch: 16, ExtractorVersion: extract.Version}, x, store.New(dg), []string{corpus})
	if err != nil {
		t.Fatalf("uninterrupted run: %v", err)
	}
	want := takeSnapshot(t, dg)
	if int64(want.Counts.Nodes["Article"]) != base.Ingested || base.Ingested < n*9/10 {
		t.Fatalf("uninterrupted run wrote %d articles, ingested %d of %d", want.Counts.Nodes["Article"], base.Ingested, n)
	}

	dg = dgraphtest.Client(t) // empty graph
	args := []string{"ingest", "--dgraph", dgraphtest.GRPCAddr(), "--workers", "1", "--batch", "4", "--progress", "none",
		"--dead-letter", filepath.Join(dir, "dead.jsonl"), "--report", filepath.Join(dir, "report.json"), corpus}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &tailWriter{}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	killedAt := -1
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if c := articleCount(t, dg); c >= n/5 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatalf("kill: %v", err)
			}
			killedAt = c
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Wait()
	if killedAt < 0 {
		t.Fatalf("the ingest never reached %d articles: %s", n/5, cmd.Stderr)
	}
	partial := articleCount(t, dg)
	if partial >= n {
		t.Fatalf("the run finished (%d articles) before it was killed; the test needs a bigger corpus", partial)
	}
	t.Logf("killed after %d articles were in the graph (%d at the kill)", partial, killedAt)

	out, runErr := exec.Command(bin, args...).CombinedOutput()
	var rep ingest.Summary
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		t.Fatalf("report: %v (run: %v)\n%s", err, runErr, out)
	}
	// The binary exits non-zero exactly when some article failed; the same
	// articles fail in the uninterrupted run.
	if (runErr != nil) != (rep.Failed > 0) || rep.Failed != base.Failed {
		t.Fatalf("restarted run: %v with %d failures (uninterrupted run: %d)\n%s", runErr, rep.Failed, base.Failed, out)
	}
	if rep.Read != n || rep.Skipped != int64(partial) || rep.Skipped+rep.Ingested+rep.Failed != n {
		t.Errorf("restarted run report %+v: want %d read, %d skipped", rep, n, partial)
	}
	if got := takeSnapshot(t, dg); !reflect.DeepEqual(got, want) {
		t.Errorf("killed and restarted run's graph differs from an uninterrupted run's:\ngot  %+v (%d keys)\nwant %+v (%d keys)",
			got.Counts, len(got.XIDs), want.Counts, len(want.XIDs))
	}
}

func articleCount(t testing.TB, dg *dgo.Dgraph) int {
	t.Helper()
	resp, err := dg.NewReadOnlyTxn().Query(context.Background(), `{ a(func: type(Article)) { count(uid) } }`)
	if err != nil {
		t.Errorf("count articles: %v", err)
		return 0
	}
	var out struct {
		A []struct {
			Count int `json:"count"`
		} `json:"a"`
	}
	_ = json.Unmarshal(resp.Json, &out)
	if len(out.A) == 0 {
		return 0
	}
	return out.A[0].Count
}

func writeCorpus(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "corpus-"+strconv.Itoa(n)+".jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := gen.New(42, gen.Options{}).WriteJSONL(f, n); err != nil {
		t.Fatal(err)
	}
	return path
}

// buildBinary builds cmd/newsgraph into a temp dir.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newsgraph")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/newsgraph").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tailWriter keeps the end of a subprocess's stderr for failure messages.
type tailWriter struct{ b []byte }

func (w *tailWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	if len(w.b) > 4096 {
		w.b = w.b[len(w.b)-4096:]
	}
	return len(p), nil
}

func (w *tailWriter) String() string { return strings.TrimSpace(string(w.b)) }

// TestIngestSkipsSeenText: an article is skipped when the graph holds it
// (same URL and text) or the same text under another URL, and read again
// when its text changed or with Force.
func TestIngestSkipsSeenText(t *testing.T) {
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	x := newExtractor(t)
	dir := t.TempDir()
	const body = "Russia and Iran signed a cooperation agreement in Moscow on Tuesday. China welcomed the agreement."
	file := func(name, url, text string) string {
		p := filepath.Join(dir, name+".jsonl")
		line, _ := json.Marshal(map[string]string{"id": name, "url": url, "published": "2024-10-01", "body": text})
		if err := os.WriteFile(p, append(line, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name              string
		path              string
		force             bool
		ingested, skipped int64
	}{
		{"new article", file("a", "https://one.example/a", body), false, 1, 0},
		{"same article again", file("a2", "https://one.example/a?utm_source=feed", body), false, 0, 1},
		{"same text, another URL", file("b", "https://two.example/b", body), false, 0, 1},
		{"same URL, new text", file("c", "https://one.example/a", body+" Iran denied it."), false, 1, 0},
		{"forced", file("d", "https://two.example/b", body), true, 1, 0},
	}
	for _, tt := range tests {
		sum, err := ingest.Run(context.Background(), ingest.Config{Force: tt.force, ExtractorVersion: extract.Version}, x, st, []string{tt.path})
		if err != nil || sum.Ingested != tt.ingested || sum.Skipped != tt.skipped || sum.Failed != 0 {
			t.Errorf("%s: %+v, err %v; want %d ingested, %d skipped", tt.name, sum, err, tt.ingested, tt.skipped)
		}
	}
}

// TestIngestStoreDown runs against a Dgraph address where nothing listens:
// every write fails after its retries and goes to the dead letters with the
// write stage, and the run still reads everything and ends.
func TestIngestStoreDown(t *testing.T) {
	conn, err := grpc.NewClient("127.0.0.1:1", grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st := store.New(dgo.NewDgraphClient(api.NewDgraphClient(conn)))
	deadPath := filepath.Join(t.TempDir(), "dead.jsonl")
	dead := ingest.NewDeadLetters(deadPath)
	sum, err := ingest.Run(context.Background(), ingest.Config{Workers: 2, Batch: 4, WriteAttempts: 2, RetryDelay: time.Millisecond,
		ExtractorVersion: extract.Version, DeadLetters: dead}, newExtractor(t), st, []string{"testdata/mixed"})
	dead.Close()
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Read != mixedArticles || sum.Ingested != 0 || sum.Failed != mixedArticles+int64(len(brokenInputs)) {
		t.Errorf("summary %+v: want %d read, none ingested, all failed", sum, mixedArticles)
	}
	writes := 0
	for _, f := range readDeadLetters(t, deadPath) {
		if f.Stage == ingest.StageWrite {
			writes++
			if !strings.Contains(f.Reason, "after 2 attempts") {
				t.Errorf("write failure %s: reason should say it was retried", f)
			}
		}
	}
	if writes != mixedArticles {
		t.Errorf("%d write failures in the dead letters, want %d", writes, mixedArticles)
	}
}

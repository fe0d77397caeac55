package ingest_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/gen"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
)

// BenchmarkIngest measures, on 1,000 and 10,000 generated articles:
// extraction alone (articles/s, all cores), the end-to-end `newsgraph
// ingest` binary into a fresh Dgraph (articles/s, N-Quads/s, peak RSS), and
// `dgraph live` loading the same graph's N-Quads (from `newsgraph export
// --format rdf`) into a fresh Dgraph in the same run. The ratio compares
// ingest with the live loader on the same quads: the graph's N-Quads over
// each one's wall time. Run it with `go test -run '^$' -bench Ingest
// -benchtime 1x ./ingest/` (make bench).
func BenchmarkIngest(b *testing.B) {
	bin := buildBinary(b)
	rss := map[int]float64{}
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			corpus := writeCorpus(b, n)
			var m benchFigures
			for i := 0; i < b.N; i++ {
				m = benchOnce(b, bin, corpus, n)
			}
			rss[n] = m.peakRSSMiB
			b.ReportMetric(m.extractPerSec, "extract-articles/s")
			b.ReportMetric(m.ingestPerSec, "ingest-articles/s")
			b.ReportMetric(m.ingestQuadsPerSec, "ingest-nquads/s")
			b.ReportMetric(m.livePerSec, "live-nquads/s")
			b.ReportMetric(m.ratio, "ingest/live")
			b.ReportMetric(m.peakRSSMiB, "peak-rss-MiB")
			b.ReportMetric(0, "ns/op")
			b.Logf("%d articles: extraction %.0f articles/s; ingest %.1fs = %.0f articles/s, %.0f N-Quads/s (%d quads in the graph, %d sent), peak RSS %.0f MiB; dgraph live %.1fs = %.0f N-Quads/s; ingest/live = %.2f; %d articles failed (dead letters)",
				n, m.extractPerSec, m.ingestSec, m.ingestPerSec, m.ingestQuadsPerSec, m.graphQuads, m.sentQuads, m.peakRSSMiB, m.liveSec, m.livePerSec, m.ratio, m.failed)
			if r1, ok := rss[1000]; ok && n == 10000 {
				b.Logf("peak RSS 10k/1k = %.2f (flat memory is ~1)", m.peakRSSMiB/r1)
			}
		})
	}
}

type benchFigures struct {
	extractPerSec              float64
	ingestSec, ingestPerSec    float64
	ingestQuadsPerSec          float64
	graphQuads, sentQuads      int64
	peakRSSMiB                 float64
	liveSec, livePerSec, ratio float64
	failed                     int64
}

func benchOnce(b *testing.B, bin, corpus string, n int) benchFigures {
	var m benchFigures
	dir := b.TempDir()

	// Extraction alone, on every core.
	x := newExtractor(b)
	g := gen.New(42, gen.Options{})
	docs := make([]schema.Document, n)
	for i := range docs {
		docs[i] = g.Document(i)
	}
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if _, err := x.Extract(docs[i]); err != nil {
					b.Errorf("extract %s: %v", docs[i].ID, err)
				}
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	m.extractPerSec = float64(n) / time.Since(start).Seconds()
	docs = nil

	// End to end: the ingest binary into an empty graph.
	dgraphtest.Client(b)
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command(bin, "ingest", "--dgraph", dgraphtest.GRPCAddr(), "--progress", "none", "--log-level", "warn",
		"--report", report, "--dead-letter", filepath.Join(dir, "dead.jsonl"), corpus)
	start = time.Now()
	out, runErr := cmd.CombinedOutput()
	m.ingestSec = time.Since(start).Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.peakRSSMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	var sum ingest.Summary
	if raw, err := os.ReadFile(report); err != nil || json.Unmarshal(raw, &sum) != nil {
		b.Fatalf("ingest report: %v (run: %v)\n%s", err, runErr, out)
	}
	// Articles the extractor's records fail validation on are dead letters,
	// not a benchmark failure; they are counted and shown.
	if sum.Ingested+sum.Failed != int64(n) || sum.Failed > int64(n)/10 {
		b.Fatalf("ingest wrote %d of %d articles (failed %d): %v\n%s", sum.Ingested, n, sum.Failed, runErr, out)
	}
	m.failed = sum.Failed
	m.sentQuads = sum.NQuads
	m.ingestPerSec = float64(n) / m.ingestSec

	// The same graph as N-Quads.
	rdf := filepath.Join(dir, "graph.rdf")
	if out, err := exec.Command(bin, "export", "--dgraph", dgraphtest.GRPCAddr(), "--log-level", "warn", "--format", "rdf", "--out", rdf).CombinedOutput(); err != nil {
		b.Fatalf("export: %v\n%s", err, out)
	}
	m.graphQuads = countLines(b, rdf)
	m.ingestQuadsPerSec = float64(m.graphQuads) / m.ingestSec

	// dgraph live loading those quads into an empty graph.
	dg := dgraphtest.Client(b)
	live := exec.Command(dgraphtest.Binary(), "live", "--files", rdf, "--alpha", dgraphtest.GRPCAddr(), "--zero", dgraphtest.ZeroGRPCAddr(),
		"--upsertPredicate", "xid", "--xidmap", filepath.Join(dir, "xidmap"))
	live.Dir = dir
	start = time.Now()
	if out, err := live.CombinedOutput(); err != nil {
		b.Fatalf("dgraph live: %v\n%s", err, out)
	}
	m.liveSec = time.Since(start).Seconds()
	m.livePerSec = float64(m.graphQuads) / m.liveSec
	m.ratio = m.ingestQuadsPerSec / m.livePerSec
	if c := articleCount(b, dg); int64(c) != sum.Ingested {
		b.Fatalf("dgraph live loaded %d articles, ingest %d", c, sum.Ingested)
	}
	return m
}

func countLines(b testing.TB, path string) int64 {
	b.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	return n
}

package store

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
)

// BenchmarkWrite measures Write against the baseline of Dgraph's own live
// loader on the same records, in the same run and on the same Dgraph: 2,000
// synthetic articles sharing hot actors, written into an empty graph by
// store.Write, then exported with NQuadsRecords and loaded with `dgraph
// live --upsertPredicate xid` into an empty graph. It reports both N-Quad
// rates and store/live, the figure the project aims to keep ≥ 0.5.
//
//	go test ./store -run '^$' -bench Write -benchtime 1x
func BenchmarkWrite(b *testing.B) {
	recs := genArticles(2000)
	ctx := context.Background()
	var storeDur, liveDur time.Duration
	var storeQuads, liveQuads, articles int
	dir := b.TempDir()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dg := dgraphtest.Client(b)
		s := New(dg)
		b.StartTimer()
		start := time.Now()
		res, err := s.Write(ctx, recs)
		storeDur += time.Since(start)
		b.StopTimer()
		if err != nil || res.Written != len(recs) {
			b.Fatalf("write: %d of %d written: %v", res.Written, len(recs), err)
		}
		storeQuads += res.NQuads
		articles += res.Written

		dgraphtest.Client(b)
		rdf := filepath.Join(dir, "bench.rdf")
		f, err := os.Create(rdf)
		if err != nil {
			b.Fatal(err)
		}
		var n int
		cw := &countingWriter{w: f}
		if err := NQuadsRecords(recs, cw); err != nil {
			b.Fatal(err)
		}
		n = cw.lines
		f.Close()
		start = time.Now()
		liveLoad(b, rdf)
		liveDur += time.Since(start)
		liveQuads += n
		b.StartTimer()
	}
	storeRate := float64(storeQuads) / storeDur.Seconds()
	liveRate := float64(liveQuads) / liveDur.Seconds()
	b.ReportMetric(storeRate, "store-nquads/s")
	b.ReportMetric(float64(articles)/storeDur.Seconds(), "store-articles/s")
	b.ReportMetric(liveRate, "live-nquads/s")
	b.ReportMetric(storeRate/liveRate, "store/live")
	b.Logf("store.Write: %d articles, %d N-Quads in %v (%.0f N-Quads/s, %.1f articles/s); dgraph live: %d N-Quads in %v (%.0f N-Quads/s); ratio %.2f",
		articles, storeQuads, storeDur.Round(time.Millisecond), storeRate, float64(articles)/storeDur.Seconds(),
		liveQuads, liveDur.Round(time.Millisecond), liveRate, storeRate/liveRate)
}

type countingWriter struct {
	w     *os.File
	lines int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	for _, b := range p {
		if b == '\n' {
			c.lines++
		}
	}
	return c.w.Write(p)
}

// BenchmarkWriteConcurrent is the ingest pattern: 8 goroutines share one
// Store and write the 2,000 articles one per call, so the combiner joins
// them into shared transactions. Its baseline, in the same run, is one
// caller writing all of them in BatchSize batches.
func BenchmarkWriteConcurrent(b *testing.B) {
	recs := genArticles(2000)
	ctx := context.Background()
	var serial, combined time.Duration
	var serialQuads, combinedQuads int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := New(dgraphtest.Client(b))
		start := time.Now()
		res, err := s.Write(ctx, recs)
		if err != nil {
			b.Fatal(err)
		}
		serial += time.Since(start)
		serialQuads += res.NQuads

		s = New(dgraphtest.Client(b))
		b.StartTimer()
		start = time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		next := make(chan schema.Record)
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range next {
					res, err := s.Write(ctx, []schema.Record{r})
					mu.Lock()
					combinedQuads += res.NQuads
					if err != nil && firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}()
		}
		for _, r := range recs {
			next <- r
		}
		close(next)
		wg.Wait()
		combined += time.Since(start)
		b.StopTimer()
		if firstErr != nil {
			b.Fatal(firstErr)
		}
	}
	cRate := float64(combinedQuads) / combined.Seconds()
	sRate := float64(serialQuads) / serial.Seconds()
	b.ReportMetric(cRate, "nquads/s")
	b.ReportMetric(float64(len(recs)*b.N)/combined.Seconds(), "articles/s")
	b.ReportMetric(cRate/sRate, "vs-batched")
	b.Logf("8 writers, one article per call: %.0f N-Quads/s, %.1f articles/s; one caller in batches of %d: %.0f N-Quads/s; ratio %.2f",
		cRate, float64(len(recs)*b.N)/combined.Seconds(), DefaultBatchSize, sRate, cRate/sRate)
}

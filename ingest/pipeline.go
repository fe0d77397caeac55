package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

// Extractor turns one article into its record; *extract.Extractor is one.
// It must be safe for concurrent use: the pipeline calls it from every
// worker.
type Extractor interface {
	Extract(doc schema.Document) (schema.Record, error)
}

// Store is where records go; *store.Store is one. Write must be idempotent
// (upserts on stable keys), which is what makes a killed run safe to start
// again, and ArticleSeen lets a run skip what an earlier one finished: the
// same article (canonical URL, else text hash) or the same text under
// another URL, read by the same extractor version.
type Store interface {
	Write(ctx context.Context, recs []schema.Record) (store.WriteResult, error)
	ArticleSeen(ctx context.Context, articleKey, hash, extractorVersion string) (bool, error)
}

// Config tunes a run. Zero values get the defaults.
type Config struct {
	// Workers is the number of extraction workers (default: the number of
	// CPUs).
	Workers int
	// Batch is the number of records per store write (default 64).
	Batch int
	// Writers is the number of concurrent store writers (default 1: on
	// the 2-core reference machine two writers ran 25-35% slower, their
	// batches colliding on hot nodes such as countries and retrying).
	Writers int
	// Force re-extracts and rewrites articles already in the graph.
	Force bool
	// ExtractorVersion is the extractor's version, compared with the one
	// stored with each article to decide whether to skip it.
	ExtractorVersion string
	// DeadLetters receives every failure; nil only counts and logs them.
	DeadLetters *DeadLetters
	// Progress is told the run's counts as it goes; nil shows nothing.
	Progress Progress
	// Stdin is what the path "-" reads (default os.Stdin).
	Stdin io.Reader
	// WriteAttempts is how many times a failing batch write is tried
	// (default 4), with exponential backoff from RetryDelay (default 250ms),
	// before its records are written one by one to isolate the culprit.
	WriteAttempts int
	RetryDelay    time.Duration
	// FlushEvery writes a partial batch when no record came for this long
	// (default 1s), so a slow stream still lands in the graph.
	FlushEvery time.Duration
	Log        zerolog.Logger
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.Batch <= 0 {
		c.Batch = 64
	}
	if c.Writers <= 0 {
		c.Writers = 1
	}
	if c.WriteAttempts <= 0 {
		c.WriteAttempts = 4
	}
	if c.RetryDelay <= 0 {
		c.RetryDelay = 250 * time.Millisecond
	}
	if c.FlushEvery <= 0 {
		c.FlushEvery = time.Second
	}
}

// Summary is what a run did. Read counts articles read from the inputs;
// each ends ingested, skipped (already in the graph) or failed, and Failed
// also counts inputs that yielded no article at all (an unreadable file, a
// malformed line).
type Summary struct {
	Read           int64         `json:"read"`
	Ingested       int64         `json:"ingested"`
	Skipped        int64         `json:"skipped"`
	Failed         int64         `json:"failed"`
	NQuads         int64         `json:"nquads"`
	Bytes          int64         `json:"bytes"`
	Duration       time.Duration `json:"-"`
	Seconds        float64       `json:"duration_seconds"`
	ArticlesPerSec float64       `json:"articles_per_second"`
	NQuadsPerSec   float64       `json:"nquads_per_second"`
	Interrupted    bool          `json:"interrupted"`
	DeadLetter     string        `json:"dead_letter,omitempty"`
}

// Stats is a running snapshot for progress displays.
type Stats struct {
	Read, Ingested, Skipped, Failed, NQuads int64
	// Bytes of input consumed so far and in total (TotalBytes < 0: unknown,
	// as for stdin).
	Bytes, TotalBytes int64
	Elapsed           time.Duration
}

// Progress shows a run's progress.
type Progress interface {
	Update(Stats)
	Done(Stats)
}

// job is one article between stages.
type job struct {
	doc schema.Document
	rec schema.Record
}

type counters struct {
	read, ingested, skipped, failed, nquads, bytes atomic.Int64
}

// Run ingests every article under paths: read (one goroutine, streaming) →
// extract (cfg.Workers goroutines) → write (batched upserts), with bounded
// queues between stages so memory does not grow with the corpus.
//
// Cancelling ctx (SIGINT) stops reading; the articles already read are
// still extracted and written, with a context that outlives ctx, and Run
// returns a summary marked Interrupted. Failures never stop the run: they
// go to cfg.DeadLetters and the summary. The error is for what makes a run
// impossible, not for bad articles.
func Run(ctx context.Context, cfg Config, ex Extractor, st Store, paths []string) (Summary, error) {
	cfg.defaults()
	if ex == nil || st == nil {
		return Summary{}, errors.New("ingest: an extractor and a store are required")
	}
	start := time.Now()
	var c counters
	// Work already read is finished even when ctx is cancelled.
	drainCtx := context.WithoutCancel(ctx)

	fail := func(f Failure) {
		c.failed.Add(1)
		cfg.Log.Warn().Str("origin", f.Origin).Str("id", f.ID).Str("stage", f.Stage).Str("reason", f.Reason).Msg("article failed")
		if cfg.DeadLetters != nil {
			if err := cfg.DeadLetters.Add(f); err != nil {
				cfg.Log.Error().Err(err).Msg("cannot write dead letter")
			}
		}
	}

	var totalBytes int64 = -1
	if cfg.Progress != nil {
		if n, ok := TotalSize(paths); ok {
			totalBytes = n
		}
	}
	reader := &Reader{Stdin: cfg.Stdin, Consumed: func(n int64) { c.bytes.Add(n) }}

	docs := make(chan schema.Document, 2*cfg.Workers)
	recs := make(chan job, 2*cfg.Batch)

	// Read.
	readErr := make(chan error, 1)
	go func() {
		defer close(docs)
		emit := func(d schema.Document) error {
			select {
			case docs <- d:
				c.read.Add(1)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		for _, p := range paths {
			if err := reader.Read(ctx, p, emit, fail); err != nil {
				readErr <- err
				return
			}
		}
		readErr <- nil
	}()

	// Extract.
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range docs {
				if !cfg.Force {
					has, err := st.ArticleSeen(drainCtx, schema.ArticleKey(d.ArticleMeta), d.Hash, cfg.ExtractorVersion)
					if err != nil {
						cfg.Log.Warn().Err(err).Str("origin", d.Origin).Msg("cannot tell whether the article is already in the graph; ingesting it")
					} else if has {
						c.skipped.Add(1)
						continue
					}
				}
				rec, err := safeExtract(ex, d)
				if err != nil {
					fail(Failure{Origin: d.Origin, ID: d.ID, Stage: StageExtract, Reason: err.Error()})
					continue
				}
				recs <- job{doc: d, rec: completeRecord(rec, d, cfg.ExtractorVersion)}
			}
		}()
	}
	go func() { wg.Wait(); close(recs) }()

	// Progress.
	stopProgress := make(chan struct{})
	progressDone := make(chan struct{})
	snapshot := func() Stats {
		return Stats{Read: c.read.Load(), Ingested: c.ingested.Load(), Skipped: c.skipped.Load(), Failed: c.failed.Load(),
			NQuads: c.nquads.Load(), Bytes: c.bytes.Load(), TotalBytes: totalBytes, Elapsed: time.Since(start)}
	}
	go func() {
		defer close(progressDone)
		if cfg.Progress == nil {
			return
		}
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				cfg.Progress.Update(snapshot())
			case <-stopProgress:
				return
			}
		}
	}()

	// Write: Writers goroutines, each batching what it takes off the queue.
	// Concurrent batches that touch the same nodes conflict; the store
	// retries those transactions.
	var writers sync.WaitGroup
	for range cfg.Writers {
		writers.Add(1)
		go func() {
			defer writers.Done()
			w := &batchWriter{cfg: &cfg, st: st, ctx: drainCtx, c: &c, fail: fail}
			w.run(recs)
		}()
	}
	writers.Wait()
	err := <-readErr
	close(stopProgress)
	<-progressDone

	s := snapshot()
	sum := Summary{Read: s.Read, Ingested: s.Ingested, Skipped: s.Skipped, Failed: s.Failed, NQuads: s.NQuads, Bytes: s.Bytes, Duration: s.Elapsed}
	sum.Seconds = sum.Duration.Seconds()
	if sum.Seconds > 0 {
		sum.ArticlesPerSec = float64(sum.Ingested+sum.Skipped) / sum.Seconds
		sum.NQuadsPerSec = float64(sum.NQuads) / sum.Seconds
	}
	if cfg.DeadLetters != nil && sum.Failed > 0 {
		sum.DeadLetter = cfg.DeadLetters.Path()
	}
	if cfg.Progress != nil {
		cfg.Progress.Done(s)
	}
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		sum.Interrupted = true
		return sum, nil
	}
	return sum, err
}

// safeExtract turns an extractor panic on one odd article into that
// article's failure instead of the end of the run.
func safeExtract(ex Extractor, d schema.Document) (rec schema.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("extractor panic: %v\n%s", p, debug.Stack())
		}
	}()
	return ex.Extract(d)
}

// completeRecord fills the article metadata the store keys and skips on
// from the document, where the extractor left it empty.
func completeRecord(rec schema.Record, d schema.Document, version string) schema.Record {
	a := &rec.Article
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&a.ID, d.ID)
	fill(&a.URL, d.URL)
	fill(&a.Title, d.Title)
	fill(&a.Published, d.Published)
	fill(&a.Source, d.Source)
	fill(&a.Language, d.Language)
	fill(&a.Hash, d.Hash)
	fill(&a.Extractor, version)
	return rec
}

type batchWriter struct {
	cfg  *Config
	st   Store
	ctx  context.Context
	c    *counters
	fail func(Failure)
}

// run batches the records off recs until it is closed; a partial batch is
// written when no record came for FlushEvery.
func (w *batchWriter) run(recs <-chan job) {
	batch := make([]job, 0, w.cfg.Batch)
	flush := time.NewTimer(w.cfg.FlushEvery)
	defer flush.Stop()
	for {
		select {
		case j, ok := <-recs:
			if !ok {
				if len(batch) > 0 {
					w.write(batch)
				}
				return
			}
			batch = append(batch, j)
			if len(batch) >= w.cfg.Batch {
				w.write(batch)
				batch = batch[:0]
			}
		case <-flush.C:
			if len(batch) > 0 {
				w.write(batch)
				batch = batch[:0]
			}
			flush.Reset(w.cfg.FlushEvery)
		}
	}
}

// write stores a batch. The store reports each record's outcome: a record
// it rejects as invalid fails at once; records lost to a Dgraph error
// (timeout, unavailable) are written again, with exponential backoff, up to
// WriteAttempts times, then fail. The rest of the batch is never held back
// by one bad record.
func (w *batchWriter) write(batch []job) {
	delay := w.cfg.RetryDelay
	pending := batch
	for attempt := 1; len(pending) > 0; attempt++ {
		recs := make([]schema.Record, len(pending))
		for i, j := range pending {
			recs[i] = j.rec
		}
		res, err := w.st.Write(w.ctx, recs)
		w.c.nquads.Add(int64(res.NQuads))
		var retry []job
		for i, j := range pending {
			var rerr error
			if i < len(res.Records) {
				rerr = res.Records[i].Err
			} else {
				rerr = err
			}
			switch {
			case rerr == nil:
				w.c.ingested.Add(1)
			case errors.Is(rerr, store.ErrInvalid) || attempt >= w.cfg.WriteAttempts:
				reason := rerr.Error()
				if !errors.Is(rerr, store.ErrInvalid) {
					reason = fmt.Sprintf("after %d attempts: %s", attempt, reason)
				}
				w.fail(Failure{Origin: j.doc.Origin, ID: j.doc.ID, Stage: StageWrite, Reason: reason})
			default:
				retry = append(retry, j)
			}
		}
		if len(retry) > 0 {
			w.cfg.Log.Warn().Err(err).Int("records", len(retry)).Int("attempt", attempt).Dur("backoff", delay).Msg("store write failed; retrying")
			time.Sleep(delay)
			delay *= 2
		}
		pending = retry
	}
}

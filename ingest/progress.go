package ingest

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
)

// BarProgress draws a progress bar for a terminal: input bytes against the
// inputs' total size (so the ETA holds for JSONL and WARC files of many
// articles), articles/s and the error count. With an unknown total (stdin)
// it is a spinner.
type BarProgress struct {
	mu  sync.Mutex
	w   io.Writer
	bar *progressbar.ProgressBar
	max int64
}

// NewBarProgress returns a bar writing to w (stderr).
func NewBarProgress(w io.Writer) *BarProgress {
	return &BarProgress{w: w}
}

func (p *BarProgress) init(s Stats) {
	if p.bar != nil {
		return
	}
	p.max = s.TotalBytes
	p.bar = progressbar.NewOptions64(s.TotalBytes,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(24),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionSpinnerType(14),
	)
}

func describe(s Stats) string {
	rate := 0.0
	if sec := s.Elapsed.Seconds(); sec > 0 {
		rate = float64(s.Ingested+s.Skipped) / sec
	}
	return fmt.Sprintf("%d read, %d ingested, %d skipped, %d errors, %.0f articles/s", s.Read, s.Ingested, s.Skipped, s.Failed, rate)
}

// Update redraws the bar.
func (p *BarProgress) Update(s Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init(s)
	p.bar.Describe(describe(s))
	_ = p.bar.Set64(s.Bytes)
}

// Done completes the bar and ends its line.
func (p *BarProgress) Done(s Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.init(s)
	p.bar.Describe(describe(s))
	if p.max > 0 {
		_ = p.bar.Set64(p.max)
	}
	_ = p.bar.Finish()
	fmt.Fprintln(p.w)
}

// LogProgress logs one structured line every Every (default 5s) instead of a
// bar, for logs and CI where a redrawn line is noise.
type LogProgress struct {
	Log   zerolog.Logger
	Every time.Duration
	mu    sync.Mutex
	last  time.Time
}

// Update logs when Every has passed since the last line.
func (p *LogProgress) Update(s Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	every := p.Every
	if every <= 0 {
		every = 5 * time.Second
	}
	if time.Since(p.last) < every {
		return
	}
	if p.last.IsZero() {
		p.last = time.Now()
		return
	}
	p.last = time.Now()
	p.event(p.Log.Info(), s).Msg("ingest progress")
}

// Done does nothing: the caller logs the summary.
func (p *LogProgress) Done(Stats) {}

func (p *LogProgress) event(e *zerolog.Event, s Stats) *zerolog.Event {
	rate := 0.0
	if sec := s.Elapsed.Seconds(); sec > 0 {
		rate = float64(s.Ingested+s.Skipped) / sec
	}
	e = e.Int64("read", s.Read).Int64("ingested", s.Ingested).Int64("skipped", s.Skipped).Int64("failed", s.Failed).
		Int64("nquads", s.NQuads).Float64("articles_per_s", rate).Dur("elapsed", s.Elapsed)
	if s.TotalBytes > 0 {
		done := float64(s.Bytes) / float64(s.TotalBytes)
		e = e.Float64("done_pct", 100*done)
		if done > 0 {
			eta := time.Duration(float64(s.Elapsed) * (1 - done) / done)
			e = e.Dur("eta", eta.Round(time.Second))
		}
	}
	return e
}

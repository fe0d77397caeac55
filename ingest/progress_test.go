package ingest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func TestLogProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &LogProgress{Log: zerolog.New(&buf), Every: time.Millisecond}
	s := Stats{Read: 40, Ingested: 30, Skipped: 5, Failed: 2, Bytes: 250, TotalBytes: 1000, Elapsed: 10 * time.Second}
	p.Update(s) // the first call only starts the clock
	time.Sleep(2 * time.Millisecond)
	p.Update(s)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d log lines, want 1: %q", len(lines), buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"read": 40.0, "ingested": 30.0, "skipped": 5.0, "failed": 2.0, "articles_per_s": 3.5, "done_pct": 25.0, "eta": 30000.0}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (line %s)", k, got[k], v, lines[0])
		}
	}
}

func TestBarProgress(t *testing.T) {
	tests := []struct {
		name  string
		total int64
		want  string
	}{
		{"known total", 1000, "100%"},
		{"stdin", -1, "articles/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := NewBarProgress(&buf)
			s := Stats{Read: 10, Ingested: 8, Failed: 1, Bytes: 400, TotalBytes: tt.total, Elapsed: 2 * time.Second}
			p.Update(s)
			p.Done(s)
			out := buf.String()
			if !strings.Contains(out, tt.want) || !strings.Contains(out, "1 errors") || !strings.Contains(out, "4 articles/s") {
				t.Errorf("bar output %q lacks %q, the error count or the rate", out, tt.want)
			}
		})
	}
}

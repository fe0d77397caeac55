// Package demo_test checks the demo corpus that make run ingests: every
// article reads through the project's own readers, with its date, URL and
// title, at wire-story length.
package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/schema"
)

func TestDemoCorpusReads(t *testing.T) {
	var docs []schema.Document
	var failures []ingest.Failure
	err := ingest.ReadPath(context.Background(), "articles", func(d schema.Document) error {
		docs = append(docs, d)
		return nil
	}, func(f ingest.Failure) { failures = append(failures, f) })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range failures {
		t.Errorf("unreadable: %+v", f)
	}
	if len(docs) < 30 {
		t.Fatalf("%d articles, want about 30", len(docs))
	}
	formats := map[string]int{}
	urls := map[string]string{}
	for _, d := range docs {
		ext := d.Origin[strings.LastIndex(d.Origin, ".")+1:]
		if i := strings.IndexAny(ext, ":#"); i >= 0 {
			ext = ext[:i]
		}
		formats[ext]++
		if d.Published < "2024-04-01" || d.Published > "2025-01-31" {
			t.Errorf("%s: published %q, want April 2024 to January 2025", d.Origin, d.Published)
		}
		if !strings.HasPrefix(d.URL, "https://example.org/demo/") {
			t.Errorf("%s: url %q, want https://example.org/demo/…", d.Origin, d.URL)
		}
		if prev, ok := urls[d.URL]; ok {
			t.Errorf("%s and %s share url %s", prev, d.Origin, d.URL)
		}
		urls[d.URL] = d.Origin
		if d.Title == "" {
			t.Errorf("%s: no title", d.Origin)
		}
		if w := len(strings.Fields(d.Body)); w < 120 || w > 320 {
			t.Errorf("%s: %d words, want a short wire story (120–300 words plus title)", d.Origin, w)
		}
	}
	t.Logf("%d articles by format: %v", len(docs), formats)
}

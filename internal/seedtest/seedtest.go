// Package seedtest gives tests the two seed articles of ../shared/seeds as
// extraction records: read by the real reader, with the dev gold's
// publication date, source and URL as metadata (as FORMAT.md says the
// extractor is given them), and extracted by the real extractor. Tests of the
// store, the API and the UI start from the same graph this way.
package seedtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/schema"
)

// SharedDir is ../shared beside the repository: the seeds and the gold.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("seedtest: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(filepath.Join(shared, "seeds")); err != nil {
				t.Fatalf("seedtest: the shared seeds are missing at %s: check out ../shared beside the repository", shared)
			}
			return shared
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("seedtest: no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Records reads and extracts both seed articles, in file-name order.
func Records(t testing.TB) []schema.Record {
	t.Helper()
	shared := SharedDir(t)
	ex, err := extract.New()
	if err != nil {
		t.Fatalf("extract.New: %v", err)
	}
	seeds, err := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	if err != nil || len(seeds) != 2 {
		t.Fatalf("seeds: %v (found %d, want 2 in %s)", err, len(seeds), filepath.Join(shared, "seeds"))
	}
	sort.Strings(seeds)
	var recs []schema.Record
	for _, path := range seeds {
		meta, err := goldMeta(shared, path)
		if err != nil {
			t.Fatal(err)
		}
		err = ingest.ReadPath(context.Background(), path, func(d schema.Document) error {
			d.Published, d.Source = meta.Published, meta.Source
			if meta.URL != "" {
				d.URL = meta.URL
			}
			rec, err := ex.Extract(d)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
			return nil
		}, nil)
		if err != nil {
			t.Fatalf("read and extract %s: %v", path, err)
		}
	}
	return recs
}

type article struct {
	Published string `json:"published"`
	Source    string `json:"source"`
	URL       string `json:"url"`
}

func goldMeta(shared, seed string) (article, error) {
	name := strings.TrimSuffix(filepath.Base(seed), filepath.Ext(seed))
	path := filepath.Join(shared, "eval", "dev", name+".gold.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return article{}, fmt.Errorf("gold metadata for %s: %w", seed, err)
	}
	var g struct {
		Article article `json:"article"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return article{}, fmt.Errorf("gold metadata %s: %w", path, err)
	}
	return g.Article, nil
}

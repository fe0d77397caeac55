package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// TestExtractCommand reads a seed file and a JSON Lines stream and prints
// one record per article, in input order, with the metadata overrides.
func TestExtractCommand(t *testing.T) {
	seed := "../../../shared/seeds/wana-2024-08-14-pentagon-monitoring.txt"
	dir := t.TempDir()
	jl := filepath.Join(dir, "two.jsonl")
	body := `{"id":"a1","body":"Poland expelled two Russian diplomats on Friday, the foreign ministry said."}` + "\n" +
		`{"id":"a2","body":"Chile and Peru signed a trade agreement in Lima."}` + "\n"
	if err := os.WriteFile(jl, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, "extract", "--published", "2024-08-14", "--source", "WANA", seed, jl)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d records, want 3:\n%s", len(lines), out)
	}
	var ids []string
	for _, l := range lines {
		var rec schema.Record
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not a record: %v\n%s", err, l)
		}
		if rec.Article.Published != "2024-08-14" || rec.Article.Source != "WANA" {
			t.Errorf("overrides not applied: %+v", rec.Article)
		}
		ids = append(ids, rec.Article.ID)
	}
	if strings.Join(ids, ",") != "wana-2024-08-14-pentagon-monitoring,a1,a2" {
		t.Errorf("records out of input order: %v", ids)
	}
}

// TestExtractCommandMissingFile fails with a clear message and still prints
// the articles it could read.
func TestExtractCommandMissingFile(t *testing.T) {
	seed := "../../../shared/seeds/wana-2024-08-14-pentagon-monitoring.txt"
	code, out, stderr := runCmd(t, "extract", seed, filepath.Join(t.TempDir(), "missing.txt"))
	if code == 0 {
		t.Fatalf("exit 0 for a missing input\n%s", stderr)
	}
	if strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "wana-2024-08-14") {
		t.Errorf("the readable article was not printed:\n%s", out)
	}
	if !strings.Contains(stderr, "missing.txt") {
		t.Errorf("stderr does not name the missing input:\n%s", stderr)
	}
}

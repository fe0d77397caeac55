package extract_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/schema"
)

// readArticle reads a gold article the way ingest does, so the extractor
// sees the body an ingest run would give it.
func readArticle(path string) (schema.Document, error) {
	return ingest.ReadOne(context.Background(), path)
}

func score(t *testing.T, x *extract.Extractor, dir string) eval.Summary {
	t.Helper()
	golds, err := eval.LoadDir(dir)
	if err != nil {
		t.Fatalf("load gold %s: %v", dir, err)
	}
	cases, errs := eval.Extract(golds, readArticle, x)
	for _, e := range errs {
		t.Errorf("%v", e)
	}
	rep := eval.Score(cases)
	var buf bytes.Buffer
	if err := rep.WriteText(&buf, os.Getenv("EXTRACT_VERBOSE") != ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s:\n%s", dir, buf.String())
	return rep.Summary()
}

// TestQualityDev scores the extractor on the shared dev gold and holds it
// to the targets of the extraction issue.
func TestQualityDev(t *testing.T) {
	x := newExtractor(t)
	s := score(t, x, "../../../shared/eval/dev")
	checks := []struct {
		name      string
		got, want float64
	}{
		// the targets were 0.90/0.70/0.70/0.80; raised to just
		// below extract/0.3.12's 1.00/0.92/0.96/1.00
		{"actors F1", s.Actors.F1, 0.95},
		{"events F1", s.Events.F1, 0.85},
		{"claims F1", s.Claims.F1, 0.90},
		{"date accuracy", s.DateAcc, 0.95},
	}
	for _, c := range checks {
		if c.got < c.want {
			t.Errorf("%s = %.3f, want ≥ %.2f", c.name, c.got, c.want)
		}
	}
}

// TestQualityRegression scores the regression articles under
// testdata/regression (our own articles with gold). It holds them to lower
// bars than the dev set: they were written to exercise event kinds the
// seeds lack, and the extractor was not tuned sentence by sentence to them.
func TestQualityRegression(t *testing.T) {
	x := newExtractor(t)
	s := score(t, x, "../../testdata/regression")
	// measured at the time of writing: actors 0.97, events 0.73, claims
	// 0.79 on 18 articles; extract/0.3.12: 0.985, 0.790, 0.840. The bars
	// leave room for new, harder articles
	if s.Actors.F1 < 0.90 || s.Events.F1 < 0.70 || s.Claims.F1 < 0.75 {
		t.Errorf("regression scores fell: actors %.3f events %.3f claims %.3f", s.Actors.F1, s.Events.F1, s.Claims.F1)
	}
}

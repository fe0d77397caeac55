package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/ingest/extract"
)

const devGold = "../../../shared/eval/dev"

// The extractor's own run and the same records given back through --pred
// must score identically: --pred pairs records with gold files exactly as
// the direct run does.
func TestEvalPredMatchesDirectRun(t *testing.T) {
	code, direct, stderr := runCmd(t, "eval", "--gold", devGold, "--json")
	if code != 0 {
		t.Fatalf("eval exit %d\n%s", code, stderr)
	}
	var s eval.Summary
	if err := json.Unmarshal([]byte(direct), &s); err != nil {
		t.Fatalf("--json output is not one JSON line: %v\n%s", err, direct)
	}
	if s.Articles != 2 || len(s.NoPrediction) != 0 || s.Actors.TP == 0 {
		t.Fatalf("direct run summary %+v", s)
	}

	golds, err := eval.LoadDir(devGold)
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	cases, errs := eval.Extract(golds, readArticle(context.Background()), x)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// Records in reverse order and with a stray one: pairing is by id.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := len(cases) - 1; i >= 0; i-- {
		if err := enc.Encode(cases[i].Pred); err != nil {
			t.Fatal(err)
		}
	}
	buf.WriteString(`{"article":{"id":"not-in-the-gold"}}` + "\n")
	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	if err := os.WriteFile(pred, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, viaPred, stderr := runCmd(t, "eval", "--gold", devGold, "--pred", pred, "--json")
	if code != 0 {
		t.Fatalf("eval --pred exit %d\n%s", code, stderr)
	}
	var p eval.Summary
	if err := json.Unmarshal([]byte(viaPred), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.UnmatchedPred) != 1 || p.UnmatchedPred[0] != "not-in-the-gold" {
		t.Errorf("unmatched predictions %v, want [not-in-the-gold]", p.UnmatchedPred)
	}
	p.UnmatchedPred = nil
	if p.Actors != s.Actors || p.Events != s.Events || p.Claims != s.Claims || p.DisputesRecall != s.DisputesRecall ||
		p.DateAcc != s.DateAcc || p.ModalityAcc != s.ModalityAcc {
		t.Errorf("--pred scores %+v differ from the direct run %+v", p, s)
	}
}

func TestEvalTextReport(t *testing.T) {
	code, out, stderr := runCmd(t, "eval", "--gold", devGold, "--verbose")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"actors", "events", "claims", "date accuracy", "modality accuracy", "disputes recall",
		"== sputnik-2024-08-16-pentagon-russia-iran", "== wana-2024-08-14-pentagon-monitoring"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !json.Valid([]byte(lines[len(lines)-1])) {
		t.Errorf("the report does not end with the JSON line: %q", lines[len(lines)-1])
	}
}

func TestEvalBrokenInputs(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"article\":{\"id\":\"x\"}}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	brokenGold := filepath.Join(dir, "gold")
	if err := os.Mkdir(brokenGold, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(brokenGold, "a.gold.json"), []byte(`{"article":{"file":"missing.txt"},"actors":[],"events":[],"claims":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no --gold", []string{"eval"}, 2, "--gold"},
		{"gold dir missing", []string{"eval", "--gold", filepath.Join(dir, "nowhere")}, 1, "nowhere"},
		{"gold names a missing article", []string{"eval", "--gold", brokenGold}, 1, "a.gold.json"},
		{"bad prediction line", []string{"eval", "--gold", devGold, "--pred", bad}, 1, "line 2"},
		{"predictions missing", []string{"eval", "--gold", devGold, "--pred", filepath.Join(dir, "none.jsonl")}, 1, "none.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, append(tt.args, "--log-format", "json")...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d stderr %q, want exit %d mentioning %q", code, stderr, tt.wantCode, tt.wantErr)
			}
		})
	}
}

package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// The gold sets the project scores against: the shared development set and
// our own regression set.
var goldDirs = []string{"../../shared/eval/dev", "../testdata/regression"}

// perfect is the record an ideal extractor would print for g: every gold
// item, optional ones included, with gold names turned into actor ids.
func perfect(g *Gold) schema.Record {
	ids := map[string]string{}
	rec := schema.Record{Article: schema.ArticleMeta{ID: g.ID, URL: g.Article.URL}}
	for _, a := range g.Actors {
		id := schema.ActorID(a.Kind, a.Name, a.Country)
		ids[a.Name] = id
		rec.Actors = append(rec.Actors, schema.Actor{ID: id, Kind: a.Kind, Name: a.Name, Country: a.Country, Aliases: a.Aliases})
	}
	conv := func(names []string) []string {
		out := []string{}
		for _, n := range names {
			out = append(out, ids[g.Actors[g.actor(n)].Name])
		}
		return out
	}
	for i, e := range g.Events {
		rec.Events = append(rec.Events, schema.Event{ID: fmt.Sprintf("e%d", i+1), Type: e.Type[0], Mode: e.Mode,
			Sources: conv(e.Sources), Targets: conv(e.Targets), Date: e.Date, Modality: e.Modality,
			Evidence: []schema.Span{{Text: e.Note}}})
	}
	for i, c := range g.Claims {
		rec.Claims = append(rec.Claims, schema.Claim{ID: fmt.Sprintf("c%d", i+1), Claimant: conv(c.Claimant)[0],
			About: conv(c.About), Stance: c.Stance, Text: c.Text})
	}
	for _, d := range g.Disputes {
		for _, o := range d.Disputes {
			rec.Claims[d.Claim].Disputes = append(rec.Claims[d.Claim].Disputes, fmt.Sprintf("c%d", o+1))
		}
	}
	return rec
}

func TestGoldSetsLoadAndScorePerfectly(t *testing.T) {
	for _, dir := range goldDirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			golds, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(golds) == 0 {
				t.Fatalf("%s: no gold files", dir)
			}
			var cases []Case
			for _, g := range golds {
				if _, err := os.Stat(g.ArticlePath); err != nil {
					t.Errorf("%s: article: %v", g.ID, err)
				}
				rec := perfect(g)
				cases = append(cases, Case{Gold: g, Pred: &rec})
			}
			r := Score(cases)
			for name, c := range map[string]Counts{"actors": r.Total.Actors, "events": r.Total.Events, "claims": r.Total.Claims} {
				if c.FP != 0 || c.FN != 0 || c.TP == 0 {
					t.Errorf("%s: the gold scored against itself gives %+v, want only true positives", name, c)
				}
			}
			for name, x := range map[string]Ratio{"date": r.Total.Date, "modality": r.Total.Modality, "disputes": r.Total.Disputes} {
				if x.Correct != x.Total {
					t.Errorf("%s: %+v against itself", name, x)
				}
			}
		})
	}
}

func TestRegressionSetSize(t *testing.T) {
	golds, err := LoadDir("../testdata/regression")
	if err != nil {
		t.Fatal(err)
	}
	if len(golds) < 14 {
		t.Errorf("regression set has %d articles, want at least 14", len(golds))
	}
	for _, g := range golds {
		b, err := os.ReadFile(g.ArticlePath)
		if err != nil {
			t.Fatal(err)
		}
		first, body, _ := strings.Cut(string(b), "\n")
		if !strings.HasPrefix(first, "date "+g.Article.Published+" ") {
			t.Errorf("%s: first line %q, want \"date %s URL\"", g.ID, first, g.Article.Published)
		}
		if n := len(strings.Fields(body)); n < 150 || n > 350 {
			t.Errorf("%s: %d words, want 150–350", g.ID, n)
		}
		if len(g.Events) == 0 || len(g.Claims) == 0 {
			t.Errorf("%s: %d events, %d claims; annotate both", g.ID, len(g.Events), len(g.Claims))
		}
	}
}

func TestLoadErrorsNameTheProblem(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"unknown participant",
			`{"article":{"file":"a.txt"},"actors":[{"name":"Iran","kind":"COUNTRY"}],"events":[{"type":["AID"],"sources":["Iran"],"targets":["Syria"]}],"claims":[]}`,
			`events[0] targets: "Syria" is not an actor`},
		{"bad type",
			`{"article":{"file":"a.txt"},"actors":[{"name":"Iran","kind":"COUNTRY"}],"events":[{"type":["HUG"],"sources":["Iran"],"targets":[]}],"claims":[]}`,
			`type "HUG" is not a PLOVER type`},
		{"bad kind",
			`{"article":{"file":"a.txt"},"actors":[{"name":"Iran","kind":"NATION"}],"events":[],"claims":[]}`,
			`kind "NATION"`},
		{"bad stance",
			`{"article":{"file":"a.txt"},"actors":[{"name":"Iran","kind":"COUNTRY"}],"events":[],"claims":[{"claimant":["Iran"],"about":["Iran"],"stance":"maybe","text":"x"}]}`,
			`stance "maybe"`},
		{"dispute out of range",
			`{"article":{"file":"a.txt"},"actors":[{"name":"Iran","kind":"COUNTRY"}],"events":[],"claims":[{"claimant":["Iran"],"about":["Iran"],"stance":"deny","text":"x"}],"disputes":[{"claim":0,"disputes":[3]}]}`,
			`claim index 3 out of range`},
		{"misspelt field",
			`{"article":{"file":"a.txt"},"actors":[],"events":[{"type":["AID"],"source":["Iran"]}],"claims":[]}`,
			`unknown field "source"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestResolveArticleWalksUp(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "seeds"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "eval", "dev"), 0o755))
	must(os.WriteFile(filepath.Join(root, "seeds", "a.txt"), []byte("text"), 0o644))
	must(os.WriteFile(filepath.Join(root, "eval", "dev", "b.txt"), []byte("text"), 0o644))
	gold := `{"article":{"file":%q},"actors":[],"events":[],"claims":[]}`
	tests := []struct{ file, want string }{
		{"b.txt", filepath.Join(root, "eval", "dev", "b.txt")},
		{"seeds/a.txt", filepath.Join(root, "seeds", "a.txt")},
	}
	for _, tt := range tests {
		p := filepath.Join(root, "eval", "dev", "x.gold.json")
		must(os.WriteFile(p, []byte(fmt.Sprintf(gold, tt.file)), 0o644))
		g, err := LoadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if g.ArticlePath != tt.want || g.ID != "x" {
			t.Errorf("%s resolved to %s (id %s), want %s", tt.file, g.ArticlePath, g.ID, tt.want)
		}
	}
	p := filepath.Join(root, "eval", "dev", "y.gold.json")
	must(os.WriteFile(p, []byte(fmt.Sprintf(gold, "nowhere.txt")), 0o644))
	if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), "y.gold.json") {
		t.Errorf("missing article: err %v, want one naming the gold file", err)
	}
}

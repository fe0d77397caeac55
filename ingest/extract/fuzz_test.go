package extract_test

import (
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// FuzzExtract runs the whole pipeline on arbitrary bodies and publication
// dates: it must not panic, and every span it returns must lie inside the
// (repaired) body and carry the body's text.
func FuzzExtract(f *testing.F) {
	for _, p := range []string{
		"../../../shared/seeds/sputnik-2024-08-16-pentagon-russia-iran.txt",
		"../../../shared/seeds/wana-2024-08-14-pentagon-monitoring.txt",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatalf("seed corpus: %v", err)
		}
		f.Add(string(b), "2024-08-16")
	}
	f.Add("", "")
	f.Add("\x00\x01\x02\xff\xfe", "2024-01-01")
	f.Add("Russia \xc3\x28 said \xa0\xa1 that Iran visited.", "bad date")
	f.Add("—— … ### *** 12 34 56", "2024-02-30")
	f.Add(`"“”‘’«»"`, "")
	f.Add("U.S. U.N. E.U. Mr. Dr. Gen.", "2024-12-31")
	f.Add("If if if that that Iran Iran's its it they their these countries.", "2024-06-01")
	f.Add("WANA (August 14)The U.S. said on Monday, Tuesday and in October 2025 that Russia's ally Iran rejected claims.", "")
	x := newExtractor(f)
	f.Fuzz(func(t *testing.T, body, published string) {
		rec, err := x.Extract(schema.Document{ArticleMeta: schema.ArticleMeta{Published: published, Source: "Fuzz"}, Body: body})
		if err != nil {
			if len(body) <= 10<<20 {
				t.Fatalf("error on a small body: %v", err)
			}
			return
		}
		// the package repairs invalid UTF-8 this way before reading
		fixed := strings.ToValidUTF8(body, "\uFFFD")
		check := func(s schema.Span) {
			if s.Start < 0 || s.End > len(fixed) || s.Start > s.End || fixed[s.Start:s.End] != s.Text {
				t.Fatalf("span %d..%d %q outside or unlike the body", s.Start, s.End, s.Text)
			}
		}
		ids := map[string]bool{}
		for _, a := range rec.Actors {
			ids[a.ID] = true
			for _, m := range a.Mentions {
				check(m)
			}
		}
		for _, e := range rec.Events {
			for _, s := range e.Evidence {
				check(s)
			}
			for _, id := range append(append([]string{}, e.Sources...), e.Targets...) {
				if !ids[id] {
					t.Fatalf("event names actor %s missing from the record", id)
				}
			}
		}
		for _, c := range rec.Claims {
			for _, s := range c.Evidence {
				check(s)
			}
			if !ids[c.Claimant] {
				t.Fatalf("claim by %s missing from the record", c.Claimant)
			}
		}
	})
}

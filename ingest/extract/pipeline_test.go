package extract_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/schema"
)

func run(t *testing.T, body, published string) schema.Record {
	t.Helper()
	rec, err := newExtractor(t).Extract(schema.Document{ArticleMeta: schema.ArticleMeta{ID: "t", Published: published}, Body: body})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return rec
}

func hasEvent(rec schema.Record, typ, modality string, sources, targets []string) bool {
	for _, e := range rec.Events {
		if e.Type != typ || (modality != "" && e.Modality != modality) {
			continue
		}
		if containsAll(e.Sources, sources) && containsAll(append(append([]string{}, e.Targets...), e.Sources...), targets) {
			return true
		}
	}
	return false
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// TestEvents runs the whole pipeline on sentences of our own and checks the
// event each one should yield.
func TestEvents(t *testing.T) {
	tests := []struct {
		name, body string
		typ, mod   string
		src, tgt   []string
	}{
		{"visit", "Turkish President Recep Tayyip Erdogan visited Germany on Friday.", "CONSULT", "asserted",
			[]string{"person:recep-tayyip-erdogan"}, []string{"country:DEU"}},
		{"planned agreement", "Egypt is expected to sign a gas agreement with Israel next month.", "AGREE", "planned",
			[]string{"country:EGY"}, []string{"country:ISR"}},
		{"joint drills", "Chinese and Russian warships held joint exercises in the Sea of Japan.", "COOPERATE", "asserted",
			[]string{"country:CHN", "country:RUS"}, nil},
		{"praise", "Hungary praised Turkey as a reliable partner.", "SUPPORT", "asserted",
			[]string{"country:HUN"}, []string{"country:TUR"}},
		{"rejection", "Venezuelan officials rejected the accusations on Tuesday.", "REJECT", "asserted",
			[]string{"country:VEN"}, nil},
		{"alleged aid", "The French Foreign Ministry claimed that Belarus is supplying fuel to Russia.", "AID", "alleged",
			[]string{"country:BLR"}, []string{"country:RUS"}},
		{"hypothetical threat", "Japan said it is prepared to take action if North Korea launches another missile.", "THREATEN", "hypothetical",
			[]string{"country:JPN"}, []string{"country:PRK"}},
		{"accuse", "Poland accused Belarus of orchestrating the border crisis.", "ACCUSE", "asserted",
			[]string{"country:POL"}, []string{"country:BLR"}},
		{"negated support", "Brazil does not support the sanctions against Venezuela.", "SUPPORT", "denied",
			[]string{"country:BRA"}, nil},
		{"expulsion", "Germany expelled two Russian diplomats on Monday.", "SANCTION", "asserted",
			[]string{"country:DEU"}, []string{"country:RUS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := run(t, tc.body, "2024-03-15")
			if !hasEvent(rec, tc.typ, tc.mod, tc.src, tc.tgt) {
				t.Errorf("no %s/%s event %v → %v in %q; got %+v", tc.typ, tc.mod, tc.src, tc.tgt, tc.body, rec.Events)
			}
		})
	}
}

// TestClaims checks claimant, stance and via on reported speech of our own.
func TestClaims(t *testing.T) {
	tests := []struct {
		name, body string
		claimant   string
		stance     string
		via        string
		about      string
	}{
		{"said that", "The Kremlin said that Finland had provoked the crisis.", "org:kremlin", "assert", "", "country:FIN"},
		{"quote then speaker", `"We will defend every inch," Polish President Andrzej Duda told reporters.`, "person:andrzej-duda", "assert", "", "country:POL"},
		{"pronoun", "Foreign Minister Penny Wong visited Beijing. She added that Australia wants stable ties.", "person:penny-wong", "assert", "", "country:AUS"},
		{"denial", "Iran denied that it had sent drones to Sudan.", "country:IRN", "deny", "", "country:SDN"},
		{"nested", "Reuters reported that Israeli officials believe Hezbollah is rearming.", "group:israeli-officials", "assert", "org:reuters", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := run(t, tc.body, "2024-03-15")
			for _, c := range rec.Claims {
				if c.Claimant != tc.claimant {
					continue
				}
				if c.Stance != tc.stance {
					t.Errorf("stance %s, want %s", c.Stance, tc.stance)
				}
				if tc.via != "" && !containsAll(c.Via, []string{tc.via}) {
					t.Errorf("via %v, want %s", c.Via, tc.via)
				}
				if tc.about != "" && !containsAll(c.About, []string{tc.about}) {
					t.Errorf("about %v, want %s", c.About, tc.about)
				}
				return
			}
			t.Errorf("no claim by %s in %q; got %+v", tc.claimant, tc.body, rec.Claims)
		})
	}
}

func readSeed(t *testing.T, name string) schema.Document {
	t.Helper()
	var docs []schema.Document
	if err := ingest.ReadPath(context.Background(), "../../../shared/seeds/"+name, func(d schema.Document) error {
		docs = append(docs, d)
		return nil
	}, nil); err != nil || len(docs) != 1 {
		t.Fatalf("read seed %s: %v (%d docs)", name, err, len(docs))
	}
	return docs[0]
}

// TestSeeds checks the key facts of both seed articles.
func TestSeeds(t *testing.T) {
	x := newExtractor(t)
	sp := readSeed(t, "sputnik-2024-08-16-pentagon-russia-iran.txt")
	sp.Published, sp.Source = "2024-08-16", "Sputnik International"
	rec, err := x.Extract(sp)
	if err != nil {
		t.Fatal(err)
	}
	var visit, agree bool
	for _, e := range rec.Events {
		if e.Type == "CONSULT" && e.Mode == "visit" && containsAll(e.Sources, []string{"person:sergei-shoigu"}) && containsAll(e.Targets, []string{"country:IRN"}) {
			visit = strings.HasPrefix(e.Date, "2024-08")
		}
		if e.Type == "AGREE" && e.Modality == "planned" && containsAll(append(e.Sources, e.Targets...), []string{"country:IRN", "country:RUS"}) {
			agree = e.Date == "2024-10" && e.Location == "Kazan"
		}
	}
	if !visit {
		t.Errorf("sputnik: no CONSULT visit Shoigu → Iran in 2024-08: %+v", rec.Events)
	}
	if !agree {
		t.Errorf("sputnik: no planned AGREE Iran–Russia 2024-10 in Kazan: %+v", rec.Events)
	}
	for _, a := range rec.Actors {
		if a.ID == "person:masoud-pezeshkian" && a.Country != "IRN" {
			t.Errorf("Pezeshkian country %q", a.Country)
		}
	}

	wa := readSeed(t, "wana-2024-08-14-pentagon-monitoring.txt")
	wa.Published, wa.Source = "2024-08-14", "WANA"
	rec, err = x.Extract(wa)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]schema.Claim{}
	for _, c := range rec.Claims {
		ids[c.ID] = c
	}
	var reject bool
	for _, c := range rec.Claims {
		if c.Stance != "deny" || !strings.Contains(c.Claimant, "iran") {
			continue
		}
		for _, d := range c.Disputes {
			if ids[d].Claimant == "org:us-department-of-state" {
				reject = true
			}
		}
	}
	if !reject {
		t.Errorf("wana: no Iranian denial disputing the State Department claim: %+v", rec.Claims)
	}
	if !hasEvent(rec, "REJECT", "asserted", []string{"country:IRN"}, nil) {
		t.Errorf("wana: no REJECT by Iran")
	}
}

// TestLimits: oversized input is a clear error; junk, invalid UTF-8, empty
// and sentence-less text give a record without error.
func TestLimits(t *testing.T) {
	x := newExtractor(t)
	big := strings.Repeat("Talks went on. ", extract.MaxBodyBytes/15+10)
	if _, err := x.Extract(schema.Document{Body: big}); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("10 MB body: err = %v, want ErrTooLarge", err)
	}
	for name, body := range map[string]string{
		"empty":        "",
		"blank":        " \n\t\n ",
		"binary":       "\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"invalid utf8": "Russia \xc3\x28 said \xa0\xa1 that Iran \xf0\x28\x8c\x28 visited.",
		"no sentence":  "—— … ### *** 12 34 56",
		"one word":     "Iran",
	} {
		rec, err := x.Extract(schema.Document{Body: body})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if rec.Article.Hash == "" || rec.Article.Extractor != extract.Version {
			t.Errorf("%s: metadata not filled: %+v", name, rec.Article)
		}
		for _, a := range rec.Actors {
			for _, m := range a.Mentions {
				if m.Start < 0 || m.End > len(body)+len(body)*2 || m.Start > m.End {
					t.Errorf("%s: bad span %+v", name, m)
				}
			}
		}
	}
}

// TestOffsets: every span's text is the body's bytes at its offsets.
func TestOffsets(t *testing.T) {
	x := newExtractor(t)
	doc := readSeed(t, "wana-2024-08-14-pentagon-monitoring.txt")
	doc.Published = "2024-08-14"
	rec, err := x.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	check := func(s schema.Span) {
		if s.Start < 0 || s.End > len(doc.Body) || doc.Body[s.Start:s.End] != s.Text {
			t.Errorf("span %d..%d %q does not match the body", s.Start, s.End, s.Text)
		}
	}
	for _, a := range rec.Actors {
		for _, m := range a.Mentions {
			check(m)
		}
	}
	for _, e := range rec.Events {
		for _, s := range e.Evidence {
			check(s)
		}
	}
	for _, c := range rec.Claims {
		for _, s := range c.Evidence {
			check(s)
		}
	}
}

// TestLongRuns: text with no sentence ends, or one name repeated a
// hundred thousand times, is read in bounded time (a quadratic rule would
// take minutes here).
// TestLongRuns feeds runs of pathological text of up to half a megabyte (no
// full stops, one name repeated, only pronouns, only quotes, only newlines,
// one clean sentence repeated) and holds the extractor to linear time:
// quadrupling the input may not cost more than ten times as long (quadratic
// work would cost sixteen). Each size keeps the fastest of three runs, so
// a busy machine or the race detector does not decide the ratio; a
// wall-clock bound would.
func TestLongRuns(t *testing.T) {
	x := newExtractor(t)
	for _, tt := range []struct {
		name, unit string
		n          int // repetitions in the large input
	}{
		{"no stops", "Iran said that Russia and China met ", 15000},
		{"one name", "Iran ", 100000},
		{"pronouns", "He said it was their plan and she added that they agreed. ", 10000},
		{"quotes", "“", 50000},
		{"newlines", "\n", 250000},
		{"big clean", "Russian President Vladimir Putin visited Tehran on Monday, the Kremlin said. ", 10000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fastest := func(n int) time.Duration {
				body := strings.Repeat(tt.unit, n)
				best := time.Duration(1<<63 - 1)
				for range 3 {
					start := time.Now()
					if _, err := x.Extract(schema.Document{Body: body, ArticleMeta: schema.ArticleMeta{Published: "2024-05-01"}}); err != nil {
						t.Fatalf("%d bytes: %v", len(body), err)
					}
					best = min(best, time.Since(start))
				}
				return best
			}
			small, large := fastest(tt.n/4), fastest(tt.n)
			t.Logf("%d bytes in %v, 4x that in %v", len(tt.unit)*tt.n/4, small, large)
			// Below a few milliseconds timer noise dominates the ratio.
			if large > 10*small && large > 50*time.Millisecond {
				t.Errorf("4x the input took %.1fx the time (%v vs %v): superlinear", float64(large)/float64(small), large, small)
			}
		})
	}
}

// TestMoreSentences covers attribution shapes and event kinds of our own
// wording.
func TestMoreSentences(t *testing.T) {
	rec := run(t, `Turkey has agreed to supply armed drones to Ukraine, Turkish officials said.

Hungary blocked an EU statement criticizing China, diplomats said.

North Korea threatened to respond with force if the United States continued its drills with South Korea.

Iran released two French citizens held since 2022, the French Foreign Ministry said.

US President Joe Biden and Chinese President Xi Jinping spoke by telephone on Tuesday.`, "2024-03-18")
	for _, want := range []struct {
		typ, mod string
		src, tgt []string
	}{
		{"AGREE", "planned", []string{"country:TUR"}, []string{"country:UKR"}},
		{"ACCUSE", "", []string{"org:european-union"}, []string{"country:CHN"}},
		{"THREATEN", "hypothetical", []string{"country:PRK"}, []string{"country:USA"}},
		{"RETREAT", "asserted", []string{"country:IRN"}, nil},
		{"CONSULT", "asserted", []string{"person:joe-biden", "person:xi-jinping"}, nil},
	} {
		if !hasEvent(rec, want.typ, want.mod, want.src, want.tgt) {
			t.Errorf("no %s/%s %v → %v; got %+v", want.typ, want.mod, want.src, want.tgt, rec.Events)
		}
	}
	var trailing bool
	for _, c := range rec.Claims {
		if c.Claimant == "group:turkish-officials" && strings.HasPrefix(c.Text, "Turkey has agreed") {
			trailing = true
		}
		if strings.Contains(c.Claimant, "hungary") {
			t.Errorf("the participle of a reduced relative made a claim: %+v", c)
		}
	}
	if !trailing {
		t.Errorf("no claim for a trailing attribution: %+v", rec.Claims)
	}
}

// TestRecordIntegrity: every id a record uses names an actor of the same
// record (role organisations included), as the store requires.
func TestRecordIntegrity(t *testing.T) {
	x := newExtractor(t)
	for _, name := range []string{"sputnik-2024-08-16-pentagon-russia-iran.txt", "wana-2024-08-14-pentagon-monitoring.txt"} {
		doc := readSeed(t, name)
		doc.Published = "2024-08-16"
		rec, err := x.Extract(doc)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, a := range rec.Actors {
			ids[a.ID] = true
		}
		claims := map[string]bool{}
		for _, c := range rec.Claims {
			claims[c.ID] = true
		}
		check := func(what, id string) {
			if id != "" && !ids[id] {
				t.Errorf("%s: %s %q is not an actor of the record", name, what, id)
			}
		}
		for _, a := range rec.Actors {
			for _, r := range a.Roles {
				check("role org", r.Org)
			}
		}
		for _, e := range rec.Events {
			for _, id := range append(append([]string{}, e.Sources...), e.Targets...) {
				check("event actor", id)
			}
		}
		for _, c := range rec.Claims {
			check("claimant", c.Claimant)
			for _, id := range append(append([]string{}, c.About...), c.Via...) {
				check("claim actor", id)
			}
			for _, id := range c.Disputes {
				if !claims[id] {
					t.Errorf("%s: disputes %q is not a claim of the record", name, id)
				}
			}
		}
	}
}

// TestConcurrentDeterministic: one Extractor serves many goroutines, and
// the same article always gives the same record.
func TestConcurrentDeterministic(t *testing.T) {
	x := newExtractor(t)
	doc := readSeed(t, "wana-2024-08-14-pentagon-monitoring.txt")
	doc.Published = "2024-08-14"
	want, err := x.Extract(doc)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 5; n++ {
				got, err := x.Extract(doc)
				if err != nil {
					errs <- err.Error()
					return
				}
				if b, _ := json.Marshal(got); string(b) != string(wantJSON) {
					errs <- "record differs between runs"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestOwnArticle runs a short article of our own through the pipeline: a
// dateline, a trailing attribution, a quote with its speaker, a pronoun, a
// denial and an offer.
func TestOwnArticle(t *testing.T) {
	rec := run(t, `BRUSSELS, March 4 (Test Wire) - The European Union on Monday imposed sanctions on six Iranian officials over the supply of drones to Russia, the bloc's foreign policy chief Kaja Kallas said.

"Tehran must stop arming Moscow," Kallas told reporters after a meeting of EU foreign ministers in Brussels. She added that further measures were being prepared.

Iran's foreign ministry spokesman Esmaeil Baghaei dismissed the sanctions as "baseless and illegal" and said Tehran had never sent drones for use in Ukraine.

Turkey offered to host new talks between Russia and Ukraine, Fidan said, adding that both sides had been informed.`, "2025-03-04")
	if !hasEvent(rec, "SANCTION", "asserted", []string{"org:european-union"}, []string{"country:IRN"}) {
		t.Errorf("no SANCTION EU → Iran: %+v", rec.Events)
	}
	if !hasEvent(rec, "REJECT", "asserted", []string{"person:esmaeil-baghaei"}, nil) {
		t.Errorf("no REJECT by Baghaei: %+v", rec.Events)
	}
	want := map[string]string{"told reporters": "person:kaja-kallas", "added": "person:kaja-kallas", "dismissed": "person:esmaeil-baghaei"}
	for _, c := range rec.Claims {
		if w, ok := want[c.Cue]; ok {
			if c.Claimant != w {
				t.Errorf("cue %q: claimant %s, want %s", c.Cue, c.Claimant, w)
			}
			if c.Cue == "dismissed" && c.Stance != "deny" {
				t.Errorf("the dismissal is not a denial: %+v", c)
			}
			delete(want, c.Cue)
		}
	}
	for cue := range want {
		t.Errorf("no claim with cue %q: %+v", cue, rec.Claims)
	}
	for _, c := range rec.Claims {
		if strings.HasPrefix(c.Text, "BRUSSELS") {
			t.Errorf("claim text keeps the dateline: %q", c.Text)
		}
	}
}

// TestNamedActs: "the exercises" later in the article names the earlier
// act, so condemning them targets its actor.
func TestNamedActs(t *testing.T) {
	rec := run(t, "China began large-scale military exercises around Taiwan on Thursday.\n\nJapan condemned the exercises on Friday.", "2024-05-24")
	if !hasEvent(rec, "ACCUSE", "asserted", []string{"country:JPN"}, []string{"country:CHN"}) {
		t.Errorf("no ACCUSE Japan → China: %+v", rec.Events)
	}
}

// TestStoryDate: an undated event takes the day the lead reports, not the
// publication day.
func TestStoryDate(t *testing.T) {
	rec := run(t, "LIMA, May 8 (Test Wire) - Chile and Peru held talks in Lima on Tuesday.\n\nPeru also expelled two Bolivian diplomats.", "2024-05-08")
	for _, e := range rec.Events {
		if e.Type == "SANCTION" && e.Date != "2024-05-07" {
			t.Errorf("undated expulsion dated %q, want the lead's 2024-05-07", e.Date)
		}
		if e.Type == "CONSULT" && e.Date != "2024-05-07" {
			t.Errorf("talks dated %q, want 2024-05-07", e.Date)
		}
	}
	if !hasEvent(rec, "SANCTION", "asserted", []string{"country:PER"}, []string{"country:BOL"}) {
		t.Errorf("no SANCTION Peru → Bolivia: %+v", rec.Events)
	}
}

// TestDenialOfLaterReport: a denial of "a report" disputes the outlet's
// report quoted further down.
func TestDenialOfLaterReport(t *testing.T) {
	rec := run(t, `BELGRADE, June 20 (Test Wire) - Serbian President Aleksandar Vucic on Thursday denied a report that Serbian-made artillery shells had reached Ukraine through third countries, calling it "a lie".

The Financial Times reported on Wednesday that Serbian ammunition had been sold to buyers in Europe and later shipped to Kyiv.`, "2024-06-20")
	ids := map[string]string{}
	for _, c := range rec.Claims {
		ids[c.ID] = c.Claimant
	}
	for _, c := range rec.Claims {
		if c.Claimant == "person:aleksandar-vucic" {
			if c.Stance != "deny" || len(c.Disputes) != 1 || ids[c.Disputes[0]] != "org:financial-times" {
				t.Errorf("denial %+v does not dispute the Financial Times report", c)
			}
			return
		}
	}
	t.Errorf("no claim by Vucic: %+v", rec.Claims)
}

// TestInstitutions: a country's institution written in lower case is an
// organisation of that country, and the country is mentioned too.
func TestInstitutions(t *testing.T) {
	rec := run(t, "The Russian embassy said the accusations were unfounded. Chile's foreign ministry summoned the ambassador.", "2024-05-08")
	found := map[string]string{}
	for _, a := range rec.Actors {
		if a.Kind == "ORGANIZATION" {
			found[a.Name] = a.Country
		}
	}
	if found["Russian Embassy"] != "RUS" {
		t.Errorf("no Russian Embassy (RUS) among %v", found)
	}
	if c, ok := found["Chilean Foreign Ministry"]; ok && c != "CHL" {
		t.Errorf("Chilean Foreign Ministry has country %q", c)
	}
}

// TestDenialThenAssertion: "rejected X and said Y" is a denial and an
// assertion, each with its own content.
func TestDenialThenAssertion(t *testing.T) {
	rec := run(t, "Poland expelled a Russian diplomat on Friday, the Polish foreign ministry said. Moscow rejected the accusations and said it would respond.", "2024-03-01")
	var deny, assert bool
	for _, c := range rec.Claims {
		if c.Claimant != "country:RUS" {
			continue
		}
		switch {
		case c.Stance == "deny" && !strings.Contains(c.Text, "respond"):
			deny = true
		case c.Stance == "assert" && strings.Contains(c.Text, "respond"):
			assert = true
		}
	}
	if !deny || !assert {
		t.Errorf("want a denial and a separate assertion by Russia: %+v", rec.Claims)
	}
}

package store

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// TestValidate breaks one thing at a time in a real record (the Sputnik
// fixture) and expects the error to name the article, the field and why.
func TestValidate(t *testing.T) {
	base := func(t *testing.T) schema.Record { return loadFixture(t, fixtures[0]) }
	if err := Validate(base(t)); err != nil {
		t.Fatalf("fixture is invalid: %v", err)
	}
	if err := Validate(loadFixture(t, fixtures[1])); err != nil {
		t.Fatalf("fixture is invalid: %v", err)
	}
	const art = "article sputnik-2024-08-16-pentagon-russia-iran: "
	for _, tc := range []struct {
		name   string
		break_ func(r *schema.Record)
		want   string // exact error, or a prefix when it ends in "…"
	}{
		{"no article id", func(r *schema.Record) { r.Article.ID = "" },
			`article "": article.id: required`},
		{"invalid UTF-8 in a name", func(r *schema.Record) { r.Actors[4].Name = "Sabrina \xff Singh" },
			art + "actors[4].name \"Sabrina \uFFFD Singh\": invalid UTF-8"},
		{"over-long name", func(r *schema.Record) { r.Actors[0].Aliases = append(r.Actors[0].Aliases, strings.Repeat("x", 513)) },
			art + `actors[0].aliases[3] "` + strings.Repeat("x", 80) + `…": 513 bytes, longer than the limit of 512`},
		{"over-long claim text", func(r *schema.Record) { r.Claims[0].Text = strings.Repeat("y", 64<<10+1) },
			art + `claims[0].text "` + strings.Repeat("y", 80) + `…": 65537 bytes, longer than the limit of 65536`},
		{"NUL in evidence", func(r *schema.Record) { r.Events[0].Evidence[0].Text = "a\x00b" },
			art + `events[0].evidence[0].text "a\x00b": contains a NUL byte`},
		{"unknown kind", func(r *schema.Record) { r.Actors[1].Kind = "NATION" },
			art + `actors[1].kind "NATION": unknown kind; want one of PERSON, COUNTRY, ORGANIZATION, GROUP, LOCATION`},
		{"duplicate actor", func(r *schema.Record) { r.Actors[2].ID = r.Actors[1].ID },
			art + `actors[2].id "country:IRN": duplicate actor id`},
		{"actor id without prefix", func(r *schema.Record) { r.Actors[9].ID = "brics" },
			art + `actors[9].id "brics": want a global key like person:sergei-shoigu (schema.ActorID)`},
		{"bad country code", func(r *schema.Record) { r.Actors[4].Country = "us" },
			art + `actors[4].country "us": want an ISO 3166-1 alpha-3 code like RUS`},
		{"role org not an actor", func(r *schema.Record) { r.Actors[4].Roles[0].Org = "org:nowhere" },
			art + `actors[4].roles[0].org "org:nowhere": not an actor of this record`},
		{"unknown event type", func(r *schema.Record) { r.Events[1].Type = "VISIT" },
			art + `events[1].type "VISIT": unknown PLOVER type`},
		{"unknown modality", func(r *schema.Record) { r.Events[1].Modality = "rumoured" },
			art + `events[1].modality "rumoured": unknown modality; want one of asserted, planned, alleged, denied, hypothetical`},
		{"unknown context", func(r *schema.Record) { r.Events[2].Context = []string{"navy"} },
			art + `events[2].context[0] "navy": unknown PLOVER context`},
		{"dangling event source", func(r *schema.Record) { r.Events[2].Sources[0] = "person:x" },
			art + `events[2].sources[0] "person:x": not an actor of this record`},
		{"dangling event target", func(r *schema.Record) { r.Events[1].Targets = []string{"country:XXX"} },
			art + `events[1].targets[0] "country:XXX": not an actor of this record`},
		{"bad event date", func(r *schema.Record) { r.Events[0].Date = "October 2024" },
			art + `events[0].date "October 2024": want an ISO date: YYYY, YYYY-MM or YYYY-MM-DD`},
		{"confidence out of range", func(r *schema.Record) { r.Events[0].Confidence = 1.5 },
			art + `events[0].confidence "1.5": want a number from 0 to 1`},
		{"confidence NaN", func(r *schema.Record) { r.Events[0].Confidence = math.NaN() },
			art + `events[0].confidence "NaN": want a number from 0 to 1`},
		{"event without evidence", func(r *schema.Record) { r.Events[3].Evidence = nil },
			art + `events[3].evidence: at least one evidence span is required`},
		{"span end before start", func(r *schema.Record) { r.Events[0].Evidence[0].End = r.Events[0].Evidence[0].Start - 1 },
			art + `events[0].evidence[0] "…`},
		{"negative span", func(r *schema.Record) { r.Actors[0].Mentions[0].Start = -4 },
			art + `actors[0].mentions[0] "-4..…`},
		{"duplicate event id", func(r *schema.Record) { r.Events[1].ID = "e1" },
			art + `events[1].id "e1": duplicate event id`},
		{"unknown stance", func(r *schema.Record) { r.Claims[1].Stance = "maybe" },
			art + `claims[1].stance "maybe": unknown stance; want assert or deny`},
		{"dangling claimant", func(r *schema.Record) { r.Claims[0].Claimant = "person:nobody" },
			art + `claims[0].claimant "person:nobody": not an actor of this record`},
		{"empty claimant", func(r *schema.Record) { r.Claims[0].Claimant = "" },
			art + `claims[0].claimant: required`},
		{"dangling about", func(r *schema.Record) { r.Claims[2].About = append(r.Claims[2].About, "country:FRA") },
			art + `claims[2].about[2] "country:FRA": not an actor of this record`},
		{"dangling via", func(r *schema.Record) { r.Claims[2].Via = []string{"org:tass"} },
			art + `claims[2].via[0] "org:tass": not an actor of this record`},
		{"dispute of an unknown claim", func(r *schema.Record) { r.Claims[2].Disputes = []string{"c9"} },
			art + `claims[2].disputes[0] "c9": not a claim of this record`},
		{"claim disputes itself", func(r *schema.Record) { r.Claims[2].Disputes = []string{"c3"} },
			art + `claims[2].disputes[0] "c3": a claim cannot dispute itself`},
		{"bad published", func(r *schema.Record) { r.Article.Published = "16/08/2024" },
			art + `article.published "16/08/2024": want YYYY-MM-DD or RFC 3339`},
		{"two problems, both reported", func(r *schema.Record) { r.Events[0].Type = "X"; r.Claims[0].Stance = "" },
			art + `events[0].type "X": unknown PLOVER type; claims[0].stance: unknown stance; want assert or deny`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := base(t)
			tc.break_(&r)
			err := Validate(r)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false")
			}
			got := err.Error()
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("error:\n got  %s\n want %s…", got, prefix)
				}
			} else if got != tc.want {
				t.Errorf("error:\n got  %s\n want %s", got, tc.want)
			}
		})
	}
}

// TestValidateAcceptsOptionalParts: what FORMAT.md leaves optional may be
// missing.
func TestValidateAcceptsOptionalParts(t *testing.T) {
	for _, tc := range []struct {
		name string
		rec  schema.Record
	}{
		{"article only", schema.Record{Article: schema.ArticleMeta{ID: "a"}}},
		{"RFC 3339 published", schema.Record{Article: schema.ArticleMeta{ID: "a", Published: "2024-08-16T06:52:00Z"}}},
		{"event without participants or date", schema.Record{Article: schema.ArticleMeta{ID: "a"},
			Events: []schema.Event{{ID: "e1", Type: "PROTEST", Modality: "asserted", Evidence: []schema.Span{{Start: 0, End: 0}}}}}},
		{"year-precision date", schema.Record{Article: schema.ArticleMeta{ID: "a"},
			Events: []schema.Event{{ID: "e1", Type: "AID", Date: "2024", Modality: "planned", Evidence: []schema.Span{{Start: 3, End: 9, Text: "aid"}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Validate(tc.rec); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

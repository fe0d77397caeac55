package store

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/schema"
)

// Limits on what one record may carry. A name longer than a paragraph or a
// sentence longer than a long article is an extraction bug, and Dgraph's
// exact and trigram indexes on names would choke on it.
const (
	MaxNameBytes = 512       // ids, names, aliases, titles, cues, modes, …
	MaxTextBytes = 64 << 10  // claim text, evidence text, article title and URL
	maxIssues    = 10        // reported per record
	maxSpanEnd   = 256 << 20 // a byte offset beyond any article we would read
)

// ValidationError says why a record was rejected: which article, which part
// of the record and which field.
type ValidationError struct {
	Article string
	Issues  []Issue
}

// Issue is one problem in a record.
type Issue struct {
	Field  string // e.g. events[2].sources[0]
	Value  string // the offending value, shortened
	Reason string
}

func (i Issue) String() string {
	if i.Value == "" {
		return i.Field + ": " + i.Reason
	}
	return fmt.Sprintf("%s %q: %s", i.Field, i.Value, i.Reason)
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		parts[i] = is.String()
	}
	return fmt.Sprintf("article %s: %s", e.Article, strings.Join(parts, "; "))
}

// ErrInvalid is matched by every ValidationError (errors.Is).
var ErrInvalid = errors.New("invalid record")

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Validate checks a record before anything of it is written: every string
// valid UTF-8 and within limits, kinds, types, modalities and stances known,
// every id a record part uses defined in the record, spans well-formed.
func Validate(rec schema.Record) error {
	v := validator{}
	v.check(rec)
	if len(v.issues) == 0 {
		return nil
	}
	id := rec.Article.ID
	if !utf8.ValidString(id) || id == "" {
		id = fmt.Sprintf("%q", id)
	}
	return &ValidationError{Article: shorten(id), Issues: v.issues}
}

type validator struct{ issues []Issue }

func (v *validator) add(field, value, reason string) {
	if len(v.issues) < maxIssues {
		v.issues = append(v.issues, Issue{Field: field, Value: shorten(value), Reason: reason})
	}
}

func shorten(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) > 80 {
		cut := 80
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// text checks a string's encoding and length; required strings must not be
// empty.
func (v *validator) text(field, s string, max int, required bool) bool {
	switch {
	case !utf8.ValidString(s):
		v.add(field, s, "invalid UTF-8")
	case len(s) > max:
		v.add(field, s, fmt.Sprintf("%d bytes, longer than the limit of %d", len(s), max))
	case strings.ContainsRune(s, 0):
		v.add(field, s, "contains a NUL byte")
	case required && strings.TrimSpace(s) == "":
		v.add(field, "", "required")
	default:
		return true
	}
	return false
}

func (v *validator) span(field string, s schema.Span) {
	v.text(field+".text", s.Text, MaxTextBytes, false)
	switch {
	case s.Start < 0 || s.End < 0:
		v.add(field, fmt.Sprintf("%d..%d", s.Start, s.End), "negative offset")
	case s.End < s.Start:
		v.add(field, fmt.Sprintf("%d..%d", s.Start, s.End), "end before start")
	case s.End > maxSpanEnd:
		v.add(field, fmt.Sprintf("%d..%d", s.Start, s.End), "offset beyond any article")
	}
}

func (v *validator) date(field, s string) {
	if s == "" || !v.text(field, s, MaxNameBytes, false) {
		return
	}
	if _, _, ok := parseDate(s); !ok {
		v.add(field, s, "want an ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
	}
}

func (v *validator) check(rec schema.Record) {
	m := rec.Article
	v.text("article.id", m.ID, MaxNameBytes, true)
	v.text("article.url", m.URL, MaxTextBytes, false)
	v.text("article.title", m.Title, MaxTextBytes, false)
	v.text("article.source", m.Source, MaxNameBytes, false)
	v.text("article.language", m.Language, MaxNameBytes, false)
	v.text("article.hash", m.Hash, MaxNameBytes, false)
	v.text("article.extractor", m.Extractor, MaxNameBytes, false)
	if v.text("article.published", m.Published, MaxNameBytes, false) {
		if _, err := parseTimestamp(m.Published); err != nil {
			v.add("article.published", m.Published, err.Error())
		}
	}

	actors := map[string]bool{}
	for i, a := range rec.Actors {
		f := fmt.Sprintf("actors[%d]", i)
		if v.text(f+".id", a.ID, MaxNameBytes, true) {
			if actors[a.ID] {
				v.add(f+".id", a.ID, "duplicate actor id")
			}
			if !strings.Contains(a.ID, ":") {
				v.add(f+".id", a.ID, "want a global key like person:sergei-shoigu (schema.ActorID)")
			}
			actors[a.ID] = true
		}
		if !slices.Contains(schema.Kinds, a.Kind) {
			v.add(f+".kind", a.Kind, "unknown kind; want one of "+strings.Join(schema.Kinds, ", "))
		}
		v.text(f+".name", a.Name, MaxNameBytes, true)
		v.country(f+".country", a.Country)
		for j, al := range a.Aliases {
			v.text(fmt.Sprintf("%s.aliases[%d]", f, j), al, MaxNameBytes, true)
		}
		for j, s := range a.Mentions {
			v.span(fmt.Sprintf("%s.mentions[%d]", f, j), s)
		}
	}
	// Roles may name an organization listed after the person.
	for i, a := range rec.Actors {
		for j, r := range a.Roles {
			f := fmt.Sprintf("actors[%d].roles[%d]", i, j)
			v.text(f+".title", r.Title, MaxNameBytes, true)
			if r.Org != "" {
				v.ref(f+".org", r.Org, actors)
			}
		}
	}

	events := map[string]bool{}
	for i, e := range rec.Events {
		f := fmt.Sprintf("events[%d]", i)
		v.id(f+".id", e.ID, "event", events)
		if _, ok := schema.LookupEventType(e.Type); !ok {
			v.add(f+".type", e.Type, "unknown PLOVER type")
		}
		v.text(f+".mode", e.Mode, MaxNameBytes, false)
		for j, c := range e.Context {
			if !schema.ValidContext(c) {
				v.add(fmt.Sprintf("%s.context[%d]", f, j), c, "unknown PLOVER context")
			}
		}
		v.refs(f+".sources", e.Sources, actors)
		v.refs(f+".targets", e.Targets, actors)
		v.date(f+".date", e.Date)
		v.text(f+".location", e.Location, MaxNameBytes, false)
		if !slices.Contains(schema.Modalities, e.Modality) {
			v.add(f+".modality", e.Modality, "unknown modality; want one of "+strings.Join(schema.Modalities, ", "))
		}
		if math.IsNaN(e.Confidence) || e.Confidence < 0 || e.Confidence > 1 {
			v.add(f+".confidence", fmt.Sprint(e.Confidence), "want a number from 0 to 1")
		}
		v.evidence(f, e.Evidence)
	}

	claims := map[string]bool{}
	for i, c := range rec.Claims {
		v.id(fmt.Sprintf("claims[%d].id", i), c.ID, "claim", claims)
	}
	for i, c := range rec.Claims {
		f := fmt.Sprintf("claims[%d]", i)
		v.ref(f+".claimant", c.Claimant, actors)
		v.text(f+".cue", c.Cue, MaxNameBytes, false)
		v.text(f+".text", c.Text, MaxTextBytes, true)
		v.refs(f+".about", c.About, actors)
		if c.Stance != schema.StanceAssert && c.Stance != schema.StanceDeny {
			v.add(f+".stance", c.Stance, "unknown stance; want assert or deny")
		}
		v.refs(f+".via", c.Via, actors)
		for j, d := range c.Disputes {
			df := fmt.Sprintf("%s.disputes[%d]", f, j)
			switch {
			case d == c.ID:
				v.add(df, d, "a claim cannot dispute itself")
			case !claims[d]:
				v.add(df, d, "not a claim of this record")
			}
		}
		v.date(f+".date", c.Date)
		v.evidence(f, c.Evidence)
	}
}

// id checks a record-local id and that no other part of its kind uses it.
func (v *validator) id(field, id, kind string, seen map[string]bool) {
	if !v.text(field, id, MaxNameBytes, true) {
		return
	}
	if seen[id] {
		v.add(field, id, "duplicate "+kind+" id")
	}
	seen[id] = true
}

func (v *validator) refs(field string, ids []string, actors map[string]bool) {
	for j, id := range ids {
		v.ref(fmt.Sprintf("%s[%d]", field, j), id, actors)
	}
}

func (v *validator) ref(field, id string, actors map[string]bool) {
	if !v.text(field, id, MaxNameBytes, true) {
		return
	}
	if !actors[id] {
		v.add(field, id, "not an actor of this record")
	}
}

func (v *validator) country(field, iso string) {
	if iso == "" {
		return
	}
	if len(iso) != 3 || strings.ToUpper(iso) != iso || strings.IndexFunc(iso, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		v.add(field, iso, "want an ISO 3166-1 alpha-3 code like RUS")
	}
}

// evidence requires at least one span: the project promises a source
// sentence behind every event and claim.
func (v *validator) evidence(f string, spans []schema.Span) {
	if len(spans) == 0 {
		v.add(f+".evidence", "", "at least one evidence span is required")
	}
	for j, s := range spans {
		v.span(fmt.Sprintf("%s.evidence[%d]", f, j), s)
	}
}

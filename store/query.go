package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/dgraph-io/dgo/v230"
	gojson "github.com/goccy/go-json"

	"github.com/newsgraph/newsgraph/schema"
)

// Queries answers the GraphQL API's reads. Every query is a constant DQL
// text (or one assembled from constant fragments) and takes whatever the user
// gave through query variables; uids come only from Dgraph's own answers and
// are checked against uidPattern before they are sent back.
type Queries struct {
	dg    *dgo.Dgraph
	trace func(query string, vars map[string]string)
}

// WithTrace returns queries that call fn with every DQL request they send
// (before sending it), so a benchmark can replay exactly what a GraphQL
// request issued, against Dgraph alone.
func (q *Queries) WithTrace(fn func(query string, vars map[string]string)) *Queries {
	c := *q
	c.trace = fn
	return &c
}

// NewQueries returns the read queries over dg.
func NewQueries(dg *dgo.Dgraph) *Queries { return &Queries{dg: dg} }

// ErrNotFound is returned when an id names no node.
var ErrNotFound = errors.New("not found")

// InputError is a request the graph cannot answer as asked; its message is
// meant for the user.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// MaxIDLength bounds ids and search strings: keys are short, and a megabyte
// search string would only make Dgraph's trigram matcher work for nothing.
const MaxIDLength = 2048

var uidPattern = regexp.MustCompile(`^0x[0-9a-f]{1,16}$`)

// Range is an inclusive date range; a zero bound is open.
type Range struct {
	From, To time.Time
}

func (r Range) empty() bool { return r.From.IsZero() && r.To.IsZero() }

// filter returns a DQL filter over the datetime predicate pred, using the
// query variables $from and $to, and sets them in vars.
func (r Range) filter(pred string, vars map[string]string) string {
	var parts []string
	if !r.From.IsZero() {
		vars["$from"] = r.From.UTC().Format(time.RFC3339)
		parts = append(parts, "ge("+pred+", $from)")
	}
	if !r.To.IsZero() {
		vars["$to"] = r.To.UTC().Format(time.RFC3339)
		parts = append(parts, "le("+pred+", $to)")
	}
	return strings.Join(parts, " AND ")
}

func (r Range) contains(t time.Time) bool {
	if t.IsZero() {
		return r.empty()
	}
	return (r.From.IsZero() || !t.Before(r.From)) && (r.To.IsZero() || !t.After(r.To))
}

// ParseDate reads an ISO 8601 date at any precision (2024, 2024-08,
// 2024-08-16, RFC 3339) as the period [start, end] it names.
func ParseDate(s string) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	} {
		if len(s) == len(l.layout) {
			if t, err := time.Parse(l.layout, s); err == nil {
				return t, l.next(t).Add(-time.Second), nil
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, t, nil
	}
	return time.Time{}, time.Time{}, inputErrorf("date %q: use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp", clip(s, 40))
}

// DateRange builds a Range from optional from/to dates.
func DateRange(from, to *string) (Range, error) {
	var r Range
	if from != nil && *from != "" {
		s, _, err := ParseDate(*from)
		if err != nil {
			return r, err
		}
		r.From = s
	}
	if to != nil && *to != "" {
		_, e, err := ParseDate(*to)
		if err != nil {
			return r, err
		}
		r.To = e
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return r, inputErrorf("from (%s) is after to (%s)", *from, *to)
	}
	return r, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// checkID refuses ids no key could be: empty, huge, or with control
// characters. Anything else is only ever sent as a variable.
func checkID(what, id string) error {
	if id == "" {
		return inputErrorf("%s: empty id", what)
	}
	if len(id) > MaxIDLength {
		return inputErrorf("%s: id longer than %d bytes", what, MaxIDLength)
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return inputErrorf("%s: id contains control characters", what)
		}
	}
	return nil
}

// uidList renders uids as a DQL uid list for a variable: "[0x1, 0x2]".
func uidList(uids []string) (string, error) {
	for _, u := range uids {
		if !uidPattern.MatchString(u) {
			return "", fmt.Errorf("invalid uid %q", clip(u, 20))
		}
	}
	return "[" + strings.Join(uids, ", ") + "]", nil
}

// run executes a read-only query and decodes the JSON answer into out. Not
// best-effort: Dgraph v25 can then answer from a snapshot older than the
// last commit, and a client that just ingested must see what it wrote.
func (q *Queries) run(ctx context.Context, query string, vars map[string]string, out any) error {
	return q.runIn(ctx, q.dg.NewReadOnlyTxn(), query, vars, out)
}

// runIn is run within txn, so that several requests read one snapshot.
// Answers decode with goccy/go-json, a drop-in for encoding/json: on a
// 10,000-article graph encoding/json took 8 ms of neighborhood()'s 65 (a
// 180 KB answer) and 1.7 ms of relationship()'s 21; go-json takes under a
// half of that.
func (q *Queries) runIn(ctx context.Context, txn *dgo.Txn, query string, vars map[string]string, out any) error {
	if q.trace != nil {
		q.trace(query, vars)
	}
	resp, err := txn.QueryWithVars(ctx, query, vars)
	if err != nil {
		return fmt.Errorf("dgraph query: %w", err)
	}
	if err := gojson.Unmarshal(resp.Json, out); err != nil {
		return fmt.Errorf("decode dgraph answer: %w", err)
	}
	return nil
}

// --- DQL fragments ---------------------------------------------------------

// actorFields reads an actor and, one level deep, the actor it was merged
// into, so results show the surviving actor.
const actorBase = `uid id: xid kind: actor.kind name: actor.name aliases: actor.aliases country: actor.country of: actor.of_country { uid }`

const actorFields = actorBase + ` merged: actor.merged_into { ` + actorBase + ` }`

const articleFields = `uid id: xid url: article.url title: article.title published: article.published language: article.language source: article.source { name: source.name }`

const evidenceFields = `sentence: evidence.text start: evidence.start end: evidence.end article: evidence.article { ` + articleFields + ` }`

// Events and claims read at most 50 pieces of evidence each; sourceCount
// counts the distinct articles among them.
const eventFields = `uid id: xid type: event.type mode: event.mode contexts: event.contexts date: event.date_text at: event.date location: event.location modality: event.modality confidence: event.confidence score: event.score
	sources: event.sources { ` + actorFields + ` }
	targets: event.targets { ` + actorFields + ` }
	evidence: event.evidence (first: 50) { ` + evidenceFields + ` }`

const claimFields = `uid id: xid text: claim.text cue: claim.cue stance: claim.stance date: claim.date_text at: claim.date
	claimant: claim.claimant { ` + actorFields + ` }
	about: claim.about { ` + actorFields + ` }
	via: claim.via { ` + actorFields + ` }
	disputes: claim.disputes { uid }
	disputedBy: ~claim.disputes { uid }
	evidence: claim.evidence (first: 50) { ` + evidenceFields + ` }`

// --- raw decoding ------------------------------------------------------------

type uidRef struct {
	UID string `json:"uid"`
}

type rawActor struct {
	UID     string    `json:"uid"`
	ID      string    `json:"id"`
	Kind    string    `json:"kind"`
	Name    string    `json:"name"`
	Aliases []string  `json:"aliases"`
	Country *string   `json:"country"`
	Of      *uidRef   `json:"of"`
	Merged  *rawActor `json:"merged"`
	Roles   []rawRole `json:"roles"`
}

type rawRole struct {
	Title   string    `json:"title"`
	Current bool      `json:"current"`
	Org     *rawActor `json:"org"`
}

// actor converts, answering a merged actor as the one it was merged into.
func (r *rawActor) actor() *Actor {
	if r == nil {
		return nil
	}
	if r.Merged != nil && r.Merged.UID != "" {
		m := r.Merged.plain()
		m.MergedInto = ""
		return m
	}
	return r.plain()
}

func (r *rawActor) plain() *Actor {
	a := &Actor{UID: r.UID, ID: r.ID, Kind: r.Kind, Name: r.Name, Aliases: r.Aliases, Country: r.Country}
	if a.Aliases == nil {
		a.Aliases = []string{}
	}
	sort.Strings(a.Aliases)
	if r.Of != nil {
		a.CountryUID = r.Of.UID
	}
	if r.Merged != nil {
		a.MergedInto = r.Merged.UID
	}
	if a.Name == "" {
		a.Name = a.ID
	}
	return a
}

func actors(rs []*rawActor) []*Actor {
	out := make([]*Actor, 0, len(rs))
	seen := map[string]bool{}
	for _, r := range rs {
		a := r.actor()
		if a == nil || seen[a.UID] {
			continue
		}
		seen[a.UID] = true
		out = append(out, a)
	}
	// Dgraph lists uid edges in uid order, which depends on write order:
	// answer in id order instead, the same on every graph.
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

type rawArticle struct {
	UID       string  `json:"uid"`
	ID        string  `json:"id"`
	URL       *string `json:"url"`
	Title     *string `json:"title"`
	Published *string `json:"published"`
	Language  *string `json:"language"`
	Source    *struct {
		Name string `json:"name"`
	} `json:"source"`
}

func (r *rawArticle) article() *Article {
	if r == nil {
		return &Article{}
	}
	a := &Article{UID: r.UID, ID: r.ID, URL: r.URL, Title: r.Title, Language: r.Language, Published: shortDate(r.Published)}
	if r.Source != nil && r.Source.Name != "" {
		s := r.Source.Name
		a.Source = &s
	}
	return a
}

// shortDate drops a midnight UTC time from a datetime: 2024-08-16.
func shortDate(s *string) *string {
	if s == nil {
		return nil
	}
	d := strings.TrimSuffix(*s, "T00:00:00Z")
	return &d
}

type rawEvidence struct {
	UID      string      `json:"uid"`
	Sentence string      `json:"sentence"`
	Start    int         `json:"start"`
	End      int         `json:"end"`
	Article  *rawArticle `json:"article"`
}

func evidence(rs []rawEvidence) ([]*Evidence, int) {
	out := make([]*Evidence, 0, len(rs))
	arts := map[string]bool{}
	for _, r := range rs {
		art := r.Article.article()
		arts[art.UID] = true
		out = append(out, &Evidence{Article: art, Sentence: r.Sentence, Start: r.Start, End: r.End})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Article.ID != out[j].Article.ID {
			return out[i].Article.ID < out[j].Article.ID
		}
		return out[i].Start < out[j].Start
	})
	return out, len(arts)
}

type rawEvent struct {
	UID        string        `json:"uid"`
	ID         string        `json:"id"`
	Type       string        `json:"type"`
	Mode       *string       `json:"mode"`
	Contexts   []string      `json:"contexts"`
	Date       *string       `json:"date"`
	At         string        `json:"at"`
	Location   *string       `json:"location"`
	Modality   string        `json:"modality"`
	Confidence float64       `json:"confidence"`
	Score      *float64      `json:"score"`
	Summary    string        `json:"summary"`
	Sources    []*rawActor   `json:"sources"`
	Targets    []*rawActor   `json:"targets"`
	Evidence   []rawEvidence `json:"evidence"`
}

func (r *rawEvent) event() *Event {
	e := &Event{UID: r.UID, ID: r.ID, Type: r.Type, Mode: r.Mode, Contexts: r.Contexts, Date: r.Date,
		Location: r.Location, Modality: strings.ToUpper(r.Modality), Confidence: r.Confidence,
		Sources: actors(r.Sources), Targets: actors(r.Targets)}
	if e.Contexts == nil {
		e.Contexts = []string{}
	}
	if t, ok := schema.LookupEventType(r.Type); ok {
		e.Quad = t.Quad
	}
	mode := ""
	if r.Mode != nil {
		mode = *r.Mode
	}
	if r.Score != nil {
		e.Score = *r.Score
	} else {
		e.Score = schema.Score(r.Type, mode)
	}
	if e.Modality == "" {
		e.Modality = strings.ToUpper(schema.ModalityAsserted)
	}
	e.Evidence, e.SourceCount = evidence(r.Evidence)
	e.month = month(r.At, r.Date, e.Evidence)
	return e
}

type rawClaim struct {
	UID        string        `json:"uid"`
	ID         string        `json:"id"`
	Text       string        `json:"text"`
	Cue        *string       `json:"cue"`
	Stance     string        `json:"stance"`
	Date       *string       `json:"date"`
	At         string        `json:"at"`
	Claimant   *rawActor     `json:"claimant"`
	About      []*rawActor   `json:"about"`
	Via        []*rawActor   `json:"via"`
	Disputes   []uidRef      `json:"disputes"`
	DisputedBy []uidRef      `json:"disputedBy"`
	Evidence   []rawEvidence `json:"evidence"`
}

func (r *rawClaim) claim() *Claim {
	c := &Claim{UID: r.UID, ID: r.ID, Text: r.Text, Cue: r.Cue, Stance: strings.ToUpper(r.Stance), Date: r.Date,
		Claimant: r.Claimant.actor(), About: actors(r.About), Via: actors(r.Via)}
	if c.Claimant == nil {
		c.Claimant = &Actor{ID: "unknown", Name: "unknown", Kind: schema.KindGroup, Aliases: []string{}}
	}
	if c.Stance == "" {
		c.Stance = strings.ToUpper(schema.StanceAssert)
	}
	for _, d := range r.Disputes {
		c.DisputeUIDs = append(c.DisputeUIDs, d.UID)
	}
	for _, d := range r.DisputedBy {
		c.DisputedByUIDs = append(c.DisputedByUIDs, d.UID)
	}
	c.Evidence, c.SourceCount = evidence(r.Evidence)
	return c
}

// month is the YYYY-MM an event or claim belongs to: its own date, else
// its first article's publication.
func month(at string, text *string, ev []*Evidence) string {
	switch {
	case len(at) >= 7:
		return at[:7]
	case text != nil && len(*text) >= 7:
		return (*text)[:7]
	}
	for _, e := range ev {
		if p := e.Article.Published; p != nil && len(*p) >= 7 {
			return (*p)[:7]
		}
	}
	return ""
}

// --- node lookups ----------------------------------------------------------

// ActorsByID returns the actors with the given ids (merged ones answered as
// the actor they were merged into), keyed by the id asked for.
func (q *Queries) ActorsByID(ctx context.Context, ids []string) (map[string]*Actor, error) {
	out := map[string]*Actor{}
	if len(ids) == 0 {
		return out, nil
	}
	// One block per id, each with its own variable: eq() over a list
	// variable is not part of DQL.
	var b strings.Builder
	vars := map[string]string{}
	b.WriteString("query q(")
	for i := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$i%d: string", i)
		vars[fmt.Sprintf("$i%d", i)] = ids[i]
	}
	b.WriteString(") {\n")
	for i := range ids {
		fmt.Fprintf(&b, "a%d(func: eq(xid, $i%d)) @filter(has(actor.kind)) { %s }\n", i, i, actorFields)
	}
	b.WriteString("}")
	var res map[string][]*rawActor
	if err := q.run(ctx, b.String(), vars, &res); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if rs := res[fmt.Sprintf("a%d", i)]; len(rs) > 0 {
			out[id] = rs[0].actor()
		}
	}
	return out, nil
}

// Actor returns one actor by id.
func (q *Queries) Actor(ctx context.Context, id string) (*Actor, error) {
	if err := checkID("actor", id); err != nil {
		return nil, err
	}
	m, err := q.ActorsByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	a, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("actor %q: %w", clip(id, 80), ErrNotFound)
	}
	return a, nil
}

// ActorsByUID returns actors by uid, as they are (not redirected through
// merges), for the loaders.
func (q *Queries) ActorsByUID(ctx context.Context, uids []string) (map[string]*Actor, error) {
	out := map[string]*Actor{}
	if len(uids) == 0 {
		return out, nil
	}
	list, err := uidList(uids)
	if err != nil {
		return nil, err
	}
	var res struct{ A []*rawActor }
	if err := q.run(ctx, `query q($u: string) { a(func: uid($u)) @filter(has(actor.kind)) { `+actorBase+` merged: actor.merged_into { uid } } }`,
		map[string]string{"$u": list}, &res); err != nil {
		return nil, err
	}
	for _, r := range res.A {
		out[r.UID] = r.plain()
	}
	return out, nil
}

// RolesByActor returns each actor's roles, for the loaders.
func (q *Queries) RolesByActor(ctx context.Context, uids []string) (map[string][]*Role, error) {
	out := map[string][]*Role{}
	list, err := uidList(uids)
	if err != nil || len(uids) == 0 {
		return out, err
	}
	var res struct {
		A []struct {
			UID   string    `json:"uid"`
			Roles []rawRole `json:"roles"`
		}
	}
	if err := q.run(ctx, `query q($u: string) { a(func: uid($u)) { uid roles: actor.roles { title: role.title current: role.current org: role.org { `+actorFields+` } } } }`,
		map[string]string{"$u": list}, &res); err != nil {
		return nil, err
	}
	for _, a := range res.A {
		roles := make([]*Role, 0, len(a.Roles))
		for _, r := range a.Roles {
			roles = append(roles, &Role{Title: r.Title, Current: r.Current, Org: r.Org.actor()})
		}
		sort.Slice(roles, func(i, j int) bool { return roles[i].Title < roles[j].Title })
		out[a.UID] = roles
	}
	return out, nil
}

// MergedFrom returns, per actor uid, the actors merged into it.
func (q *Queries) MergedFrom(ctx context.Context, uids []string) (map[string][]*Actor, error) {
	out := map[string][]*Actor{}
	list, err := uidList(uids)
	if err != nil || len(uids) == 0 {
		return out, err
	}
	var res struct {
		A []struct {
			UID    string      `json:"uid"`
			Merged []*rawActor `json:"merged"`
		}
	}
	if err := q.run(ctx, `query q($u: string) { a(func: uid($u)) { uid merged: ~actor.merged_into (orderasc: xid) { `+actorBase+` } } }`,
		map[string]string{"$u": list}, &res); err != nil {
		return nil, err
	}
	for _, a := range res.A {
		for _, m := range a.Merged {
			out[a.UID] = append(out[a.UID], m.plain())
		}
	}
	return out, nil
}

// ClaimsByUID returns claims by uid, for the disputes loaders.
func (q *Queries) ClaimsByUID(ctx context.Context, uids []string) (map[string]*Claim, error) {
	out := map[string]*Claim{}
	list, err := uidList(uids)
	if err != nil || len(uids) == 0 {
		return out, err
	}
	var res struct{ C []*rawClaim }
	if err := q.run(ctx, `query q($u: string) { c(func: uid($u)) @filter(has(claim.text)) { `+claimFields+` } }`,
		map[string]string{"$u": list}, &res); err != nil {
		return nil, err
	}
	for _, r := range res.C {
		out[r.UID] = r.claim()
	}
	return out, nil
}

// lookup reads the node whose xid is id and that passes filter.
func lookup[R any](ctx context.Context, q *Queries, what, id, filter, fields string) (*R, error) {
	if err := checkID(what, id); err != nil {
		return nil, err
	}
	var res struct{ N []*R }
	if err := q.run(ctx, `query q($id: string) { n(func: eq(xid, $id)) @filter(`+filter+`) { `+fields+` } }`,
		map[string]string{"$id": id}, &res); err != nil {
		return nil, err
	}
	if len(res.N) == 0 {
		return nil, fmt.Errorf("%s %q: %w", what, clip(id, 80), ErrNotFound)
	}
	return res.N[0], nil
}

// Event returns one event by id.
func (q *Queries) Event(ctx context.Context, id string) (*Event, error) {
	r, err := lookup[rawEvent](ctx, q, "event", id, "has(event.type)", eventFields)
	if err != nil {
		return nil, err
	}
	return r.event(), nil
}

// Claim returns one claim by id.
func (q *Queries) Claim(ctx context.Context, id string) (*Claim, error) {
	r, err := lookup[rawClaim](ctx, q, "claim", id, "has(claim.text)", claimFields)
	if err != nil {
		return nil, err
	}
	return r.claim(), nil
}

// Article returns one article by id.
func (q *Queries) Article(ctx context.Context, id string) (*Article, error) {
	r, err := lookup[rawArticle](ctx, q, "article", id, "type(Article)", articleFields)
	if err != nil {
		return nil, err
	}
	return r.article(), nil
}

// Ping checks that Dgraph answers a query.
func (q *Queries) Ping(ctx context.Context) error {
	var res map[string]any
	return q.run(ctx, `{ p(func: uid(0x1)) { uid } }`, nil, &res)
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// MaxPage is the most items one page may ask for; the API refuses more.
const MaxPage = 100

// maxSearchResults bounds how many actors a fuzzy search ranks.
const maxSearchResults = 1000

// Window is one page of a list: First items after Offset.
type Window struct {
	First, Offset int
}

func (w Window) check() error {
	if w.First < 0 || w.Offset < 0 {
		return inputErrorf("first and after must not be negative")
	}
	if w.First > MaxPage {
		return inputErrorf("first is %d; at most %d", w.First, MaxPage)
	}
	return nil
}

// listQuery assembles one DQL request from blocks that each page and count
// a set. Each block's variables are suffixed with its index so that many
// lists (one per actor in a page of actors) travel in one request.
type listQuery struct {
	params []string // "$x0: string"
	vars   map[string]string
	setup  []string
	blocks []string
}

func newListQuery() *listQuery { return &listQuery{vars: map[string]string{}} }

func (l *listQuery) param(name, typ, value string) string {
	l.params = append(l.params, name+": "+typ)
	l.vars[name] = value
	return name
}

// page adds result block r<i> and count block n<i> over set (a DQL function
// such as uid(A, B)), with an optional filter, order and page window.
func (l *listQuery) page(i int, set, filter, order, fields string, w Window) {
	f := l.param(fmt.Sprintf("$f%d", i), "int", strconv.Itoa(w.First))
	o := l.param(fmt.Sprintf("$o%d", i), "int", strconv.Itoa(w.Offset))
	flt := ""
	if filter != "" {
		flt = " @filter(" + filter + ")"
	}
	if order != "" {
		order = ", " + order
	}
	l.blocks = append(l.blocks,
		fmt.Sprintf("r%d(func: %s%s, first: %s, offset: %s)%s { %s }", i, set, order, f, o, flt, fields),
		fmt.Sprintf("n%d(func: %s)%s { c: count(uid) }", i, set, flt))
}

func (l *listQuery) String() string {
	return "query q(" + strings.Join(l.params, ", ") + ") {\n" + strings.Join(l.setup, "\n") + "\n" + strings.Join(l.blocks, "\n") + "\n}"
}

// listResult holds the decoded r<i> and n<i> blocks.
type listResult map[string]json.RawMessage

func (q *Queries) runList(ctx context.Context, l *listQuery) (listResult, error) {
	var res listResult
	if err := q.run(ctx, l.String(), l.vars, &res); err != nil {
		return nil, err
	}
	return res, nil
}

func (r listResult) items(i int, out any) error {
	raw, ok := r[fmt.Sprintf("r%d", i)]
	if !ok {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func (r listResult) total(i int) int {
	var n []struct {
		C int `json:"c"`
	}
	_ = json.Unmarshal(r[fmt.Sprintf("n%d", i)], &n)
	if len(n) == 0 {
		return 0
	}
	return n[0].C
}

func and(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, "("+p+")")
		}
	}
	return strings.Join(keep, " AND ")
}

// suffixed renames $from/$to in a range filter to $from<i>/$to<i>.
func (r Range) suffixed(pred string, i int, l *listQuery) string {
	vars := map[string]string{}
	f := r.filter(pred, vars)
	for k, v := range vars {
		name := fmt.Sprintf("%s%d", k, i)
		l.param(name, "string", v)
		f = strings.ReplaceAll(f, k+")", name+")")
	}
	return f
}

// --- actors ------------------------------------------------------------------

// ActorFilter selects actors.
type ActorFilter struct {
	Search  string
	Kind    string
	Country string
}

// Actors lists actors. With a search string it ranks exact name or alias
// matches (after schema.NormalizeName folding) before fuzzy ones
// (Levenshtein distance 1 for short names, 2 otherwise, over the trigram
// index); without one it lists by name.
func (q *Queries) Actors(ctx context.Context, f ActorFilter, w Window) (Page[*Actor], error) {
	if err := w.check(); err != nil {
		return Page[*Actor]{}, err
	}
	if len(f.Search) > 200 {
		return Page[*Actor]{}, inputErrorf("search: at most 200 bytes")
	}
	if err := checkText("country", f.Country); err != nil {
		return Page[*Actor]{}, err
	}
	l := newListQuery()
	var filters []string
	filters = append(filters, "NOT has(actor.merged_into)")
	if f.Kind != "" {
		filters = append(filters, "eq(actor.kind, "+l.param("$kind", "string", f.Kind)+")")
	}
	if f.Country != "" {
		filters = append(filters, "eq(actor.country, "+l.param("$country", "string", strings.ToUpper(f.Country))+")")
	}
	norm := schema.NormalizeName(f.Search)
	if f.Search == "" || norm == "" {
		root := "has(actor.kind)"
		if f.Country != "" {
			root = "eq(actor.country, $country)"
		} else if f.Kind != "" {
			root = "eq(actor.kind, $kind)"
		}
		l.page(0, root, and(filters...), "orderasc: actor.name", actorFields, w)
		res, err := q.runList(ctx, l)
		if err != nil {
			return Page[*Actor]{}, err
		}
		var rs []*rawActor
		if err := res.items(0, &rs); err != nil {
			return Page[*Actor]{}, fmt.Errorf("decode actors: %w", err)
		}
		return Page[*Actor]{Items: actors(rs), Offset: w.Offset, Total: res.total(0)}, nil
	}
	l.param("$norm", "string", norm)
	dist := "2"
	if len([]rune(norm)) <= 5 {
		dist = "1"
	}
	l.param("$dist", "int", dist)
	flt := and(filters...)
	l.setup = append(l.setup,
		"E1 as var(func: eq(actor.norm, $norm))",
		"E2 as var(func: eq(actor.alias_norms, $norm))",
		"M1 as var(func: match(actor.norm, $norm, $dist))",
		"M2 as var(func: match(actor.alias_norms, $norm, $dist))")
	l.blocks = append(l.blocks,
		fmt.Sprintf("exact(func: uid(E1, E2), orderasc: actor.name, first: %d) @filter(%s) { %s }", maxSearchResults, flt, actorFields),
		fmt.Sprintf("fuzzy(func: uid(M1, M2), orderasc: actor.name, first: %d) @filter(%s) { %s }", maxSearchResults, flt, actorFields))
	var res struct{ Exact, Fuzzy []*rawActor }
	if err := q.run(ctx, l.String(), l.vars, &res); err != nil {
		return Page[*Actor]{}, err
	}
	all := actors(append(res.Exact, res.Fuzzy...))
	return window(all, w), nil
}

func window[T any](all []T, w Window) Page[T] {
	p := Page[T]{Offset: w.Offset, Total: len(all)}
	if w.Offset < len(all) {
		end := min(len(all), w.Offset+w.First)
		p.Items = all[w.Offset:end]
	}
	return p
}

func checkText(what, s string) error {
	if len(s) > MaxIDLength {
		return inputErrorf("%s: longer than %d bytes", what, MaxIDLength)
	}
	return nil
}

// --- events ------------------------------------------------------------------

// EventFilter selects events.
type EventFilter struct {
	Types    []string
	Actor    string
	Country  string
	Modality string
	Range    Range
}

// Events lists events, newest first.
func (q *Queries) Events(ctx context.Context, f EventFilter, w Window) (Page[*Event], error) {
	if err := w.check(); err != nil {
		return Page[*Event]{}, err
	}
	if err := checkText("actor", f.Actor); err != nil {
		return Page[*Event]{}, err
	}
	if err := checkText("country", f.Country); err != nil {
		return Page[*Event]{}, err
	}
	l := newListQuery()
	root := ""
	var filters []string
	if f.Actor != "" {
		l.param("$actor", "string", f.Actor)
		l.setup = append(l.setup, "A as var(func: eq(xid, $actor)) { AM as ~actor.merged_into }",
			"var(func: uid(A, AM)) { X1 as ~event.sources X2 as ~event.targets }")
		root = "uid(X1, X2)"
	}
	if f.Country != "" {
		l.param("$country", "string", strings.ToUpper(f.Country))
		l.setup = append(l.setup, "var(func: eq(actor.country, $country)) { Y1 as ~event.sources Y2 as ~event.targets }")
		if root == "" {
			root = "uid(Y1, Y2)"
		} else {
			filters = append(filters, "uid(Y1, Y2)")
		}
	}
	if len(f.Types) > 0 {
		var or []string
		for i, t := range f.Types {
			or = append(or, "eq(event.type, "+l.param(fmt.Sprintf("$t%d", i), "string", t)+")")
		}
		filters = append(filters, strings.Join(or, " OR "))
	}
	if f.Modality != "" {
		filters = append(filters, "eq(event.modality, "+l.param("$modality", "string", strings.ToLower(f.Modality))+")")
	}
	if root == "" {
		root = "has(event.type)"
	}
	filters = append(filters, f.Range.suffixed("event.date", 0, l))
	l.page(0, root, and(filters...), "orderdesc: event.date", eventFields, w)
	res, err := q.runList(ctx, l)
	if err != nil {
		return Page[*Event]{}, err
	}
	var rs []*rawEvent
	if err := res.items(0, &rs); err != nil {
		return Page[*Event]{}, fmt.Errorf("decode events: %w", err)
	}
	out := make([]*Event, len(rs))
	for i, r := range rs {
		out[i] = r.event()
	}
	return Page[*Event]{Items: out, Offset: w.Offset, Total: res.total(0)}, nil
}

// --- claims ------------------------------------------------------------------

// ClaimFilter selects claims.
type ClaimFilter struct {
	Claimant string
	About    string
	Stance   string
	Range    Range
}

// Claims lists claims, newest first.
func (q *Queries) Claims(ctx context.Context, f ClaimFilter, w Window) (Page[*Claim], error) {
	if err := w.check(); err != nil {
		return Page[*Claim]{}, err
	}
	if err := checkText("claimant", f.Claimant); err != nil {
		return Page[*Claim]{}, err
	}
	if err := checkText("about", f.About); err != nil {
		return Page[*Claim]{}, err
	}
	l := newListQuery()
	root := ""
	var filters []string
	if f.Claimant != "" {
		l.param("$claimant", "string", f.Claimant)
		l.setup = append(l.setup, "C as var(func: eq(xid, $claimant)) { CM as ~actor.merged_into }",
			"var(func: uid(C, CM)) { X1 as ~claim.claimant }")
		root = "uid(X1)"
	}
	if f.About != "" {
		l.param("$about", "string", f.About)
		l.setup = append(l.setup, "B as var(func: eq(xid, $about)) { BM as ~actor.merged_into }",
			"var(func: uid(B, BM)) { X2 as ~claim.about }")
		if root == "" {
			root = "uid(X2)"
		} else {
			filters = append(filters, "uid(X2)")
		}
	}
	if f.Stance != "" {
		filters = append(filters, "eq(claim.stance, "+l.param("$stance", "string", strings.ToLower(f.Stance))+")")
	}
	if root == "" {
		root = "has(claim.text)"
	}
	filters = append(filters, f.Range.suffixed("claim.date", 0, l))
	l.page(0, root, and(filters...), "orderdesc: claim.date", claimFields, w)
	res, err := q.runList(ctx, l)
	if err != nil {
		return Page[*Claim]{}, err
	}
	var rs []*rawClaim
	if err := res.items(0, &rs); err != nil {
		return Page[*Claim]{}, fmt.Errorf("decode claims: %w", err)
	}
	out := make([]*Claim, len(rs))
	for i, r := range rs {
		out[i] = r.claim()
	}
	return Page[*Claim]{Items: out, Offset: w.Offset, Total: res.total(0)}, nil
}

// --- articles ----------------------------------------------------------------

// ArticleFilter selects articles.
type ArticleFilter struct {
	Source string
	Range  Range
}

// Articles lists articles, newest first.
func (q *Queries) Articles(ctx context.Context, f ArticleFilter, w Window) (Page[*Article], error) {
	if err := w.check(); err != nil {
		return Page[*Article]{}, err
	}
	if err := checkText("source", f.Source); err != nil {
		return Page[*Article]{}, err
	}
	l := newListQuery()
	root := "type(Article)"
	if f.Source != "" {
		l.param("$source", "string", f.Source)
		l.setup = append(l.setup, "var(func: eq(source.name, $source)) { S as ~article.source }")
		root = "uid(S)"
	}
	l.page(0, root, f.Range.suffixed("article.published", 0, l), "orderdesc: article.published", articleFields, w)
	res, err := q.runList(ctx, l)
	if err != nil {
		return Page[*Article]{}, err
	}
	var rs []*rawArticle
	if err := res.items(0, &rs); err != nil {
		return Page[*Article]{}, fmt.Errorf("decode articles: %w", err)
	}
	out := make([]*Article, len(rs))
	for i, r := range rs {
		out[i] = r.article()
	}
	return Page[*Article]{Items: out, Offset: w.Offset, Total: res.total(0)}, nil
}

// --- an actor's connections, batched ----------------------------------------

// Connection kinds of an actor.
const (
	ConnEvents      = "events"
	ConnClaimsMade  = "claimsMade"
	ConnClaimsAbout = "claimsAbout"
	ConnMentions    = "mentions"
)

// ConnKey asks for one page of one actor's connection.
type ConnKey struct {
	Kind   string
	UID    string
	Window Window
	Range  Range
}

// ConnPage is one page of an actor's connection: Events, Claims or
// Mentions, by the key's kind.
type ConnPage struct {
	Events   []*Event
	Claims   []*Claim
	Mentions []*Evidence
	Offset   int
	Total    int
}

// Connections answers many actors' connection pages in one DQL request, so
// a page of actors with their events costs one round trip, not one per actor.
func (q *Queries) Connections(ctx context.Context, keys []ConnKey) ([]ConnPage, error) {
	out := make([]ConnPage, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	l := newListQuery()
	for i, k := range keys {
		if err := k.Window.check(); err != nil {
			return nil, err
		}
		if !uidPattern.MatchString(k.UID) {
			return nil, fmt.Errorf("invalid uid %q", clip(k.UID, 20))
		}
		u := l.param(fmt.Sprintf("$u%d", i), "string", k.UID)
		l.setup = append(l.setup, fmt.Sprintf("U%d as var(func: uid(%s)) { M%d as ~actor.merged_into }", i, u, i))
		switch k.Kind {
		case ConnEvents:
			l.setup = append(l.setup, fmt.Sprintf("var(func: uid(U%d, M%d)) { S%d as ~event.sources T%d as ~event.targets }", i, i, i, i))
			l.page(i, fmt.Sprintf("uid(S%d, T%d)", i, i), k.Range.suffixed("event.date", i, l), "orderdesc: event.date", eventFields, k.Window)
		case ConnClaimsMade, ConnClaimsAbout:
			pred := "~claim.claimant"
			if k.Kind == ConnClaimsAbout {
				pred = "~claim.about"
			}
			l.setup = append(l.setup, fmt.Sprintf("var(func: uid(U%d, M%d)) { S%d as %s }", i, i, i, pred))
			l.page(i, fmt.Sprintf("uid(S%d)", i), k.Range.suffixed("claim.date", i, l), "orderdesc: claim.date", claimFields, k.Window)
		case ConnMentions:
			l.setup = append(l.setup, fmt.Sprintf("var(func: uid(U%d, M%d)) { S%d as actor.mentions }", i, i, i))
			set := fmt.Sprintf("uid(S%d)", i)
			if !k.Range.empty() {
				// Mentions are dated by their article.
				l.setup = append(l.setup,
					fmt.Sprintf("var(func: uid(S%d)) { evidence.article @filter(%s) { P%d as uid } }", i, k.Range.suffixed("article.published", i, l), i),
					fmt.Sprintf("var(func: uid(P%d)) { D%d as ~evidence.article @filter(uid(S%d)) }", i, i, i))
				set = fmt.Sprintf("uid(D%d)", i)
			}
			l.page(i, set, "", "orderasc: xid", evidenceFields, k.Window)
		default:
			return nil, fmt.Errorf("unknown connection %q", k.Kind)
		}
	}
	res, err := q.runList(ctx, l)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		p := ConnPage{Offset: k.Window.Offset, Total: res.total(i)}
		switch k.Kind {
		case ConnEvents:
			var rs []*rawEvent
			if err := res.items(i, &rs); err != nil {
				return nil, fmt.Errorf("decode events: %w", err)
			}
			for _, r := range rs {
				p.Events = append(p.Events, r.event())
			}
		case ConnClaimsMade, ConnClaimsAbout:
			var rs []*rawClaim
			if err := res.items(i, &rs); err != nil {
				return nil, fmt.Errorf("decode claims: %w", err)
			}
			for _, r := range rs {
				p.Claims = append(p.Claims, r.claim())
			}
		case ConnMentions:
			var rs []rawEvidence
			if err := res.items(i, &rs); err != nil {
				return nil, fmt.Errorf("decode mentions: %w", err)
			}
			p.Mentions, _ = evidence(rs)
		}
		out[i] = p
	}
	return out, nil
}

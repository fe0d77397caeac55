package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// relationshipDQL gathers, in one request, what ties side A to side B. A
// side is the actor, the actors merged into it, its members (actors whose
// actor.of_country is it) and the holders of its roles (people whose role's
// role.org is it). $from/$to filters are spliced in from constant text.
//
// Disputes are found from the sides' actors: KB, the claims disputing a
// claim of B's side (by claim.disputes_claimant), narrowed to A's claims,
// are the only claims whose claim.disputes can reach B's claims; DAB and
// XA (and DBA, XB the other way) are then the disputed and disputing
// claims.
//
// It reads the sets and what the summary needs of every event and claim
// (evAll, clAll) and the dates of the disputes' claims (dAll); the newest
// items are picked from those in Go (pickNewest) and read in full by
// relDetailQuery in the same transaction. Sorting the sets in Dgraph
// (orderdesc: date, first: 50) read every date a second time and cost about
// a fifth of the request on a 10,000-article graph.
const relationshipDQL = `query rel($a: string, $b: string%s) {
  A as var(func: eq(xid, $a)) @filter(has(actor.kind)) { AM as ~actor.merged_into }
  B as var(func: eq(xid, $b)) @filter(has(actor.kind)) { BM as ~actor.merged_into }
  var(func: uid(A, AM)) { AC as ~actor.of_country  ~role.org { AR as ~actor.roles } }
  var(func: uid(B, BM)) { BC as ~actor.of_country  ~role.org { BR as ~actor.roles } }
  var(func: uid(A, AM, AC, AR)) { EA1 as ~event.sources  EA2 as ~event.targets  CA as ~claim.claimant  QA as ~claim.about  KA as ~claim.disputes_claimant }
  var(func: uid(B, BM, BC, BR)) { EB1 as ~event.sources  EB2 as ~event.targets  CB as ~claim.claimant  QB as ~claim.about  KB as ~claim.disputes_claimant }
  EV as var(func: uid(EA1, EA2)) @filter(uid(EB1, EB2)%s)
  CL as var(func: uid(CA, CB, QA)) @filter(((uid(CA) AND uid(QB)) OR (uid(CB) AND uid(QA)) OR (uid(QA) AND uid(QB)))%s)
  var(func: uid(KB)) @filter(uid(CA)) { DAB as claim.disputes @filter(uid(CB)) }
  var(func: uid(KA)) @filter(uid(CB)) { DBA as claim.disputes @filter(uid(CA)) }
  var(func: uid(DAB)) { XA as ~claim.disputes @filter(uid(CA)) }
  var(func: uid(DBA)) { XB as ~claim.disputes @filter(uid(CB)) }
  a(func: uid(A)) { uid }
  b(func: uid(B)) { uid }
  am(func: uid(AM)) { uid }
  bm(func: uid(BM)) { uid }
  ar(func: uid(AR)) { uid }
  br(func: uid(BR)) { uid }
  evAll(func: uid(EV)) { uid summary: event.summary }
  clAll(func: uid(CL)) { uid at: claim.date }
  dAll(func: uid(DAB, DBA, XA, XB)) { uid at: claim.date }
}`

// Fields names what a caller reads of an answer's events, claims, actors,
// evidence and articles, as "Type.field" in the GraphQL schema's names
// (Event.evidence, Actor.name). Relationship reads only those beyond what
// it needs itself: on a 10,000-article graph the newest 50 events and
// claims with every field, actor, piece of evidence and article cost as
// much as finding and counting all of them. A nil Fields reads everything.
type Fields map[string]bool

// Has reports whether any of names is wanted.
func (f Fields) Has(names ...string) bool {
	if f == nil {
		return true
	}
	for _, n := range names {
		if f[n] {
			return true
		}
	}
	return false
}

// opt is frag (with a leading space) when one of fields is wanted.
func (f Fields) opt(frag string, fields ...string) string {
	if f.Has(fields...) {
		return " " + frag
	}
	return ""
}

// article reads an article's wanted fields, its uid and id (the key
// evidence is sorted by) and always. With nil Fields and always the
// publication it reads articleFields.
func (f Fields) article(always string) string {
	return "uid id: xid " + always +
		f.opt("url: article.url", "Article.url") +
		f.opt("title: article.title", "Article.title") +
		f.opt("language: article.language", "Article.language") +
		f.opt("source: article.source { name: source.name }", "Article.source")
}

// actor reads an actor's wanted fields, its uid, id and country node
// (which side it is on). With nil Fields it reads actorBase.
func (f Fields) actor() string {
	return "uid id: xid of: actor.of_country { uid }" +
		f.opt("kind: actor.kind", "Actor.kind") +
		f.opt("name: actor.name", "Actor.name") +
		f.opt("aliases: actor.aliases", "Actor.aliases") +
		f.opt("country: actor.country", "Actor.country")
}

// relDetailQuery reads the listed events and claims ($ev, $cl: uid lists
// picked by pickNewest) flat, and the actors ($ab: the two sides' actors,
// plus every participant), evidence and articles they point at once each,
// with the fields f wants. The uid variables of participants, evidence and
// articles are bound where the events, claims and evidence are read, so no
// edge is read twice. evRest and clRest read what the summary needs beyond
// evAll and clAll of the few nodes that lack it ($evr: events without
// event.summary or a datetime, $clr: claims without a datetime): the writer
// stores both for nearly every node, so asking all of them would be reads
// for nothing.
//
// The listed events and claims are read flat: their scalars and the uids
// they point at, then every actor, evidence and article once, in blocks of
// their own. Nesting actor and evidence fields under each event and claim
// cost a Dgraph task per predicate per nesting path, most of the query's
// time on a 10,000-article graph.
func relDetailQuery(f Fields) string {
	iff := func(ok bool, frag string) string {
		if ok {
			return " " + frag
		}
		return ""
	}
	opt := f.opt
	eventEvidence := f.Has("Event.evidence", "Event.sourceCount")
	claimEvidence := f.Has("Claim.evidence", "Claim.sourceCount")
	// Sides need every participant's of_country and merged_into; sorting
	// needs ids, stances and evidence starts. The events' type, datetime
	// and score come from the first request's evAll.
	actorVars := []string{"AB", "P1", "P2", "P3", "P4"}
	if f.Has("Claim.via") {
		actorVars = append(actorVars, "P5")
	}
	var evidenceVars []string
	if eventEvidence {
		evidenceVars = append(evidenceVars, "V1")
	}
	if claimEvidence {
		evidenceVars = append(evidenceVars, "V2")
	}
	var b strings.Builder
	b.WriteString("query det($ev: string, $cl: string, $ab: string, $evr: string, $clr: string) {\n  AB as var(func: uid($ab))\n")
	b.WriteString("  events(func: uid($ev)) { uid id: xid P1 as sources: event.sources { uid } P2 as targets: event.targets { uid }" +
		opt("date: event.date_text", "Event.date") +
		opt("mode: event.mode", "Event.mode") +
		opt("contexts: event.contexts", "Event.contexts") +
		opt("location: event.location", "Event.location") +
		opt("modality: event.modality", "Event.modality") +
		opt("confidence: event.confidence", "Event.confidence") +
		iff(eventEvidence, "V1 as evidence: event.evidence (first: "+maxRelEvidence+") { uid }") + " }\n")
	b.WriteString("  claims(func: uid($cl)) { uid id: xid stance: claim.stance P3 as claimant: claim.claimant { uid } P4 as about: claim.about { uid } disputes: claim.disputes { uid }" +
		opt("date: claim.date_text", "Claim.date") +
		opt("text: claim.text", "Claim.text") +
		opt("cue: claim.cue", "Claim.cue") +
		opt("P5 as via: claim.via { uid }", "Claim.via") +
		opt("disputedBy: ~claim.disputes { uid }", "Claim.disputedBy") +
		iff(claimEvidence, "V2 as evidence: claim.evidence (first: "+maxRelEvidence+") { uid }") + " }\n")
	actor := f.actor()
	fmt.Fprintf(&b, "  actors(func: uid(%s)) { %s merged: actor.merged_into { %s } }\n", strings.Join(actorVars, ", "), actor, actor)
	if len(evidenceVars) > 0 {
		fmt.Fprintf(&b, "  evidence(func: uid(%s)) { uid start: evidence.start R as article: evidence.article { uid }%s%s }\n",
			strings.Join(evidenceVars, ", "), opt("sentence: evidence.text", "Evidence.sentence"), opt("end: evidence.end", "Evidence.end"))
		// published always: an event's month falls back to its articles'.
		b.WriteString("  articles(func: uid(R)) { " + f.article("published: article.published") + " }\n")
	}
	b.WriteString("  evRest(func: uid($evr)) { uid type: event.type score: event.score at: event.date mode: event.mode date: event.date_text }\n")
	b.WriteString("  clRest(func: uid($clr)) { uid date: claim.date_text }\n}")
	return b.String()
}

// A relationship lists the newest DefaultRelItems events and claims in full
// unless asked for another number, at most MaxRelItems; counts, scores and
// the timeline cover all of them.
const (
	DefaultRelItems = 50
	MaxRelItems     = 100
)

// maxRelEvidence bounds the evidence listed per event or claim of a
// relationship.
const maxRelEvidence = "5"

// flatEvidence is an evidence node read on its own.
type flatEvidence struct {
	UID      string  `json:"uid"`
	Sentence string  `json:"sentence"`
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Article  *uidRef `json:"article"`
}

// Relationship answers everything that ties a to b within r: events with a
// participant on each side, claims by one side about the other and about
// both, disputes between the sides' claims, the members through whom they
// are tied, a monthly timeline with PLOVER's net cooperation–conflict score,
// and first and last seen. Of the listed events and claims it reads the
// fields f wants.
func (q *Queries) Relationship(ctx context.Context, a, b string, r Range, items int, f Fields) (*Relationship, error) {
	if items < 1 || items > MaxRelItems {
		return nil, inputErrorf("a relationship lists 1 to %d events and claims in full, not %d", MaxRelItems, items)
	}
	if err := checkID("a", a); err != nil {
		return nil, err
	}
	if err := checkID("b", b); err != nil {
		return nil, err
	}
	vars := map[string]string{"$a": a, "$b": b}
	ef := r.filter("event.date", vars)
	cf := r.filter("claim.date", vars)
	params := ""
	if _, ok := vars["$from"]; ok {
		params += ", $from: string"
	}
	if _, ok := vars["$to"]; ok {
		params += ", $to: string"
	}
	if ef != "" {
		ef, cf = " AND "+ef, " AND "+cf
	}
	query := fmt.Sprintf(relationshipDQL, params, ef, cf)
	// Both requests read one snapshot.
	txn := q.dg.NewReadOnlyTxn()
	var sets struct {
		A, B   []uidRef
		AM, BM []uidRef
		AR, BR []uidRef
		EvAll  []*rawEvent
		ClAll  []*rawClaim
		DAll   []*rawClaim
	}
	if err := q.runIn(ctx, txn, query, vars, &sets); err != nil {
		return nil, err
	}
	if len(sets.A) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(a, 80), ErrNotFound)
	}
	if len(sets.B) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(b, 80), ErrNotFound)
	}
	evUIDs := pickNewest(items, len(sets.EvAll), func(i int) (string, string) { return sets.EvAll[i].UID, sets.EvAll[i].At })
	clUIDs := pickNewest(items, len(sets.ClAll), func(i int) (string, string) { return sets.ClAll[i].UID, sets.ClAll[i].At })
	listed := map[string]bool{}
	for _, u := range clUIDs {
		listed[u] = true
	}
	for _, u := range pickNewest(items, len(sets.DAll), func(i int) (string, string) { return sets.DAll[i].UID, sets.DAll[i].At }) {
		if !listed[u] {
			clUIDs = append(clUIDs, u)
		}
	}
	// An answer that shows no listed events (or claims) reads none: the
	// counts, timeline and first and last seen come from evAll and clAll.
	// Links are the members behind listed events and claims both.
	if !f.Has("Relationship.events", "EventTypeGroup.events", "Relationship.links") {
		evUIDs = nil
	}
	if !f.Has("Relationship.claimsBetween", "Relationship.claimsAboutBoth", "Relationship.disputes", "Relationship.links") {
		clUIDs = nil
	}
	ev, err := uidList(evUIDs)
	if err != nil {
		return nil, err
	}
	cl, err := uidList(clUIDs)
	if err != nil {
		return nil, err
	}
	ab, err := uidList([]string{sets.A[0].UID, sets.B[0].UID})
	if err != nil {
		return nil, err
	}
	evAll := make(map[string]*rawEvent, len(sets.EvAll))
	clRest := map[string]*rawClaim{}
	var evr, clr []string
	for _, e := range sets.EvAll {
		evAll[e.UID] = e
		if typ, score, at, ok := parseEventSummary(e.Summary); ok {
			e.Type, e.Score, e.At = typ, &score, at
		}
		if e.Type == "" || len(e.At) < 10 {
			evr = append(evr, e.UID)
		}
	}
	for _, c := range sets.ClAll {
		if len(c.At) < 10 {
			clRest[c.UID] = c
			clr = append(clr, c.UID)
		}
	}
	evrList, err := uidList(evr)
	if err != nil {
		return nil, err
	}
	clrList, err := uidList(clr)
	if err != nil {
		return nil, err
	}
	var res struct {
		Events   []*rawEvent
		Claims   []*rawClaim
		Actors   []*rawActor
		Evidence []flatEvidence
		Articles []*rawArticle
		EvRest   []*rawEvent
		ClRest   []*rawClaim
	}
	if err := q.runIn(ctx, txn, relDetailQuery(f), map[string]string{"$ev": ev, "$cl": cl, "$ab": ab, "$evr": evrList, "$clr": clrList}, &res); err != nil {
		return nil, err
	}
	for _, r := range res.EvRest {
		if e, ok := evAll[r.UID]; ok {
			if e.Type == "" {
				e.Type, e.Score, e.At = r.Type, r.Score, r.At
			}
			e.Mode, e.Date = r.Mode, r.Date
		}
	}
	for _, r := range res.ClRest {
		if c, ok := clRest[r.UID]; ok {
			c.Date = r.Date
		}
	}
	// Join the flat blocks back into nested records.
	actorsByUID := map[string]*rawActor{}
	for _, ra := range res.Actors {
		actorsByUID[ra.UID] = ra
	}
	articles := map[string]*rawArticle{}
	for _, ra := range res.Articles {
		articles[ra.UID] = ra
	}
	evidenceByUID := map[string]rawEvidence{}
	for _, e := range res.Evidence {
		re := rawEvidence{Sentence: e.Sentence, Start: e.Start, End: e.End}
		if e.Article != nil {
			re.Article = articles[e.Article.UID]
		}
		evidenceByUID[e.UID] = re
	}
	join := func(refs []*rawActor) []*rawActor {
		out := make([]*rawActor, 0, len(refs))
		for _, r := range refs {
			if a, ok := actorsByUID[r.UID]; ok {
				out = append(out, a)
			}
		}
		return out
	}
	joinEvidence := func(refs []rawEvidence) []rawEvidence {
		out := make([]rawEvidence, 0, len(refs))
		for _, r := range refs {
			out = append(out, evidenceByUID[r.UID])
		}
		return out
	}
	// The listed events' type, datetime and score were read with evAll
	// (and their mode and date text with evRest where the summary or
	// datetime is missing).
	for _, e := range res.Events {
		if x, ok := evAll[e.UID]; ok {
			e.Type, e.At, e.Score = x.Type, x.At, x.Score
			if e.Mode == nil {
				e.Mode = x.Mode
			}
			if e.Date == nil {
				e.Date = x.Date
			}
		}
		e.Sources, e.Targets, e.Evidence = join(e.Sources), join(e.Targets), joinEvidence(e.Evidence)
	}
	for _, c := range res.Claims {
		if c.Claimant != nil {
			c.Claimant = actorsByUID[c.Claimant.UID]
		}
		c.About, c.Via, c.Evidence = join(c.About), join(c.Via), joinEvidence(c.Evidence)
	}
	ra, rb := actorsByUID[sets.A[0].UID], actorsByUID[sets.B[0].UID]
	rel := &Relationship{A: ra.actor(), B: rb.actor()}
	if rel.A.UID == rel.B.UID {
		return nil, inputErrorf("a and b are the same actor (%s)", rel.A.ID)
	}
	sides := newSides(ra, rb, sets.AM, sets.BM, sets.AR, sets.BR)
	claims := res.Claims
	buildRelationship(rel, sides, res.Events, claims)
	summarize(rel, sets.EvAll, sets.ClAll)
	return rel, nil
}

// pickNewest returns the uids of the newest k of n nodes (uid and
// datetime of node i from at), in the order Dgraph's orderdesc with first
// picks them: latest datetime first, equal datetimes by ascending uid, and
// nodes without a datetime last, by ascending uid.
func pickNewest(k, n int, at func(i int) (uid, at string)) []string {
	type node struct {
		uid uint64
		hex string
		at  time.Time
		has bool
	}
	nodes := make([]node, 0, n)
	for i := range n {
		u, d := at(i)
		v, err := strconv.ParseUint(strings.TrimPrefix(u, "0x"), 16, 64)
		if err != nil {
			continue // not a uid: uidList would refuse it anyway
		}
		t, err := time.Parse(time.RFC3339Nano, d)
		nodes = append(nodes, node{uid: v, hex: u, at: t, has: d != "" && err == nil})
	}
	sort.Slice(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		if a.has != b.has {
			return a.has
		}
		if a.has && !a.at.Equal(b.at) {
			return a.at.After(b.at)
		}
		return a.uid < b.uid
	})
	out := make([]string, 0, min(len(nodes), k))
	for _, nd := range nodes[:min(len(nodes), k)] {
		out = append(out, nd.hex)
	}
	return out
}

// sides tells which side an actor is on, and through whom.
type sides struct {
	a, b *Actor
	// self maps the uids of each side's actor and the actors merged into
	// it to "a" or "b"; holders the people who hold a role in it.
	self, holders map[string]string
}

func newSides(a, b *rawActor, am, bm, ar, br []uidRef) *sides {
	s := &sides{a: a.actor(), b: b.actor(), self: map[string]string{a.UID: "a", b.UID: "b"}, holders: map[string]string{}}
	for _, m := range am {
		s.self[m.UID] = "a"
	}
	for _, m := range bm {
		s.self[m.UID] = "b"
	}
	for _, m := range ar {
		s.holders[m.UID] = "a"
	}
	for _, m := range br {
		s.holders[m.UID] = "b"
	}
	return s
}

// of returns the side of r ("a", "b" or "") and whether r is a member
// rather than the side's actor itself.
func (s *sides) of(r *rawActor) (string, bool) {
	if r == nil {
		return "", false
	}
	if side, ok := s.self[r.UID]; ok {
		return side, false
	}
	if r.Merged != nil {
		if side, ok := s.self[r.Merged.UID]; ok {
			return side, false
		}
	}
	if r.Of != nil {
		if side, ok := s.self[r.Of.UID]; ok {
			return side, true
		}
	}
	if side, ok := s.holders[r.UID]; ok {
		return side, true
	}
	return "", false
}

func (s *sides) actor(side string) *Actor {
	if side == "a" {
		return s.a
	}
	return s.b
}

// buildRelationship lists the detailed (newest) events and claims: the
// events, the links through members, the claim groups and the disputes.
func buildRelationship(rel *Relationship, s *sides, rawEvents []*rawEvent, rawClaims []*rawClaim) {
	links := map[string]*Link{}
	link := func(r *rawActor, side string) *Link {
		a := r.actor()
		l, ok := links[a.UID]
		if !ok {
			l = &Link{Actor: a, MemberOf: s.actor(side), Events: []*Event{}, Claims: []*Claim{}}
			links[a.UID] = l
		}
		return l
	}
	rel.Events = []*Event{}
	for _, re := range rawEvents {
		e := re.event()
		rel.Events = append(rel.Events, e)
		seen := map[string]bool{}
		for _, p := range append(append([]*rawActor{}, re.Sources...), re.Targets...) {
			if side, member := s.of(p); member && !seen[p.UID] {
				seen[p.UID] = true
				l := link(p, side)
				l.Events = append(l.Events, e)
			}
		}
	}
	sort.SliceStable(rel.Events, func(i, j int) bool {
		if rel.Events[i].month != rel.Events[j].month {
			return rel.Events[i].month < rel.Events[j].month
		}
		return rel.Events[i].ID < rel.Events[j].ID
	})

	claims := map[string]*Claim{}
	claimSide := map[string]string{}
	var between, both []*Claim
	for _, rc := range rawClaims {
		c := rc.claim()
		claims[c.UID] = c
		cs, cMember := s.of(rc.Claimant)
		claimSide[c.UID] = cs
		aboutSides := map[string]bool{}
		for _, ab := range rc.About {
			if side, _ := s.of(ab); side != "" {
				aboutSides[side] = true
			}
		}
		other := map[string]string{"a": "b", "b": "a"}[cs]
		switch {
		case cs != "" && aboutSides[other]:
			between = append(between, c)
		case aboutSides["a"] && aboutSides["b"]:
			both = append(both, c)
		default:
			continue // listed only as one end of a dispute
		}
		if cMember {
			l := link(rc.Claimant, cs)
			l.Claims = append(l.Claims, c)
		}
	}
	rel.Disputes = []*Dispute{}
	for _, c := range sortedClaims(claims) {
		for _, d := range c.DisputeUIDs {
			if target, ok := claims[d]; ok {
				if cs, ts := claimSide[c.UID], claimSide[target.UID]; cs != "" && ts != "" && cs != ts {
					rel.Disputes = append(rel.Disputes, &Dispute{Claim: c, Disputes: target})
				}
			}
		}
	}
	sort.Slice(rel.Disputes, func(i, j int) bool {
		a, b := rel.Disputes[i], rel.Disputes[j]
		if a.Claim.ID != b.Claim.ID {
			return a.Claim.ID < b.Claim.ID
		}
		return a.Disputes.ID < b.Disputes.ID
	})
	rel.ClaimsBetween = groupClaims(between)
	rel.ClaimsAboutBoth = groupClaims(both)
	rel.Links = []*Link{}
	for _, l := range links {
		sort.Slice(l.Events, func(i, j int) bool { return l.Events[i].ID < l.Events[j].ID })
		sort.Slice(l.Claims, func(i, j int) bool { return l.Claims[i].ID < l.Claims[j].ID })
		rel.Links = append(rel.Links, l)
	}
	sort.Slice(rel.Links, func(i, j int) bool { return rel.Links[i].Actor.ID < rel.Links[j].Actor.ID })
}

// summarize counts all the relationship's events and claims (not only the
// listed ones): per PLOVER type and quad class, per month with the net
// cooperation–conflict score, and first and last seen.
func summarize(rel *Relationship, evAll []*rawEvent, clAll []*rawClaim) {
	months := map[string]*TimelineMonth{}
	monthOf := func(m string) *TimelineMonth {
		t, ok := months[m]
		if !ok {
			t = &TimelineMonth{Month: m}
			months[m] = t
		}
		return t
	}
	seen := func(at string, date *string) {
		d := at
		if len(d) >= 10 {
			d = d[:10]
		} else if date != nil {
			d = *date
		}
		if d == "" {
			return
		}
		if rel.FirstSeen == nil || d < *rel.FirstSeen {
			v := d
			rel.FirstSeen = &v
		}
		if rel.LastSeen == nil || d > *rel.LastSeen {
			v := d
			rel.LastSeen = &v
		}
	}
	listed := map[string][]*Event{}
	for _, e := range rel.Events {
		listed[e.Type] = append(listed[e.Type], e)
	}
	byType := map[string]*EventTypeGroup{}
	byQuad := map[string]*QuadGroup{}
	for _, re := range evAll {
		score := schema.Score(re.Type, str(re.Mode))
		if re.Score != nil {
			score = *re.Score
		}
		quad := ""
		if t, ok := schema.LookupEventType(re.Type); ok {
			quad = t.Quad
		}
		g, ok := byType[re.Type]
		if !ok {
			g = &EventTypeGroup{Type: re.Type, Quad: quad, Events: listed[re.Type]}
			if g.Events == nil {
				g.Events = []*Event{}
			}
			sort.Slice(g.Events, func(i, j int) bool { return g.Events[i].ID < g.Events[j].ID })
			byType[re.Type] = g
		}
		g.Count++
		qg, ok := byQuad[quad]
		if !ok {
			qg = &QuadGroup{Quad: quad}
			byQuad[quad] = qg
		}
		qg.Count++
		qg.Score += score
		if m := month(re.At, re.Date, nil); m != "" {
			t := monthOf(m)
			t.Events++
			t.Score += score
			switch {
			case score > 0:
				t.Cooperation++
			case score < 0:
				t.Conflict++
			}
		}
		seen(re.At, re.Date)
	}
	for _, rc := range clAll {
		if m := month(rc.At, rc.Date, nil); m != "" {
			monthOf(m).Claims++
		}
		seen(rc.At, rc.Date)
	}
	rel.EventsByType = []*EventTypeGroup{}
	for _, g := range byType {
		rel.EventsByType = append(rel.EventsByType, g)
	}
	sort.Slice(rel.EventsByType, func(i, j int) bool {
		if rel.EventsByType[i].Count != rel.EventsByType[j].Count {
			return rel.EventsByType[i].Count > rel.EventsByType[j].Count
		}
		return rel.EventsByType[i].Type < rel.EventsByType[j].Type
	})
	rel.EventsByQuad = []*QuadGroup{}
	for _, g := range byQuad {
		rel.EventsByQuad = append(rel.EventsByQuad, g)
	}
	sort.Slice(rel.EventsByQuad, func(i, j int) bool { return rel.EventsByQuad[i].Quad < rel.EventsByQuad[j].Quad })
	rel.Timeline = []*TimelineMonth{}
	for _, t := range months {
		rel.Timeline = append(rel.Timeline, t)
	}
	sort.Slice(rel.Timeline, func(i, j int) bool { return rel.Timeline[i].Month < rel.Timeline[j].Month })
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func sortedClaims(m map[string]*Claim) []*Claim {
	out := make([]*Claim, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func groupClaims(cs []*Claim) []*ClaimGroup {
	groups := map[string]*ClaimGroup{}
	var order []string
	for _, c := range cs {
		k := c.Claimant.UID + "\x00" + c.Stance
		g, ok := groups[k]
		if !ok {
			g = &ClaimGroup{Claimant: c.Claimant, Stance: c.Stance}
			groups[k] = g
			order = append(order, k)
		}
		g.Claims = append(g.Claims, c)
	}
	for _, g := range groups {
		sort.Slice(g.Claims, func(i, j int) bool { return g.Claims[i].ID < g.Claims[j].ID })
	}
	out := make([]*ClaimGroup, 0, len(order))
	for _, k := range order {
		out = append(out, groups[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Claimant.ID != out[j].Claimant.ID {
			return out[i].Claimant.ID < out[j].Claimant.ID
		}
		return strings.Compare(out[i].Stance, out[j].Stance) < 0
	})
	return out
}

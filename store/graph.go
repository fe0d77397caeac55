package store

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// The record → graph mapping. Write and NQuads both serialize the graph built
// here, so the live store and an RDF export can never disagree about what a
// record means.

// valueKind is the RDF datatype of a scalar.
type valueKind uint8

const (
	kString valueKind = iota
	kInt
	kFloat
	kBool
	kDateTime
)

// attr is one scalar predicate value. val is canonical: the same string
// Dgraph returns for it in JSON (after formatting), so Write can tell a value
// already in the graph from a new one.
type attr struct {
	pred string
	kind valueKind
	val  string
}

// edge is a uid predicate pointing at another node of the graph, by xid.
type edge struct {
	pred string
	to   string
}

// node is one graph node keyed by its xid. A placeholder (a country known
// only by its ISO code) sets its attributes only when it is created, so it
// never overwrites a name another article gave the country.
type node struct {
	xid         string
	typ         string
	attrs       []attr
	edges       []edge
	placeholder bool
	// attrIdx and edgeIdx find a value already present (list predicates)
	// or the predicate's value (single-valued ones), so merging the same
	// hot actor from thousands of records stays linear.
	attrIdx, edgeIdx map[string]int
}

func (n *node) str(pred, v string) {
	if v != "" {
		n.attrs = append(n.attrs, attr{pred, kString, v})
	}
}

func (n *node) num(pred string, v float64) {
	n.attrs = append(n.attrs, attr{pred, kFloat, strconv.FormatFloat(v, 'g', -1, 64)})
}

func (n *node) integer(pred string, v int) {
	n.attrs = append(n.attrs, attr{pred, kInt, strconv.Itoa(v)})
}

func (n *node) boolean(pred string, v bool) {
	n.attrs = append(n.attrs, attr{pred, kBool, strconv.FormatBool(v)})
}

func (n *node) date(pred string, t time.Time) {
	n.attrs = append(n.attrs, attr{pred, kDateTime, t.UTC().Format(time.RFC3339)})
}

func (n *node) link(pred, to string) {
	if to != "" {
		n.edges = append(n.edges, edge{pred, to})
	}
}

// graph is a set of nodes in first-seen order.
type graph struct {
	nodes []*node
	index map[string]*node
}

func newGraph() *graph { return &graph{index: map[string]*node{}} }

// add merges n into the graph: single-valued predicates take the later
// value, list predicates and edges are unioned, and a real node replaces a
// placeholder's attributes.
func (g *graph) add(n *node) {
	old, ok := g.index[n.xid]
	if !ok {
		// Merge the node into an empty one: a record that lists a value
		// twice yields it once.
		fresh := &node{xid: n.xid, typ: n.typ, placeholder: n.placeholder}
		fresh.attrs = mergeInto(nil, &fresh.attrIdx, n.attrs, attrKey)
		fresh.edges = mergeInto(nil, &fresh.edgeIdx, n.edges, edgeKey)
		g.index[n.xid] = fresh
		g.nodes = append(g.nodes, fresh)
		return
	}
	switch {
	case n.placeholder && !old.placeholder:
		// keep old's attributes
	case old.placeholder && !n.placeholder:
		old.attrIdx = nil
		old.attrs = mergeInto(nil, &old.attrIdx, n.attrs, attrKey)
		old.placeholder = false
	default:
		old.attrs = mergeInto(old.attrs, &old.attrIdx, n.attrs, attrKey)
	}
	old.edges = mergeInto(old.edges, &old.edgeIdx, n.edges, edgeKey)
}

func attrKey(a attr) (string, string) { return a.pred, a.val }
func edgeKey(e edge) (string, string) { return e.pred, e.to }

// mergeInto adds each value of add to old: a list predicate gains it
// unless present, a single-valued predicate takes it in place of the old.
// idx indexes old (built on first use) and is kept up to date.
func mergeInto[T any](old []T, idx *map[string]int, add []T, key func(T) (pred, val string)) []T {
	preds := predicates()
	slot := func(p, v string) string {
		if preds[p].list {
			return p + "\x00" + v
		}
		return p
	}
	if *idx == nil {
		*idx = make(map[string]int, len(old)+len(add))
		for i, o := range old {
			(*idx)[slot(key(o))] = i
		}
	}
	for _, a := range add {
		k := slot(key(a))
		if i, ok := (*idx)[k]; ok {
			old[i] = a
			continue
		}
		(*idx)[k] = len(old)
		old = append(old, a)
	}
	return old
}

// buildGraph maps a validated record to graph nodes.
func buildGraph(rec schema.Record) *graph {
	g := newGraph()
	addRecord(g, rec)
	return g
}

func addRecord(g *graph, rec schema.Record) {
	m := rec.Article
	akey := schema.ArticleKey(m)
	published, _ := parseTimestamp(m.Published)

	art := &node{xid: akey, typ: "Article"}
	art.str("article.url", m.URL)
	art.str("article.title", m.Title)
	if !published.IsZero() {
		art.date("article.published", published)
	}
	art.str("article.language", m.Language)
	art.str("article.hash", m.Hash)
	art.str("article.extractor", m.Extractor)
	if m.Source != "" {
		src := &node{xid: schema.SourceKey(m.Source), typ: "Source"}
		src.str("source.name", m.Source)
		g.add(src)
		art.link("article.source", src.xid)
	}
	g.add(art)

	evidence := func(s schema.Span) string {
		ev := &node{xid: schema.EvidenceKey(akey, s), typ: "Evidence"}
		ev.integer("evidence.start", s.Start)
		ev.integer("evidence.end", s.End)
		ev.str("evidence.text", s.Text)
		ev.link("evidence.article", akey)
		g.add(ev)
		return ev.xid
	}

	// A country a member actor belongs to: the record's own country actor
	// when it has one (it carries the real name), else a placeholder.
	countries := map[string]string{}
	for _, a := range rec.Actors {
		if a.Kind == schema.KindCountry && a.Country != "" {
			if _, ok := countries[a.Country]; !ok {
				countries[a.Country] = a.ID
			}
		}
	}
	countryNode := func(iso string) string {
		if id, ok := countries[iso]; ok {
			return id
		}
		id := schema.ActorID(schema.KindCountry, "", iso)
		ph := &node{xid: id, typ: "Actor", placeholder: true}
		ph.str("actor.kind", schema.KindCountry)
		ph.str("actor.name", iso)
		ph.str("actor.norm", schema.NormalizeName(iso))
		ph.str("actor.country", iso)
		g.add(ph)
		return id
	}

	for _, a := range rec.Actors {
		n := &node{xid: a.ID, typ: "Actor"}
		n.str("actor.kind", a.Kind)
		n.str("actor.name", a.Name)
		n.str("actor.norm", schema.NormalizeName(a.Name))
		for _, al := range a.Aliases {
			n.str("actor.aliases", al)
			if norm := schema.NormalizeName(al); norm != "" {
				n.str("actor.alias_norms", norm)
			}
		}
		n.str("actor.country", a.Country)
		if a.Country != "" {
			if c := countryNode(a.Country); c != a.ID {
				n.link("actor.of_country", c)
			}
		}
		for _, r := range a.Roles {
			rn := &node{xid: schema.RoleKey(a.ID, r), typ: "Role"}
			rn.str("role.title", r.Title)
			rn.boolean("role.current", r.Current)
			rn.link("role.org", r.Org)
			g.add(rn)
			n.link("actor.roles", rn.xid)
		}
		for _, s := range a.Mentions {
			n.link("actor.mentions", evidence(s))
		}
		g.add(n)
	}

	for _, e := range rec.Events {
		n := &node{xid: schema.EventKey(e, m.Published), typ: "Event"}
		var at time.Time
		n.str("event.type", e.Type)
		n.str("event.mode", e.Mode)
		for _, c := range e.Context {
			n.str("event.contexts", c)
		}
		for _, s := range e.Sources {
			n.link("event.sources", s)
		}
		for _, t := range e.Targets {
			n.link("event.targets", t)
		}
		if t, prec, ok := parseDate(e.Date); ok {
			at = t
			n.date("event.date", t)
			n.str("event.date_text", e.Date)
			n.str("event.precision", prec)
		} else if !published.IsZero() {
			// The text gives no date: the event sits in its publication
			// month, the same bucket EventKey uses. date_text stays empty
			// because the text does not support a date.
			at = time.Date(published.Year(), published.Month(), 1, 0, 0, 0, 0, time.UTC)
			n.date("event.date", at)
			n.str("event.precision", "month")
		}
		n.str("event.location", e.Location)
		n.str("event.modality", e.Modality)
		n.num("event.confidence", e.Confidence)
		score := schema.Score(e.Type, e.Mode)
		n.num("event.score", score)
		n.str("event.summary", eventSummary(e.Type, score, at))
		for _, s := range e.Evidence {
			n.link("event.evidence", evidence(s))
		}
		g.add(n)
	}

	claimKeys := map[string]string{}
	claimants := map[string]string{}
	for _, c := range rec.Claims {
		claimKeys[c.ID] = schema.ClaimKey(c)
		claimants[c.ID] = c.Claimant
	}
	for _, c := range rec.Claims {
		n := &node{xid: claimKeys[c.ID], typ: "Claim"}
		n.link("claim.claimant", c.Claimant)
		n.str("claim.text", c.Text)
		n.str("claim.cue", c.Cue)
		for _, a := range c.About {
			n.link("claim.about", a)
		}
		n.str("claim.stance", c.Stance)
		for _, v := range c.Via {
			n.link("claim.via", v)
		}
		for _, d := range c.Disputes {
			n.link("claim.disputes", claimKeys[d])
			n.link("claim.disputes_claimant", claimants[d])
		}
		if t, _, ok := parseDate(c.Date); ok {
			n.date("claim.date", t)
			n.str("claim.date_text", c.Date)
		}
		for _, s := range c.Evidence {
			n.link("claim.evidence", evidence(s))
		}
		g.add(n)
	}
}

// eventSummary is event.summary: type, score and datetime (empty when
// zero) in one value, as Dgraph answers each of them.
func eventSummary(typ string, score float64, at time.Time) string {
	d := ""
	if !at.IsZero() {
		d = at.UTC().Format(time.RFC3339)
	}
	return typ + "|" + strconv.FormatFloat(score, 'g', -1, 64) + "|" + d
}

// parseEventSummary reads event.summary into type, score and datetime; ok
// is false for a value that is not one.
func parseEventSummary(s string) (typ string, score float64, at string, ok bool) {
	typ, rest, ok1 := strings.Cut(s, "|")
	num, at, ok2 := strings.Cut(rest, "|")
	score, err := strconv.ParseFloat(num, 64)
	if !ok1 || !ok2 || typ == "" || err != nil {
		return "", 0, "", false
	}
	return typ, score, at, true
}

// parseDate reads an ISO date at the precision the text supports.
func parseDate(s string) (time.Time, string, bool) {
	for _, f := range []struct{ layout, precision string }{
		{"2006-01-02", "day"}, {"2006-01", "month"}, {"2006", "year"},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			return t, f.precision, true
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, "day", true
	}
	return time.Time{}, "", false
}

// parseTimestamp reads a publication date: an ISO date or RFC 3339.
func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want YYYY-MM-DD or RFC 3339")
	}
	return t, nil
}

// predicate is what the store needs to know of a schema predicate.
type predicate struct {
	uid  bool // an edge
	list bool // a set of values rather than one
}

// predicates parses schema.DQL once: the schema file stays the single place
// that says which predicates are lists and which are edges.
var predicates = sync.OnceValue(func() map[string]predicate {
	out := map[string]predicate{}
	for _, line := range strings.Split(schema.DQL, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(name, " {") {
			continue
		}
		typ := strings.Fields(rest)
		if len(typ) == 0 {
			continue
		}
		t := typ[0]
		out[name] = predicate{uid: strings.Trim(t, "[]") == "uid", list: strings.HasPrefix(t, "[")}
	}
	return out
})

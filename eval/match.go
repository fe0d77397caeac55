package eval

import (
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// Matching follows shared/eval/FORMAT.md "Matching rules". Gold places are
// "informational; not scored yet": a predicted LOCATION actor that matches a
// gold place is paired with it as with an optional actor, neither a true
// nor a false positive.

// actorView is an actor reduced to what matching reads: kind, country and
// the normalized name and aliases.
type actorView struct {
	kind    string
	country string
	names   []string
}

func goldView(a GoldActor) actorView { return newView(a.Kind, a.Country, a.Name, a.Aliases) }

func predView(a schema.Actor) actorView { return newView(a.Kind, a.Country, a.Name, a.Aliases) }

// newView folds kind and country code to upper case, so a record that
// writes "country"/"rus" is compared as COUNTRY/RUS.
func newView(kind, country, name string, aliases []string) actorView {
	return actorView{kind: strings.ToUpper(kind), country: strings.ToUpper(country), names: normalizeAll(name, aliases)}
}

func normalizeAll(name string, aliases []string) []string {
	var out []string
	for _, x := range append([]string{name}, aliases...) {
		if n := schema.NormalizeName(x); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// actorMatch is rule 1: kinds agree and either a normalized name or alias of
// one equals a name or alias of the other, or both are COUNTRY with the same
// code.
func actorMatch(g, p actorView) bool {
	if g.kind != p.kind {
		return false
	}
	if g.kind == schema.KindCountry && g.country != "" && g.country == p.country {
		return true
	}
	for _, a := range g.names {
		for _, b := range p.names {
			if a == b {
				return true
			}
		}
	}
	return false
}

// predActors indexes a record's actors by id. An id the record uses but does
// not list is read back from the id itself ("country:RUS", "person:sergei-shoigu")
// so a participant is never silently dropped.
type predActors map[string]actorView

func indexActors(r *schema.Record) predActors {
	m := predActors{}
	for _, a := range r.Actors {
		m[a.ID] = predView(a)
	}
	return m
}

var prefixKind = map[string]string{
	"person": schema.KindPerson, "country": schema.KindCountry, "org": schema.KindOrganization,
	"group": schema.KindGroup, "location": schema.KindLocation,
}

func (m predActors) get(id string) actorView {
	if v, ok := m[id]; ok {
		return v
	}
	prefix, rest, _ := strings.Cut(id, ":")
	v := actorView{kind: prefixKind[prefix], names: []string{schema.NormalizeName(rest)}}
	if v.kind == schema.KindCountry {
		v.country = strings.ToUpper(rest)
	}
	return v
}

// participantMatch is rule 2's participant test: the gold actor named name
// matches the predicted actor id, or the gold actor is a person and the
// predicted actor is that person's country while the gold event names that
// country too (among its sources or targets).
func participantMatch(g *Gold, ev *GoldEvent, name string, pa predActors, id string) bool {
	gi := g.actor(name)
	if gi < 0 {
		return false
	}
	ga := goldView(g.Actors[gi])
	p := pa.get(id)
	if actorMatch(ga, p) {
		return true
	}
	if ev == nil || ga.kind != schema.KindPerson || ga.country == "" || p.kind != schema.KindCountry {
		return false
	}
	for _, other := range append(append([]string(nil), ev.Sources...), ev.Targets...) {
		oi := g.actor(other)
		if oi < 0 {
			continue
		}
		o := goldView(g.Actors[oi])
		if o.kind == schema.KindCountry && o.country == ga.country && actorMatch(o, p) {
			return true
		}
	}
	return false
}

// anyParticipant reports whether the gold actor named name matches one of ids.
func anyParticipant(g *Gold, ev *GoldEvent, name string, pa predActors, ids []string) bool {
	for _, id := range ids {
		if participantMatch(g, ev, name, pa, id) {
			return true
		}
	}
	return false
}

// eventMatch is rule 2: the type is one of the gold types, and every gold
// source and every gold target matches a predicted participant on its side,
// or on either side when the gold event is symmetric.
func eventMatch(g *Gold, ev *GoldEvent, pa predActors, p *schema.Event) bool {
	typ := strings.ToUpper(p.Type)
	ok := false
	for _, t := range ev.Type {
		if strings.ToUpper(t) == typ {
			ok = true
		}
	}
	if !ok {
		return false
	}
	srcs, tgts := p.Sources, p.Targets
	if ev.Symmetric {
		both := append(append([]string(nil), p.Sources...), p.Targets...)
		srcs, tgts = both, both
	}
	for _, s := range ev.Sources {
		if !anyParticipant(g, ev, s, pa, srcs) {
			return false
		}
	}
	for _, t := range ev.Targets {
		if !anyParticipant(g, ev, t, pa, tgts) {
			return false
		}
	}
	return true
}

// claimMatch is rule 3: the claimant is one of the gold claimants, at least
// one gold about actor is one of the predicted about actors, and the stances
// are equal.
func claimMatch(g *Gold, c *GoldClaim, pa predActors, p *schema.Claim) bool {
	if !strings.EqualFold(c.Stance, p.Stance) {
		return false
	}
	claimant := false
	for _, name := range c.Claimant {
		if participantMatch(g, nil, name, pa, p.Claimant) {
			claimant = true
			break
		}
	}
	if !claimant {
		return false
	}
	for _, name := range c.About {
		if anyParticipant(g, nil, name, pa, p.About) {
			return true
		}
	}
	return false
}

// Jaccard is the token Jaccard similarity of two texts after name
// normalization: |A∩B| / |A∪B| over their sets of words.
func Jaccard(a, b string) float64 {
	ta, tb := tokenSet(a), tokenSet(b)
	if len(ta) == 0 && len(tb) == 0 {
		return 0
	}
	inter := 0
	for t := range ta {
		if tb[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(ta)+len(tb)-inter)
}

func tokenSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(schema.NormalizeName(s)) {
		m[t] = true
	}
	return m
}

// pair is rule 4: greedy in gold order, each gold item takes the unpaired
// matching prediction with the best text overlap (the first one on a tie).
// It returns, for each gold item, the index of its prediction or -1.
func pair(nGold, nPred int, match func(g, p int) bool, overlap func(g, p int) float64) []int {
	out := make([]int, nGold)
	taken := make([]bool, nPred)
	for gi := range out {
		out[gi] = -1
		best := -1.0
		for pi := 0; pi < nPred; pi++ {
			if taken[pi] || !match(gi, pi) {
				continue
			}
			if o := overlap(gi, pi); o > best {
				best, out[gi] = o, pi
			}
		}
		if out[gi] >= 0 {
			taken[out[gi]] = true
		}
	}
	return out
}

func evidenceText(spans []schema.Span) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, s.Text)
	}
	return strings.Join(parts, " ")
}

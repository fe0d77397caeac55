package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Neighbourhood limits.
const (
	MaxDepth        = 2
	MaxNeighborhood = 500
	maxEdgeEvidence = 3
	// maxItemsPerActor bounds, per actor and role (actor, recipient,
	// claimant, subject), the newest events and claims a neighbourhood is
	// computed from, so a country with thousands of events stays cheap.
	maxItemsPerActor = "200"
)

// NeighborhoodFilter narrows a neighbourhood.
type NeighborhoodFilter struct {
	Depth int
	Types []string
	Kinds []string
	Range Range
	Limit int
}

// neighborDQL reads, for a frontier of actors (and the actors merged into
// them), the events and claims they take part in with the other
// participants: the parameters, the events' filter and then the claims'
// blocks (nbClaimsDQL, or nothing) are spliced in, all constant text over
// variables.
const neighborDQL = `query n($u: string%s) {
  U as var(func: uid($u))
  var(func: uid(U)) { M as ~actor.merged_into }
  f(func: uid(U, M)) {
    uid
    merged: actor.merged_into { uid }
    es: ~event.sources (orderdesc: event.date, first: ` + maxItemsPerActor + `) %[2]s { ` + nbEventFields + ` }
    et: ~event.targets (orderdesc: event.date, first: ` + maxItemsPerActor + `) %[2]s { ` + nbEventFields + ` }
%[3]s  }
}`

// nbClaimsDQL is neighborDQL's claims, with their filter spliced in.
const nbClaimsDQL = `    cm: ~claim.claimant (orderdesc: claim.date, first: ` + maxItemsPerActor + `) %[1]s { ` + nbClaimFields + ` }
    ca: ~claim.about (orderdesc: claim.date, first: ` + maxItemsPerActor + `) %[1]s { ` + nbClaimFields + ` }
`

const nbActor = `uid kind: actor.kind merged: actor.merged_into { uid kind: actor.kind }`

// Items are read light: participants and the uids of their evidence's
// articles (the weight); the evidence shown is read afterwards, only for the
// edges kept.
const nbEventFields = `uid id: xid type: event.type score: event.score
	sources: event.sources { ` + nbActor + ` }
	targets: event.targets { ` + nbActor + ` }
	evidence: event.evidence { article: evidence.article { uid } }`

const nbClaimFields = `uid id: xid
	claimant: claim.claimant { ` + nbActor + ` }
	about: claim.about { ` + nbActor + ` }
	evidence: claim.evidence { article: evidence.article { uid } }`

// nbEvidenceQuery reads the evidence of the events ($e) and claims ($c)
// chosen to show per edge, with the evidence and article fields want asks
// for (start, end and the article's id always: they sort and dedupe it).
func nbEvidenceQuery(want Fields) string {
	ev := "start: evidence.start end: evidence.end" + want.opt("sentence: evidence.text", "Evidence.sentence") +
		" article: evidence.article { " + want.article(want.opt("published: article.published", "Article.published")) + " }"
	return `query e($e: string, $c: string) {
  e(func: uid($e)) { uid v: event.evidence (first: 2) { ` + ev + ` } }
  c(func: uid($c)) { uid v: claim.evidence (first: 2) { ` + ev + ` } }
}`
}

type nbActorRaw struct {
	UID    string      `json:"uid"`
	Kind   string      `json:"kind"`
	Merged *nbActorRaw `json:"merged"`
}

// canonical is the uid and kind an actor is answered as.
func (a *nbActorRaw) canonical() (string, string) {
	if a.Merged != nil && a.Merged.UID != "" {
		return a.Merged.UID, a.Merged.Kind
	}
	return a.UID, a.Kind
}

type nbItem struct {
	UID      string        `json:"uid"`
	ID       string        `json:"id"`
	Type     string        `json:"type"`
	Score    float64       `json:"score"`
	Sources  []*nbActorRaw `json:"sources"`
	Targets  []*nbActorRaw `json:"targets"`
	Claimant *nbActorRaw   `json:"claimant"`
	About    []*nbActorRaw `json:"about"`
	Evidence []struct {
		Article *uidRef `json:"article"`
	} `json:"evidence"`
}

// Neighborhood returns the actors around id, up to depth steps away through
// events and claims, and one edge per pair of actors that share any, weighted
// by the number of distinct articles behind it. Edges come only from events
// and claims, so every edge has evidence. Of the evidence it reads what want
// asks for.
func (q *Queries) Neighborhood(ctx context.Context, id string, f NeighborhoodFilter, want Fields) (*Subgraph, error) {
	if f.Depth < 1 || f.Depth > MaxDepth {
		return nil, inputErrorf("depth is %d; use 1 to %d", f.Depth, MaxDepth)
	}
	if f.Limit < 1 || f.Limit > MaxNeighborhood {
		return nil, inputErrorf("limit is %d; use 1 to %d", f.Limit, MaxNeighborhood)
	}
	center, err := q.Actor(ctx, id)
	if err != nil {
		return nil, err
	}
	vars := map[string]string{}
	params := ""
	var evFilter []string
	for i, t := range f.Types {
		name := fmt.Sprintf("$t%d", i)
		vars[name] = t
		params += ", " + name + ": string"
		evFilter = append(evFilter, "eq(event.type, "+name+")")
	}
	typeFilter := strings.Join(evFilter, " OR ")
	eventDates := f.Range.filter("event.date", vars)
	claimDates := f.Range.filter("claim.date", vars)
	if _, ok := vars["$from"]; ok {
		params += ", $from: string"
	}
	if _, ok := vars["$to"]; ok {
		params += ", $to: string"
	}
	// No filter at all when none is asked for: a neutral one such as
	// has(event.type) reads a value of every event of the frontier before
	// the newest are picked (2,500 for Iran on 10,000 articles, a fifth of
	// the request).
	ef := ""
	if f := and(typeFilter, eventDates); f != "" {
		ef = "@filter(" + f + ")"
	}
	cf := ""
	if claimDates != "" {
		cf = "@filter(" + claimDates + ")"
	}
	claims := fmt.Sprintf(nbClaimsDQL, cf)
	if len(f.Types) > 0 {
		claims = "" // filtering by event type leaves claims out
	}
	query := fmt.Sprintf(neighborDQL, params, ef, claims)
	kinds := map[string]bool{}
	for _, k := range f.Kinds {
		kinds[k] = true
	}

	type edgeAcc struct {
		e        *SubgraphEdge
		articles map[string]bool
		items    map[string]string // uid → xid
		show     []string
	}
	edges := map[[2]string]*edgeAcc{}
	claimItems := map[string]bool{}
	inGraph := map[string]int{center.UID: 0} // uid → depth found
	order := []string{center.UID}
	weightTo := map[string]int{}
	frontier := []string{center.UID}
	truncated := false
	for depth := 1; depth <= f.Depth && len(frontier) > 0; depth++ {
		list, err := uidList(frontier)
		if err != nil {
			return nil, err
		}
		vars["$u"] = list
		var res struct {
			F []struct {
				UID    string   `json:"uid"`
				Merged *uidRef  `json:"merged"`
				ES     []nbItem `json:"es"`
				ET     []nbItem `json:"et"`
				CM     []nbItem `json:"cm"`
				CA     []nbItem `json:"ca"`
			}
		}
		if err := q.run(ctx, query, vars, &res); err != nil {
			return nil, err
		}
		var next []string
		for _, fr := range res.F {
			self := fr.UID
			if fr.Merged != nil && fr.Merged.UID != "" {
				self = fr.Merged.UID
			}
			items := append(append(append(fr.ES, fr.ET...), fr.CM...), fr.CA...)
			for _, it := range items {
				var others []*nbActorRaw
				isClaim := it.Claimant != nil
				if isClaim {
					others = append([]*nbActorRaw{it.Claimant}, it.About...)
				} else {
					others = append(append([]*nbActorRaw{}, it.Sources...), it.Targets...)
				}
				for _, o := range others {
					ouid, okind := o.canonical()
					if ouid == self || ouid == "" {
						continue
					}
					if len(kinds) > 0 && !kinds[okind] {
						continue
					}
					key := [2]string{self, ouid}
					if key[0] > key[1] {
						key[0], key[1] = key[1], key[0]
					}
					acc, ok := edges[key]
					if !ok {
						acc = &edgeAcc{e: &SubgraphEdge{Source: key[0], Target: key[1], Types: []string{}, Evidence: []*Evidence{}},
							articles: map[string]bool{}, items: map[string]string{}}
						edges[key] = acc
					}
					if _, ok := acc.items[it.UID]; ok {
						continue
					}
					acc.items[it.UID] = it.ID
					if isClaim {
						claimItems[it.UID] = true
						acc.e.Claims++
					} else {
						acc.e.Events++
						acc.e.Score += it.Score
						if !contains(acc.e.Types, it.Type) {
							acc.e.Types = append(acc.e.Types, it.Type)
						}
					}
					for _, e := range it.Evidence {
						if e.Article != nil {
							acc.articles[e.Article.UID] = true
						}
					}
					if _, ok := inGraph[ouid]; !ok {
						inGraph[ouid] = depth
						order = append(order, ouid)
						next = append(next, ouid)
					}
					weightTo[ouid]++
				}
			}
		}
		frontier = next
		if len(frontier) > f.Limit {
			// Expand the best connected only.
			sort.SliceStable(frontier, func(i, j int) bool { return weightTo[frontier[i]] > weightTo[frontier[j]] })
			frontier = frontier[:f.Limit]
		}
	}
	// Keep the limit best connected nodes (the centre always).
	keep := append([]string(nil), order[1:]...)
	sort.SliceStable(keep, func(i, j int) bool {
		if inGraph[keep[i]] != inGraph[keep[j]] {
			return inGraph[keep[i]] < inGraph[keep[j]]
		}
		if weightTo[keep[i]] != weightTo[keep[j]] {
			return weightTo[keep[i]] > weightTo[keep[j]]
		}
		return keep[i] < keep[j]
	})
	if len(keep) > f.Limit-1 {
		keep = keep[:f.Limit-1]
		truncated = true
	}
	keep = append([]string{center.UID}, keep...)
	found, err := q.ActorsByUID(ctx, keep)
	if err != nil {
		return nil, err
	}
	sg := &Subgraph{Nodes: []*Actor{}, Edges: []*SubgraphEdge{}, Truncated: truncated}
	kept := map[string]string{}
	for _, u := range keep {
		if a, ok := found[u]; ok {
			if u == center.UID {
				a = center
			}
			sg.Nodes = append(sg.Nodes, a)
			kept[u] = a.ID
		}
	}
	// Centre first, then by distance, connection count and id.
	sort.SliceStable(sg.Nodes[1:], func(i, j int) bool {
		a, b := sg.Nodes[1+i], sg.Nodes[1+j]
		if inGraph[a.UID] != inGraph[b.UID] {
			return inGraph[a.UID] < inGraph[b.UID]
		}
		if weightTo[a.UID] != weightTo[b.UID] {
			return weightTo[a.UID] > weightTo[b.UID]
		}
		return a.ID < b.ID
	})
	// The evidence shown: of each kept edge's first items by id.
	var shown []*edgeAcc
	var itemUIDs []string
	for _, acc := range edges {
		_, ok1 := kept[acc.e.Source]
		_, ok2 := kept[acc.e.Target]
		if !ok1 || !ok2 || len(acc.articles) == 0 {
			continue
		}
		uids := make([]string, 0, len(acc.items))
		for u := range acc.items {
			uids = append(uids, u)
		}
		sort.Slice(uids, func(i, j int) bool { return acc.items[uids[i]] < acc.items[uids[j]] })
		acc.show = uids[:min(len(uids), maxEdgeEvidence)]
		itemUIDs = append(itemUIDs, acc.show...)
		shown = append(shown, acc)
	}
	// Unasked, the evidence is not read: every event and claim has some
	// (the writer refuses them without), so an edge with articles has it.
	withEvidence := want.Has("SubgraphEdge.evidence")
	itemEvidence := map[string][]*Evidence{}
	if withEvidence {
		if itemEvidence, err = q.itemEvidence(ctx, itemUIDs, claimItems, want); err != nil {
			return nil, err
		}
	}
	for _, acc := range shown {
		for _, u := range acc.show {
			acc.e.Evidence = append(acc.e.Evidence, itemEvidence[u]...)
		}
		if withEvidence && len(acc.e.Evidence) == 0 {
			continue
		}
		s, t := kept[acc.e.Source], kept[acc.e.Target]
		e := acc.e
		e.Source, e.Target = s, t
		if e.Source > e.Target {
			e.Source, e.Target = e.Target, e.Source
		}
		e.Weight = len(acc.articles)
		switch {
		case e.Score > 0:
			e.Sign = 1
		case e.Score < 0:
			e.Sign = -1
		}
		sort.Strings(e.Types)
		sort.SliceStable(e.Evidence, func(i, j int) bool {
			if e.Evidence[i].Article.ID != e.Evidence[j].Article.ID {
				return e.Evidence[i].Article.ID < e.Evidence[j].Article.ID
			}
			return e.Evidence[i].Start < e.Evidence[j].Start
		})
		e.Evidence = dedupEvidence(e.Evidence)
		if len(e.Evidence) > maxEdgeEvidence {
			e.Evidence = e.Evidence[:maxEdgeEvidence]
		}
		sg.Edges = append(sg.Edges, e)
	}
	sort.Slice(sg.Edges, func(i, j int) bool {
		if sg.Edges[i].Source != sg.Edges[j].Source {
			return sg.Edges[i].Source < sg.Edges[j].Source
		}
		return sg.Edges[i].Target < sg.Edges[j].Target
	})
	return sg, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dedupEvidence drops repeats from sorted evidence (one sentence can back
// several events of an edge).
func dedupEvidence(ev []*Evidence) []*Evidence {
	out := ev[:0]
	for i, e := range ev {
		if i > 0 && e.Article.ID == ev[i-1].Article.ID && e.Start == ev[i-1].Start && e.End == ev[i-1].End {
			continue
		}
		out = append(out, e)
	}
	return out
}

// itemEvidence reads the evidence of events and claims, by uid, with the
// fields want asks for; claims says which uids are claims.
func (q *Queries) itemEvidence(ctx context.Context, uids []string, claims map[string]bool, want Fields) (map[string][]*Evidence, error) {
	out := map[string][]*Evidence{}
	if len(uids) == 0 {
		return out, nil
	}
	var evs, cls []string
	for _, u := range uids {
		if claims[u] {
			cls = append(cls, u)
		} else {
			evs = append(evs, u)
		}
	}
	e, err := uidList(evs)
	if err != nil {
		return nil, err
	}
	c, err := uidList(cls)
	if err != nil {
		return nil, err
	}
	type withEvidence struct {
		UID string        `json:"uid"`
		V   []rawEvidence `json:"v"`
	}
	var res struct{ E, C []withEvidence }
	if err := q.run(ctx, nbEvidenceQuery(want), map[string]string{"$e": e, "$c": c}, &res); err != nil {
		return nil, err
	}
	for _, x := range append(res.E, res.C...) {
		out[x.UID], _ = evidence(x.V)
	}
	return out, nil
}

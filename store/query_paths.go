package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Path limits: a path has at most MaxHops actor-to-actor steps, and at most
// MaxPaths are returned.
const (
	MaxHops  = 4
	MaxPaths = 5
)

// Paths are found by a bidirectional breadth-first search over actors in
// Go, one batched DQL request per level: Dgraph's k-shortest-path search
// (shortest(numpaths:)) took seconds on a 2,000-article graph where this
// takes tens of milliseconds, and it picks among equal paths in no fixed
// order. Each actor's connections are followed up to maxFanout per kind, so
// hubs (countries with thousands of events) stay cheap.
const maxFanout = 200

// pathEndsDQL finds the two ends.
const pathEndsDQL = `query p($from: string, $to: string) {
  f(func: eq(xid, $from)) @filter(has(actor.kind)) { uid }
  t(func: eq(xid, $to)) @filter(has(actor.kind)) { uid }
}`

// pathNeighborsDQL reads the actors next to a frontier, with what connects
// them: shared events, claims (claimant and about), country membership and
// roles in organizations.
const pathNeighborsDQL = `query n($u: string) {
  n(func: uid($u)) {
    uid
    es: ~event.sources (first: 200) { uid p: event.sources { uid } q: event.targets { uid } }
    et: ~event.targets (first: 200) { uid p: event.sources { uid } q: event.targets { uid } }
    cm: ~claim.claimant (first: 200) { uid q: claim.about { uid } }
    ca: ~claim.about (first: 200) { uid c: claim.claimant { uid } }
    of: actor.of_country { uid }
    members: ~actor.of_country (first: 200) { uid }
    roles: actor.roles { uid org: role.org { uid } }
    holders: ~role.org (first: 200) { uid who: ~actor.roles { uid } }
  }
}`

// hop is a way into an actor: from the previous actor through a connector
// (an event, claim or role uid; "" for a membership).
type hop struct {
	prev, via string
}

type pathNeighbor struct {
	UID string   `json:"uid"`
	P   []uidRef `json:"p"`
	Q   []uidRef `json:"q"`
	C   *uidRef  `json:"c"`
	Org *uidRef  `json:"org"`
	Who []uidRef `json:"who"`
}

// neighbors returns, for each actor of frontier, its neighbours and how
// they are reached.
func (q *Queries) neighbors(ctx context.Context, frontier []string) (map[string][]struct {
	next string
	via  string
}, error) {
	list, err := uidList(frontier)
	if err != nil {
		return nil, err
	}
	var res struct {
		N []struct {
			UID     string         `json:"uid"`
			ES      []pathNeighbor `json:"es"`
			ET      []pathNeighbor `json:"et"`
			CM      []pathNeighbor `json:"cm"`
			CA      []pathNeighbor `json:"ca"`
			Of      *uidRef        `json:"of"`
			Members []uidRef       `json:"members"`
			Roles   []pathNeighbor `json:"roles"`
			Holders []pathNeighbor `json:"holders"`
		}
	}
	if err := q.run(ctx, pathNeighborsDQL, map[string]string{"$u": list}, &res); err != nil {
		return nil, err
	}
	out := map[string][]struct {
		next string
		via  string
	}{}
	for _, n := range res.N {
		add := func(next, via string) {
			if next != "" && next != n.UID {
				out[n.UID] = append(out[n.UID], struct {
					next string
					via  string
				}{next, via})
			}
		}
		for _, items := range [][]pathNeighbor{n.ES, n.ET, n.CM, n.CA} {
			for _, it := range items {
				for _, p := range append(append([]uidRef{}, it.P...), it.Q...) {
					add(p.UID, it.UID)
				}
				if it.C != nil {
					add(it.C.UID, it.UID)
				}
			}
		}
		if n.Of != nil {
			add(n.Of.UID, "")
		}
		for _, m := range n.Members {
			add(m.UID, "")
		}
		for _, r := range n.Roles {
			if r.Org != nil {
				add(r.Org.UID, r.UID)
			}
		}
		for _, h := range n.Holders {
			for _, w := range h.Who {
				add(w.UID, h.UID)
			}
		}
	}
	return out, nil
}

// maxPathCandidates bounds the equally short paths enumerated before the
// first k (in id order) are kept.
const maxPathCandidates = 64

// pathNodesDQL reads every node on the found paths in one request.
const pathNodesDQL = `query n($u: string) {
  n(func: uid($u)) {
    ` + actorFields + `
    mentions: actor.mentions (first: 3) { ` + evidenceFields + ` }
    etype: event.type
    ctext: claim.text
    rtitle: role.title
    rcurrent: role.current
  }
  e(func: uid($u)) @filter(has(event.type)) { ` + eventFields + ` }
  c(func: uid($u)) @filter(has(claim.text)) { ` + claimFields + ` }
}`

// Paths returns up to k shortest paths from one actor to another, each step
// with what connects its two actors and the evidence for it.
func (q *Queries) Paths(ctx context.Context, from, to string, maxHops, k int) ([]*Path, error) {
	if err := checkID("from", from); err != nil {
		return nil, err
	}
	if err := checkID("to", to); err != nil {
		return nil, err
	}
	if maxHops < 1 || maxHops > MaxHops {
		return nil, inputErrorf("maxHops is %d; use 1 to %d", maxHops, MaxHops)
	}
	if k < 1 || k > MaxPaths {
		return nil, inputErrorf("k is %d; use 1 to %d", k, MaxPaths)
	}
	var ends struct{ F, T []uidRef }
	if err := q.run(ctx, pathEndsDQL, map[string]string{"$from": from, "$to": to}, &ends); err != nil {
		return nil, err
	}
	if len(ends.F) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(from, 80), ErrNotFound)
	}
	if len(ends.T) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(to, 80), ErrNotFound)
	}
	src, dst := ends.F[0].UID, ends.T[0].UID
	if src == dst {
		return nil, inputErrorf("from and to are the same actor")
	}
	chains, err := q.shortestChains(ctx, src, dst, maxHops)
	if err != nil {
		return nil, err
	}
	need := map[string]bool{}
	for _, c := range chains {
		for _, u := range c {
			need[u] = true
		}
	}
	if len(chains) == 0 {
		return []*Path{}, nil
	}
	uids := make([]string, 0, len(need))
	for u := range need {
		uids = append(uids, u)
	}
	list, err := uidList(uids)
	if err != nil {
		return nil, err
	}
	var nodes struct {
		N []struct {
			rawActor
			Mentions []rawEvidence `json:"mentions"`
			EType    string        `json:"etype"`
			CText    string        `json:"ctext"`
			RTitle   string        `json:"rtitle"`
			RCurrent bool          `json:"rcurrent"`
		}
		E []*rawEvent
		C []*rawClaim
	}
	if err := q.run(ctx, pathNodesDQL, map[string]string{"$u": list}, &nodes); err != nil {
		return nil, err
	}
	byUID := map[string]*pathNode{}
	for _, n := range nodes.N {
		switch {
		case n.Kind != "":
			ra := n.rawActor
			ev, _ := evidence(n.Mentions)
			byUID[n.UID] = &pathNode{actor: ra.actor(), mentions: ev}
		case n.RTitle != "":
			byUID[n.UID] = &pathNode{role: &Role{Title: n.RTitle, Current: n.RCurrent}}
		}
	}
	for _, e := range nodes.E {
		byUID[e.UID] = &pathNode{event: e.event()}
	}
	for _, c := range nodes.C {
		byUID[c.UID] = &pathNode{claim: c.claim()}
	}
	var out []*Path
	for _, chain := range chains {
		p := &Path{Actors: []*Actor{}, Steps: []*PathStep{}}
		var last, via *pathNode
		ok := true
		for _, uid := range chain {
			n := byUID[uid]
			if n == nil {
				ok = false
				break
			}
			if n.actor == nil {
				via = n
				continue
			}
			if last != nil {
				step := &PathStep{From: last.actor, To: n.actor, Evidence: []*Evidence{}}
				switch {
				case via == nil:
					step.Kind = StepMembership
					step.Evidence = memberEvidence(last.mentions, n.mentions)
				case via.event != nil:
					step.Kind, step.Event, step.Evidence = StepEvent, via.event, via.event.Evidence
				case via.claim != nil:
					step.Kind, step.Claim, step.Evidence = StepClaim, via.claim, via.claim.Evidence
				case via.role != nil:
					role := *via.role
					if last.actor.Kind != "PERSON" {
						role.Org = last.actor
					} else {
						role.Org = n.actor
					}
					step.Kind, step.Role = StepRole, &role
					step.Evidence = memberEvidence(last.mentions, n.mentions)
				}
				p.Steps = append(p.Steps, step)
			}
			p.Actors = append(p.Actors, n.actor)
			last, via = n, nil
		}
		if !ok {
			continue
		}
		p.Length = len(p.Steps)
		out = append(out, p)
	}
	if out == nil {
		out = []*Path{}
	}
	// Paths of equal length come from Dgraph in no fixed order.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Length != out[j].Length {
			return out[i].Length < out[j].Length
		}
		return pathKey(out[i]) < pathKey(out[j])
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// shortestChains runs the bidirectional search and returns the shortest
// paths as chains of uids: actor, [connector,] actor, …
func (q *Queries) shortestChains(ctx context.Context, src, dst string, maxHops int) ([][]string, error) {
	// parents[side][actor] lists the ways into actor one level closer to
	// that side's end.
	parents := [2]map[string][]hop{{src: nil}, {dst: nil}}
	frontier := [2][]string{{src}, {dst}}
	depth := [2]int{}
	var meet []string
	for depth[0]+depth[1] < maxHops && len(meet) == 0 {
		side := 0
		if len(frontier[1]) < len(frontier[0]) {
			side = 1
		}
		if len(frontier[side]) == 0 {
			break
		}
		next, err := q.neighbors(ctx, frontier[side])
		if err != nil {
			return nil, err
		}
		depth[side]++
		reached := map[string][]hop{}
		for _, from := range frontier[side] {
			for _, n := range next[from] {
				if _, seen := parents[side][n.next]; seen {
					continue
				}
				reached[n.next] = append(reached[n.next], hop{prev: from, via: n.via})
			}
		}
		frontier[side] = frontier[side][:0]
		for a, hops := range reached {
			parents[side][a] = hops
			frontier[side] = append(frontier[side], a)
			if _, ok := parents[1-side][a]; ok {
				meet = append(meet, a)
			}
		}
		sort.Strings(frontier[side])
	}
	sort.Strings(meet)
	var chains [][]string
	seen := map[string]bool{}
	for _, m := range meet {
		for _, left := range walk(parents[0], m, maxPathCandidates) {
			for _, right := range walk(parents[1], m, maxPathCandidates) {
				chain := append(reverse(left), right[1:]...)
				key := strings.Join(chain, " ")
				if !seen[key] && len(chains) < maxPathCandidates {
					seen[key] = true
					chains = append(chains, chain)
				}
			}
		}
	}
	return chains, nil
}

// walk lists up to limit chains from a back to its side's end: a, [via,]
// prev, …, end.
func walk(parents map[string][]hop, a string, limit int) [][]string {
	hops := parents[a]
	if len(hops) == 0 {
		return [][]string{{a}}
	}
	var out [][]string
	for _, h := range hops {
		for _, rest := range walk(parents, h.prev, limit) {
			c := []string{a}
			if h.via != "" {
				c = append(c, h.via)
			}
			out = append(out, append(c, rest...))
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}

func reverse(c []string) []string {
	out := make([]string, len(c))
	for i, x := range c {
		out[len(c)-1-i] = x
	}
	return out
}

// pathNode is a node on a path: an actor, or what connects two actors.
type pathNode struct {
	actor    *Actor
	mentions []*Evidence
	event    *Event
	claim    *Claim
	role     *Role
}

// memberEvidence is the evidence for a membership or role step: where the
// member (the person or organization) is named.
func memberEvidence(a, b []*Evidence) []*Evidence {
	if len(a) > 0 {
		return a
	}
	return b
}

func pathKey(p *Path) string {
	var b strings.Builder
	for _, s := range p.Steps {
		b.WriteString(s.To.ID)
		b.WriteByte(' ')
		switch {
		case s.Event != nil:
			b.WriteString(s.Event.ID)
		case s.Claim != nil:
			b.WriteString(s.Claim.ID)
		case s.Role != nil:
			b.WriteString(s.Role.Title)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

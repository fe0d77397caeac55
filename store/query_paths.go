package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Path limits: a path has at most MaxHops actor-to-actor steps, and at most
// MaxPaths are returned.
const (
	MaxHops  = 4
	MaxPaths = 5
)

// pathsDQL asks Dgraph's k-shortest-path search for connections through
// events (sources/targets), claims (claimant/about), country membership and
// roles, in both directions. depth counts graph edges: an actor-to-actor step
// through an event, claim or role is two edges, a membership one.
const pathsDQL = `query p($from: string, $to: string, $k: int, $depth: int) {
  F as var(func: eq(xid, $from)) @filter(has(actor.kind))
  T as var(func: eq(xid, $to)) @filter(has(actor.kind))
  shortest(from: uid(F), to: uid(T), numpaths: $k, depth: $depth) {
    event.sources ~event.sources event.targets ~event.targets
    claim.claimant ~claim.claimant claim.about ~claim.about
    actor.of_country ~actor.of_country
    actor.roles ~actor.roles role.org ~role.org
  }
  f(func: uid(F)) { uid }
  t(func: uid(T)) { uid }
}`

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
	// Dgraph picks among equally short paths in no fixed order: ask for more
	// than k and keep the first k in a fixed order.
	vars := map[string]string{"$from": from, "$to": to, "$k": strconv.Itoa(min(3*k, 15)), "$depth": strconv.Itoa(2 * maxHops)}
	var res struct {
		F, T  []uidRef
		Paths []map[string]any `json:"_path_"`
	}
	if err := q.run(ctx, pathsDQL, vars, &res); err != nil {
		return nil, err
	}
	if len(res.F) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(from, 80), ErrNotFound)
	}
	if len(res.T) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(to, 80), ErrNotFound)
	}
	if res.F[0].UID == res.T[0].UID {
		return nil, inputErrorf("from and to are the same actor")
	}
	// Each path is a chain of nested objects {uid, <predicate>: {uid, …}}.
	var chains [][]string
	need := map[string]bool{}
	for _, p := range res.Paths {
		var chain []string
		node := p
		for node != nil {
			uid, _ := node["uid"].(string)
			chain = append(chain, uid)
			need[uid] = true
			var next map[string]any
			for key, v := range node {
				if key == "uid" || strings.HasPrefix(key, "_") {
					continue
				}
				switch x := v.(type) {
				case map[string]any:
					next = x
				case []any:
					if len(x) > 0 {
						next, _ = x[0].(map[string]any)
					}
				}
			}
			node = next
		}
		chains = append(chains, chain)
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

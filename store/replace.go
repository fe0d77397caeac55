package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/dgo/v230"
)

// Re-extraction. When a record arrives for an article already in the graph
// but read from changed text or by another extractor version (its hash or
// extractor differs), the new record replaces what the old one said: in the
// same transaction as the write, the old evidence loses every edge the new
// record does not make again, evidence spans the new record does not cite
// are deleted, and events and claims left with no evidence at all are
// deleted (with the disputes pointing at them). Actors, roles and sources
// stay: they are global and other articles may name them. Without this a
// re-run with a new extractor would keep every event the old one invented.

// replacedArticles lists the article nodes of g whose stored hash or
// extractor differs from the record's.
func replacedArticles(g *graph, state map[string]*cached) []string {
	var out []string
	for _, n := range g.nodes {
		prev := state[n.xid]
		if n.typ != "Article" || prev == nil {
			continue
		}
		for _, a := range n.attrs {
			if (a.pred == "article.hash" || a.pred == "article.extractor") && !hasValue(prev.known[a.pred], a.val) {
				out = append(out, n.xid)
				break
			}
		}
	}
	return out
}

// staleOf is one old evidence span of a replaced article and what cites it.
type staleOf struct {
	UID      string `json:"uid"`
	XID      string `json:"xid"`
	Mentions []ref  `json:"am"`
	Events   []cite `json:"ee"`
	Claims   []cite `json:"ce"`
}

type ref struct {
	UID string `json:"uid"`
	XID string `json:"xid"`
}

// cite is an event or claim citing an evidence span; N is how many spans
// it cites in all, Disputed the claims that dispute it.
type cite struct {
	UID      string     `json:"uid"`
	XID      string     `json:"xid"`
	N        int        `json:"n"`
	Disputed []disputer `json:"by"`
}

// disputer is a claim that disputes a cited claim, with the claims it
// disputes and their claimants: when a disputed claim goes, so does the
// disputer's claim.disputes_claimant to its claimant, unless another claim
// it disputes has the same claimant.
type disputer struct {
	ref
	Disputes []struct {
		UID      string `json:"uid"`
		Claimant *ref   `json:"claim.claimant"`
	} `json:"claim.disputes"`
}

// staleDeletes returns the deletions that replace the previous extraction
// of the given articles by g, and the xids whose cache entries they make
// wrong.
func (s *Store) staleDeletes(ctx context.Context, txn *dgo.Txn, g *graph, articles []string) (del []byte, evict []string, err error) {
	names := make([]string, len(articles))
	vars := make(map[string]string, len(articles))
	var decl strings.Builder
	for i, a := range articles {
		names[i] = "$a" + strconv.Itoa(i)
		vars[names[i]] = a
		if i > 0 {
			decl.WriteString(", ")
		}
		decl.WriteString(names[i] + ": string")
	}
	q := `query q(` + decl.String() + `) {
  a(func: eq(xid, [` + strings.Join(names, ", ") + `])) {
    ev: ~evidence.article {
      uid xid
      am: ~actor.mentions { uid xid }
      ee: ~event.evidence { uid xid n: count(event.evidence) }
      ce: ~claim.evidence { uid xid n: count(claim.evidence) by: ~claim.disputes { uid xid claim.disputes { uid claim.claimant { uid xid } } } }
    }
  }
}`
	resp, err := txn.QueryWithVars(ctx, q, vars)
	if err != nil {
		return nil, nil, fmt.Errorf("read previous extraction: %w", err)
	}
	var out struct {
		A []struct {
			Ev []staleOf `json:"ev"`
		} `json:"a"`
	}
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		return nil, nil, fmt.Errorf("read previous extraction: %w", err)
	}

	// Edges the new graph makes, so they are not deleted only to be set.
	keep := map[[3]string]bool{}
	for _, n := range g.nodes {
		for _, e := range n.edges {
			keep[[3]string{n.xid, e.pred, e.to}] = true
		}
	}
	var buf bytes.Buffer
	unlinked := map[string]int{}         // event/claim uid → spans unlinked
	disputers := map[string]*disputer{}  // uid → a claim disputing a deleted claim
	gone := map[string]map[string]bool{} // disputer uid → the deleted claims it disputed
	cites := map[string]cite{}
	delEdge := func(from, pred, to string) {
		fmt.Fprintf(&buf, "<%s> <%s> <%s> .\n", from, pred, to)
	}
	for _, a := range out.A {
		for _, ev := range a.Ev {
			for _, m := range ev.Mentions {
				if !keep[[3]string{m.XID, "actor.mentions", ev.XID}] {
					delEdge(m.UID, "actor.mentions", ev.UID)
				}
			}
			for pred, list := range map[string][]cite{"event.evidence": ev.Events, "claim.evidence": ev.Claims} {
				for _, c := range list {
					if !keep[[3]string{c.XID, pred, ev.XID}] {
						delEdge(c.UID, pred, ev.UID)
						unlinked[c.UID]++
						cites[c.UID] = c
					}
				}
			}
			if _, ok := g.index[ev.XID]; !ok {
				fmt.Fprintf(&buf, "<%s> * * .\n", ev.UID)
				evict = append(evict, ev.XID)
			}
		}
	}
	for uid, n := range unlinked {
		c := cites[uid]
		if _, ok := g.index[c.XID]; ok || n < c.N {
			continue // still cited, or written again by the new record
		}
		fmt.Fprintf(&buf, "<%s> * * .\n", uid)
		evict = append(evict, c.XID)
		for _, d := range c.Disputed {
			delEdge(d.UID, "claim.disputes", uid)
			evict = append(evict, d.XID)
			if disputers[d.UID] == nil {
				disputers[d.UID] = &d
				gone[d.UID] = map[string]bool{}
			}
			gone[d.UID][uid] = true
		}
	}
	// A disputer keeps claim.disputes_claimant to the claimants of the
	// claims it still disputes, and to those the new record links again.
	for uid, d := range disputers {
		still := map[string]bool{}
		var lost []ref
		for _, t := range d.Disputes {
			switch {
			case t.Claimant == nil:
			case gone[uid][t.UID]:
				lost = append(lost, *t.Claimant)
			default:
				still[t.Claimant.UID] = true
			}
		}
		for _, k := range lost {
			if !still[k.UID] && !keep[[3]string{d.XID, "claim.disputes_claimant", k.XID}] {
				delEdge(uid, "claim.disputes_claimant", k.UID)
				still[k.UID] = true // once
			}
		}
	}
	return buf.Bytes(), evict, nil
}

package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"

	"github.com/newsgraph/newsgraph/schema"
)

// Curation changes the graph by hand: aliases, merges and splits. A merge
// deletes nothing: the merged actor gains actor.merged_into and every read
// answers it (and what it takes part in) as the actor it was merged into, so
// splitActor restores the graph exactly by removing that one edge. Each merge
// is logged as a Merge node (who, when, undone).
type Curation struct {
	dg *dgo.Dgraph
	q  *Queries
	// now is the clock, replaceable in tests.
	now func() time.Time
}

// NewCuration returns the curation mutations over dg.
func NewCuration(dg *dgo.Dgraph) *Curation {
	return &Curation{dg: dg, q: NewQueries(dg), now: time.Now}
}

// MaxAliasLength bounds an alias.
const MaxAliasLength = 200

// AddAlias adds alias to the actor's aliases (and its normalized form to the
// search index predicate).
func (c *Curation) AddAlias(ctx context.Context, actorID, alias string) (*Actor, error) {
	if err := checkID("actor", actorID); err != nil {
		return nil, err
	}
	alias = strings.TrimSpace(alias)
	norm := schema.NormalizeName(alias)
	if alias == "" || norm == "" {
		return nil, inputErrorf("alias: give a name with at least one letter or digit")
	}
	if len(alias) > MaxAliasLength {
		return nil, inputErrorf("alias: at most %d bytes", MaxAliasLength)
	}
	if strings.ContainsFunc(alias, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return nil, inputErrorf("alias: contains control characters")
	}
	a, err := c.q.Actor(ctx, actorID)
	if err != nil {
		return nil, err
	}
	// N-Quads, not JSON: Dgraph reads a JSON string value "uid(x)" as a
	// variable reference, so a hostile alias could name other nodes.
	var nq nquadBuf
	nq.literal(a.UID, "actor.aliases", alias)
	nq.literal(a.UID, "actor.alias_norms", norm)
	if err := nq.err; err != nil {
		return nil, err
	}
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: nq.Bytes(), CommitNow: true}); err != nil {
		return nil, fmt.Errorf("add alias to %s: %w", a.ID, err)
	}
	return c.q.Actor(ctx, a.ID)
}

// MergeActors merges the actor merge into keep, on behalf of by.
func (c *Curation) MergeActors(ctx context.Context, keepID, mergeID, by string) (*Merge, error) {
	if err := checkID("keep", keepID); err != nil {
		return nil, err
	}
	if err := checkID("merge", mergeID); err != nil {
		return nil, err
	}
	var res struct {
		K, M []struct {
			UID      string   `json:"uid"`
			ID       string   `json:"id"`
			Merged   *uidRef  `json:"merged"`
			Children []uidRef `json:"children"`
		}
	}
	const q = `query q($k: string, $m: string) {
	  k(func: eq(xid, $k)) @filter(has(actor.kind)) { uid id: xid merged: actor.merged_into { uid } }
	  m(func: eq(xid, $m)) @filter(has(actor.kind)) { uid id: xid merged: actor.merged_into { uid } children: ~actor.merged_into { uid } }
	}`
	if err := c.q.run(ctx, q, map[string]string{"$k": keepID, "$m": mergeID}, &res); err != nil {
		return nil, err
	}
	switch {
	case len(res.K) == 0:
		return nil, fmt.Errorf("actor %q: %w", clip(keepID, 80), ErrNotFound)
	case len(res.M) == 0:
		return nil, fmt.Errorf("actor %q: %w", clip(mergeID, 80), ErrNotFound)
	case res.K[0].UID == res.M[0].UID:
		return nil, inputErrorf("keep and merge are the same actor")
	case res.K[0].Merged != nil:
		return nil, inputErrorf("%s was itself merged into another actor: merge into that one", keepID)
	case res.M[0].Merged != nil:
		return nil, inputErrorf("%s is already merged: split it first", mergeID)
	case len(res.M[0].Children) > 0:
		return nil, inputErrorf("other actors were merged into %s: merge them into %s directly, or split them first", mergeID, keepID)
	}
	at := c.now().UTC()
	xid := fmt.Sprintf("merge:%s:%d", schema.Slug(mergeID), at.UnixNano())
	keep, merged := res.K[0].UID, res.M[0].UID
	var nq nquadBuf
	nq.edge(merged, "actor.merged_into", keep)
	nq.literal("_:merge", "dgraph.type", "Merge")
	nq.literal("_:merge", "xid", xid)
	nq.edge("_:merge", "merge.keep", keep)
	nq.edge("_:merge", "merge.merged", merged)
	nq.literal("_:merge", "merge.by", by)
	nq.typed("_:merge", "merge.at", at.Format(time.RFC3339Nano), "xs:dateTime")
	nq.typed("_:merge", "merge.undone", "false", "xs:boolean")
	if err := nq.err; err != nil {
		return nil, err
	}
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: nq.Bytes(), CommitNow: true}); err != nil {
		return nil, fmt.Errorf("merge %s into %s: %w", mergeID, keepID, err)
	}
	return c.merge(ctx, xid)
}

// SplitActor undoes the latest merge of actorID.
func (c *Curation) SplitActor(ctx context.Context, actorID string) (*Merge, error) {
	if err := checkID("actor", actorID); err != nil {
		return nil, err
	}
	var res struct {
		A []struct {
			UID    string  `json:"uid"`
			Merged *uidRef `json:"merged"`
		}
		Log []struct {
			UID string `json:"uid"`
			ID  string `json:"id"`
		}
	}
	const q = `query q($a: string) {
	  A as var(func: eq(xid, $a)) @filter(has(actor.kind))
	  a(func: uid(A)) { uid merged: actor.merged_into { uid } }
	  log(func: type(Merge), orderdesc: merge.at, first: 1) @filter(uid_in(merge.merged, uid(A)) AND NOT eq(merge.undone, true)) { uid id: xid }
	}`
	if err := c.q.run(ctx, q, map[string]string{"$a": actorID}, &res); err != nil {
		return nil, err
	}
	if len(res.A) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(actorID, 80), ErrNotFound)
	}
	a := res.A[0]
	if a.Merged == nil || len(res.Log) == 0 {
		return nil, inputErrorf("%s is not merged into another actor", actorID)
	}
	log := res.Log[0]
	var del, set nquadBuf
	del.edge(a.UID, "actor.merged_into", a.Merged.UID)
	set.typed(log.UID, "merge.undone", "true", "xs:boolean")
	if err := errors.Join(del.err, set.err); err != nil {
		return nil, err
	}
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{DelNquads: del.Bytes(), SetNquads: set.Bytes(), CommitNow: true}); err != nil {
		return nil, fmt.Errorf("split %s: %w", actorID, err)
	}
	return c.merge(ctx, log.ID)
}

func (c *Curation) merge(ctx context.Context, xid string) (*Merge, error) {
	var res struct {
		M []struct {
			ID     string    `json:"id"`
			Keep   *rawActor `json:"keep"`
			Merged *rawActor `json:"merged"`
			By     string    `json:"by"`
			At     string    `json:"at"`
			Undone bool      `json:"undone"`
		}
	}
	q := `query q($x: string) { m(func: eq(xid, $x)) { id: xid keep: merge.keep { ` + actorBase + ` } merged: merge.merged { ` + actorBase + ` } by: merge.by at: merge.at undone: merge.undone } }`
	if err := c.q.run(ctx, q, map[string]string{"$x": xid}, &res); err != nil {
		return nil, err
	}
	if len(res.M) == 0 || res.M[0].Keep == nil || res.M[0].Merged == nil {
		return nil, fmt.Errorf("merge %s: %w", xid, ErrNotFound)
	}
	m := res.M[0]
	return &Merge{ID: m.ID, Keep: m.Keep.plain(), Merged: m.Merged.plain(), By: m.By, At: m.At, Undone: m.Undone}, nil
}

// nquadBuf builds N-Quads for curation mutations: subjects and objects are
// uids checked against uidPattern (or the blank node _:merge), literals are
// escaped by writeLiteral, the store's one N-Quad escaper.
type nquadBuf struct {
	bytes.Buffer
	err error
}

func (n *nquadBuf) node(s string) string {
	if s == "_:merge" {
		return s
	}
	if !uidPattern.MatchString(s) {
		n.err = fmt.Errorf("invalid uid %q", clip(s, 20))
		return "<0x0>"
	}
	return "<" + s + ">"
}

func (n *nquadBuf) edge(s, pred, o string) {
	fmt.Fprintf(n, "%s <%s> %s .\n", n.node(s), pred, n.node(o))
}

func (n *nquadBuf) literal(s, pred, v string) { n.typed(s, pred, v, "") }

func (n *nquadBuf) typed(s, pred, v, typ string) {
	fmt.Fprintf(n, "%s <%s> ", n.node(s), pred)
	w := bufio.NewWriter(n)
	writeLiteral(w, v)
	w.Flush()
	if typ != "" {
		fmt.Fprintf(n, "^^<%s>", typ)
	}
	n.WriteString(" .\n")
}

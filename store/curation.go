package store

import (
	"context"
	"encoding/json"
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
	set, err := json.Marshal(map[string]any{"uid": a.UID, "actor.aliases": []string{alias}, "actor.alias_norms": []string{norm}})
	if err != nil {
		return nil, err
	}
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{SetJson: set, CommitNow: true}); err != nil {
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
	set, err := json.Marshal([]map[string]any{
		{"uid": res.M[0].UID, "actor.merged_into": map[string]string{"uid": res.K[0].UID}},
		{"uid": "_:merge", "dgraph.type": "Merge", "xid": xid,
			"merge.keep":   map[string]string{"uid": res.K[0].UID},
			"merge.merged": map[string]string{"uid": res.M[0].UID},
			"merge.by":     by, "merge.at": at.Format(time.RFC3339Nano), "merge.undone": false},
	})
	if err != nil {
		return nil, err
	}
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{SetJson: set, CommitNow: true}); err != nil {
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
			Log    []struct {
				UID string `json:"uid"`
				ID  string `json:"id"`
			} `json:"log"`
		}
	}
	const q = `query q($a: string) {
	  a(func: eq(xid, $a)) @filter(has(actor.kind)) {
	    uid merged: actor.merged_into { uid }
	    log: ~merge.merged (orderdesc: merge.at, first: 1) @filter(NOT eq(merge.undone, true)) { uid id: xid }
	  }
	}`
	if err := c.q.run(ctx, q, map[string]string{"$a": actorID}, &res); err != nil {
		return nil, err
	}
	if len(res.A) == 0 {
		return nil, fmt.Errorf("actor %q: %w", clip(actorID, 80), ErrNotFound)
	}
	a := res.A[0]
	if a.Merged == nil || len(a.Log) == 0 {
		return nil, inputErrorf("%s is not merged into another actor", actorID)
	}
	del, _ := json.Marshal(map[string]any{"uid": a.UID, "actor.merged_into": nil})
	set, _ := json.Marshal(map[string]any{"uid": a.Log[0].UID, "merge.undone": true})
	if _, err := c.dg.NewTxn().Mutate(ctx, &api.Mutation{DeleteJson: del, SetJson: set, CommitNow: true}); err != nil {
		return nil, fmt.Errorf("split %s: %w", actorID, err)
	}
	return c.merge(ctx, a.Log[0].ID)
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

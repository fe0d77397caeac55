package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
)

// TestApplySchemaWaitsForPendingTransactions is the restart of a batch job
// that was SIGKILLed mid-transaction: Dgraph refuses the schema Alter while
// that transaction is pending (and aborts it, asking for a retry), so
// ApplySchema must retry instead of failing the restart.
func TestApplySchemaWaitsForPendingTransactions(t *testing.T) {
	dg := dgraphtest.Client(t)
	ctx := context.Background()
	pending := func() *dgo.Txn {
		txn := dg.NewTxn()
		if _, err := txn.Mutate(ctx, &api.Mutation{SetNquads: []byte(`_:a <xid> "pending:1" .`)}); err != nil {
			t.Fatalf("mutate: %v", err)
		}
		return txn
	}

	impatient := New(dg)
	impatient.SchemaWait = time.Millisecond
	if err := impatient.ApplySchema(ctx); err != nil {
		t.Fatalf("ApplySchema with nothing pending: %v", err)
	}
	pending()
	if err := impatient.ApplySchema(ctx); err == nil || !strings.Contains(err.Error(), "Pending transactions") {
		t.Fatalf("with a pending transaction and no wait, ApplySchema = %v, want Dgraph's pending-transactions refusal", err)
	}

	txn := pending()
	if err := New(dg).ApplySchema(ctx); err != nil {
		t.Fatalf("ApplySchema with a pending transaction: %v", err)
	}
	if err := txn.Commit(ctx); !errors.Is(err, dgo.ErrAborted) {
		t.Errorf("the pending transaction's commit after the schema change = %v, want it aborted", err)
	}
}

// TestApplySchemaBackfillsDisputeClaimants: a graph written before
// claim.disputes_claimant existed gets it from ApplySchema, so
// relationship() finds its disputes.
func TestApplySchemaBackfillsDisputeClaimants(t *testing.T) {
	dg := dgraphtest.Client(t)
	ctx := context.Background()
	s := New(dg)
	mustWrite(t, s, loadFixtures(t))
	const q = `{ d(func: has(claim.disputes)) { uid claim.disputes { claim.claimant { xid } } claim.disputes_claimant { xid } } }`
	read := func() (claims int, got, want []string) {
		t.Helper()
		resp, err := dg.NewReadOnlyTxn().Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			D []struct {
				UID      string `json:"uid"`
				Disputes []struct {
					Claimant struct{ XID string } `json:"claim.claimant"`
				} `json:"claim.disputes"`
				DisputesClaimant []struct{ XID string } `json:"claim.disputes_claimant"`
			}
		}
		if err := json.Unmarshal(resp.Json, &out); err != nil {
			t.Fatal(err)
		}
		for _, d := range out.D {
			got = append(got, d.UID+": "+xidSet(d.DisputesClaimant))
			want = append(want, d.UID+": "+disputedClaimants(d.Disputes))
		}
		return len(out.D), got, want
	}
	n, before, want := read()
	if n == 0 || !slices.Equal(before, want) {
		t.Fatalf("after Write: %d disputing claims, claimants %v, want %v", n, before, want)
	}
	// The graph as an older newsgraph wrote it.
	if _, err := dg.NewTxn().Do(ctx, &api.Request{
		Query:     `{ d(func: has(claim.disputes_claimant)) { D as uid } }`,
		Mutations: []*api.Mutation{{DelNquads: []byte(`uid(D) <claim.disputes_claimant> * .`)}},
		CommitNow: true,
	}); err != nil {
		t.Fatal(err)
	}
	if _, stripped, _ := read(); slices.Equal(stripped, want) {
		t.Fatalf("claim.disputes_claimant not deleted: %v", stripped)
	}
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, after, _ := read(); !slices.Equal(after, want) {
		t.Errorf("after ApplySchema: claimants %v, want %v", after, want)
	}
}

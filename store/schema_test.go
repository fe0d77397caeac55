package store

import (
	"context"
	"errors"
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

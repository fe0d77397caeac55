package store

import (
	"context"
	"errors"
	"strconv"
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

// TestApplySchemaBackfills: a graph written before the derived predicates
// existed (claim.disputes_claimant, event.summary) gets them from
// ApplySchema, the very values the writer would have stored, and the
// marker records it: a graph marked done is not scanned again.
func TestApplySchemaBackfills(t *testing.T) {
	dg := dgraphtest.Client(t)
	ctx := context.Background()
	s := New(dg)
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, loadFixtures(t))
	marker := func() string {
		t.Helper()
		resp, err := dg.NewReadOnlyTxn().QueryWithVars(ctx, `query q($k: string) { m(func: eq(xid, $k)) { meta.backfilled } }`,
			map[string]string{"$k": backfillMarker})
		if err != nil {
			t.Fatal(err)
		}
		return string(resp.Json)
	}
	for _, j := range backfillJobs() {
		if !strings.Contains(marker(), strconv.Quote(j.pred)) {
			t.Fatalf("marker %s lacks %s after ApplySchema", marker(), j.pred)
		}
	}
	strip := func(pred string) {
		t.Helper()
		if _, err := dg.NewTxn().Do(ctx, &api.Request{
			Query:     `{ n(func: has(` + pred + `)) { N as uid } }`,
			Mutations: []*api.Mutation{{DelNquads: []byte(`uid(N) <` + pred + `> * .`)}},
			CommitNow: true,
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ pred, query string }{
		{"claim.disputes_claimant", `{ n(func: has(claim.disputes)) { uid v: claim.disputes_claimant { xid } } }`},
		{"event.summary", `{ n(func: has(event.type)) { uid v: event.summary } }`},
	} {
		t.Run(tc.pred, func(t *testing.T) {
			read := func() string {
				t.Helper()
				resp, err := dg.NewReadOnlyTxn().Query(ctx, tc.query)
				if err != nil {
					t.Fatal(err)
				}
				return string(resp.Json)
			}
			written := read()
			if !strings.Contains(written, `"v":`) {
				t.Fatalf("the writer stored no %s: %s", tc.pred, written)
			}
			strip(tc.pred)
			stripped := read()
			if strings.Contains(stripped, `"v":`) {
				t.Fatalf("%s not deleted: %s", tc.pred, stripped)
			}
			// Marked done: ApplySchema trusts the marker.
			if err := s.ApplySchema(ctx); err != nil {
				t.Fatal(err)
			}
			if got := read(); got != stripped {
				t.Errorf("ApplySchema on a graph marked done rewrote %s: %s", tc.pred, got)
			}
			// The graph as an older newsgraph wrote it: no marker either.
			strip("meta.backfilled")
			if err := s.ApplySchema(ctx); err != nil {
				t.Fatal(err)
			}
			if got := read(); got != written {
				t.Errorf("after ApplySchema:\n%s\nwant what the writer stored:\n%s", got, written)
			}
			if !strings.Contains(marker(), strconv.Quote(tc.pred)) {
				t.Errorf("marker %s lacks %s after the backfill", marker(), tc.pred)
			}
		})
	}
}

// TestEventSummary: event.summary reads back as written.
func TestEventSummary(t *testing.T) {
	at := time.Date(2024, 8, 16, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, in  string
		typ, date string
		score     float64
		ok        bool
	}{
		{"dated", eventSummary("CONSULT", 4, at), "CONSULT", "2024-08-16T00:00:00Z", 4, true},
		{"fraction", eventSummary("ASSAULT", -9.5, at), "ASSAULT", "2024-08-16T00:00:00Z", -9.5, true},
		{"undated", eventSummary("AGREE", 3, time.Time{}), "AGREE", "", 3, true},
		{"empty", "", "", "", 0, false},
		{"no score", "AGREE||", "", "", 0, false},
		{"no type", "|3|2024-08-16T00:00:00Z", "", "", 0, false},
		{"one field", "AGREE", "", "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typ, score, date, ok := parseEventSummary(tc.in)
			if typ != tc.typ || score != tc.score || date != tc.date || ok != tc.ok {
				t.Errorf("parseEventSummary(%q) = %q, %v, %q, %v; want %q, %v, %q, %v", tc.in, typ, score, date, ok, tc.typ, tc.score, tc.date, tc.ok)
			}
		})
	}
}

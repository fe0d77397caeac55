package dgraphtest

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/dgraph-io/dgo/v230/protos/api"
)

func TestMain(m *testing.M) { os.Exit(Start(m)) }

// TestClientIsFresh writes a node, asks for a new Client and expects the
// node gone and the schema (xid index) in place.
func TestClientIsFresh(t *testing.T) {
	ctx := context.Background()
	dg := Client(t)
	if _, err := dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: []byte(`_:a <xid> "x:1" .`), CommitNow: true}); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		resp, err := dg.NewReadOnlyTxn().QueryWithVars(ctx, `query q($k: string) { q(func: eq(xid, $k)) { count(uid) } }`, map[string]string{"$k": "x:1"})
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ Q []struct{ Count int } }
		if err := json.Unmarshal(resp.Json, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Q) == 0 {
			return 0
		}
		return out.Q[0].Count
	}
	if n := count(); n != 1 {
		t.Fatalf("before reset: %d nodes with xid x:1, want 1", n)
	}
	dg = Client(t)
	if n := count(); n != 0 {
		t.Fatalf("after reset: %d nodes with xid x:1, want 0", n)
	}
	if GRPCAddr() == "" || HTTPAddr() == "" || ZeroGRPCAddr() == "" || Binary() == "" {
		t.Errorf("empty address: grpc %q http %q zero %q binary %q", GRPCAddr(), HTTPAddr(), ZeroGRPCAddr(), Binary())
	}
}

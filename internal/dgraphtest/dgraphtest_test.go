package dgraphtest

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

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

// TestWaitIdle: an alpha with nothing to do is idle within a few seconds;
// one kept busy is not, and WaitIdle gives up at its bound.
func TestWaitIdle(t *testing.T) {
	dg := Client(t)
	ctx := context.Background()
	waited, idle, err := WaitIdle(ctx, 30*time.Second)
	if err != nil || !idle || waited > 20*time.Second {
		t.Fatalf("idle alpha: waited %s, idle %v, err %v", waited, idle, err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: []byte(`_:a <xid> "busy" .`), CommitNow: true})
			}
		}
	}()
	waited, idle, err = WaitIdle(ctx, 3*time.Second)
	close(stop)
	<-done
	if err != nil || idle || waited < 3*time.Second {
		t.Errorf("busy alpha: waited %s, idle %v, err %v; want not idle after the 3 s bound", waited, idle, err)
	}
}

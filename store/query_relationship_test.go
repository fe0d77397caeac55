package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/dgo/v230/protos/api"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
)

// TestPickNewestMatchesDgraph checks that pickNewest picks the very nodes,
// in the very order, that Dgraph's orderdesc with first picks: the
// relationship lists the newest items this way instead of asking Dgraph to
// sort. The claims share a few dates (ties broken by uid) and some have no
// date at all (last), and there are more of them than are listed.
func TestPickNewestMatchesDgraph(t *testing.T) {
	dg := dgraphtest.Client(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name          string
		n, days, nodt int
	}{
		{"ties across the cut", 3 * maxRelItems, 7, 0},
		{"undated after dated", maxRelItems - 10, 3, 25},
		{"fewer than listed", 12, 4, 3},
		{"many, through the date index", 3000, 28, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := dg.Alter(ctx, &api.Operation{DropOp: api.Operation_DATA}); err != nil {
				t.Fatal(err)
			}
			var nq strings.Builder
			for i := range tc.n + tc.nodt {
				fmt.Fprintf(&nq, "_:c%d <claim.text> \"claim %d\" .\n", i, i)
				if i < tc.n {
					fmt.Fprintf(&nq, "_:c%d <claim.date> \"2024-03-%02dT00:00:00Z\" .\n", i, 1+(i*5)%tc.days)
				}
			}
			if _, err := dg.NewTxn().Mutate(ctx, &api.Mutation{SetNquads: []byte(nq.String()), CommitNow: true}); err != nil {
				t.Fatal(err)
			}
			resp, err := dg.NewReadOnlyTxn().Query(ctx, `{
  C as var(func: has(claim.text))
  all(func: uid(C)) { uid at: claim.date }
  newest(func: uid(C), orderdesc: claim.date, first: `+fmt.Sprint(maxRelItems)+`) { uid }
}`)
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				All    []*rawClaim
				Newest []uidRef
			}
			if err := json.Unmarshal(resp.Json, &res); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, u := range res.Newest {
				want = append(want, u.UID)
			}
			got := pickNewest(len(res.All), func(i int) (string, string) { return res.All[i].UID, res.All[i].At })
			if len(want) != min(tc.n+tc.nodt, maxRelItems) {
				t.Fatalf("Dgraph listed %d claims, want %d", len(want), min(tc.n+tc.nodt, maxRelItems))
			}
			if !slices.Equal(got, want) {
				t.Errorf("pickNewest = %v\nDgraph's orderdesc = %v", got, want)
			}
		})
	}
}

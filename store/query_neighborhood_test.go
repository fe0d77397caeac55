package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
)

// TestNeighborhoodFields: asked for one evidence or article field (with
// the edges' evidence and its article), Neighborhood reads the same value
// of it as when asked for everything (nil Fields); asked for no evidence,
// it keeps the same edges and nodes.
func TestNeighborhoodFields(t *testing.T) {
	s := New(dgraphtest.Client(t))
	mustWrite(t, s, loadFixtures(t))
	q := NewQueries(s.Dgraph())
	ctx := context.Background()
	nf := NeighborhoodFilter{Depth: 1, Limit: 100}
	all, err := q.Neighborhood(ctx, "country:IRN", nf, nil)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, v := range []any{Evidence{}, Article{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name := graphQLName(typ.Field(i).Name)
			if name == "" {
				continue
			}
			field := typ.Name() + "." + name
			want := fieldValues(all, typ.Name(), i)
			if len(want) == 0 {
				t.Fatalf("no evidence carries %s: the test would prove nothing", field)
			}
			one, err := q.Neighborhood(ctx, "country:IRN", nf, Fields{"SubgraphEdge.evidence": true, "Evidence.article": true, field: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := fieldValues(one, typ.Name(), i); !slices.Equal(got, want) {
				t.Errorf("asked for %s: %v, want %v", field, got, want)
			}
			checked++
		}
	}
	if checked < 9 {
		t.Errorf("%d fields checked: the reflection walk is wrong", checked)
	}
	bare, err := q.Neighborhood(ctx, "country:IRN", nf, Fields{"SubgraphEdge.source": true})
	if err != nil {
		t.Fatal(err)
	}
	ends := func(g *Subgraph) []string {
		var out []string
		for _, e := range g.Edges {
			out = append(out, e.Source+" "+e.Target)
		}
		for _, n := range g.Nodes {
			out = append(out, n.ID)
		}
		return out
	}
	if got, want := ends(bare), ends(all); !slices.Equal(got, want) {
		t.Errorf("without evidence: edges and nodes %v, want %v", got, want)
	}
}

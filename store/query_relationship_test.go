package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
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
		{"ties across the cut", 3 * DefaultRelItems, 7, 0},
		{"undated after dated", DefaultRelItems - 10, 3, 25},
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
  newest(func: uid(C), orderdesc: claim.date, first: `+fmt.Sprint(DefaultRelItems)+`) { uid }
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
			got := pickNewest(DefaultRelItems, len(res.All), func(i int) (string, string) { return res.All[i].UID, res.All[i].At })
			if len(want) != min(tc.n+tc.nodt, DefaultRelItems) {
				t.Fatalf("Dgraph listed %d claims, want %d", len(want), min(tc.n+tc.nodt, DefaultRelItems))
			}
			if !slices.Equal(got, want) {
				t.Errorf("pickNewest = %v\nDgraph's orderdesc = %v", got, want)
			}
		})
	}
}

// relEdges are the fields that lead from a relationship to its listed
// nodes and from one node to another: asked for with every field under
// test, so the nodes that carry it are reached.
var relEdges = []string{"Relationship.events", "EventTypeGroup.events", "Relationship.claimsBetween",
	"Relationship.claimsAboutBoth", "Relationship.disputes", "Relationship.links",
	"Event.sources", "Event.targets", "Event.evidence", "Claim.claimant", "Claim.about",
	"Claim.via", "Claim.evidence", "Evidence.article"}

// TestRelationshipFields: asked for one field (with the edges that reach
// it), Relationship reads the same value of it, on every node that carries
// it, as when asked for everything (nil Fields). Every field of the
// types, in the GraphQL schema's names, on the seeds' Russia–Iran and
// Iran–USA.
func TestRelationshipFields(t *testing.T) {
	s := New(dgraphtest.Client(t))
	mustWrite(t, s, loadFixtures(t))
	q := NewQueries(s.Dgraph())
	ctx := context.Background()
	types := map[string]reflect.Type{}
	for _, v := range []any{Event{}, Claim{}, Actor{}, Article{}, Evidence{}} {
		types[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	for _, pair := range [][2]string{{"country:RUS", "country:IRN"}, {"country:IRN", "country:USA"}} {
		all, err := q.Relationship(ctx, pair[0], pair[1], Range{}, DefaultRelItems, nil)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for tname, typ := range types {
			for i := range typ.NumField() {
				name := graphQLName(typ.Field(i).Name)
				if name == "" {
					continue // not in the API
				}
				field := tname + "." + name
				want := fieldValues(all, tname, i)
				if len(want) == 0 {
					t.Fatalf("%s–%s: no node carries %s: the test would prove nothing", pair[0], pair[1], field)
				}
				f := Fields{field: true}
				for _, e := range relEdges {
					f[e] = true
				}
				one, err := q.Relationship(ctx, pair[0], pair[1], Range{}, DefaultRelItems, f)
				if err != nil {
					t.Fatal(err)
				}
				if got := fieldValues(one, tname, i); !slices.Equal(got, want) {
					t.Errorf("%s–%s, asked for %s: %v, want %v", pair[0], pair[1], field, got, want)
				}
				checked++
			}
		}
		if checked < 35 {
			t.Errorf("%d fields checked: the reflection walk is wrong", checked)
		}
	}
}

// graphQLName is the API's name of a view type's Go field, "" for fields
// the API does not serve.
func graphQLName(goName string) string {
	switch goName {
	case "UID", "CountryUID", "MergedInto", "DisputeUIDs", "DisputedByUIDs", "month":
		return ""
	case "ID":
		return "id"
	case "URL":
		return "url"
	}
	return strings.ToLower(goName[:1]) + goName[1:]
}

// fieldValues lists, in a fixed walk order, field i of every node of type
// tname reachable from v: actors, events and claims by their ids.
func fieldValues(v any, tname string, i int) []string {
	var out []string
	var walk func(r reflect.Value)
	walk = func(r reflect.Value) {
		switch r.Kind() {
		case reflect.Pointer:
			if !r.IsNil() {
				walk(r.Elem())
			}
		case reflect.Slice:
			for j := range r.Len() {
				walk(r.Index(j))
			}
		case reflect.Struct:
			if r.Type().Name() == tname {
				out = append(out, show(r.Field(i)))
			}
			for j := range r.NumField() {
				if r.Type().Field(j).IsExported() {
					walk(r.Field(j))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// show prints a field's value; nodes it points at by their ids.
func show(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case *Actor:
		if x == nil {
			return "<nil>"
		}
		return x.ID
	case []*Actor:
		ids := make([]string, len(x))
		for i, a := range x {
			ids[i] = a.ID
		}
		return fmt.Sprint(ids)
	case *Article:
		if x == nil {
			return "<nil>"
		}
		return x.ID
	case []*Evidence:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprintf("%s@%d", e.Article.ID, e.Start)
		}
		return fmt.Sprint(parts)
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "<nil>"
		}
		v = v.Elem()
	}
	return fmt.Sprint(v.Interface())
}

// TestFieldsFragments: with nil Fields (everything) the fragments built
// per selection read what the fixed fragments the other queries use read,
// so the two lists of predicates cannot drift apart.
func TestFieldsFragments(t *testing.T) {
	tokens := func(s string) string {
		f := strings.Fields(s)
		slices.Sort(f)
		return strings.Join(f, " ")
	}
	var all Fields
	for _, tc := range []struct{ name, built, fixed string }{
		{"actor", all.actor(), actorBase},
		{"article", all.article("published: article.published"), articleFields},
	} {
		if got, want := tokens(tc.built), tokens(tc.fixed); got != want {
			t.Errorf("%s: built %q, fixed %q", tc.name, tc.built, tc.fixed)
		}
	}
}

package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// relationshipAll selects every field of relationship() whose value the
// store reads with the relationship itself (actor fields that have their
// own resolvers are left out).
const relationshipAll = `query Rel($a: ID!, $b: ID!) { relationship(a: $a, b: $b) {
  a { id kind name aliases country } b { id kind name aliases country }
  events { id type quad mode contexts date location modality confidence score sourceCount
    sources { id kind name aliases country } targets { id kind name aliases country }
    evidence { article { id url title source published language } sentence start end } }
  eventsByType { type quad count events { id mode score } }
  eventsByQuad { quad count score }
  claimsBetween { claimant { id name } stance claims { id cue text stance date sourceCount
    about { id name } via { id name } disputes { id } disputedBy { id }
    evidence { article { id url title source published language } sentence start end } } }
  claimsAboutBoth { claimant { id kind } stance claims { id text via { id } evidence { sentence end } } }
  disputes { claim { id text cue stance claimant { id name } evidence { sentence } } disputes { id text claimant { id country } disputedBy { id } } }
  links { actor { id name kind } memberOf { id name } events { id type score } claims { id text } }
  timeline { month events claims cooperation conflict score }
  firstSeen lastSeen
} }`

// TestRelationshipReadsWhatIsSelected: relationship() reads only the
// fields a query selects (store.Fields), so a query that selects one
// field must answer exactly what the query that selects everything answers
// for that field. One query per leaf of relationshipAll, plus fragments,
// @skip and @include, for the seeds' Russia–Iran and Iran–USA.
func TestRelationshipReadsWhatIsSelected(t *testing.T) {
	srv, _ := seedGraph(t)
	leaves := leavesOf(t, relationshipAll)
	if len(leaves) < 100 {
		t.Fatalf("%d leaves in relationshipAll: the walk is wrong", len(leaves))
	}

	for _, pair := range [][2]string{{"country:RUS", "country:IRN"}, {"country:IRN", "country:USA"}} {
		vars := map[string]any{"a": pair[0], "b": pair[1]}
		full := gqlData(t, srv, relationshipAll, vars)
		for _, leaf := range leaves {
			q := "query Rel($a: ID!, $b: ID!) { relationship(a: $a, b: $b) { " + narrow(leaf) + " } }"
			if got := gqlData(t, srv, q, vars); !subtree(got, full) {
				t.Errorf("%s–%s: %s answers\n%.600s\nwhich is not what the full selection answers", pair[0], pair[1], strings.Join(leaf, "."), mustJSON(got))
			}
		}
		for name, tc := range map[string]struct {
			query string
			vars  map[string]any
		}{
			"fragments": {`query Rel($a: ID!, $b: ID!) { relationship(a: $a, b: $b) { ...R } }
				fragment R on Relationship { events { ...E } disputes { claim { ...C } } }
				fragment E on Event { id score sourceCount evidence { ... on Evidence { sentence article { title } } } }
				fragment C on Claim { id text evidence { sentence } }`, nil},
			"include": {`query Rel($a: ID!, $b: ID!, $yes: Boolean!) { relationship(a: $a, b: $b) {
				events { id evidence @include(if: $yes) { sentence article { url } } } claimsBetween { claims { id text @include(if: $yes) } } } }`,
				map[string]any{"yes": true}},
			"skip": {`query Rel($a: ID!, $b: ID!, $yes: Boolean!) { relationship(a: $a, b: $b) {
				events { id mode @skip(if: $yes) evidence { start } } claimsBetween { claims { id via @skip(if: $yes) { id } } } } }`,
				map[string]any{"yes": false}},
		} {
			v := map[string]any{"a": pair[0], "b": pair[1]}
			for k, x := range tc.vars {
				v[k] = x
			}
			if got := gqlData(t, srv, tc.query, v); !subtree(got, full) {
				t.Errorf("%s–%s %s: answers\n%.600s\nwhich is not what the full selection answers", pair[0], pair[1], name, mustJSON(got))
			}
		}
	}
}

// neighborhoodAll selects every field of neighborhood().
const neighborhoodAll = `query Nb($id: ID!) { neighborhood(id: $id) {
  truncated nodes { id kind name aliases country }
  edges { source target events claims weight score sign types
    evidence { article { id url title source published language } sentence start end } }
} }`

// TestNeighborhoodReadsWhatIsSelected: as for relationship, one query per
// leaf of neighborhoodAll answers what the full selection answers.
func TestNeighborhoodReadsWhatIsSelected(t *testing.T) {
	srv, _ := seedGraph(t)
	leaves := leavesOf(t, neighborhoodAll)
	if len(leaves) < 20 {
		t.Fatalf("%d leaves in neighborhoodAll: the walk is wrong", len(leaves))
	}
	for _, id := range []string{"country:IRN", "person:sergei-shoigu"} {
		vars := map[string]any{"id": id}
		full := gqlData(t, srv, neighborhoodAll, vars)
		for _, leaf := range leaves {
			q := "query Nb($id: ID!) { neighborhood(id: $id) { " + narrow(leaf) + " } }"
			if got := gqlData(t, srv, q, vars); !subtree(got, full) {
				t.Errorf("%s: %s answers\n%.600s\nwhich is not what the full selection answers", id, strings.Join(leaf, "."), mustJSON(got))
			}
		}
	}
}

// leavesOf lists the paths to the leaves under the query's one top field.
func leavesOf(t *testing.T, query string) [][]string {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	var leaves [][]string
	var walk func(sel ast.SelectionSet, path []string)
	walk = func(sel ast.SelectionSet, path []string) {
		for _, s := range sel {
			f := s.(*ast.Field)
			p := append(append([]string{}, path...), f.Name)
			if len(f.SelectionSet) == 0 {
				leaves = append(leaves, p)
			} else {
				walk(f.SelectionSet, p)
			}
		}
	}
	walk(doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet, nil)
	return leaves
}

// narrow is the selection of one leaf: a { b { c } }.
func narrow(leaf []string) string {
	return strings.Join(leaf, " { ") + strings.Repeat(" }", len(leaf)-1)
}

// gqlData posts a query and returns its data, failing on errors.
func gqlData(t *testing.T, srv *httptest.Server, query string, vars map[string]any) any {
	t.Helper()
	r := post(t, srv, "", query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: errors %+v", query, r.Errors)
	}
	var out any
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// subtree reports whether every value in got is the value at the same
// place in full: objects by key, lists element by element.
func subtree(got, full any) bool {
	switch g := got.(type) {
	case map[string]any:
		f, ok := full.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range g {
			fv, ok := f[k]
			if !ok || !subtree(v, fv) {
				return false
			}
		}
		return true
	case []any:
		f, ok := full.([]any)
		if !ok || len(f) != len(g) {
			return false
		}
		for i := range g {
			if !subtree(g[i], f[i]) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(got, full)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// TestRelationshipFirst: first lists fewer events and claims, the newest,
// and leaves everything counted over all of them as it was.
func TestRelationshipFirst(t *testing.T) {
	srv, _ := seedGraph(t)
	const q = `query Rel($a: ID!, $b: ID!, $n: Int) { relationship(a: $a, b: $b, first: $n) {
	  events { id date } claimsBetween { claims { id } } claimsAboutBoth { claims { id } }
	  eventsByType { type count } eventsByQuad { quad count score }
	  timeline { month events claims cooperation conflict score } firstSeen lastSeen } }`
	type answer struct {
		Relationship struct {
			Events []struct {
				ID string `json:"id"`
			} `json:"events"`
			ClaimsBetween   []struct{ Claims []idOnly } `json:"claimsBetween"`
			ClaimsAboutBoth []struct{ Claims []idOnly } `json:"claimsAboutBoth"`
			EventsByType    json.RawMessage             `json:"eventsByType"`
			EventsByQuad    json.RawMessage             `json:"eventsByQuad"`
			Timeline        json.RawMessage             `json:"timeline"`
			FirstSeen       string                      `json:"firstSeen"`
			LastSeen        string                      `json:"lastSeen"`
		} `json:"relationship"`
	}
	ask := func(n any) answer {
		t.Helper()
		r := post(t, srv, "", q, map[string]any{"a": "country:RUS", "b": "country:IRN", "n": n})
		if len(r.Errors) > 0 {
			t.Fatalf("first %v: %+v", n, r.Errors)
		}
		var a answer
		if err := json.Unmarshal(r.Data, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	claims := func(a answer) int {
		n := 0
		for _, g := range append(a.Relationship.ClaimsBetween, a.Relationship.ClaimsAboutBoth...) {
			n += len(g.Claims)
		}
		return n
	}
	all, two := ask(nil), ask(2)
	if len(all.Relationship.Events) <= 2 || claims(all) <= 2 {
		t.Fatalf("the seeds tie Russia and Iran by %d events and %d claims: too few to test first: 2", len(all.Relationship.Events), claims(all))
	}
	if n := len(two.Relationship.Events); n != 2 {
		t.Errorf("first: 2 lists %d events", n)
	}
	if n := claims(two); n > 2 || n == 0 {
		t.Errorf("first: 2 lists %d claims between or about both", n)
	}
	a, b := all.Relationship, two.Relationship
	for name, same := range map[string]bool{
		"eventsByType": string(a.EventsByType) == string(b.EventsByType),
		"eventsByQuad": string(a.EventsByQuad) == string(b.EventsByQuad),
		"timeline":     string(a.Timeline) == string(b.Timeline),
		"first seen":   a.FirstSeen == b.FirstSeen,
		"last seen":    a.LastSeen == b.LastSeen,
	} {
		if !same {
			t.Errorf("%s differs with first: 2; it counts all events and claims", name)
		}
	}
}

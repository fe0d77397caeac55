package graph_test

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestNeighborhoodFilters: each filter narrows Iran's neighbourhood to
// what it names, and only that: types keep edges of those event types
// (and no claims), a date range keeps the edges with something in it,
// kinds keep neighbours of those kinds. The unfiltered answer is the
// golden one (TestNeighborhood); each filtered one must be a part of it.
func TestNeighborhoodFilters(t *testing.T) {
	srv, _ := seedGraph(t)
	type edge struct {
		Source string   `json:"source"`
		Target string   `json:"target"`
		Events int      `json:"events"`
		Claims int      `json:"claims"`
		Types  []string `json:"types"`
	}
	type answer struct {
		Neighborhood struct {
			Nodes []struct {
				ID   string `json:"id"`
				Kind string `json:"kind"`
			} `json:"nodes"`
			Edges []edge `json:"edges"`
		} `json:"neighborhood"`
	}
	ask := func(args string) answer {
		t.Helper()
		r := post(t, srv, "", `{ neighborhood(id: "country:IRN"`+args+`) { nodes { id kind } edges { source target events claims types } } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("neighborhood(%s): %+v", args, r.Errors)
		}
		var a answer
		if err := json.Unmarshal(r.Data, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	all := ask("")
	key := func(e edge) string { return e.Source + " " + e.Target }
	allEdges := map[string]edge{}
	for _, e := range all.Neighborhood.Edges {
		allEdges[key(e)] = e
	}
	for _, tc := range []struct {
		name, args string
		minEdges   int
		check      func(e edge) bool
	}{
		{"types", `, types: [CONSULT]`, 1, func(e edge) bool { return e.Claims == 0 && slices.Equal(e.Types, []string{"CONSULT"}) }},
		{"two types", `, types: [CONSULT, COOPERATE]`, 1, func(e edge) bool {
			return e.Claims == 0 && len(e.Types) > 0 && !slices.ContainsFunc(e.Types, func(s string) bool { return s != "CONSULT" && s != "COOPERATE" })
		}},
		{"range holding the seeds", `, from: "2024-08-01", to: "2024-08-31"`, 5, func(edge) bool { return true }},
		{"range before the seeds", `, from: "2001-01-01", to: "2001-12-31"`, 0, nil},
		{"types and range", `, types: [CONSULT], from: "2024-08-01"`, 1, func(e edge) bool { return e.Claims == 0 && slices.Equal(e.Types, []string{"CONSULT"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ask(tc.args).Neighborhood
			if tc.check == nil {
				if len(got.Edges) > 0 {
					t.Fatalf("%d edges, want none: nothing is in the range", len(got.Edges))
				}
				return
			}
			if len(got.Edges) < tc.minEdges {
				t.Fatalf("%d edges, want at least %d", len(got.Edges), tc.minEdges)
			}
			for _, e := range got.Edges {
				full, ok := allEdges[key(e)]
				if !ok {
					t.Errorf("edge %s is not in the unfiltered neighbourhood", key(e))
					continue
				}
				if e.Events > full.Events || e.Claims > full.Claims {
					t.Errorf("edge %s: %d events, %d claims; unfiltered %d, %d", key(e), e.Events, e.Claims, full.Events, full.Claims)
				}
				if !tc.check(e) {
					t.Errorf("edge %s %+v does not match %s", key(e), e, tc.args)
				}
			}
		})
	}
	t.Run("kinds", func(t *testing.T) {
		got := ask(`, kinds: [PERSON]`).Neighborhood
		if len(got.Nodes) < 2 {
			t.Fatalf("%d nodes, want Iran and people", len(got.Nodes))
		}
		for _, n := range got.Nodes[1:] {
			if n.Kind != "PERSON" {
				t.Errorf("node %s is a %s", n.ID, n.Kind)
			}
		}
	})
}

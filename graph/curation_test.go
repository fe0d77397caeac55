package graph_test

import (
	"encoding/json"
	"testing"
)

// TestCuration merges Pat Ryder into the Pentagon, checks that reads answer
// the merged actor as the kept one and that the merge is logged, then splits
// them and checks the graph reads as before.
func TestCuration(t *testing.T) {
	srv, _ := seedGraph(t)
	eventsOf := func(id string) (string, int) {
		r := post(t, srv, "", `query($id: ID!) { actor(id: $id) { id events(first: 100) { totalCount } claimsMade { totalCount } } }`, map[string]any{"id": id})
		if len(r.Errors) > 0 {
			t.Fatalf("actor(%s): %+v", id, r.Errors)
		}
		var ans struct {
			Actor struct {
				ID     string `json:"id"`
				Events struct {
					TotalCount int `json:"totalCount"`
				} `json:"events"`
				ClaimsMade struct {
					TotalCount int `json:"totalCount"`
				} `json:"claimsMade"`
			} `json:"actor"`
		}
		_ = json.Unmarshal(r.Data, &ans)
		return ans.Actor.ID, ans.Actor.Events.TotalCount + ans.Actor.ClaimsMade.TotalCount
	}
	_, dod := eventsOf("org:us-department-of-defense")
	_, ryder := eventsOf("person:pat-ryder")
	if ryder == 0 {
		t.Fatal("Pat Ryder has no events or claims in the seed graph")
	}

	r := post(t, srv, testKey, `mutation { mergeActors(keep: "org:us-department-of-defense", merge: "person:pat-ryder") { keep { id } merged { id } by undone } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("mergeActors: %+v", r.Errors)
	}
	var merge struct {
		MergeActors struct {
			Keep, Merged idOnly
			By           string
			Undone       bool
		} `json:"mergeActors"`
	}
	_ = json.Unmarshal(r.Data, &merge)
	if m := merge.MergeActors; m.Keep.ID != "org:us-department-of-defense" || m.Merged.ID != "person:pat-ryder" || m.By != "tester" || m.Undone {
		t.Errorf("merge record %+v; want keep DoD, merged Ryder, by tester, not undone", m)
	}
	if id, n := eventsOf("person:pat-ryder"); id != "org:us-department-of-defense" || n != dod+ryder {
		t.Errorf("after merge, person:pat-ryder reads as %s with %d events+claims; want org:us-department-of-defense with %d", id, n, dod+ryder)
	}
	again := post(t, srv, testKey, `mutation { mergeActors(keep: "country:USA", merge: "person:pat-ryder") { by } }`, nil)
	wantCode(t, "merge a merged actor", again, "BAD_USER_INPUT")

	r = post(t, srv, testKey, `mutation { splitActor(actor: "person:pat-ryder") { keep { id } merged { id } undone } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("splitActor: %+v", r.Errors)
	}
	if id, n := eventsOf("person:pat-ryder"); id != "person:pat-ryder" || n != ryder {
		t.Errorf("after split, person:pat-ryder reads as %s with %d; want itself with %d", id, n, ryder)
	}
	if _, n := eventsOf("org:us-department-of-defense"); n != dod {
		t.Errorf("after split, the Pentagon has %d events+claims; want %d", n, dod)
	}
	wantCode(t, "split twice", post(t, srv, testKey, `mutation { splitActor(actor: "person:pat-ryder") { undone } }`, nil), "BAD_USER_INPUT")

	r = post(t, srv, testKey, `mutation { addAlias(actor: "person:sergei-shoigu", alias: "Šojgu") { id } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("addAlias: %+v", r.Errors)
	}
	for _, search := range []string{"Shoygu", "SHOIGU", "sergei shoigu", "Sergey Shoigu", "Shoigu", "shojgu", "Shoigy"} {
		r := post(t, srv, "", `query($s: String) { actors(filter: {search: $s}) { edges { node { id } } } }`, map[string]any{"s": search})
		var ans struct {
			Actors struct {
				Edges []struct{ Node idOnly } `json:"edges"`
			} `json:"actors"`
		}
		_ = json.Unmarshal(r.Data, &ans)
		if len(ans.Actors.Edges) == 0 || ans.Actors.Edges[0].Node.ID != "person:sergei-shoigu" {
			t.Errorf("search %q: %+v; want person:sergei-shoigu first", search, ans.Actors.Edges)
		}
	}
}

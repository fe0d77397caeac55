package graph_test

import (
	"encoding/json"
	"testing"
)

// TestIngestArticle reads an article through the mutation, then reads what
// it created back by id; the same article again changes nothing.
func TestIngestArticle(t *testing.T) {
	srv, _ := seedGraph(t)
	const m = `mutation($in: ArticleInput!) { ingestArticle(input: $in) {
	    changed article { id url source published } actors { id } events { id type } claims { id } } }`
	in := map[string]any{"in": map[string]any{
		"url": "https://newsgraph.example/2024/09/02/turkey-iran", "title": "Turkey and Iran", "published": "2024-09-02", "source": "Newsgraph Test",
		"body": "ANKARA (September 2) Turkish President Recep Tayyip Erdogan visited Iran on Monday. Iran and Turkey signed a trade agreement in Tehran.",
	}}
	wantCode(t, "no key", post(t, srv, "", m, in), "UNAUTHENTICATED")
	r := post(t, srv, testKey, m, in)
	if len(r.Errors) > 0 {
		t.Fatalf("ingestArticle: %+v", r.Errors)
	}
	var ans struct {
		IngestArticle struct {
			Changed bool
			Article struct{ ID, URL, Source, Published string }
			Actors  []idOnly
			Events  []struct{ ID, Type string }
			Claims  []idOnly
		} `json:"ingestArticle"`
	}
	if err := json.Unmarshal(r.Data, &ans); err != nil {
		t.Fatal(err)
	}
	got := ans.IngestArticle
	if !got.Changed || got.Article.ID != "article:https://newsgraph.example/2024/09/02/turkey-iran" || got.Article.Published != "2024-09-02" || got.Article.Source != "Newsgraph Test" {
		t.Errorf("article %+v changed %v", got.Article, got.Changed)
	}
	if !has(got.Actors, "country:IRN") || !has(got.Actors, "country:TUR") || len(got.Events) == 0 {
		t.Fatalf("actors %v, events %v; want Iran, Turkey and an event", got.Actors, got.Events)
	}
	e := post(t, srv, "", `query($id: ID!) { event(id: $id) { id evidence { article { id } } } }`, map[string]any{"id": got.Events[0].ID})
	if len(e.Errors) > 0 {
		t.Errorf("event(%s): %+v", got.Events[0].ID, e.Errors)
	}
	a := post(t, srv, "", `query($id: ID!) { article(id: $id) { url } }`, map[string]any{"id": got.Article.ID})
	if len(a.Errors) > 0 {
		t.Errorf("article(%s): %+v", got.Article.ID, a.Errors)
	}
	again := post(t, srv, testKey, m, in)
	if len(again.Errors) > 0 || json.Unmarshal(again.Data, &ans) != nil || ans.IngestArticle.Changed {
		t.Errorf("second ingest of the same text: changed %v, errors %+v; want unchanged", ans.IngestArticle.Changed, again.Errors)
	}
	bad := map[string]any{"in": map[string]any{"body": "x", "published": "last Tuesday"}}
	wantCode(t, "bad date", post(t, srv, testKey, m, bad), "BAD_USER_INPUT")
}

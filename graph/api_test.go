package graph_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const relationshipQuery = `query Rel($a: ID!, $b: ID!) {
  relationship(a: $a, b: $b) {
    a { id name kind }
    b { id name kind }
    events {
      id type quad mode modality date score sourceCount
      sources { id } targets { id }
      evidence { article { id url title source published } sentence start end }
    }
    eventsByType { type quad count events { id } }
    eventsByQuad { quad count score }
    claimsBetween { claimant { id } stance claims { id text about { id } evidence { article { id } sentence start end } } }
    claimsAboutBoth { claimant { id } stance claims { id text about { id } evidence { article { id } sentence start end } } }
    disputes { claim { id text stance claimant { id } } disputes { id text stance claimant { id } } }
    links { actor { id name } memberOf { id } events { id type } claims { id } }
    timeline { month events claims cooperation conflict score }
    firstSeen lastSeen
  }
}`

type relAnswer struct {
	Relationship struct {
		Events []struct {
			ID       string `json:"id"`
			Type     string `json:"type"`
			Modality string `json:"modality"`
			Sources  []idOnly
			Targets  []idOnly
			Evidence []struct {
				Sentence string `json:"sentence"`
			} `json:"evidence"`
		} `json:"events"`
		ClaimsBetween   []claimGroup `json:"claimsBetween"`
		ClaimsAboutBoth []claimGroup `json:"claimsAboutBoth"`
		Disputes        []struct {
			Claim    claimRef `json:"claim"`
			Disputes claimRef `json:"disputes"`
		} `json:"disputes"`
		Links []struct {
			Actor    idOnly `json:"actor"`
			MemberOf idOnly `json:"memberOf"`
			Events   []struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			} `json:"events"`
			Claims []idOnly `json:"claims"`
		} `json:"links"`
		Timeline []struct {
			Month  string  `json:"month"`
			Events int     `json:"events"`
			Score  float64 `json:"score"`
		} `json:"timeline"`
		FirstSeen string `json:"firstSeen"`
		LastSeen  string `json:"lastSeen"`
	} `json:"relationship"`
}

type idOnly struct {
	ID string `json:"id"`
}

type claimRef struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Stance   string `json:"stance"`
	Claimant idOnly `json:"claimant"`
}

type claimGroup struct {
	Claimant idOnly `json:"claimant"`
	Stance   string `json:"stance"`
	Claims   []struct {
		ID       string   `json:"id"`
		Text     string   `json:"text"`
		Evidence []any    `json:"evidence"`
		About    []idOnly `json:"about"`
	} `json:"claims"`
}

func has(ids []idOnly, id string) bool {
	for _, x := range ids {
		if x.ID == id {
			return true
		}
	}
	return false
}

// TestRelationship asks the seed graph, through HTTP GraphQL, how Russia and
// Iran and how Iran and the United States are tied, checks what a reader of
// the two articles expects to find, and compares the whole answer with the
// checked-in golden file.
func TestRelationship(t *testing.T) {
	srv, _ := seedGraph(t)

	t.Run("RUS-IRN", func(t *testing.T) {
		r := post(t, srv, "", relationshipQuery, map[string]any{"a": "country:RUS", "b": "country:IRN"})
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		var ans relAnswer
		if err := json.Unmarshal(r.Data, &ans); err != nil {
			t.Fatal(err)
		}
		rel := ans.Relationship
		var visit, agreement, drills bool
		for _, e := range rel.Events {
			switch {
			case e.Type == "CONSULT" && has(e.Sources, "person:sergei-shoigu") && has(e.Targets, "country:IRN"):
				visit = true
			case e.Type == "AGREE" && e.Modality == "PLANNED":
				agreement = true
			case e.Type == "COOPERATE":
				for _, ev := range e.Evidence {
					if strings.Contains(ev.Sentence, "naval drills") {
						drills = true
					}
				}
			}
		}
		if !visit {
			t.Error("no CONSULT event of person:sergei-shoigu visiting country:IRN")
		}
		if !agreement {
			t.Error("no planned AGREE event (the cooperation agreement to be signed in Kazan)")
		}
		if !drills {
			t.Error("no COOPERATE event with the joint naval drills as evidence")
		}
		pentagon := map[string]bool{"org:us-department-of-defense": true, "person:sabrina-singh": true, "person:pat-ryder": true}
		var pentagonClaims int
		for _, g := range rel.ClaimsAboutBoth {
			if pentagon[g.Claimant.ID] {
				for _, c := range g.Claims {
					pentagonClaims++
					if len(c.Evidence) == 0 {
						t.Errorf("claim %s has no evidence", c.ID)
					}
				}
			}
		}
		if pentagonClaims < 2 {
			t.Errorf("%d claims by the Pentagon (DoD, Singh, Ryder) about both Russia and Iran; want at least 2", pentagonClaims)
		}
		var praise, shoiguLink bool
		for _, l := range rel.Links {
			if l.Actor.ID == "person:masoud-pezeshkian" && l.MemberOf.ID == "country:IRN" && (len(l.Events) > 0 || len(l.Claims) > 0) {
				praise = true
			}
			if l.Actor.ID == "person:sergei-shoigu" && l.MemberOf.ID == "country:RUS" {
				shoiguLink = true
			}
		}
		if !praise {
			t.Error("Pezeshkian's praise of Russia is not among the links (person of IRN with an event or claim about RUS)")
		}
		if !shoiguLink {
			t.Error("Shoigu is not among the links as a member of country:RUS")
		}
		if rel.FirstSeen == "" || rel.LastSeen == "" || len(rel.Timeline) == 0 {
			t.Errorf("firstSeen %q, lastSeen %q, %d timeline months; want all set", rel.FirstSeen, rel.LastSeen, len(rel.Timeline))
		}
		golden(t, "relationship-rus-irn", r.Data)
	})

	t.Run("IRN-USA", func(t *testing.T) {
		r := post(t, srv, "", relationshipQuery, map[string]any{"a": "country:IRN", "b": "country:USA"})
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		var ans relAnswer
		if err := json.Unmarshal(r.Data, &ans); err != nil {
			t.Fatal(err)
		}
		iran := map[string]bool{"country:IRN": true, "group:iranian-officials": true}
		var found bool
		for _, d := range ans.Relationship.Disputes {
			if iran[d.Claim.Claimant.ID] && d.Claim.Stance == "DENY" && d.Disputes.Claimant.ID == "org:us-department-of-state" {
				found = true
			}
		}
		if !found {
			t.Errorf("no dispute of Iran's rejection against the State Department's accusation; disputes: %+v", ans.Relationship.Disputes)
		}
		golden(t, "relationship-irn-usa", r.Data)
	})
}

// TestPaths finds how Sabrina Singh connects to Iran.
func TestPaths(t *testing.T) {
	srv, _ := seedGraph(t)
	r := post(t, srv, "", `query P($from: ID!, $to: ID!) {
	  paths(from: $from, to: $to, maxHops: 3, k: 2) {
	    length
	    actors { id }
	    steps { from { id } to { id } kind event { id type } claim { id text } role { title }
	            evidence { article { id } sentence start end } }
	  }
	}`, map[string]any{"from": "person:sabrina-singh", "to": "country:IRN"})
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var ans struct {
		Paths []struct {
			Length int      `json:"length"`
			Actors []idOnly `json:"actors"`
			Steps  []struct {
				Kind     string `json:"kind"`
				Evidence []any  `json:"evidence"`
			} `json:"steps"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(r.Data, &ans); err != nil {
		t.Fatal(err)
	}
	if len(ans.Paths) == 0 {
		t.Fatal("no path from person:sabrina-singh to country:IRN")
	}
	for i, p := range ans.Paths {
		if len(p.Actors) < 2 || p.Actors[0].ID != "person:sabrina-singh" || p.Actors[len(p.Actors)-1].ID != "country:IRN" {
			t.Errorf("path %d runs %v; want person:sabrina-singh … country:IRN", i, p.Actors)
		}
		if p.Length != len(p.Steps) || p.Length > 3 {
			t.Errorf("path %d: length %d with %d steps; want equal and at most 3", i, p.Length, len(p.Steps))
		}
		for j, s := range p.Steps {
			if len(s.Evidence) == 0 {
				t.Errorf("path %d step %d (%s) has no evidence", i, j, s.Kind)
			}
		}
	}
	golden(t, "paths-singh-irn", r.Data)
}

// TestNeighborhood checks that every edge around Iran has evidence and a
// weight.
func TestNeighborhood(t *testing.T) {
	srv, _ := seedGraph(t)
	r := post(t, srv, "", `{ neighborhood(id: "country:IRN") {
	    truncated
	    nodes { id kind name }
	    edges { source target events claims weight score sign types evidence { article { id } sentence start end } }
	  } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var ans struct {
		Neighborhood struct {
			Nodes []idOnly `json:"nodes"`
			Edges []struct {
				Source   string `json:"source"`
				Target   string `json:"target"`
				Weight   int    `json:"weight"`
				Evidence []any  `json:"evidence"`
			} `json:"edges"`
		} `json:"neighborhood"`
	}
	if err := json.Unmarshal(r.Data, &ans); err != nil {
		t.Fatal(err)
	}
	nb := ans.Neighborhood
	if len(nb.Edges) < 5 || !has(nb.Nodes, "country:RUS") || !has(nb.Nodes, "person:sergei-shoigu") {
		t.Fatalf("neighborhood of Iran: %d nodes, %d edges; want Russia and Shoigu among the nodes and at least 5 edges", len(nb.Nodes), len(nb.Edges))
	}
	for _, e := range nb.Edges {
		if len(e.Evidence) == 0 || e.Weight < 1 {
			t.Errorf("edge %s–%s: %d evidence, weight %d; want evidence and weight ≥ 1", e.Source, e.Target, len(e.Evidence), e.Weight)
		}
		if !has(nb.Nodes, e.Source) || !has(nb.Nodes, e.Target) {
			t.Errorf("edge %s–%s ends outside the nodes", e.Source, e.Target)
		}
	}
	golden(t, "neighborhood-irn", r.Data)
}

// golden compares got with testdata/<name>.golden.json (rewritten with
// -update). Answers carry no Dgraph uids or clock values, so the JSON is
// compared as it is, indented.
func golden(t *testing.T, name string, got json.RawMessage) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test ./graph -update to create it)", path, err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the answer; if the change is intended, run go test ./graph -run %s -update and review the diff\n%s",
			path, t.Name(), firstDiff(string(want), buf.String()))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

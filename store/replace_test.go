package store

import (
	"maps"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/schema"
)

// reextract is rec as a newer extractor might read it: one event and one
// claim fewer (the claim another claim disputed), one mention moved.
func reextract(rec schema.Record, dropEvent, dropClaim int) schema.Record {
	out := rec
	out.Article.Extractor = rec.Article.Extractor + "-v2"
	out.Events = slices.Delete(slices.Clone(rec.Events), dropEvent, dropEvent+1)
	dropped := rec.Claims[dropClaim].ID
	out.Claims = nil
	for i, c := range rec.Claims {
		if i == dropClaim {
			continue
		}
		c.Disputes = slices.DeleteFunc(slices.Clone(c.Disputes), func(d string) bool { return d == dropped })
		out.Claims = append(out.Claims, c)
	}
	out.Actors = slices.Clone(rec.Actors)
	a := out.Actors[0]
	a.Mentions = []schema.Span{{Start: a.Mentions[0].Start + 1000, End: a.Mentions[0].End + 1000, Text: a.Mentions[0].Text}}
	out.Actors[0] = a
	return out
}

func sameGraph(t *testing.T, what string, got, want Counts) {
	t.Helper()
	if !maps.Equal(got.Nodes, want.Nodes) {
		t.Errorf("%s: nodes %v, want %v", what, got.Nodes, want.Nodes)
	}
	if !maps.Equal(got.EdgesByPredicate, want.EdgesByPredicate) {
		t.Errorf("%s: edges %v\n want %v", what, got.EdgesByPredicate, want.EdgesByPredicate)
	}
}

// TestReextractionReplaces: writing a record from a newer extractor over
// the old one leaves exactly the graph the new record alone would build.
func TestReextractionReplaces(t *testing.T) {
	v1 := loadFixtures(t)
	// WANA's claim c4 (index 3) is disputed by c7: dropping it must drop
	// the dispute edge as well.
	v2 := []schema.Record{reextract(v1[0], 5, 3), reextract(v1[1], 1, 3)}

	fresh := New(dgraphtest.Client(t))
	mustWrite(t, fresh, v2)
	want := counts(t, fresh)
	nodes, edges := expected(v2)
	checkCounts(t, "fresh v2", want, nodes, edges)

	dg := dgraphtest.Client(t)
	s := New(dg)
	mustWrite(t, s, v1)
	before := counts(t, s)
	res := mustWrite(t, s, v2)
	sameGraph(t, "v2 over v1, same store", counts(t, s), want)
	if before.Nodes["Event"] <= want.Nodes["Event"] {
		t.Fatalf("test is vacuous: v1 has %d events, v2 %d", before.Nodes["Event"], want.Nodes["Event"])
	}
	if n, dups := duplicateXIDs(t, s); len(dups) > 0 {
		t.Errorf("%d nodes, duplicated xids %v", n, dups)
	}
	t.Logf("v2 over v1: %d N-Quads set", res.NQuads)

	// Writing v2 again changes nothing; writing v1 again brings v1 back.
	mustWrite(t, s, v2)
	sameGraph(t, "v2 twice", counts(t, s), want)
	mustWrite(t, New(dg), v1)
	sameGraph(t, "v1 again, new store", counts(t, s), before)
}

// TestReextractionKeepsSharedEvent: an event two articles report survives
// the re-extraction of one that no longer reports it, and goes when the
// other drops it too.
func TestReextractionKeepsSharedEvent(t *testing.T) {
	gen := genArticles(211)
	a, b := gen[0], gen[210] // same e1: same type, participants, month
	if schema.EventKey(a.Events[0], a.Article.Published) != schema.EventKey(b.Events[0], b.Article.Published) {
		t.Fatal("generated articles 0 and 210 no longer share an event")
	}
	drop := func(r schema.Record) schema.Record {
		r.Article.Extractor = "gen-2"
		r.Events = r.Events[1:]
		return r
	}
	wantOf := func(recs ...schema.Record) Counts {
		s := New(dgraphtest.Client(t))
		mustWrite(t, s, recs)
		return counts(t, s)
	}
	oneDropped := wantOf(drop(a), b)
	bothDropped := wantOf(drop(a), drop(b))

	s := New(dgraphtest.Client(t))
	mustWrite(t, s, []schema.Record{a, b})
	mustWrite(t, s, []schema.Record{drop(a)})
	sameGraph(t, "a re-extracted", counts(t, s), oneDropped)
	mustWrite(t, s, []schema.Record{drop(b)})
	sameGraph(t, "both re-extracted", counts(t, s), bothDropped)
}

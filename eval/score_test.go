package eval

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

func TestOptionalItems(t *testing.T) {
	g := &Gold{
		ID:     "opt",
		Actors: []GoldActor{russia, iran, {Name: "Sputnik", Kind: "ORGANIZATION", Optional: true}},
		Places: []string{"Kazan"},
		Events: []GoldEvent{
			{Type: Strings{"COOPERATE"}, Sources: []string{"Russia", "Iran"}, Symmetric: true},
			{Type: Strings{"CONSULT"}, Sources: []string{"Russia"}, Targets: []string{"Iran"}, Optional: true},
		},
	}
	tests := []struct {
		name           string
		pred           *schema.Record
		actors, events Counts
	}{
		{"optional found counts for neither side",
			record([]schema.Actor{pRussia, pIran, {ID: "org:sputnik", Kind: "ORGANIZATION", Name: "Sputnik"}},
				[]schema.Event{
					{Type: "COOPERATE", Sources: []string{"country:RUS", "country:IRN"}},
					{Type: "CONSULT", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}},
				}, nil),
			Counts{TP: 2}, Counts{TP: 1}},
		{"optional missed is no miss",
			record([]schema.Actor{pRussia, pIran},
				[]schema.Event{{Type: "COOPERATE", Sources: []string{"country:RUS", "country:IRN"}}}, nil),
			Counts{TP: 2}, Counts{TP: 1}},
		{"a place is neither true nor false",
			record([]schema.Actor{pRussia, pIran, {ID: "location:kazan", Kind: "LOCATION", Name: "Kazan"}}, nil, nil),
			Counts{TP: 2}, Counts{FN: 1}},
		{"unmatched predictions are false positives",
			record([]schema.Actor{pRussia, pIran, pChina},
				[]schema.Event{{Type: "AID", Sources: []string{"country:CHN"}, Targets: []string{"country:RUS"}}}, nil),
			Counts{TP: 2, FP: 1}, Counts{FP: 1, FN: 1}},
		{"no prediction at all",
			nil, Counts{FN: 2}, Counts{FN: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score([]Case{{Gold: g, Pred: tt.pred}})
			if r.Total.Actors != tt.actors {
				t.Errorf("actors %+v, want %+v", r.Total.Actors, tt.actors)
			}
			if r.Total.Events != tt.events {
				t.Errorf("events %+v, want %+v", r.Total.Events, tt.events)
			}
		})
	}
}

func TestDateAndModality(t *testing.T) {
	g := &Gold{Actors: []GoldActor{russia, iran}}
	tests := []struct {
		name           string
		gold           GoldEvent
		pred           schema.Event
		date, modality Ratio
	}{
		{"same day", GoldEvent{Date: "2024-08-13", Modality: "asserted"}, schema.Event{Date: "2024-08-13", Modality: "asserted"},
			Ratio{1, 1}, Ratio{1, 1}},
		{"finer predicted date", GoldEvent{Date: "2024-08"}, schema.Event{Date: "2024-08-02"}, Ratio{1, 1}, Ratio{}},
		{"coarser predicted date", GoldEvent{Date: "2024-08-13"}, schema.Event{Date: "2024-08"}, Ratio{0, 1}, Ratio{}},
		{"other month", GoldEvent{Date: "2024-10"}, schema.Event{Date: "2024-08"}, Ratio{0, 1}, Ratio{}},
		{"no predicted date", GoldEvent{Date: "2024"}, schema.Event{}, Ratio{0, 1}, Ratio{}},
		{"no gold date is not counted", GoldEvent{Modality: "planned"}, schema.Event{Date: "2024-08", Modality: "asserted"},
			Ratio{}, Ratio{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ge := tt.gold
			ge.Type, ge.Sources = Strings{"REJECT"}, []string{"Iran"}
			pe := tt.pred
			pe.Type, pe.Sources = "REJECT", []string{"country:IRN"}
			gold := *g
			gold.Events = []GoldEvent{ge}
			r := Score([]Case{{Gold: &gold, Pred: record([]schema.Actor{pIran}, []schema.Event{pe}, nil)}})
			if r.Total.Events.TP != 1 {
				t.Fatalf("event not matched: %+v", r.Total.Events)
			}
			if r.Total.Date != tt.date || r.Total.Modality != tt.modality {
				t.Errorf("date %+v modality %+v, want %+v %+v", r.Total.Date, r.Total.Modality, tt.date, tt.modality)
			}
		})
	}
}

func TestClaimPairingByText(t *testing.T) {
	g := &Gold{
		Actors: []GoldActor{russia, iran},
		Claims: []GoldClaim{
			{Claimant: Strings{"Iran"}, About: []string{"Russia"}, Stance: "assert", Text: "Iran will mediate between the parties"},
			{Claimant: Strings{"Iran"}, About: []string{"Russia"}, Stance: "assert", Text: "Iran does not support any party in the war"},
		},
	}
	pred := record([]schema.Actor{pRussia, pIran}, nil, []schema.Claim{
		{ID: "c1", Claimant: "country:IRN", About: []string{"country:RUS"}, Stance: "assert", Text: "Iran does not support any party in the war"},
		{ID: "c2", Claimant: "country:IRN", About: []string{"country:RUS"}, Stance: "assert", Text: "Iran is willing to mediate between the parties"},
	})
	r := Score([]Case{{Gold: g, Pred: pred}})
	if r.Total.Claims != (Counts{TP: 2}) {
		t.Fatalf("claims %+v, want 2 TP", r.Total.Claims)
	}
	// Each gold took the prediction with the better overlap, so the mean
	// Jaccard is high; the crossed pairing would be far lower.
	if j := r.Total.ClaimTextJaccard(); j < 0.6 {
		t.Errorf("claim text Jaccard %.3f: pairing did not prefer the better overlap", j)
	}
}

func TestDisputesRecall(t *testing.T) {
	g := &Gold{
		Actors: []GoldActor{russia, iran, {Name: "United States", Kind: "COUNTRY", Country: "USA"}},
		Claims: []GoldClaim{
			{Claimant: Strings{"United States"}, About: []string{"Iran"}, Stance: "assert", Text: "Iran supplies drones"},
			{Claimant: Strings{"Russia"}, About: []string{"Iran"}, Stance: "assert", Text: "Iran trades", Optional: true},
			{Claimant: Strings{"Iran"}, About: []string{"Iran"}, Stance: "deny", Text: "Iran rejects the claims"},
		},
		Disputes: []GoldDispute{{Claim: 2, Disputes: []int{0, 1}}},
	}
	usa := schema.Actor{ID: "country:USA", Kind: "COUNTRY", Name: "United States", Country: "USA"}
	acc := schema.Claim{ID: "c1", Claimant: "country:USA", About: []string{"country:IRN"}, Stance: "assert"}
	den := schema.Claim{ID: "c2", Claimant: "country:IRN", About: []string{"country:IRN"}, Stance: "deny"}
	linkedDen := den
	linkedDen.Disputes = []string{"c1"}
	linkedAcc := acc
	linkedAcc.Disputes = []string{"c2"}
	wrongDen := den
	wrongDen.Disputes = []string{"c9"}
	tests := []struct {
		name   string
		claims []schema.Claim
		want   Ratio
	}{
		{"linked by the disputing claim", []schema.Claim{acc, linkedDen}, Ratio{1, 1}},
		{"linked the other way round", []schema.Claim{linkedAcc, den}, Ratio{1, 1}},
		{"both matched, not linked", []schema.Claim{acc, den}, Ratio{0, 1}},
		{"linked to something else", []schema.Claim{acc, wrongDen}, Ratio{0, 1}},
		{"disputed claim not found", []schema.Claim{linkedDen}, Ratio{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score([]Case{{Gold: g, Pred: record([]schema.Actor{pRussia, pIran, usa}, nil, tt.claims)}})
			if r.Total.Disputes != tt.want {
				t.Errorf("disputes %+v, want %+v", r.Total.Disputes, tt.want)
			}
		})
	}
}

func TestMicroAverage(t *testing.T) {
	one := &Gold{ID: "a", Actors: []GoldActor{russia}}
	three := &Gold{ID: "b", Actors: []GoldActor{russia, iran, china}}
	r := Score([]Case{
		{Gold: one, Pred: record([]schema.Actor{pRussia}, nil, nil)},
		{Gold: three, Pred: record(nil, nil, nil)},
	})
	// Per article recall is 1 and 0 (macro 0.5); over all items it is 1/4.
	if got := r.Total.Actors.Recall(); got != 0.25 {
		t.Errorf("micro recall %v, want 0.25", got)
	}
	if got := r.Total.Actors.Precision(); got != 1 {
		t.Errorf("micro precision %v, want 1", got)
	}
}

func TestCasesPairRecordsWithGold(t *testing.T) {
	golds := []*Gold{
		{ID: "by-id", Article: GoldArticle{File: "x/by-id.txt"}},
		{ID: "by-url", Article: GoldArticle{File: "x/other.txt", URL: "https://Example.org/a/b/"}},
		{ID: "by-file", Article: GoldArticle{File: "seeds/by-file-name.txt"}},
		{ID: "missing", Article: GoldArticle{File: "x/missing.txt"}},
	}
	recs := []schema.Record{
		{Article: schema.ArticleMeta{ID: "stray"}},
		{Article: schema.ArticleMeta{ID: "whatever", URL: "https://example.org/a/b?utm_source=x"}},
		{Article: schema.ArticleMeta{ID: "by-file-name"}},
		{Article: schema.ArticleMeta{ID: "by-id"}},
	}
	cases, unmatched := Cases(golds, recs)
	want := []string{"by-id", "whatever", "by-file-name", ""}
	for i, c := range cases {
		got := ""
		if c.Pred != nil {
			got = c.Pred.Article.ID
		}
		if got != want[i] {
			t.Errorf("gold %s paired with %q, want %q", c.Gold.ID, got, want[i])
		}
	}
	if len(unmatched) != 1 || unmatched[0] != "stray" {
		t.Errorf("unmatched %v, want [stray]", unmatched)
	}
}

func TestReadRecords(t *testing.T) {
	in := `{"article":{"id":"a"},"actors":[{"id":"country:RUS","kind":"COUNTRY","name":"Russia"}]}

{"article":{"id":"b"}}
`
	recs, err := ReadRecords(strings.NewReader(in))
	if err != nil || len(recs) != 2 || recs[0].Actors[0].Name != "Russia" {
		t.Fatalf("ReadRecords = %+v, %v", recs, err)
	}
	if _, err := ReadRecords(strings.NewReader("{\"article\":{}}\n{broken\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("broken line: err %v, want one naming line 2", err)
	}
}

func TestReportNamesMissesAndFalsePositives(t *testing.T) {
	g := &Gold{ID: "art", Actors: []GoldActor{russia, iran},
		Events: []GoldEvent{{Type: Strings{"REJECT"}, Sources: []string{"Iran"}, Note: "Iranian officials rejected these claims"}}}
	pred := record([]schema.Actor{pRussia, pChina},
		[]schema.Event{{ID: "e1", Type: "AID", Sources: []string{"country:CHN"}, Targets: []string{"country:RUS"},
			Modality: "alleged", Evidence: []schema.Span{{Text: "China may supply Russia."}}}}, nil)
	r := Score([]Case{{Gold: g, Pred: pred}})
	var buf bytes.Buffer
	if err := r.WriteText(&buf, true); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"miss actor  Iran (COUNTRY, IRN)",
		"false actor China (COUNTRY, CHN)",
		"miss event  REJECT Iran → : Iranian officials rejected these claims",
		"false event AID China → Russia [alleged]: China may supply Russia.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not the JSON summary: %v\n%s", err, lines[len(lines)-1])
	}
	if s.Actors != (CountSummary{TP: 1, FP: 1, FN: 1, P: 0.5, R: 0.5, F1: 0.5}) || s.Events.FN != 1 || s.Events.FP != 1 {
		t.Errorf("summary %+v", s)
	}
}

package eval

import (
	"math"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// Small hand-made actors shared by the rule tables.
var (
	russia  = GoldActor{Name: "Russia", Kind: schema.KindCountry, Country: "RUS", Aliases: []string{"Moscow", "Russian"}}
	iran    = GoldActor{Name: "Iran", Kind: schema.KindCountry, Country: "IRN", Aliases: []string{"Tehran"}}
	china   = GoldActor{Name: "China", Kind: schema.KindCountry, Country: "CHN", Aliases: []string{"Beijing"}}
	shoigu  = GoldActor{Name: "Sergei Shoigu", Kind: schema.KindPerson, Country: "RUS", Aliases: []string{"Shoigu"}}
	pentago = GoldActor{Name: "US Department of Defense", Kind: schema.KindOrganization, Country: "USA", Aliases: []string{"Pentagon"}}
	singh   = GoldActor{Name: "Sabrina Singh", Kind: schema.KindPerson, Country: "USA", Aliases: []string{"Singh"}}

	pRussia = schema.Actor{ID: "country:RUS", Kind: schema.KindCountry, Name: "Russia", Country: "RUS"}
	pIran   = schema.Actor{ID: "country:IRN", Kind: schema.KindCountry, Name: "Iran", Country: "IRN"}
	pChina  = schema.Actor{ID: "country:CHN", Kind: schema.KindCountry, Name: "China", Country: "CHN"}
	pShoigu = schema.Actor{ID: "person:sergei-shoigu", Kind: schema.KindPerson, Name: "Sergei Shoigu", Country: "RUS"}
	pPenta  = schema.Actor{ID: "org:pentagon", Kind: schema.KindOrganization, Name: "Pentagon", Country: "USA"}
	pSingh  = schema.Actor{ID: "person:sabrina-singh", Kind: schema.KindPerson, Name: "Sabrina Singh", Country: "USA"}
)

func TestNormalizedNames(t *testing.T) {
	tests := []struct {
		name string
		gold GoldActor
		pred schema.Actor
		want bool
	}{
		{"case and punctuation", GoldActor{Name: "U.S. State Department", Kind: "ORGANIZATION"},
			schema.Actor{Name: "us state department", Kind: "ORGANIZATION"}, true},
		{"diacritics", GoldActor{Name: "Recep Tayyip Erdoğan", Kind: "PERSON"},
			schema.Actor{Name: "Recep Tayyip Erdogan", Kind: "PERSON"}, true},
		{"leading the", GoldActor{Name: "The White House", Kind: "ORGANIZATION"},
			schema.Actor{Name: "White House", Kind: "ORGANIZATION"}, true},
		{"spaces folded", GoldActor{Name: "Pat  Ryder", Kind: "PERSON"},
			schema.Actor{Name: " Pat Ryder ", Kind: "PERSON"}, true},
		{"gold alias equals predicted name", pentago, schema.Actor{Name: "Pentagon", Kind: "ORGANIZATION"}, true},
		{"predicted alias equals gold name", shoigu,
			schema.Actor{Name: "Sergey Shoygu", Kind: "PERSON", Aliases: []string{"Sergei Shoigu"}}, true},
		{"alias equals alias", singh, schema.Actor{Name: "S. Singh", Kind: "PERSON", Aliases: []string{"Singh"}}, true},
		{"different names", shoigu, schema.Actor{Name: "Sergei Lavrov", Kind: "PERSON", Country: "RUS"}, false},
		{"substring is not a match", pentago, schema.Actor{Name: "Department of Defense spokesman", Kind: "ORGANIZATION"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := actorMatch(goldView(tt.gold), predView(tt.pred)); got != tt.want {
				t.Errorf("actorMatch(%q, %q) = %v, want %v", tt.gold.Name, tt.pred.Name, got, tt.want)
			}
		})
	}
}

func TestActorKindsAndCountryCodes(t *testing.T) {
	tests := []struct {
		name string
		gold GoldActor
		pred schema.Actor
		want bool
	}{
		{"same name other kind", GoldActor{Name: "Georgia", Kind: "COUNTRY", Country: "GEO"},
			schema.Actor{Name: "Georgia", Kind: "LOCATION"}, false},
		{"person named like a group", GoldActor{Name: "Iranian officials", Kind: "GROUP"},
			schema.Actor{Name: "Iranian officials", Kind: "PERSON"}, false},
		{"country code, different name", russia,
			schema.Actor{Name: "Russian Federation", Kind: "COUNTRY", Country: "RUS"}, true},
		{"country code lower case", russia, schema.Actor{Name: "RF", Kind: "COUNTRY", Country: "rus"}, true},
		{"kind lower case", shoigu, schema.Actor{Name: "Shoigu", Kind: "person"}, true},
		{"country name, no code", russia, schema.Actor{Name: "Moscow", Kind: "COUNTRY"}, true},
		{"different country codes", russia, schema.Actor{Name: "Russia", Kind: "COUNTRY", Country: "BLR"}, true},
		{"code only counts for countries", GoldActor{Name: "Kremlin", Kind: "ORGANIZATION", Country: "RUS"},
			schema.Actor{Name: "Duma", Kind: "ORGANIZATION", Country: "RUS"}, false},
		{"empty codes do not match", GoldActor{Name: "Kosovo", Kind: "COUNTRY"},
			schema.Actor{Name: "Somaliland", Kind: "COUNTRY"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := actorMatch(goldView(tt.gold), predView(tt.pred)); got != tt.want {
				t.Errorf("actorMatch(%+v, %+v) = %v, want %v", tt.gold, tt.pred, got, tt.want)
			}
		})
	}
}

// record builds a prediction from actors and items.
func record(actors []schema.Actor, events []schema.Event, claims []schema.Claim) *schema.Record {
	return &schema.Record{Actors: actors, Events: events, Claims: claims}
}

func TestEventMatch(t *testing.T) {
	g := &Gold{Actors: []GoldActor{russia, iran, china, shoigu, pentago}}
	actors := []schema.Actor{pRussia, pIran, pChina, pShoigu, pPenta}
	tests := []struct {
		name string
		gold GoldEvent
		pred schema.Event
		want bool
	}{
		{"same type and sides",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"person:sergei-shoigu"}, Targets: []string{"country:IRN"}}, true},
		{"type not in the gold list",
			GoldEvent{Type: Strings{"CONSULT", "COOPERATE"}, Sources: []string{"Russia"}},
			schema.Event{Type: "AGREE", Sources: []string{"country:RUS"}}, false},
		{"second type in the list",
			GoldEvent{Type: Strings{"CONSULT", "COOPERATE"}, Sources: []string{"Russia"}},
			schema.Event{Type: "COOPERATE", Sources: []string{"country:RUS"}}, true},
		{"extra predicted participants are fine",
			GoldEvent{Type: Strings{"ACCUSE"}, Sources: []string{"US Department of Defense"}, Targets: []string{"Iran"}},
			schema.Event{Type: "ACCUSE", Sources: []string{"org:pentagon", "country:CHN"}, Targets: []string{"country:IRN", "country:RUS"}}, true},
		{"a gold source missing",
			GoldEvent{Type: Strings{"COOPERATE"}, Sources: []string{"Russia", "Iran"}},
			schema.Event{Type: "COOPERATE", Sources: []string{"country:RUS"}}, false},
		{"swapped sides, not symmetric",
			GoldEvent{Type: Strings{"AID"}, Sources: []string{"Iran"}, Targets: []string{"Russia"}},
			schema.Event{Type: "AID", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}}, false},
		{"swapped sides, symmetric",
			GoldEvent{Type: Strings{"AGREE"}, Sources: []string{"Iran"}, Targets: []string{"Russia"}, Symmetric: true},
			schema.Event{Type: "AGREE", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}}, true},
		{"merged into sources, symmetric",
			GoldEvent{Type: Strings{"AGREE"}, Sources: []string{"Iran"}, Targets: []string{"Russia"}, Symmetric: true},
			schema.Event{Type: "AGREE", Sources: []string{"country:IRN", "country:RUS"}}, true},
		{"split into targets, symmetric",
			GoldEvent{Type: Strings{"COOPERATE"}, Sources: []string{"Russia", "Iran"}, Symmetric: true},
			schema.Event{Type: "COOPERATE", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}}, true},
		{"symmetric still needs every participant",
			GoldEvent{Type: Strings{"COOPERATE"}, Sources: []string{"Russia", "Iran"}, Symmetric: true},
			schema.Event{Type: "COOPERATE", Sources: []string{"country:RUS"}, Targets: []string{"country:CHN"}}, false},
		{"predicted type case-insensitive",
			GoldEvent{Type: Strings{"REJECT"}, Sources: []string{"Iran"}},
			schema.Event{Type: "reject", Sources: []string{"country:IRN"}}, true},
		{"participant id the record does not list",
			GoldEvent{Type: Strings{"REJECT"}, Sources: []string{"Iran"}},
			schema.Event{Type: "REJECT", Sources: []string{"country:IRN"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acts := actors
			if tt.name == "participant id the record does not list" {
				acts = nil
			}
			pa := indexActors(record(acts, nil, nil))
			if got := eventMatch(g, &tt.gold, pa, &tt.pred); got != tt.want {
				t.Errorf("eventMatch = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPersonVersusCountry(t *testing.T) {
	g := &Gold{Actors: []GoldActor{russia, iran, shoigu}}
	pa := indexActors(record([]schema.Actor{pRussia, pIran, pShoigu}, nil, nil))
	tests := []struct {
		name string
		gold GoldEvent
		pred schema.Event
		want bool
	}{
		{"person's country instead of the person",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}}, false},
		{"person's country when the gold names it too",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu", "Russia"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"country:RUS"}, Targets: []string{"country:IRN"}}, true},
		{"the person itself",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"person:sergei-shoigu"}, Targets: []string{"country:IRN"}}, true},
		{"another country, named by the gold",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu", "Russia"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"country:IRN"}, Targets: []string{"country:IRN"}}, false},
		{"a country named by the gold is not the person's country",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Sergei Shoigu"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"country:IRN"}, Targets: []string{"country:IRN"}}, false},
		{"a country never stands for a gold country's person",
			GoldEvent{Type: Strings{"CONSULT"}, Sources: []string{"Russia"}, Targets: []string{"Iran"}},
			schema.Event{Type: "CONSULT", Sources: []string{"person:sergei-shoigu"}, Targets: []string{"country:IRN"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventMatch(g, &tt.gold, pa, &tt.pred); got != tt.want {
				t.Errorf("eventMatch = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClaimMatch(t *testing.T) {
	g := &Gold{Actors: []GoldActor{russia, iran, pentago, singh}}
	pa := indexActors(record([]schema.Actor{pRussia, pIran, pPenta, pSingh}, nil, nil))
	gold := GoldClaim{Claimant: Strings{"Sabrina Singh", "US Department of Defense"}, About: []string{"Russia", "Iran"}, Stance: "assert"}
	tests := []struct {
		name string
		pred schema.Claim
		want bool
	}{
		{"first claimant", schema.Claim{Claimant: "person:sabrina-singh", About: []string{"country:RUS"}, Stance: "assert"}, true},
		{"second claimant", schema.Claim{Claimant: "org:pentagon", About: []string{"country:IRN"}, Stance: "assert"}, true},
		{"claimant not listed", schema.Claim{Claimant: "country:RUS", About: []string{"country:IRN"}, Stance: "assert"}, false},
		{"no about in common", schema.Claim{Claimant: "org:pentagon", About: []string{"org:pentagon"}, Stance: "assert"}, false},
		{"stance differs", schema.Claim{Claimant: "org:pentagon", About: []string{"country:RUS"}, Stance: "deny"}, false},
		{"text plays no part", schema.Claim{Claimant: "org:pentagon", About: []string{"country:RUS"}, Stance: "assert", Text: "unrelated"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := claimMatch(g, &gold, pa, &tt.pred); got != tt.want {
				t.Errorf("claimMatch = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"Russia and Iran", "russia, and IRAN", 1},
		{"a b c d", "c d e f", 2.0 / 6},
		{"x", "y", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		if got := Jaccard(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Jaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPairGreedy(t *testing.T) {
	tests := []struct {
		name    string
		match   [][]bool    // [gold][pred]
		overlap [][]float64 // [gold][pred]
		want    []int
	}{
		{"best overlap first", [][]bool{{true, true}}, [][]float64{{0.2, 0.7}}, []int{1}},
		{"tie goes to the earlier prediction", [][]bool{{true, true}}, [][]float64{{0.5, 0.5}}, []int{0}},
		{"each prediction once", [][]bool{{true}, {true}}, [][]float64{{0}, {0.9}}, []int{0, -1}},
		// Greedy in gold order: the first gold takes its best prediction
		// even when that leaves the second gold without one.
		{"greedy, not optimal", [][]bool{{true, true}, {true, false}}, [][]float64{{0.1, 0.0}, {0.9, 0}}, []int{0, -1}},
		{"no match", [][]bool{{false}}, [][]float64{{1}}, []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pair(len(tt.match), len(tt.match[0]),
				func(g, p int) bool { return tt.match[g][p] },
				func(g, p int) float64 { return tt.overlap[g][p] })
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("pair = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

package extract_test

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/schema"
)

// TestRecipients: the recipient of an act is read from the rest of the
// clause when the rule's own slot is empty — a demonym in the object, the
// object of an infinitive, a "from" phrase — and "both governments" finds
// the article's two parties. Sentences in our own words.
func TestRecipients(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		typ        string
		src, tgt   []string
	}{
		{"demonym in the object", "Iran seized a British oil tanker in the Gulf on Sunday.",
			"COERCE", []string{"country:IRN"}, []string{"country:GBR"}},
		{"object of an infinitive", "Guatemala threatened to cut diplomatic ties with Belize on Monday.",
			"THREATEN", []string{"country:GTM"}, []string{"country:BLZ"}},
		{"company by its name's last word", "Iran seized a cargo ship owned by Demir Shipping on Monday.",
			"COERCE", []string{"country:IRN"}, []string{"org:demir-shipping"}},
		{"from phrase", "Japan rejected a mediation offer from Turkey last week.",
			"REJECT", []string{"country:JPN"}, []string{"country:TUR"}},
		{"titled person in the object", "Jamaican Ambassador to Portugal Marcia Brown refused to meet Maltese Energy Minister Carlo Vella on Friday.",
			"REJECT", []string{"person:marcia-brown"}, []string{"person:carlo-vella"}},
		{"both governments", "Peru expelled a Chilean diplomat on Monday. Chile responded by expelling a Peruvian envoy. " +
			"Brazilian Foreign Minister Mauro Vieira criticised both governments on Tuesday for failing to calm tensions.",
			"ACCUSE", []string{"person:mauro-vieira"}, []string{"country:PER", "country:CHL"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := run(t, tt.body, "2024-05-10")
			if !hasEvent(rec, tt.typ, "", tt.src, tt.tgt) {
				t.Errorf("no %s %v → %v; got %+v", tt.typ, tt.src, tt.tgt, rec.Events)
			}
		})
	}
}

// TestUnknownPeople: people outside the gazetteer are found by the shapes
// news introduces them with, and their country is read from the title.
func TestUnknownPeople(t *testing.T) {
	for _, tt := range []struct {
		name, body  string
		id, country string
		notActors   []string
	}{
		{"title with a portfolio country", "Indonesian Ambassador to Norway Budi Santoso met officials in Oslo on Monday.",
			"person:budi-santoso", "IDN", nil},
		{"appositive without article", "Lena Hartmann, spokesperson for the German Foreign Ministry, said Berlin would respond.",
			"person:lena-hartmann", "DEU", nil},
		{"title with inner function words", "Czech Chief of the General Staff Karel Novak said the drills would continue.",
			"person:karel-novak", "CZE", []string{"person:staff-karel-novak"}},
		{"capital as a surname", "Italian Trade Minister Chiara Colombo said exports had grown.",
			"person:chiara-colombo", "ITA", []string{"country:LKA"}},
		{"body name is no person", "Kim Eun-ji, a spokesperson for the South Korean Unification Ministry, said talks were possible.",
			"person:kim-eun-ji", "KOR", []string{"person:unification-ministry"}},
		{"place after a preposition", "British Home Secretary James Cleverly spoke on Monday. Diplomats in Tel Aviv said they feared escalation.",
			"person:james-cleverly", "GBR", []string{"person:tel-aviv"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := run(t, tt.body, "2024-05-10")
			var found *schema.Actor
			for k, a := range rec.Actors {
				if a.ID == tt.id {
					found = &rec.Actors[k]
				}
				for _, no := range tt.notActors {
					if a.ID == no {
						t.Errorf("false actor %s", no)
					}
				}
			}
			if found == nil {
				t.Fatalf("no %s; got %+v", tt.id, rec.Actors)
			}
			if found.Country != tt.country {
				t.Errorf("%s country = %q, want %q", tt.id, found.Country, tt.country)
			}
		})
	}
}

// TestClaimShapes: accusations of spreading falsehoods are assertions, a
// rejected proposal or an announced package is an act and no claim, a name
// the tagger reads as an adverb still speaks, "according to" a titled
// person is the person's claim, and "<country>'s military" names the armed
// forces.
func TestClaimShapes(t *testing.T) {
	rec := run(t, `Saudi Foreign Ministry spokesperson Omar Rashed said Iran was spreading disinformation.

Japan rejected a mediation offer from Turkey last week.

British Home Secretary James Cleverly spoke in London on Monday. Cleverly said the measures were necessary.

China's military began exercises around Taiwan on Thursday, while the Chinese military cooperation with Russia continued.

According to Chilean Energy Minister Rosa Fuentes, Chile is ready to host talks between the two sides.`, "2024-05-10")
	var rashed, cleverly, fuentes bool
	for _, c := range rec.Claims {
		switch {
		case c.Claimant == "person:omar-rashed":
			rashed = true
			if c.Stance != schema.StanceAssert {
				t.Errorf("accusation of disinformation read as %s: %+v", c.Stance, c)
			}
		case c.Claimant == "person:james-cleverly":
			cleverly = true
		case c.Claimant == "person:rosa-fuentes":
			fuentes = true
		case c.Claimant == "country:JPN" && strings.Contains(c.Text, "offer"):
			t.Errorf("a rejected offer made a claim: %+v", c)
		}
	}
	if !rashed || !cleverly || !fuentes {
		t.Errorf("missing claims (Rashed %v, Cleverly %v, Fuentes %v): %+v", rashed, cleverly, fuentes, rec.Claims)
	}
	if !hasEvent(rec, "MOBILIZE", "", []string{"org:peoples-liberation-army"}, []string{"country:TWN"}) {
		t.Errorf("China's military is not the PLA mobilizing against Taiwan: %+v", rec.Events)
	}
	for _, a := range rec.Actors {
		if a.ID == "org:chinese-military" {
			t.Errorf("\"military cooperation\" named an organisation: %+v", a)
		}
	}
}

// TestRequestedActs: what a party is called on to do, what "should"
// happen to a dispute between two parties, or what a party threatens to
// do, is no act of its own.
func TestRequestedActs(t *testing.T) {
	rec := run(t, `Kenyan Foreign Minister Amina Odhiambo called on Ethiopia on Monday to release detained journalists.

Austrian Foreign Minister Karl Weber told reporters in Vienna that the dispute between Serbia and Kosovo should be settled through negotiations.

Turkey threatened to cut diplomatic ties with Norway on Friday.`, "2024-05-10")
	for _, e := range rec.Events {
		if e.Type == "RETREAT" && containsAll(e.Sources, []string{"person:amina-odhiambo"}) {
			t.Errorf("the caller releases: %+v", e)
		}
		if e.Type == "SANCTION" {
			t.Errorf("a threatened act is an event of its own: %+v", e)
		}
		if e.Type == "REQUEST" && containsAll(e.Sources, []string{"person:karl-weber"}) {
			t.Errorf("a dispute that should be settled is a request to its parties: %+v", e)
		}
	}
	if !hasEvent(rec, "THREATEN", "", []string{"country:TUR"}, []string{"country:NOR"}) {
		t.Errorf("no THREATEN Turkey → Norway: %+v", rec.Events)
	}
	if !hasEvent(rec, "REQUEST", "", []string{"person:amina-odhiambo"}, []string{"country:ETH"}) {
		t.Errorf("no REQUEST Odhiambo → Ethiopia: %+v", rec.Events)
	}
}

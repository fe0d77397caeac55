package schema

// PLOVER event types, quad classes and cooperation–conflict scores, from the
// PLOVER manual (openeventdata/PLOVER, CC BY-SA 4.0) as summarised in
// shared/ontology/PLOVER.md. Scores run from −10 (most conflictual) to +10
// (most cooperative); a mode may refine its type's score. The manual prints
// ACCUSE as 3; every ACCUSE mode is negative and ACCUSE is verbal conflict, so
// it is −3 here.

// Quad classes group the 16 types into the four classic event-data classes.
const (
	QuadVerbalCooperation   = "VERBAL_COOPERATION"
	QuadMaterialCooperation = "MATERIAL_COOPERATION"
	QuadVerbalConflict      = "VERBAL_CONFLICT"
	QuadMaterialConflict    = "MATERIAL_CONFLICT"
)

// EventType describes one PLOVER type.
type EventType struct {
	Name string
	Quad string
	// Recipient is true where PLOVER requires a recipient list.
	Recipient bool
	Score     float64
	// Modes maps each PLOVER mode of the type to its own score.
	Modes map[string]float64
}

// EventTypes is the PLOVER type table, in the manual's order.
var EventTypes = []EventType{
	{Name: "AGREE", Quad: QuadVerbalCooperation, Score: 2.5},
	{Name: "CONSULT", Quad: QuadVerbalCooperation, Score: 2.5,
		Modes: map[string]float64{"visit": 4, "third-party": 1, "multilateral": 4, "phone": 1.5}},
	{Name: "SUPPORT", Quad: QuadVerbalCooperation, Score: 5},
	{Name: "CONCEDE", Quad: QuadVerbalCooperation, Score: 4.5},
	{Name: "COOPERATE", Quad: QuadMaterialCooperation, Recipient: true, Score: 9.5},
	{Name: "AID", Quad: QuadMaterialCooperation, Recipient: true, Score: 10},
	{Name: "RETREAT", Quad: QuadMaterialCooperation, Score: 6.5,
		Modes: map[string]float64{"withdraw": 8, "release": 6.5, "disarm": 10, "ceasefire": 7.5, "access": 6.5, "resign": 4.5}},
	{Name: "REQUEST", Quad: QuadVerbalConflict, Score: 0,
		Modes: map[string]float64{"assist": 0.5, "change": -1, "yield": -1, "meet": 0}},
	{Name: "ACCUSE", Quad: QuadVerbalConflict, Score: -3,
		Modes: map[string]float64{"disapprove": -2, "investigate": -3.5, "allege": -3.5}},
	{Name: "REJECT", Quad: QuadVerbalConflict, Score: -2,
		Modes: map[string]float64{"assist": -1.5, "change": -2, "yield": -2, "meet": -2}},
	{Name: "THREATEN", Quad: QuadVerbalConflict, Score: -3.5,
		Modes: map[string]float64{"restrict": -3, "arrest": -3.5, "relations": -3.5, "expel": -3.5, "territory": -4, "violence": -3.5}},
	{Name: "PROTEST", Quad: QuadMaterialConflict, Score: -5,
		Modes: map[string]float64{"demo": -5, "riot": -7, "strike": -5, "hunger": -4.5, "boycott": -4.5, "obstruct": -4.5}},
	{Name: "SANCTION", Quad: QuadMaterialConflict, Recipient: true, Score: -6,
		Modes: map[string]float64{"convict": -6, "expel": -5.5, "withdraw": -6, "discontinue": -6}},
	{Name: "MOBILIZE", Quad: QuadMaterialConflict, Score: -5.5,
		Modes: map[string]float64{"troops": -6.5, "weapons": -6.5, "police": -5.5, "militia": -6}},
	{Name: "COERCE", Quad: QuadMaterialConflict, Score: -7,
		Modes: map[string]float64{"seize": -7, "restrict": -7, "arrest": -7, "deport": -7, "withhold": -7, "cyber": -7,
			"censor": -6.5, "curfew": -6.5, "misinformation": -6.5, "martial-law": -7.5}},
	{Name: "ASSAULT", Quad: QuadMaterialConflict, Score: -9,
		Modes: map[string]float64{"abduct": -8.5, "torture": -8.5, "destroy": -8.5, "sexual": -8.5,
			"beat": -7.5, "crowd-control": -7.5, "primitive": -8,
			"firearms": -9, "explosives": -9,
			"targeted": -9.5, "suicide-attack": -9.5, "aerial": -9.5, "drone": -9.5, "heavy-weapons": -9.5,
			"unconventional": -10}},
}

// Contexts are PLOVER's event contexts ("why"); an event has zero or more.
var Contexts = []string{
	"military", "intelligence", "executive", "legislative", "election", "political_institutions",
	"pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights",
	"rights_freedoms", "repression", "human_security", "gender", "lgbt", "religion_ethnicity",
	"inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum", "migration",
	"disasters", "natural_resource", "environment", "technology", "terrorism", "cbrn", "cyber",
	"misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
}

// LookupEventType returns the PLOVER type named name.
func LookupEventType(name string) (EventType, bool) {
	for _, t := range EventTypes {
		if t.Name == name {
			return t, true
		}
	}
	return EventType{}, false
}

// Score is PLOVER's cooperation–conflict score for a type and optional mode:
// the mode's own score where PLOVER gives one, else the type's.
func Score(typ, mode string) float64 {
	t, ok := LookupEventType(typ)
	if !ok {
		return 0
	}
	if s, ok := t.Modes[mode]; ok {
		return s
	}
	return t.Score
}

// ValidContext reports whether c is one of PLOVER's contexts.
func ValidContext(c string) bool {
	for _, x := range Contexts {
		if x == c {
			return true
		}
	}
	return false
}

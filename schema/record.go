// Package schema is newsgraph's knowledge-graph model: the extraction record
// (the shape defined in shared/eval/FORMAT.md), the PLOVER event ontology, the
// stable keys that make one node per real-world actor, event and claim, and the
// Dgraph schema. It imports nothing of newsgraph's own, so every other package
// can depend on it.
package schema

// Actor kinds. GROUP is an unnamed collective ("Iranian officials").
const (
	KindPerson       = "PERSON"
	KindCountry      = "COUNTRY"
	KindOrganization = "ORGANIZATION"
	KindGroup        = "GROUP"
	KindLocation     = "LOCATION"
)

// Kinds lists every valid actor kind.
var Kinds = []string{KindPerson, KindCountry, KindOrganization, KindGroup, KindLocation}

// Event modalities: how the article reports an event.
const (
	ModalityAsserted     = "asserted"
	ModalityPlanned      = "planned"
	ModalityAlleged      = "alleged"
	ModalityDenied       = "denied"
	ModalityHypothetical = "hypothetical"
)

// Modalities lists every valid modality.
var Modalities = []string{ModalityAsserted, ModalityPlanned, ModalityAlleged, ModalityDenied, ModalityHypothetical}

// Claim stances.
const (
	StanceAssert = "assert"
	StanceDeny   = "deny"
)

// Record is what the extractor produces for one article and what the store
// writes: FORMAT.md's extraction record. Actor ids are global keys (see
// ActorID); event and claim ids are local to the record (claims refer to each
// other through them in Disputes) and the store derives global keys from
// their content (EventKey, ClaimKey).
type Record struct {
	Article ArticleMeta `json:"article"`
	Actors  []Actor     `json:"actors"`
	Events  []Event     `json:"events"`
	Claims  []Claim     `json:"claims"`
}

// ArticleMeta identifies the article a record was read from. Published is an
// ISO date (YYYY-MM-DD) or RFC 3339 timestamp.
type ArticleMeta struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Source    string `json:"source,omitempty"`
	Language  string `json:"language,omitempty"`
	// Hash is the hex SHA-256 of the body the extractor read; it keys an
	// article that has no URL and tells a re-ingest whether text changed.
	Hash string `json:"hash,omitempty"`
	// Extractor is the extractor version that produced the record, so a
	// batch job can skip articles already read by the same version.
	Extractor string `json:"extractor,omitempty"`
}

// Actor is a person, country, organization, group or location the article
// mentions.
type Actor struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	Country  string   `json:"country,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Roles    []Role   `json:"roles,omitempty"`
	Mentions []Span   `json:"mentions,omitempty"`
}

// Role is a position a person holds or held ("Deputy Pentagon press
// secretary"). Org is an actor id when the organization is known.
type Role struct {
	Title   string `json:"title"`
	Org     string `json:"org,omitempty"`
	Current bool   `json:"current"`
}

// Span is evidence: a byte range of the article body and the text there. For
// events and claims Text is the whole sentence; for actor mentions it is the
// name as written.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Event is a PLOVER event: type + mode + context, with actors (Sources) and
// recipients (Targets) as actor ids.
type Event struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Mode       string   `json:"mode,omitempty"`
	Context    []string `json:"context,omitempty"`
	Sources    []string `json:"sources"`
	Targets    []string `json:"targets"`
	Date       string   `json:"date,omitempty"`
	Location   string   `json:"location,omitempty"`
	Modality   string   `json:"modality"`
	Confidence float64  `json:"confidence"`
	Evidence   []Span   `json:"evidence"`
}

// Claim is attributed speech: who said what about whom, asserted or denied,
// through which intermediaries, and which earlier claims it disputes (local
// claim ids of the same record).
type Claim struct {
	ID       string   `json:"id"`
	Claimant string   `json:"claimant"`
	Cue      string   `json:"cue,omitempty"`
	Text     string   `json:"text"`
	About    []string `json:"about"`
	Stance   string   `json:"stance"`
	Via      []string `json:"via,omitempty"`
	Disputes []string `json:"disputes,omitempty"`
	Date     string   `json:"date,omitempty"`
	Evidence []Span   `json:"evidence"`
}

// Document is an article as a reader produced it, before extraction: its
// metadata, the body text every offset refers to, and where it was read
// (file, line or record number) so a failure can name it.
type Document struct {
	ArticleMeta
	Body   string `json:"body"`
	Origin string `json:"origin,omitempty"`
}

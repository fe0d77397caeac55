package store

// Read-side view types: what the store's queries return and the GraphQL API
// serves (graph/gqlgen.yml binds its types to these). JSON tags are the
// aliases the DQL queries give each predicate, so Dgraph's response decodes
// straight into them. Enumerations are upper-cased as the API's enums
// (Modality ASSERTED, Stance DENY).

// Actor is an actor node. UID is Dgraph's internal id, used only to batch
// follow-up lookups; ID is the stable key (country:RUS).
type Actor struct {
	UID        string   `json:"uid"`
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases,omitempty"`
	Country    *string  `json:"country,omitempty"`
	CountryUID string   `json:"-"`
	MergedInto string   `json:"-"`
}

// Role is a position a person holds.
type Role struct {
	Title   string `json:"title"`
	Current bool   `json:"current"`
	Org     *Actor `json:"org,omitempty"`
}

// Article is an article node.
type Article struct {
	UID       string  `json:"uid"`
	ID        string  `json:"id"`
	URL       *string `json:"url,omitempty"`
	Title     *string `json:"title,omitempty"`
	Source    *string `json:"-"`
	Published *string `json:"published,omitempty"`
	Language  *string `json:"language,omitempty"`
}

// Evidence is one sentence of one article.
type Evidence struct {
	Article  *Article `json:"article"`
	Sentence string   `json:"sentence"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
}

// Event is a PLOVER event with its participants and evidence.
type Event struct {
	UID         string      `json:"uid"`
	ID          string      `json:"id"`
	Type        string      `json:"type"`
	Quad        string      `json:"quad"`
	Mode        *string     `json:"mode,omitempty"`
	Contexts    []string    `json:"contexts"`
	Sources     []*Actor    `json:"sources"`
	Targets     []*Actor    `json:"targets"`
	Date        *string     `json:"date,omitempty"`
	Location    *string     `json:"location,omitempty"`
	Modality    string      `json:"modality"`
	Confidence  float64     `json:"confidence"`
	Score       float64     `json:"score"`
	SourceCount int         `json:"sourceCount"`
	Evidence    []*Evidence `json:"evidence"`
	// month is YYYY-MM of the event's date (or its first article's), for
	// timelines.
	month string
}

// Claim is attributed speech.
type Claim struct {
	UID         string      `json:"uid"`
	ID          string      `json:"id"`
	Claimant    *Actor      `json:"claimant"`
	Cue         *string     `json:"cue,omitempty"`
	Text        string      `json:"text"`
	About       []*Actor    `json:"about"`
	Stance      string      `json:"stance"`
	Via         []*Actor    `json:"via"`
	Date        *string     `json:"date,omitempty"`
	SourceCount int         `json:"sourceCount"`
	Evidence    []*Evidence `json:"evidence"`
	// DisputeUIDs are the claims this one disputes; DisputedByUIDs the
	// claims disputing it. Resolved through a loader.
	DisputeUIDs    []string `json:"-"`
	DisputedByUIDs []string `json:"-"`
}

// Page is a slice of a sorted result: Offset into it, Items on the page,
// Total in all.
type Page[T any] struct {
	Items  []T
	Offset int
	Total  int
}

// Relationship is everything that ties two actors. See Queries.Relationship.
type Relationship struct {
	A               *Actor            `json:"a"`
	B               *Actor            `json:"b"`
	Events          []*Event          `json:"events"`
	EventsByType    []*EventTypeGroup `json:"eventsByType"`
	EventsByQuad    []*QuadGroup      `json:"eventsByQuad"`
	ClaimsBetween   []*ClaimGroup     `json:"claimsBetween"`
	ClaimsAboutBoth []*ClaimGroup     `json:"claimsAboutBoth"`
	Disputes        []*Dispute        `json:"disputes"`
	Links           []*Link           `json:"links"`
	Timeline        []*TimelineMonth  `json:"timeline"`
	FirstSeen       *string           `json:"firstSeen"`
	LastSeen        *string           `json:"lastSeen"`
}

// EventTypeGroup is a relationship's events of one PLOVER type.
type EventTypeGroup struct {
	Type   string   `json:"type"`
	Quad   string   `json:"quad"`
	Count  int      `json:"count"`
	Events []*Event `json:"events"`
}

// QuadGroup sums a relationship's events of one quad class.
type QuadGroup struct {
	Quad  string  `json:"quad"`
	Count int     `json:"count"`
	Score float64 `json:"score"`
}

// ClaimGroup is the claims of one claimant with one stance.
type ClaimGroup struct {
	Claimant *Actor   `json:"claimant"`
	Stance   string   `json:"stance"`
	Claims   []*Claim `json:"claims"`
}

// Dispute is one claim disputing another.
type Dispute struct {
	Claim    *Claim `json:"claim"`
	Disputes *Claim `json:"disputes"`
}

// Link is a member of one side through whom the two sides are tied.
type Link struct {
	Actor    *Actor   `json:"actor"`
	MemberOf *Actor   `json:"memberOf"`
	Events   []*Event `json:"events"`
	Claims   []*Claim `json:"claims"`
}

// TimelineMonth counts a month of a relationship.
type TimelineMonth struct {
	Month       string  `json:"month"`
	Events      int     `json:"events"`
	Claims      int     `json:"claims"`
	Cooperation int     `json:"cooperation"`
	Conflict    int     `json:"conflict"`
	Score       float64 `json:"score"`
}

// Path is one connecting path between two actors.
type Path struct {
	Length int         `json:"length"`
	Actors []*Actor    `json:"actors"`
	Steps  []*PathStep `json:"steps"`
}

// Step kinds.
const (
	StepEvent      = "EVENT"
	StepClaim      = "CLAIM"
	StepRole       = "ROLE"
	StepMembership = "MEMBERSHIP"
)

// PathStep is one actor-to-actor step and what connects the two.
type PathStep struct {
	From     *Actor      `json:"from"`
	To       *Actor      `json:"to"`
	Kind     string      `json:"kind"`
	Event    *Event      `json:"event,omitempty"`
	Claim    *Claim      `json:"claim,omitempty"`
	Role     *Role       `json:"role,omitempty"`
	Evidence []*Evidence `json:"evidence"`
}

// Subgraph is a neighbourhood for the UI.
type Subgraph struct {
	Nodes     []*Actor        `json:"nodes"`
	Edges     []*SubgraphEdge `json:"edges"`
	Truncated bool            `json:"truncated"`
}

// SubgraphEdge aggregates what two actors share.
type SubgraphEdge struct {
	Source   string      `json:"source"`
	Target   string      `json:"target"`
	Events   int         `json:"events"`
	Claims   int         `json:"claims"`
	Weight   int         `json:"weight"`
	Score    float64     `json:"score"`
	Sign     int         `json:"sign"`
	Types    []string    `json:"types"`
	Evidence []*Evidence `json:"evidence"`
}

// Merge is a curation record: Merged was merged into Keep.
type Merge struct {
	ID     string `json:"id"`
	Keep   *Actor `json:"keep"`
	Merged *Actor `json:"merged"`
	By     string `json:"by"`
	At     string `json:"at"`
	Undone bool   `json:"undone"`
}

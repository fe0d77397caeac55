// Package gazetteer is the list of actors, titles and group words built into
// the binary, so the extractor can resolve "Moscow", "the Pentagon" or
// "Shoigu" to one global actor id without any network or database.
//
// The data lives in TSV files under data/ (each names its source in a header
// comment) and is embedded with go:embed: editing a list is a data change, not
// a code change. Load parses and validates them into an immutable value; the
// extractor loads it once and shares it between goroutines.
//
//   - countries.tsv: every ISO 3166-1 country and territory (and Kosovo),
//     with aliases, demonyms and capitals;
//   - orgs.tsv: governments' bodies, ministries, militaries, intelligence
//     services, international organizations, media, parties, companies,
//     NGOs, armed groups, forums;
//   - people.tsv: heads of state and government, ministers and officials,
//     with their roles as of late 2024;
//   - titles.tsv: the titles people are recognised by, and their modifiers;
//   - groups.tsv: collective nouns, qualifiers and named groups for GROUP
//     actors;
//   - places.tsv: regions, seas, contested territories and cities (Places,
//     not Lookup: a place is not an actor).
//
// Two marks in the lists carry meaning: "~Congo" is a form that is
// ambiguous on its own (Match.Ambiguous; a form two rows share must carry it
// in both, or Load fails), and "*Foreign Ministry" is a generic form that
// names an organization only together with its country ("Russia's Foreign
// Ministry", or Institution("Foreign Ministry", "RUS")).
package gazetteer

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/schema"
)

//go:embed data/*.tsv
var dataFS embed.FS

// Ways a phrase can name an entry (Match.Via).
const (
	ViaName    = "name"
	ViaAlias   = "alias"
	ViaDemonym = "demonym"
	ViaCapital = "capital"
	ViaSurname = "surname"
	// ViaGeneric is a generic institution word qualified by its country
	// ("Russia's Foreign Ministry", "Iranian military"): right when the
	// phrase is a name, wrong when it is a modifier ("Iran's military
	// cooperation"), so the caller may want the next word's help.
	ViaGeneric = "generic"
)

// Entry is one known actor: a country, an organization or a person.
type Entry struct {
	// ID is the actor's global key, schema.ActorID(Kind, Name, Country).
	ID       string
	Kind     string // schema.Kind*
	Name     string // canonical English name as news uses it
	Country  string // ISO 3166-1 alpha-3; empty for international bodies
	Category string // orgs: government, ministry, …; people: the title's category
	Aliases  []string
	Demonyms []string // countries only: "Russian", "U.S."
	Capitals []string // countries only: capitals used as metonyms ("Moscow")
	// Generic holds forms that name the entry only with its country given:
	// "Foreign Ministry" is Russia's in "the Russian Foreign Ministry" or in
	// a Moscow dispatch (see Institution). Lookup already knows the
	// qualified forms: "Russian Foreign Ministry", "Russia's Foreign Ministry".
	Generic []string
	Roles   []schema.Role
	// Ambiguous says the canonical name also commonly means something else
	// (Georgia the US state, Jordan the given name): require context.
	Ambiguous bool
}

// Match is one entry a phrase names, and how.
type Match struct {
	Entry *Entry
	Via   string // ViaName, ViaAlias, ViaGeneric, ViaCapital, ViaDemonym, ViaSurname
	// Ambiguous is set when the matched form is flagged ambiguous in the
	// data or names more than one entry: the caller should require context
	// (a title, a kind-specific cue) before trusting it.
	Ambiguous bool
}

// Title is a role word or phrase ("foreign minister") with the modifiers
// found in front of it ("former deputy").
type Title struct {
	Title     string   // normalized title: "foreign minister"
	Category  string   // head_of_state, minister, spokesperson, military, …
	Rank      int      // higher is more senior; for ordering several titles
	Modifiers []string // normalized modifiers in text order: "former", "deputy"
	Qualifier string   // words between modifiers and title: "pentagon" in "Deputy Pentagon Press Secretary"
	Portfolio string   // what follows "of"/"for" in "minister of agriculture"
}

// Current reports whether the title describes a position still held: a
// "former" or "ex-" modifier says it is not.
func (t Title) Current() bool {
	for _, m := range t.Modifiers {
		if m == "former" {
			return false
		}
	}
	return true
}

// Qualifier is a region or bloc word that makes a group with a collective
// noun ("Western allies", "Gulf states"), or a group named on its own ("the
// West", "the international community").
type Qualifier struct {
	Name    string   // "Western"
	Members []string // ISO-3 codes the bloc usually means, when the data lists them
}

// form is one indexed surface form of an entry.
type form struct {
	entry     *Entry
	via       string
	ambiguous bool
	// cased holds the letters of a short all-caps form ("US" for "U.S."):
	// such a form matches case-sensitively in LookupCased, so the pronoun
	// "us" and the word "who" do not name the United States or the WHO.
	cased string
}

// Gazetteer is the loaded data. It is immutable after Load and safe for
// concurrent use.
type Gazetteer struct {
	entries   []*Entry
	byID      map[string]*Entry
	countries map[string]*Entry
	orgKeys   map[string]*Entry            // orgs.tsv key → entry, for people.tsv's org column
	generic   map[string]map[string]*Entry // normalized generic form → iso3 → org
	// genericPrefixes holds the leading words of every generic form, for
	// IsPrefix; qualifiers the country words that qualify one.
	genericPrefixes map[string]struct{}
	qualifiers      map[string][]qualifier
	maxGeneric      int       // longest generic form in words
	maxQualifier    int       // longest qualifier in words
	index           formIndex // actors: countries, orgs, people
	places          formIndex // LOCATION entries, kept apart from actors
	titles          map[string]titleRow
	modifiers       map[string]string // normalized modifier phrase → modifier
	maxTitle        int
	nouns           map[string]string
	groupQuals      map[string]Qualifier
	groups          map[string]Qualifier
	maxNoun         int
	maxGroup        int
}

type titleRow struct {
	title    string
	category string
	rank     int
}

// Load parses and validates the embedded data. Errors name the file and line.
func Load() (*Gazetteer, error) {
	g := newGazetteer()
	steps := []struct {
		file string
		load func(*table) error
	}{
		{"countries.tsv", g.loadCountries},
		{"orgs.tsv", g.loadOrgs},
		{"titles.tsv", g.loadTitles},
		{"people.tsv", g.loadPeople},
		{"groups.tsv", g.loadGroups},
		{"places.tsv", g.loadPlaces},
	}
	for _, s := range steps {
		t, err := readTable(s.file)
		if err != nil {
			return nil, err
		}
		if err := s.load(t); err != nil {
			return nil, err
		}
	}
	if err := g.checkSharedForms(); err != nil {
		return nil, err
	}
	return g, nil
}

func newGazetteer() *Gazetteer {
	return &Gazetteer{
		byID:      map[string]*Entry{},
		countries: map[string]*Entry{},
		// ~5k forms, ~8k prefixes: sized to load without rehashing
		index:           formIndex{forms: make(map[string][]form, 6000), prefixes: make(map[string]struct{}, 10000)},
		places:          formIndex{forms: map[string][]form{}, prefixes: map[string]struct{}{}},
		titles:          map[string]titleRow{},
		modifiers:       map[string]string{},
		nouns:           map[string]string{},
		orgKeys:         map[string]*Entry{},
		generic:         map[string]map[string]*Entry{},
		genericPrefixes: map[string]struct{}{},
		qualifiers:      map[string][]qualifier{},
		groupQuals:      map[string]Qualifier{},
		groups:          map[string]Qualifier{},
	}
}

// Lookup returns every entry the phrase names, compared the way FORMAT.md
// compares names (schema.NormalizeName), so "the Pentagon", "PENTAGON" and
// "Pentagon" are one key; a possessive ("Russia's") names the same entry. Exact names come first, then aliases, capitals,
// demonyms and surnames.
func (g *Gazetteer) Lookup(phrase string) []Match {
	return g.lookup(phrase, false)
}

// LookupCased is Lookup for running text: short all-caps forms ("US", "UN",
// "WHO", "AP") match only when the phrase is written in capitals too.
func (g *Gazetteer) LookupCased(phrase string) []Match {
	return g.lookup(phrase, true)
}

func (g *Gazetteer) lookup(phrase string, cased bool) []Match {
	for {
		key := schema.NormalizeName(phrase)
		if forms, ok := g.index.forms[key]; ok {
			return match(forms, phrase, cased)
		}
		if ms := g.compose(key, phrase, cased); ms != nil {
			return ms
		}
		// "Russia's", "Moscow’s", "Reuters'": the possessive names the
		// same entry.
		bare, ok := trimPossessive(phrase)
		if !ok {
			return nil
		}
		phrase = bare
	}
}

// qualifier is a country word that qualifies a generic form.
type qualifier struct {
	country   *Entry
	ambiguous bool
	cased     string // see form.cased
}

// compose reads a phrase as a country qualifier and a generic form: "Russia's
// Foreign Ministry", "Iranian government", "UK Foreign Office".
func (g *Gazetteer) compose(key, raw string, cased bool) []Match {
	var out []Match
	for i := 0; i < len(key) && len(out) == 0; i++ {
		if key[i] != ' ' {
			continue
		}
		byCountry := g.generic[key[i+1:]]
		if byCountry == nil {
			continue
		}
		for _, q := range g.qualifiers[key[:i]] {
			e := byCountry[q.country.Country]
			if e == nil {
				continue
			}
			if cased && q.cased != "" && !strings.HasPrefix(capsLetters(raw), q.cased) {
				continue
			}
			out = append(out, Match{Entry: e, Via: ViaGeneric, Ambiguous: q.ambiguous})
		}
	}
	return settle(out)
}

// Places returns the LOCATION entries the phrase names: regions, seas,
// straits, contested territories and cities other than capitals ("Gaza
// Strip", "Strait of Hormuz", "Kursk region"). They are kept out of Lookup
// because a place is where something happens, not who acts; a caller uses
// them for Event.Location and to keep "the Gulf of Oman" from reading as
// Oman.
func (g *Gazetteer) Places(phrase string) []Match {
	return g.places.lookup(phrase, true)
}

// MaxPlaceWords is the longest place form in words.
func (g *Gazetteer) MaxPlaceWords() int { return g.places.maxWords }

// formIndex maps normalized forms to the entries they name.
type formIndex struct {
	forms    map[string][]form
	maxWords int
	// prefixes holds every leading run of words of every form ("islamic",
	// "islamic republic", "islamic republic of", …) so a scanner can stop
	// growing an n-gram as soon as no form starts with it.
	prefixes map[string]struct{}
}

func (x *formIndex) lookup(phrase string, cased bool) []Match {
	for {
		if forms, ok := x.forms[schema.NormalizeName(phrase)]; ok {
			return match(forms, phrase, cased)
		}
		bare, ok := trimPossessive(phrase)
		if !ok {
			return nil
		}
		phrase = bare
	}
}

// match turns the forms of one key into matches, dropping short all-caps
// forms the phrase does not write in capitals when cased is set.
func match(forms []form, phrase string, cased bool) []Match {
	var letters string
	if cased {
		letters = capsLetters(phrase)
	}
	out := make([]Match, 0, len(forms))
	for _, f := range forms {
		if cased && f.cased != "" && f.cased != letters {
			continue
		}
		out = append(out, Match{Entry: f.entry, Via: f.via, Ambiguous: f.ambiguous})
	}
	return settle(out)
}

func trimPossessive(s string) (string, bool) {
	for _, suf := range []string{"'s", "’s", "'S", "’S", "'", "’"} {
		if b, ok := strings.CutSuffix(s, suf); ok && b != "" {
			return b, true
		}
	}
	return s, false
}

// settle marks every match ambiguous when they name more than one entry,
// and returns nil for none.
func settle(out []Match) []Match {
	if len(out) == 0 {
		return nil
	}
	if distinctEntries(out) > 1 {
		for i := range out {
			out[i].Ambiguous = true
		}
	}
	return out
}

func distinctEntries(ms []Match) int {
	n := 0
	for i, m := range ms {
		seen := false
		for _, p := range ms[:i] {
			if p.Entry == m.Entry {
				seen = true
				break
			}
		}
		if !seen {
			n++
		}
	}
	return n
}

// Country returns the country with the ISO 3166-1 alpha-3 code.
func (g *Gazetteer) Country(iso3 string) (*Entry, bool) {
	e, ok := g.countries[strings.ToUpper(iso3)]
	return e, ok
}

// Institution resolves a generic institution name ("the Foreign Ministry",
// "the Defence Ministry", "parliament") for a country the caller already
// knows from context: the article's dateline, the sentence's other actors.
func (g *Gazetteer) Institution(phrase, iso3 string) (*Entry, bool) {
	e, ok := g.generic[schema.NormalizeName(phrase)][strings.ToUpper(iso3)]
	return e, ok
}

// ByID returns the entry with the actor id ("country:RUS", "org:reuters").
func (g *Gazetteer) ByID(id string) (*Entry, bool) {
	e, ok := g.byID[id]
	return e, ok
}

// Entries returns the entries of one kind (schema.Kind*), or all of them
// when kind is empty, in file order.
func (g *Gazetteer) Entries(kind string) []*Entry {
	var out []*Entry
	for _, e := range g.entries {
		if kind == "" || e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// IsPrefix reports whether some actor form starts with the phrase's words
// (or is the phrase): a scanner growing an n-gram word by word can stop at
// the first phrase that is not a prefix instead of trying MaxPhraseWords
// lengths at every word. Possessives are not trimmed here.
func (g *Gazetteer) IsPrefix(phrase string) bool {
	key := schema.NormalizeName(phrase)
	if _, ok := g.index.prefixes[key]; ok {
		return true
	}
	if _, ok := g.qualifiers[key]; ok {
		return true
	}
	for i := 0; i < len(key); i++ {
		if key[i] != ' ' {
			continue
		}
		if _, ok := g.genericPrefixes[key[i+1:]]; !ok {
			continue
		}
		if _, ok := g.qualifiers[key[:i]]; ok {
			return true
		}
	}
	return false
}

// MaxPhraseWords is the longest indexed form in words: the widest n-gram a
// scanner needs to try.
func (g *Gazetteer) MaxPhraseWords() int {
	return max(g.index.maxWords, g.maxQualifier+g.maxGeneric)
}

// MaxTitleWords is the longest title phrase in words, modifiers excluded.
func (g *Gazetteer) MaxTitleWords() int { return g.maxTitle }

// IsTitle reports whether phrase is exactly a known title ("Chief of the
// General Staff"), without modifiers, qualifier or portfolio.
func (g *Gazetteer) IsTitle(phrase string) bool {
	_, ok := g.titles[strings.Join(strings.Fields(schema.NormalizeName(phrase)), " ")]
	return ok
}

// Title reads a role phrase the way news writes one: modifiers ("former",
// "deputy", "ex-"), an optional qualifier naming the organization or
// country ("Pentagon", "Kremlin", "UN", "Foreign Ministry"), a known title,
// then optionally a portfolio after "of", "for", "to" or "on" ("minister of
// agriculture", "Secretary of the Security Council", "ambassador to the
// United Nations"). Text after "and" is ignored ("Crown
// Prince and Prime Minister" reads as crown prince). It reports false when
// no known title is found. The qualifier is returned as written, normalized:
// the caller decides whether it names an actor (Lookup) or is noise.
func (g *Gazetteer) Title(phrase string) (Title, bool) {
	words := strings.Fields(schema.NormalizeName(phrase))
	for i := range words {
		for n := min(len(words)-i, g.maxTitle); n > 0; n-- {
			row, ok := g.titles[strings.Join(words[i:i+n], " ")]
			if !ok {
				continue
			}
			t := Title{Title: row.title, Category: row.category, Rank: row.rank}
			rest := words[i+n:]
			switch {
			case len(rest) == 0, rest[0] == "and":
			case isPortfolioWord(rest[0]) && len(rest) > 1:
				p := rest[1:]
				if p[0] == "the" && len(p) > 1 {
					p = p[1:]
				}
				t.Portfolio = strings.Join(p, " ")
			default:
				continue
			}
			t.Modifiers, t.Qualifier = g.splitPrefix(words[:i])
			return t, true
		}
	}
	return Title{}, false
}

// isPortfolioWord tells the words that introduce what a title is of:
// "minister of agriculture", "envoy for Ukraine", "ambassador to Russia",
// "rapporteur on Iran".
func isPortfolioWord(w string) bool {
	switch w {
	case "of", "for", "to", "on":
		return true
	}
	return false
}

// splitPrefix separates the words in front of a title into modifiers and
// the qualifier between them.
func (g *Gazetteer) splitPrefix(words []string) (mods []string, qualifier string) {
	var qual []string
	for len(words) > 0 {
		if len(words) > 1 {
			if m, ok := g.modifiers[words[0]+" "+words[1]]; ok {
				mods = append(mods, m)
				words = words[2:]
				continue
			}
		}
		if m, ok := g.modifiers[words[0]]; ok {
			mods = append(mods, m)
		} else if len(qual) > 0 || words[0] != "the" {
			qual = append(qual, words[0])
		}
		words = words[1:]
	}
	return mods, strings.Join(qual, " ")
}

// GroupNoun reports whether the phrase is a collective noun that makes a
// GROUP with a demonym or qualifier ("officials" in "Iranian officials"),
// and returns its normalized form.
func (g *Gazetteer) GroupNoun(phrase string) (string, bool) {
	n, ok := g.nouns[schema.NormalizeName(phrase)]
	return n, ok
}

// MaxGroupNounWords is the longest collective noun in words.
func (g *Gazetteer) MaxGroupNounWords() int { return g.maxNoun }

// GroupQualifier reports whether the word is a region or bloc qualifier
// ("Western", "Gulf").
func (g *Gazetteer) GroupQualifier(phrase string) (Qualifier, bool) {
	q, ok := g.groupQuals[schema.NormalizeName(phrase)]
	return q, ok
}

// NamedGroup reports whether the phrase names a collective on its own ("the
// West", "the Global South", "E3").
func (g *Gazetteer) NamedGroup(phrase string) (Qualifier, bool) {
	q, ok := g.groups[schema.NormalizeName(phrase)]
	return q, ok
}

// MaxGroupWords is the longest named group in words.
func (g *Gazetteer) MaxGroupWords() int { return g.maxGroup }

// add registers an entry and its id.
func (g *Gazetteer) add(e *Entry) error {
	if prev, ok := g.byID[e.ID]; ok {
		return fmt.Errorf("duplicate actor id %s (%q and %q)", e.ID, prev.Name, e.Name)
	}
	g.byID[e.ID] = e
	g.entries = append(g.entries, e)
	return nil
}

// indexForm adds one surface form of an actor. A leading "~" in the data
// marks the form ambiguous.
func (g *Gazetteer) indexForm(e *Entry, raw, via string, ambiguous bool) error {
	return g.index.add(e, raw, via, ambiguous)
}

func (x *formIndex) add(e *Entry, raw, via string, ambiguous bool) error {
	if strings.HasPrefix(raw, "~") {
		raw = raw[1:]
		ambiguous = true
	}
	key := schema.NormalizeName(raw)
	if key == "" {
		return fmt.Errorf("form %q of %s normalizes to nothing", raw, e.ID)
	}
	f := form{entry: e, via: via, ambiguous: ambiguous, cased: shortCaps(raw)}
	forms := x.forms[key]
	for i, old := range forms {
		if old.entry == e {
			// The same entry by two routes ("Kuwait" as name and capital):
			// keep the stronger one, ambiguous if either route says so
			// ("The Guardian" and "~Guardian" fold to one key).
			if viaRank(via) >= viaRank(old.via) {
				forms[i].ambiguous = old.ambiguous || ambiguous
				return nil
			}
			f.ambiguous = f.ambiguous || old.ambiguous
			forms = slices.Delete(forms, i, i+1)
			break
		}
	}
	// Keep the forms ordered by strength: names, aliases, generic forms,
	// capitals, demonyms, surnames; file order within each.
	at := len(forms)
	for at > 0 && viaRank(forms[at-1].via) > viaRank(via) {
		at--
	}
	x.forms[key] = slices.Insert(forms, at, f)
	n := 1
	for i := 0; i < len(key); i++ {
		if key[i] == ' ' {
			x.prefixes[key[:i]] = struct{}{}
			n++
		}
	}
	x.prefixes[key] = struct{}{}
	if n > x.maxWords {
		x.maxWords = n
	}
	return nil
}

func viaRank(via string) int {
	switch via {
	case ViaName:
		return 0
	case ViaAlias:
		return 1
	case ViaGeneric:
		return 2
	case ViaCapital:
		return 3
	case ViaDemonym:
		return 4
	default:
		return 5
	}
}

// shortCaps returns the letters of a form written in capitals with at most
// three letters ("US", "U.S.", "WHO", "IS"), else "". Longer acronyms
// ("NATO", "OPEC") collide with no common word, and some outlets write them
// "Nato" and "Opec", so they match in any case.
func shortCaps(s string) string {
	n, upper := 0, false
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			return ""
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			n++
			upper = upper || unicode.IsUpper(r)
			if n > 3 {
				return ""
			}
		}
	}
	if !upper {
		return ""
	}
	return capsLetters(s)
}

// capsLetters keeps the letters and digits of s as written, dropping dots,
// spaces and other punctuation ("U.S." → "US").
func capsLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

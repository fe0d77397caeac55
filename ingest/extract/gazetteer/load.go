package gazetteer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// table is one parsed TSV file: a header row naming the columns, then data
// rows. Lines starting with "#" and blank lines are comments.
type table struct {
	file string
	cols map[string]int
	rows []row
}

type row struct {
	line   int
	fields []string
}

// readTable reads data/<file> and checks that its header has the columns the
// loader expects, so a column added in the wrong place fails loudly.
func readTable(file string) (*table, error) {
	b, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return parseTable(file, b)
}

// parseTable parses one TSV file's bytes; file names it in errors.
func parseTable(file string, b []byte) (*table, error) {
	t := &table{file: file}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		for j := range fields {
			fields[j] = strings.TrimSpace(fields[j])
		}
		if t.cols == nil {
			t.cols = map[string]int{}
			for j, c := range fields {
				t.cols[c] = j
			}
			continue
		}
		t.rows = append(t.rows, row{line: i + 1, fields: fields})
	}
	if t.cols == nil {
		return nil, fmt.Errorf("gazetteer: %s: no header row", file)
	}
	return t, nil
}

// need checks the header has every column.
func (t *table) need(cols ...string) error {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return fmt.Errorf("gazetteer: %s: header lacks column %q", t.file, c)
		}
	}
	return nil
}

// get returns a row's cell, "" when the row is short.
func (t *table) get(r row, col string) string {
	i := t.cols[col]
	if i < len(r.fields) {
		return r.fields[i]
	}
	return ""
}

func (t *table) errorf(r row, format string, args ...any) error {
	return fmt.Errorf("gazetteer: %s:%d: %s", t.file, r.line, fmt.Sprintf(format, args...))
}

// list splits a |-separated cell, dropping empty items.
func list(cell string) []string {
	if cell == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(cell, "|") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// plain drops the "~" ambiguity marks for the Entry's exported lists.
func plain(forms []string) []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = strings.TrimPrefix(f, "~")
	}
	return out
}

func isUpperCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func (g *Gazetteer) loadCountries(t *table) error {
	if err := t.need("iso3", "iso2", "name", "aliases", "demonyms", "capitals", "ambiguous"); err != nil {
		return err
	}
	for _, r := range t.rows {
		iso3, name := t.get(r, "iso3"), t.get(r, "name")
		if !isUpperCode(iso3, 3) {
			return t.errorf(r, "iso3 %q is not three capital letters", iso3)
		}
		if iso2 := t.get(r, "iso2"); iso2 != "" && !isUpperCode(iso2, 2) {
			return t.errorf(r, "iso2 %q is not two capital letters", iso2)
		}
		if name == "" {
			return t.errorf(r, "country %s has no name", iso3)
		}
		amb, err := flag(t.get(r, "ambiguous"))
		if err != nil {
			return t.errorf(r, "%v", err)
		}
		aliases, demonyms, capitals := list(t.get(r, "aliases")), list(t.get(r, "demonyms")), list(t.get(r, "capitals"))
		e := &Entry{
			ID:        schema.ActorID(schema.KindCountry, name, iso3),
			Kind:      schema.KindCountry,
			Name:      name,
			Country:   iso3,
			Aliases:   plain(aliases),
			Demonyms:  plain(demonyms),
			Capitals:  plain(capitals),
			Ambiguous: amb,
		}
		if err := g.add(e); err != nil {
			return t.errorf(r, "%v", err)
		}
		g.countries[iso3] = e
		if err := g.indexAll(e, name, amb, aliases, demonyms, capitals); err != nil {
			return t.errorf(r, "%v", err)
		}
		if err := g.indexCountry(e); err != nil {
			return t.errorf(r, "%v", err)
		}
	}
	return nil
}

func (g *Gazetteer) indexAll(e *Entry, name string, nameAmbiguous bool, aliases, demonyms, capitals []string) error {
	if err := g.indexForm(e, name, ViaName, nameAmbiguous); err != nil {
		return err
	}
	for _, group := range []struct {
		via   string
		forms []string
	}{{ViaAlias, aliases}, {ViaCapital, capitals}, {ViaDemonym, demonyms}} {
		for _, f := range group.forms {
			via := group.via
			if e.Kind == schema.KindPerson && via == ViaAlias && isSurname(f) {
				via = ViaSurname
			}
			if err := g.indexForm(e, f, via, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexGeneric registers an org's generic forms ("Foreign Ministry") by
// country, for Institution and for Lookup, which composes "Russia's Foreign
// Ministry" from a country qualifier and a generic form at query time
// instead of indexing every combination.
func (g *Gazetteer) indexGeneric(e *Entry, generic []string) error {
	for _, gen := range generic {
		if err := g.addGeneric(schema.NormalizeName(gen), e.Country, e); err != nil {
			return fmt.Errorf("generic form %q: %w", gen, err)
		}
	}
	return nil
}

func (g *Gazetteer) addGeneric(key, iso3 string, e *Entry) error {
	if key == "" {
		return fmt.Errorf("normalizes to nothing")
	}
	byCountry := g.generic[key]
	if byCountry == nil {
		byCountry = map[string]*Entry{}
		g.generic[key] = byCountry
	}
	if prev, dup := byCountry[iso3]; dup && prev != e {
		return fmt.Errorf("%s already has it: %s", iso3, prev.ID)
	}
	byCountry[iso3] = e
	n := 1
	for i := 0; i < len(key); i++ {
		if key[i] == ' ' {
			g.genericPrefixes[key[:i]] = struct{}{}
			n++
		}
	}
	g.genericPrefixes[key] = struct{}{}
	g.maxGeneric = max(g.maxGeneric, n)
	return nil
}

// countryWords are generic words that, qualified by a country, name the
// country itself: the eval gold lists "U.S. government" as an alias of the
// United States, so "the Iranian government" is Iran.
const countryWords = "government"

// indexCountry registers a country's qualifiers (its name, possessive,
// demonyms and short all-caps aliases: "Russia", "Russia's", "Russian",
// "UK") for composed lookups, its generic words ("Iranian government"),
// and indexes "government of Iran".
func (g *Gazetteer) indexCountry(c *Entry) error {
	g.addQualifier(c, c.Name, c.Ambiguous)
	g.addQualifier(c, c.Name+"'s", c.Ambiguous)
	for _, d := range c.Demonyms {
		g.addQualifier(c, d, g.formAmbiguous(c, d))
	}
	for _, a := range c.Aliases {
		if shortCaps(a) != "" {
			g.addQualifier(c, a, g.formAmbiguous(c, a))
		}
	}
	for _, w := range strings.Fields(countryWords) {
		if err := g.addGeneric(w, c.Country, c); err != nil {
			return err
		}
		if err := g.indexForm(c, w+" of "+c.Name, ViaGeneric, c.Ambiguous); err != nil {
			return err
		}
	}
	return nil
}

func (g *Gazetteer) addQualifier(c *Entry, text string, ambiguous bool) {
	key := schema.NormalizeName(text)
	for _, q := range g.qualifiers[key] {
		if q.country == c {
			return
		}
	}
	g.qualifiers[key] = append(g.qualifiers[key], qualifier{country: c, ambiguous: ambiguous, cased: shortCaps(text)})
	g.maxQualifier = max(g.maxQualifier, len(strings.Fields(key)))
}

// formAmbiguous reports whether an indexed form of e is ambiguous
// (Entry's lists have the "~" marks removed; the index keeps them).
func (g *Gazetteer) formAmbiguous(e *Entry, text string) bool {
	for _, f := range g.index.forms[schema.NormalizeName(text)] {
		if f.entry == e {
			return f.ambiguous
		}
	}
	return false
}

// isSurname tells a person's one-word alias ("Shoigu") from an acronym
// ("MBS"): surnames are weaker evidence and are reported as such.
func isSurname(alias string) bool {
	a := strings.TrimPrefix(alias, "~")
	return len(strings.Fields(a)) == 1 && shortCaps(a) == "" && strings.ToUpper(a) != a
}

func flag(cell string) (bool, error) {
	switch cell {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, fmt.Errorf("flag %q is neither 1 nor empty", cell)
}

// orgCategories lists the categories orgs.tsv may use.
const orgCategories = "government ministry military intelligence legislature judiciary " +
	"international alliance media party company ngo armed_group forum"

func (g *Gazetteer) loadOrgs(t *table) error {
	if err := t.need("key", "name", "country", "category", "aliases"); err != nil {
		return err
	}
	for _, r := range t.rows {
		key, name, country, cat := t.get(r, "key"), t.get(r, "name"), t.get(r, "country"), t.get(r, "category")
		if key == "" || name == "" {
			return t.errorf(r, "org needs a key and a name")
		}
		if _, dup := g.orgKeys[key]; dup {
			return t.errorf(r, "duplicate org key %q", key)
		}
		if country != "" {
			if _, ok := g.countries[country]; !ok {
				return t.errorf(r, "unknown country code %q", country)
			}
		}
		if !slices.Contains(strings.Fields(orgCategories), cat) {
			return t.errorf(r, "unknown category %q (want one of %s)", cat, orgCategories)
		}
		var aliases, generic []string
		for _, a := range list(t.get(r, "aliases")) {
			if g, ok := strings.CutPrefix(a, "*"); ok {
				generic = append(generic, g)
			} else {
				aliases = append(aliases, a)
			}
		}
		if len(generic) > 0 && country == "" {
			return t.errorf(r, "generic forms (*) need a country")
		}
		nameAmb := strings.HasPrefix(name, "~")
		name = strings.TrimPrefix(name, "~")
		e := &Entry{
			ID:        schema.ActorID(schema.KindOrganization, name, ""),
			Kind:      schema.KindOrganization,
			Name:      name,
			Country:   country,
			Category:  cat,
			Aliases:   plain(aliases),
			Generic:   generic,
			Ambiguous: nameAmb,
		}
		if err := g.add(e); err != nil {
			return t.errorf(r, "%v", err)
		}
		g.orgKeys[key] = e
		if err := g.indexAll(e, name, nameAmb, aliases, nil, nil); err != nil {
			return t.errorf(r, "%v", err)
		}
		if err := g.indexGeneric(e, generic); err != nil {
			return t.errorf(r, "%v", err)
		}
	}
	return nil
}

func (g *Gazetteer) loadPeople(t *table) error {
	if err := t.need("name", "country", "title", "org", "current", "aliases"); err != nil {
		return err
	}
	for _, r := range t.rows {
		name, country, title, org := t.get(r, "name"), t.get(r, "country"), t.get(r, "title"), t.get(r, "org")
		if name == "" {
			return t.errorf(r, "person has no name")
		}
		if country != "" {
			if _, ok := g.countries[country]; !ok {
				return t.errorf(r, "unknown country code %q", country)
			}
		}
		var cur bool
		switch t.get(r, "current") {
		case "true":
			cur = true
		case "false":
		default:
			return t.errorf(r, "current must be true or false, not %q", t.get(r, "current"))
		}
		e := &Entry{
			ID:      schema.ActorID(schema.KindPerson, name, ""),
			Kind:    schema.KindPerson,
			Name:    name,
			Country: country,
		}
		if title != "" {
			role := schema.Role{Title: title, Current: cur}
			if org != "" {
				o, ok := g.orgKeys[org]
				if !ok {
					return t.errorf(r, "unknown org key %q", org)
				}
				role.Org = o.ID
			}
			if tt, ok := g.Title(title); ok {
				e.Category = tt.Category
			}
			e.Roles = []schema.Role{role}
		}
		aliases := list(t.get(r, "aliases"))
		e.Aliases = plain(aliases)
		if err := g.add(e); err != nil {
			// The same person in two rows is one actor with two roles.
			prev := g.byID[e.ID]
			if prev.Country != e.Country {
				return t.errorf(r, "%v", err)
			}
			prev.Roles = append(prev.Roles, e.Roles...)
			for _, a := range aliases {
				if !slices.Contains(prev.Aliases, strings.TrimPrefix(a, "~")) {
					prev.Aliases = append(prev.Aliases, strings.TrimPrefix(a, "~"))
				}
			}
			e = prev
		}
		if err := g.indexAll(e, name, false, aliases, nil, nil); err != nil {
			return t.errorf(r, "%v", err)
		}
	}
	return nil
}

func (g *Gazetteer) loadTitles(t *table) error {
	if err := t.need("phrase", "title", "category", "rank"); err != nil {
		return err
	}
	for _, r := range t.rows {
		phrase, title, cat := t.get(r, "phrase"), t.get(r, "title"), t.get(r, "category")
		key := schema.NormalizeName(phrase)
		if key == "" || title == "" || cat == "" {
			return t.errorf(r, "title row needs phrase, title and category")
		}
		rank, err := strconv.Atoi(t.get(r, "rank"))
		if err != nil {
			return t.errorf(r, "rank %q is not a number", t.get(r, "rank"))
		}
		if cat == "modifier" {
			if _, dup := g.modifiers[key]; dup {
				return t.errorf(r, "duplicate modifier %q", phrase)
			}
			g.modifiers[key] = schema.NormalizeName(title)
			continue
		}
		if _, dup := g.titles[key]; dup {
			return t.errorf(r, "duplicate title %q", phrase)
		}
		g.titles[key] = titleRow{title: schema.NormalizeName(title), category: cat, rank: rank}
		if n := len(strings.Fields(key)); n > g.maxTitle {
			g.maxTitle = n
		}
	}
	return nil
}

func (g *Gazetteer) loadGroups(t *table) error {
	if err := t.need("type", "phrase", "name", "members"); err != nil {
		return err
	}
	for _, r := range t.rows {
		typ, phrase, name := t.get(r, "type"), t.get(r, "phrase"), t.get(r, "name")
		key := schema.NormalizeName(phrase)
		if key == "" || name == "" {
			return t.errorf(r, "group row needs phrase and name")
		}
		switch typ {
		case "noun":
			if _, dup := g.nouns[key]; dup {
				return t.errorf(r, "duplicate noun %q", phrase)
			}
			g.nouns[key] = name
			if n := len(strings.Fields(key)); n > g.maxNoun {
				g.maxNoun = n
			}
		case "qualifier", "group":
			into := g.groupQuals
			if typ == "group" {
				into = g.groups
			}
			if _, dup := into[key]; dup {
				return t.errorf(r, "duplicate %s %q", typ, phrase)
			}
			members := list(t.get(r, "members"))
			for _, m := range members {
				if _, ok := g.countries[m]; !ok {
					return t.errorf(r, "unknown country code %q", m)
				}
			}
			into[key] = Qualifier{Name: name, Members: members}
			if typ == "group" {
				if n := len(strings.Fields(key)); n > g.maxGroup {
					g.maxGroup = n
				}
			}
		default:
			return t.errorf(r, "type must be noun, qualifier or group, not %q", typ)
		}
	}
	return nil
}

// checkSharedForms refuses a form that names two entries unless every row
// marks it ambiguous: "Congo" must stay a question, and so must "RSF"
// (Rapid Support Forces, Reporters Without Borders). Lookup flags a shared
// form ambiguous anyway; the rule keeps a new row from silently taking a
// form another row already uses.
func (g *Gazetteer) checkSharedForms() error {
	for key, forms := range g.index.forms {
		if len(forms) < 2 {
			continue
		}
		for _, f := range forms {
			if f.ambiguous {
				continue
			}
			var ids []string
			for _, o := range forms {
				ids = append(ids, o.entry.ID)
			}
			return fmt.Errorf("gazetteer: %q names %s: mark it ambiguous (~) in every row", key, strings.Join(ids, " and "))
		}
	}
	return nil
}

func (g *Gazetteer) loadPlaces(t *table) error {
	if err := t.need("name", "country", "category", "aliases"); err != nil {
		return err
	}
	for _, r := range t.rows {
		name, country, cat := t.get(r, "name"), t.get(r, "country"), t.get(r, "category")
		if name == "" || cat == "" {
			return t.errorf(r, "place needs a name and a category")
		}
		if country != "" {
			if _, ok := g.countries[country]; !ok {
				return t.errorf(r, "unknown country code %q", country)
			}
		}
		aliases := list(t.get(r, "aliases"))
		amb := strings.HasPrefix(name, "~")
		name = strings.TrimPrefix(name, "~")
		e := &Entry{
			ID:        schema.ActorID(schema.KindLocation, name, ""),
			Kind:      schema.KindLocation,
			Name:      name,
			Country:   country,
			Category:  cat,
			Aliases:   plain(aliases),
			Ambiguous: amb,
		}
		if err := g.add(e); err != nil {
			return t.errorf(r, "%v", err)
		}
		if err := g.places.add(e, name, ViaName, amb); err != nil {
			return t.errorf(r, "%v", err)
		}
		for _, f := range aliases {
			if err := g.places.add(e, f, ViaAlias, false); err != nil {
				return t.errorf(r, "%v", err)
			}
		}
	}
	return nil
}

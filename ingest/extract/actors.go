package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/ingest/extract/gazetteer"
	"github.com/newsgraph/newsgraph/schema"
)

// The actors stage: gazetteer n-gram matching over tokens (longest match,
// capitalised start, short all-caps forms case-sensitive), people from
// title patterns and gazetteer surnames, groups from a demonym or bloc
// qualifier plus a collective noun, organisations from name patterns
// ("… Ministry", "a report by X"), surname coreference, and the article's
// source. Pronouns are resolved later, where a claim or event needs them.

// mention is one span of tokens [first, last) naming actor (an index into
// doc.actors).
type mention struct {
	first, last int
	actor       int
	via         string // gazetteer.Via* or "title", "group", "pattern", "source", "pronoun"
	sent        int
	group       []int // "these countries": every actor referred to
}

type actorRec struct {
	id, kind, name, country string
	aliases                 []string
	roles                   []schema.Role
	mentions                []schema.Span
	gender                  byte // 'm', 'f' or 0
	surname                 string
	entry                   *gazetteer.Entry
	firstTok                int
	aliasSet                map[string]bool
}

func (a *actorRec) addAlias(s string) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"the ", "The "} {
		s = strings.TrimPrefix(s, p)
	}
	if s == "" || strings.EqualFold(s, a.name) || a.aliasSet[s] {
		return
	}
	if a.aliasSet == nil {
		a.aliasSet = map[string]bool{}
		for _, x := range a.aliases {
			a.aliasSet[x] = true
		}
		if a.aliasSet[s] {
			return
		}
	}
	a.aliasSet[s] = true
	a.aliases = append(a.aliases, s)
}

func (a *actorRec) addRole(r schema.Role) {
	for _, x := range a.roles {
		if strings.EqualFold(x.Title, r.Title) && x.Org == r.Org {
			return
		}
	}
	a.roles = append(a.roles, r)
}

// actorFor returns the index of the actor with id, creating it.
func (d *doc) actorFor(id, kind, name, country string, e *gazetteer.Entry) int {
	if i, ok := d.byID[id]; ok {
		return i
	}
	a := &actorRec{id: id, kind: kind, name: name, country: country, entry: e, firstTok: -1}
	if e != nil {
		a.aliases = append(a.aliases, e.Aliases...)
		a.aliases = append(a.aliases, e.Demonyms...)
		a.aliases = append(a.aliases, e.Capitals...)
		for i, x := range a.aliases {
			a.aliases[i] = strings.TrimPrefix(x, "~")
		}
		a.roles = append(a.roles, e.Roles...)
		if kind == schema.KindPerson {
			f := strings.Fields(e.Name)
			if len(f) > 1 {
				a.surname = strings.ToLower(f[len(f)-1])
				a.gender = d.x.lex.gender[strings.ToLower(f[0])]
			}
		}
	}
	d.actors = append(d.actors, a)
	d.byID[id] = len(d.actors) - 1
	return len(d.actors) - 1
}

func (d *doc) entryActor(e *gazetteer.Entry) int {
	return d.actorFor(e.ID, e.Kind, e.Name, e.Country, e)
}

// addMention records a mention and its span as evidence on the actor.
func (d *doc) addMention(first, last, actor int, via string, sent int) {
	// "President Xi" + "Jinping": two forms of one name side by side are
	// one mention
	if first > 0 && d.mentAt[first-1] >= 0 && via != "pronoun" {
		pi := int(d.mentAt[first-1])
		p := &d.ments[pi]
		if p.actor == actor && p.last == first && p.via != "pronoun" && d.toks[first].gapBefore &&
			last-p.first <= 6 && d.phrase(p.first, p.last) != d.phrase(first, last) {
			old := d.span(p.first, p.last)
			p.last = last
			for k := first; k < last; k++ {
				d.mentAt[k] = int32(pi)
			}
			a := d.actors[actor]
			sp := d.span(p.first, p.last)
			for mi := range a.mentions {
				if a.mentions[mi].Start == old.Start && a.mentions[mi].End == old.End {
					a.mentions[mi] = sp
				}
			}
			a.addAlias(sp.Text)
			return
		}
	}
	m := mention{first: first, last: last, actor: actor, via: via, sent: sent}
	d.ments = append(d.ments, m)
	idx := len(d.ments) - 1
	for k := first; k < last; k++ {
		d.mentAt[k] = int32(idx)
	}
	a := d.actors[actor]
	if a.firstTok < 0 {
		a.firstTok = first
	}
	if via != "pronoun" {
		sp := d.span(first, last)
		a.mentions = append(a.mentions, sp)
		a.addAlias(sp.Text)
	}
}

func (d *doc) span(first, last int) schema.Span {
	s, e := d.toks[first].start, d.toks[last-1].end
	return schema.Span{Start: s, End: e, Text: d.body[s:e]}
}

func (d *doc) phrase(first, last int) string {
	return d.body[d.toks[first].start:d.toks[last-1].end]
}

// nameWord is a capitalised word that can be part of a proper name.
func (d *doc) nameWord(i int) bool {
	t := &d.toks[i]
	if t.kind != tkWord || !t.cap {
		return false
	}
	if d.x.lex.stop[t.lower] {
		return false
	}
	if _, ok := monthNames[strings.TrimSuffix(t.lower, ".")]; ok && !(t.lower == "may" || t.lower == "june" || t.lower == "april") {
		return false
	}
	if _, ok := weekdays[t.lower]; ok {
		return false
	}
	return true
}

// findActors runs the actor stage over every sentence, in text order so that
// surname coreference sees people introduced earlier.
func (d *doc) findActors() {
	for si := range d.sents {
		d.matchGazetteer(si)
		d.matchInstitutions(si)
		d.matchPeople(si)
		d.matchOrgPatterns(si)
		d.matchGroups(si)
		d.matchSurnames(si)
	}
	// ambiguous names resolve to an entry the article names elsewhere
	for _, p := range d.pending {
		free := true
		for k := p.first; k < p.last; k++ {
			free = free && d.mentAt[k] < 0
		}
		if !free {
			continue
		}
		var pick *gazetteer.Match
		for k, c := range p.matches {
			if a, ok := d.byID[c.Entry.ID]; ok && len(d.actors[a].mentions) > 0 {
				pick = &p.matches[k]
				break
			}
		}
		if pick == nil {
			// "The State Department told Congress": the candidate of the
			// country the sentence's other actors belong to
			countries := map[string]bool{}
			s := d.sents[p.sent]
			for k := s.first; k < s.last; k++ {
				if m := d.mentionAt(k); m != nil && d.actors[m.actor].country != "" {
					countries[d.actors[m.actor].country] = true
				}
			}
			for k, c := range p.matches {
				if c.Entry.Country != "" && countries[c.Entry.Country] && c.Entry.Kind != schema.KindCountry {
					if pick != nil && pick.Entry != c.Entry {
						pick = nil // still two readings
						break
					}
					pick = &p.matches[k]
				}
			}
		}
		if pick == nil || (pick.Via == gazetteer.ViaCapital && p.first > 0 && d.x.lex.locPrep[d.toks[p.first-1].lower]) {
			continue
		}
		d.addMention(p.first, p.last, d.entryActor(pick.Entry), pick.Via, p.sent)
		d.qualifierCountry(pick, p.first, p.last)
		d.matchInstitutions(p.sent)
	}
	// a name the tagger read as an adverb ("Cleverly said") is a proper
	// noun: the clause rules step over adverbs
	for _, m := range d.ments {
		if m.via == "pronoun" {
			continue
		}
		for k := m.first; k < m.last; k++ {
			if d.toks[k].tag == "RB" && d.toks[k].cap {
				d.toks[k].tag = "NNP"
			}
		}
	}
}

// pendingMatch is an ambiguous gazetteer match held until the whole article
// has been read.
type pendingMatch struct {
	first, last, sent int
	matches           []gazetteer.Match
}

// matchGazetteer finds the longest gazetteer form starting at each
// capitalised word.
func (d *doc) matchGazetteer(si int) {
	s := d.sents[si]
	maxN := d.x.gaz.MaxPhraseWords() + 3
	for i := s.first; i < s.last; i++ {
		t := &d.toks[i]
		if d.mentAt[i] >= 0 || t.kind != tkWord || !(t.cap || t.upper) {
			continue
		}
		if !d.x.firstWords[quickNorm(t.text)] {
			continue
		}
		// "BELGRADE, June 20 (Test Wire) -": a dateline's city is where the
		// story was filed, not an actor
		if t.upper && i < d.datelineEnd {
			continue
		}
		best, bestN := []gazetteer.Match(nil), 0
		// names run over capitalised words, numbers and a few joiners
		// ("Ministry of Foreign Affairs", "U.S.-led", "Army 2024"); only
		// that stretch is worth looking up
		span := 1
		for k := i + 1; k < s.last && k-i < maxN; k++ {
			tk := &d.toks[k]
			if tk.nlBefore > 0 || !(tk.cap || tk.upper || tk.kind == tkNumber || nameJoiner[tk.lower] || d.x.orgWords[tk.lower] || d.x.lex.particle[tk.lower]) {
				break
			}
			span = k - i + 1
		}
		for n := span; n >= 1; n-- {
			end := i + n
			lt := &d.toks[end-1]
			if lt.kind != tkWord && lt.kind != tkNumber {
				continue
			}
			if lt.lower == "'s" || lt.lower == "’s" {
				continue
			}
			// a name does not run across a sentence-internal line break
			broken := false
			for k := i + 1; k < end; k++ {
				if d.toks[k].nlBefore > 0 || d.mentAt[k] >= 0 {
					broken = true
					break
				}
			}
			if broken {
				continue
			}
			ms := d.lookupCased(d.phrase(i, end))
			// "Russia's military cooperation": a lower-case last word used
			// as a modifier of the next noun is not part of the name
			if len(ms) > 0 && n > 1 && !lt.cap && !lt.upper && end < s.last && strings.HasPrefix(d.toks[end].tag, "NN") && !d.toks[end].cap {
				continue
			}
			if len(ms) > 0 {
				best, bestN = ms, n
				break
			}
		}
		if bestN == 0 {
			continue
		}
		m := pickMatch(best)
		if m == nil {
			// ambiguous: only when the same entry is already in the article
			for _, c := range best {
				if _, ok := d.byID[c.Entry.ID]; ok {
					m = &c
					break
				}
			}
			if m == nil {
				// the article may name it plainly later ("Georgia's
				// parliament" … "Georgian Dream"): try again at the end
				d.pending = append(d.pending, pendingMatch{first: i, last: i + bestN, sent: si, matches: best})
				i += bestN - 1
				continue
			}
		}
		e := m.Entry
		// "Gulf of Oman", "Sea of Japan": a place, not the country
		if e.Kind == schema.KindCountry && i >= 2 && d.toks[i-1].lower == "of" && d.x.lex.geoHead[d.toks[i-2].lower] {
			i += bestN - 1
			continue
		}
		// a capital after a locative preposition is where, not who
		if m.Via == gazetteer.ViaCapital && i > s.first && d.x.lex.locPrep[d.toks[i-1].lower] {
			d.placeAt[i] = true
			i += bestN - 1
			continue
		}
		// "Valentina Colombo", "President Giulia Colombo": a capital or
		// country name right after a given name, or after a title and a
		// name, is that person's surname
		if (m.Via == gazetteer.ViaCapital || e.Kind == schema.KindCountry) && bestN == 1 && i > s.first &&
			d.toks[i-1].cap && d.mentAt[i-1] < 0 && (d.x.lex.gender[d.toks[i-1].lower] != 0 || (i-2 >= s.first && d.isTitleWord(i-2) && !d.isTitleWord(i-1))) {
			continue
		}
		// surnames alone need a capital and no following capitalised word
		// ("Singh" but not "Singh Street")
		if m.Via == gazetteer.ViaSurname && i+bestN < s.last && d.nameWord(i+bestN) {
			i += bestN - 1
			continue
		}
		a := d.entryActor(e)
		d.addMention(i, i+bestN, a, m.Via, si)
		d.qualifierCountry(m, i, i+bestN)
		i += bestN - 1
	}
}

// qualifierCountry records the country that qualifies an institution named
// generically ("Turkey's intelligence agency", "the Russian embassy") as a
// mention of that country too: the article names it.
func (d *doc) qualifierCountry(m *gazetteer.Match, first, last int) {
	if m.Via != gazetteer.ViaGeneric || m.Entry.Country == "" {
		return
	}
	c, ok := d.x.gaz.Country(m.Entry.Country)
	if !ok {
		return
	}
	end := first + 1 // the country's one-word name or demonym, without "'s"
	for _, cm := range d.lookupCased(d.toks[first].text) {
		if cm.Entry == c {
			a := d.actors[d.entryActor(c)]
			sp := d.span(first, end)
			a.mentions = append(a.mentions, sp)
			a.addAlias(sp.Text)
			if a.firstTok < 0 || first < a.firstTok {
				a.firstTok = first
			}
			return
		}
	}
}

// nameJoiner are the lower-case words and marks that may sit inside a name.
var nameJoiner = map[string]bool{
	"of": true, "the": true, "for": true, "and": true, "de": true, "al": true, "-": true, ".": true,
	"&": true, "'s": true, "’s": true, "on": true, "in": true, "du": true, "la": true, "des": true,
}

// lookupCased memoizes gazetteer lookups within one article, where the same
// names recur.
func (d *doc) lookupCased(phrase string) []gazetteer.Match {
	if ms, ok := d.lookups[phrase]; ok {
		return ms
	}
	ms := d.x.gaz.LookupCased(phrase)
	d.lookups[phrase] = ms
	return ms
}

// pickMatch takes the best unambiguous match, preferring full names.
func pickMatch(ms []gazetteer.Match) *gazetteer.Match {
	for i := range ms {
		if !ms[i].Ambiguous {
			return &ms[i]
		}
	}
	return nil
}

// matchPeople finds "TITLE Firstname Lastname" people not in the gazetteer,
// attaches roles to people found either way ("former Iranian President
// Ebrahim Raisi"), and takes "Firstname Lastname said" as a person.
func (d *doc) matchPeople(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		if d.mentAt[i] >= 0 {
			m := d.ments[d.mentAt[i]]
			if d.actors[m.actor].kind == schema.KindPerson && m.first == i {
				d.attachTitle(si, m.first, m.actor)
			}
			continue
		}
		if !d.nameWord(i) {
			continue
		}
		// a run of 2–3 unknown capitalised words (particles allowed)
		j := i
		for j < s.last && j-i < 7 && d.mentAt[j] < 0 && (d.nameWord(j) ||
			(j > i && d.x.lex.particle[d.toks[j].lower] && j+1 < s.last && d.nameWord(j+1)) ||
			(j > i && d.toks[j].text == "-" && !d.toks[j].gapBefore && j+1 < s.last && !d.toks[j+1].gapBefore && d.toks[j+1].kind == tkWord)) {
			if j > i && d.toks[j].nlBefore > 0 {
				break
			}
			if d.toks[j].text == "-" {
				j++ // "Kara-Murza", "Ching-te"
			}
			j++
		}
		if j-i < 1 {
			continue
		}
		// the name starts after the last title word of the run:
		// "President Joe Biden", "Defence Secretary Gilberto Teodoro"
		k := i
		for q := i; q < j-1; q++ {
			if d.isTitleWord(q) || d.titleEndsAt(q) {
				k = q + 1
			}
		}
		if j-k < 1 {
			i = j - 1
			continue
		}
		// "Diplomats in Tel Aviv said": a known place after "in"
		if d.placeAt[k] {
			i = j - 1
			continue
		}
		titled := d.titleBefore(k) > 0
		cued := j < s.last && d.x.lex.cueForm(d.toks[j].lower) != nil && j-k >= 2
		// "X, who …", "X, a senior … official", "X, spokesperson for the
		// Foreign Ministry,": an appositive names a person
		if !titled && !cued && j-k >= 2 && j+1 < s.last && d.toks[j].text == "," {
			nx := d.toks[j+1].lower
			cued = nx == "who" || ((nx == "a" || nx == "an" || nx == "the") && d.appositiveRole(j+2)) ||
				(!d.toks[j+1].cap && d.roleNoun(j+1))
		}
		// "Kremlin critic Vladimir Kara-Murza": a known first name after a
		// role noun
		if !titled && !cued && j-k >= 2 && k > s.first && (d.toks[k-1].tag == "NN" || d.toks[k-1].tag == "JJ") && !d.toks[k-1].cap && d.x.lex.gender[d.toks[k].lower] != 0 {
			cued = true
		}
		if !titled && !cued {
			i = j - 1
			continue
		}
		if j-k == 1 && !titled {
			i = j - 1
			continue
		}
		for j-k > 1 && d.isTitleWord(j-1) {
			j-- // "… Foreign Minister" at the end is a title, not a name
		}
		name := d.phrase(k, j)
		if _, isTitle := d.x.gaz.Title(name); isTitle {
			i = j - 1
			continue
		}
		// "Unification Ministry said": a body's name ends in its head noun
		if d.x.lex.orgHead[d.toks[j-1].lower] || d.x.lex.companyHead[d.toks[j-1].lower] {
			i = j - 1
			continue
		}
		var a int
		if ms := d.x.gaz.LookupCased(name); len(ms) > 0 && ms[0].Entry.Kind == schema.KindPerson {
			a = d.entryActor(ms[0].Entry)
		} else if j-k == 1 {
			// a lone surname after a title: a known person of the article
			if p, ok := d.surnames[strings.ToLower(name)]; ok {
				a = p
			} else {
				i = j - 1
				continue
			}
		} else {
			a = d.actorFor(schema.ActorID(schema.KindPerson, name, ""), schema.KindPerson, name, "", nil)
			ar := d.actors[a]
			ar.surname = strings.ToLower(d.toks[j-1].text)
			ar.gender = d.x.lex.gender[d.toks[k].lower]
		}
		d.addMention(k, j, a, "title", si)
		d.attachTitle(si, k, a)
		d.attachAppositive(si, j, a)
		if sn := d.actors[a].surname; sn != "" {
			d.surnames[sn] = a
		}
		i = j - 1
	}
	// Sentences are read in order, so this sentence's mentions are the tail
	// of d.ments: walking back to the previous sentence keeps the whole
	// article linear (scanning every mention per sentence was quadratic).
	var own []int
	for k := len(d.ments) - 1; k >= 0 && d.ments[k].sent >= si; k-- {
		if d.ments[k].sent == si {
			own = append(own, k)
		}
	}
	for k := len(own) - 1; k >= 0; k-- { // in reading order, as before
		m := d.ments[own[k]]
		if d.actors[m.actor].kind == schema.KindPerson && d.actors[m.actor].surname != "" {
			d.surnames[d.actors[m.actor].surname] = m.actor
		}
	}
}

// roleNoun reports whether token i is a lower-case role noun that can
// stand as an appositive on its own: a title or a speaker word
// ("spokesperson", "envoy").
func (d *doc) roleNoun(i int) bool {
	t := &d.toks[i]
	if t.kind != tkWord || d.x.lex.titleMod[t.lower] {
		return false
	}
	if _, ok := d.x.gaz.Title(t.text); ok {
		return true
	}
	return t.lower == "spokesperson" || t.lower == "spokesman" || t.lower == "spokeswoman"
}

// titleEndsAt reports whether a title of several words ends at token q:
// "Chief of the General Staff", whose inner words are no titles alone.
func (d *doc) titleEndsAt(q int) bool {
	s := d.sents[d.sentOf(q)]
	for n := 6; n >= 3; n-- {
		if q-n+1 < s.first {
			continue
		}
		clean := true
		for p := q - n + 1; p <= q; p++ {
			if d.toks[p].kind != tkWord || d.mentAt[p] >= 0 {
				clean = false
			}
		}
		if clean && d.x.gaz.IsTitle(d.phrase(q-n+1, q+1)) {
			return true
		}
	}
	return false
}

// appositiveRole reports whether the words from i name a role: a title or
// "official", "spokesperson" and the like within six words.
func (d *doc) appositiveRole(i int) bool {
	s := d.sents[d.sentOf(min(i, len(d.toks)-1))]
	for k := i; k < s.last && k < i+7; k++ {
		if d.toks[k].text == "," || d.toks[k].text == "." {
			return false
		}
		if d.isTitleWord(k) || d.toks[k].lower == "official" || d.toks[k].lower == "spokesman" || d.toks[k].lower == "spokeswoman" {
			return true
		}
	}
	return false
}

func (d *doc) isTitleWord(i int) bool {
	t := &d.toks[i]
	if t.kind != tkWord {
		return false
	}
	if d.x.lex.titleMod[t.lower] {
		return true
	}
	_, ok := d.x.gaz.Title(t.text)
	return ok
}

// titleBefore returns how many tokens before name start form a title phrase
// (title words, modifiers, organisations and countries), or 0.
func (d *doc) titleBefore(start int) int {
	s := d.sents[d.sentOf(start)]
	j := start
	sawTitle := false
	for j > s.first {
		p := j - 1
		if d.mentAt[p] >= 0 {
			m := d.ments[d.mentAt[p]]
			k := d.actors[m.actor].kind
			if (k == schema.KindOrganization || k == schema.KindCountry) && sawTitle {
				j = m.first
				continue
			}
			// "Ambassador to Norway", "Envoy to the United Nations": the
			// portfolio of the title before it
			if q := m.first - 1; !sawTitle && j == start && (k == schema.KindOrganization || k == schema.KindCountry) && q > s.first {
				if d.x.lex.det[d.toks[q].lower] && q-1 > s.first {
					q--
				}
				if l := d.toks[q].lower; (l == "to" || l == "for" || l == "of") && d.isTitleWord(q-1) {
					j = q
					continue
				}
			}
			break
		}
		if d.toks[p].kind != tkWord {
			break
		}
		// longest title phrase ending at p
		found := 0
		for n := min(6, p-s.first+1); n >= 1; n-- {
			clean := true
			for q := p - n + 1; q <= p; q++ {
				if d.mentAt[q] >= 0 || d.toks[q].kind != tkWord {
					clean = false
				}
			}
			// a title does not start with a function word ("and President")
			if l := d.toks[p-n+1].lower; d.x.lex.det[l] || d.x.lex.prep[l] || l == "and" || l == "or" || l == "but" {
				clean = false
			}
			if !clean {
				continue
			}
			if _, ok := d.x.gaz.Title(d.phrase(p-n+1, p+1)); ok {
				found = n
				break
			}
		}
		if found > 0 {
			sawTitle = true
			j = p - found + 1
			continue
		}
		if d.x.lex.titleMod[d.toks[p].lower] && sawTitle {
			j = p
			continue
		}
		break
	}
	if !sawTitle {
		return 0
	}
	return start - j
}

// attachTitle reads the title phrase before a person's name into a role and
// the person's country.
func (d *doc) attachTitle(si, start, a int) {
	n := d.titleBefore(start)
	if n == 0 {
		return
	}
	first := start - n
	ar := d.actors[a]
	current := true
	org := ""
	country := ""
	words := []string{}
	for k := first; k < start; k++ {
		if d.mentAt[k] >= 0 {
			m := d.ments[d.mentAt[k]]
			oa := d.actors[m.actor]
			if oa.kind == schema.KindOrganization && org == "" {
				org = oa.id
				if country == "" {
					country = oa.country
				}
			}
			if oa.kind == schema.KindCountry && country == "" {
				country = oa.country
			}
			if m.via == gazetteer.ViaDemonym || m.via == gazetteer.ViaCapital || oa.kind == schema.KindCountry {
				if k == first || m.first == first {
					k = m.last - 1
					continue // "Russian President" → title "President"
				}
			}
			words = append(words, d.phrase(m.first, m.last))
			k = m.last - 1
			continue
		}
		if d.toks[k].lower == "former" || d.toks[k].lower == "ex" {
			current = false
			continue
		}
		if d.toks[k].kind != tkWord || d.toks[k].lower == "'s" || d.toks[k].lower == "’s" || d.x.lex.det[d.toks[k].lower] {
			continue
		}
		words = append(words, d.toks[k].text)
	}
	title := strings.Join(words, " ")
	if title == "" {
		return
	}
	if !current {
		title = "former " + title
	}
	ar.addRole(schema.Role{Title: title, Org: org, Current: current})
	if ar.country == "" && country != "" {
		ar.country = country
	}
}

// attachAppositive reads "X, a senior US State Department official," after
// a name at token end into a role: the words up to the role noun, the
// organisation and country named there.
func (d *doc) attachAppositive(si, end, a int) {
	s := d.sents[si]
	if end+2 >= s.last || d.toks[end].text != "," {
		return
	}
	from := end + 2
	if l := d.toks[end+1].lower; l != "a" && l != "an" && l != "the" {
		// "X, spokesperson for the Foreign Ministry,"
		if d.toks[end+1].cap || !d.roleNoun(end+1) {
			return
		}
		from = end + 1
	}
	ar := d.actors[a]
	var words []string
	org, country := "", ""
	for k := from; k < s.last && k < end+10; k++ {
		if d.toks[k].text == "," || strings.HasPrefix(d.toks[k].tag, "VB") {
			break
		}
		if m := d.mentionAt(k); m != nil {
			o := d.actors[m.actor]
			if o.kind == schema.KindOrganization && org == "" {
				org = o.id
			}
			if country == "" {
				country = o.country
			}
			words = append(words, d.phrase(m.first, m.last))
			k = m.last - 1
			continue
		}
		words = append(words, d.toks[k].text)
		_, title := d.x.gaz.Title(d.toks[k].text)
		if (title && !d.x.lex.titleMod[d.toks[k].lower]) || d.x.lex.speaker[d.toks[k].lower] {
			// "spokesperson for the South Korean Unification Ministry":
			// the body the role is of
			if org == "" {
				q := k + 1
				if q < s.last && (d.toks[q].lower == "for" || d.toks[q].lower == "of" || d.toks[q].lower == "at") {
					q++
					if q < s.last && d.x.lex.det[d.toks[q].lower] {
						q++
					}
					for ; q < s.last && q <= k+5; q++ {
						m := d.mentionAt(q)
						if m == nil {
							break
						}
						if o := d.actors[m.actor]; o.kind == schema.KindOrganization || o.kind == schema.KindCountry {
							if o.kind == schema.KindOrganization {
								org = o.id
							}
							country = o.country
						}
						q = m.last - 1
					}
				}
			}
			ar.addRole(schema.Role{Title: strings.Join(words, " "), Org: org, Current: true})
			if ar.country == "" {
				ar.country = country
			}
			return
		}
	}
}

func (d *doc) sentOf(tok int) int {
	lo, hi := 0, len(d.sents)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.sents[mid].first <= tok {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// matchGroups finds unnamed collectives: demonym or bloc qualifier (or a
// country's possessive) + optional adjectives + collective noun ("Iranian
// officials", "European intelligence services", "Ukraine's Western allies").
func (d *doc) matchGroups(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		start, country, qual := -1, "", ""
		j := i
		if d.mentAt[i] >= 0 {
			m := d.ments[d.mentAt[i]]
			if m.first != i {
				continue
			}
			a := d.actors[m.actor]
			if a.kind != schema.KindCountry {
				continue
			}
			if m.via == gazetteer.ViaDemonym {
				// "Russian and Iranian warships": coordinated demonyms
				// describe a joint thing, not one country's group
				if m.last+1 < s.last && (d.toks[m.last].lower == "and" || d.toks[m.last].lower == "or") && d.mentAt[m.last+1] >= 0 {
					continue
				}
				if i > s.first+1 && (d.toks[i-1].lower == "and" || d.toks[i-1].lower == "or") && d.mentAt[i-2] >= 0 {
					continue
				}
				start, country, j = i, a.country, m.last
			} else if m.last < s.last && (d.toks[m.last].lower == "'s" || d.toks[m.last].lower == "’s") {
				start, j = i, m.last+1 // "Ukraine's Western allies": the group belongs to no one country
			} else {
				continue
			}
		}
		if j < s.last && d.mentAt[j] < 0 && d.toks[j].kind == tkWord && d.toks[j].cap {
			if _, ok := d.x.gaz.GroupQualifier(d.toks[j].text); ok {
				if start < 0 {
					start = j
				}
				qual = d.toks[j].text
				j++
			}
		}
		if start < 0 {
			continue
		}
		// adjectives, then the longest collective noun
		end := -1
		for k := j; k < s.last && k <= j+3; k++ {
			if d.mentAt[k] >= 0 || d.toks[k].kind != tkWord {
				break
			}
			for n := min(d.x.gaz.MaxGroupNounWords(), s.last-k); n >= 1; n-- {
				if d.x.lex.notGroup[strings.ToLower(d.phrase(k, k+n))] || d.toks[k+n-1].kind != tkWord {
					continue
				}
				if _, ok := d.x.gaz.GroupNoun(d.phrase(k, k+n)); ok {
					end = k + n
					break
				}
			}
			if end > 0 {
				break
			}
			if d.toks[k].cap && !(d.toks[k].lower == "intelligence") {
				// "Iranian Foreign Ministry" is an organisation, not a group
				if !d.x.lex.groupAdj[d.toks[k].lower] {
					break
				}
			}
			if !d.x.lex.groupAdj[d.toks[k].lower] {
				break
			}
		}
		if end < 0 {
			continue
		}
		if qual == "" && country == "" {
			continue
		}
		name := d.phrase(start, end)
		name = strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")
		a := d.actorFor(schema.ActorID(schema.KindGroup, name, ""), schema.KindGroup, name, country, nil)
		// keep the country mention inside the group too: the group
		// overrides it in mentAt, but the country keeps its evidence
		for k := start; k < end; k++ {
			d.mentAt[k] = -1
		}
		d.addMention(start, end, a, "group", si)
		if qual != "" && end-start > 2 {
			d.actors[a].addAlias(qual + " " + d.phrase(end-1, end))
		}
		i = end - 1
	}
}

// matchInstitutions finds a country's institution written in lower case
// ("the Russian embassy", "Georgia's parliament", "Chinese coast guard
// personnel"): a demonym or a country's possessive, then up to three lower-
// case words ending in an institution head (lexicon/words.tsv). The
// gazetteer names the common ones; this catches the rest as
// ORGANIZATIONs of that country, named as written.
func (d *doc) matchInstitutions(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		m := d.mentionAt(i)
		if m == nil || m.first != i || d.actors[m.actor].kind != schema.KindCountry {
			continue
		}
		j := m.last
		poss := false
		if j < s.last && (d.toks[j].lower == "'s" || d.toks[j].lower == "’s") && m.via != gazetteerDemonym {
			j++
			poss = true
		}
		if m.via != gazetteerDemonym && !poss {
			continue
		}
		end := -1
		for k := j; k < s.last && k < j+3; k++ {
			t := &d.toks[k]
			if t.kind != tkWord || t.cap || d.mentAt[k] >= 0 {
				break
			}
			// "foreign ministry", "coast guard": two-word heads first
			if k+1 < s.last && d.x.lex.institution[t.lower+" "+d.toks[k+1].lower] {
				end = k + 2
				break
			}
			if d.x.lex.institution[t.lower] {
				end = k + 1
				break
			}
		}
		if end < 0 {
			continue
		}
		// "Russia's military cooperation": a modifier of the noun after it
		if d.toks[end-1].lower == "military" && end < s.last && strings.HasPrefix(d.toks[end].tag, "NN") && !d.toks[end].cap && d.toks[end].kind == tkWord {
			continue
		}
		c := d.actors[m.actor]
		demonym := c.name
		if c.entry != nil && len(c.entry.Demonyms) > 0 {
			demonym = strings.TrimPrefix(c.entry.Demonyms[0], "~")
		}
		words := []string{demonym}
		for k := j; k < end; k++ {
			w := d.toks[k].text
			words = append(words, strings.ToUpper(w[:1])+w[1:])
		}
		name := strings.Join(words, " ")
		var a int
		if ms := d.x.gaz.LookupCased(name); len(ms) > 0 && ms[0].Entry.Kind == schema.KindOrganization {
			a = d.entryActor(ms[0].Entry)
		} else {
			a = d.actorFor(schema.ActorID(schema.KindOrganization, name, ""), schema.KindOrganization, name, c.country, nil)
		}
		// the country keeps its mention as evidence; the tokens name the body
		for k := m.first; k < end; k++ {
			d.mentAt[k] = -1
		}
		d.addMention(m.first, end, a, "pattern", si)
		i = end - 1
	}
}

// matchOrgPatterns finds organisations the gazetteer lacks: capitalised
// names ending in an organisation head ("… Ministry", "… Forum"), and
// outlets in "a report by X" / "X reported".
func (d *doc) matchOrgPatterns(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		if d.mentAt[i] >= 0 || !d.nameWord(i) {
			continue
		}
		j := i
		for j < s.last && d.mentAt[j] < 0 && (d.nameWord(j) || d.toks[j].kind == tkNumber ||
			(j > i && d.toks[j].kind == tkQuote && j+1 < s.last && d.nameWord(j+1)) ||
			(d.toks[j].text == "-" && !d.toks[j].gapBefore && j+1 < s.last && d.nameWord(j+1)) ||
			(d.toks[j].lower == "of" && j+1 < s.last && d.nameWord(j+1) && j > i)) {
			if j > i && d.toks[j].nlBefore > 0 {
				break
			}
			j++
		}
		if j == i {
			continue
		}
		isOrg := (d.x.lex.orgHead[d.toks[j-1].lower] || d.x.lex.companyHead[d.toks[j-1].lower]) && j-i >= 2
		if !isOrg && j-i <= 3 {
			// "a report by Pravda", "Pravda reported"
			if i >= 2 && d.toks[i-1].lower == "by" && d.x.lex.reportNoun[d.toks[i-2].lower] {
				isOrg = true
			}
			if j < s.last && (d.toks[j].lower == "reported" || d.toks[j].lower == "reports") && d.toks[j].tag != "NNS" {
				isOrg = true
			}
		}
		if !isOrg {
			i = j - 1
			continue
		}
		name := strings.Join(strings.FieldsFunc(d.phrase(i, j), func(r rune) bool { return isQuoteRune(r) || r == ' ' }), " ")
		if i > s.first && d.toks[i-1].kind == tkQuote && d.quoteOf[i] >= 0 {
			// “Army 2024” International …: the quoted part belongs to the name
			i0 := d.quotes[d.quoteOf[i]][0] + 1
			if i0 < i {
				name = strings.TrimSpace(d.phrase(i0, i)) + " " + name
			}
		}
		country := ""
		if i > s.first && d.mentAt[i-1] >= 0 {
			if a := d.actors[d.ments[d.mentAt[i-1]].actor]; a.kind == schema.KindCountry {
				country = a.country
			}
		} else if i > s.first+1 && (d.toks[i-1].lower == "'s" || d.toks[i-1].lower == "’s") && d.mentAt[i-2] >= 0 {
			if a := d.actors[d.ments[d.mentAt[i-2]].actor]; a.kind == schema.KindCountry {
				country = a.country
			}
		}
		var a int
		if ms := d.x.gaz.LookupCased(name); len(ms) > 0 && ms[0].Entry.Kind == schema.KindOrganization {
			a = d.entryActor(ms[0].Entry)
		} else {
			full := name
			if country != "" {
				if c, ok := d.x.gaz.Country(country); ok {
					full = c.Name + " " + name
					if len(c.Demonyms) > 0 {
						full = strings.TrimPrefix(c.Demonyms[0], "~") + " " + name
					}
				}
			}
			a = d.actorFor(schema.ActorID(schema.KindOrganization, full, ""), schema.KindOrganization, full, country, nil)
		}
		d.addMention(i, j, a, "pattern", si)
		i = j - 1
	}
}

// matchSurnames resolves a lone capitalised word to a person introduced
// earlier in the article by that surname ("Singh", "Ryder").
func (d *doc) matchSurnames(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		if d.mentAt[i] >= 0 || !d.nameWord(i) {
			continue
		}
		if a, ok := d.surnames[d.toks[i].lower]; ok {
			if i+1 < s.last && d.nameWord(i+1) && d.mentAt[i+1] < 0 {
				continue
			}
			d.addMention(i, i+1, a, gazetteer.ViaSurname, si)
		}
	}
}

// addSource makes the article's publisher an ORGANIZATION actor.
func (d *doc) addSource(source string) {
	source = strings.TrimSpace(source)
	if source == "" {
		return
	}
	var a int
	if ms := d.x.gaz.Lookup(source); len(ms) > 0 && ms[0].Entry.Kind == schema.KindOrganization {
		a = d.entryActor(ms[0].Entry)
		d.actors[a].addAlias(source)
	} else {
		a = d.actorFor(schema.ActorID(schema.KindOrganization, source, ""), schema.KindOrganization, source, "", nil)
	}
	d.sourceActor = a
}

// mentionAt returns the mention covering token i, or nil.
func (d *doc) mentionAt(i int) *mention {
	if i < 0 || i >= len(d.mentAt) || d.mentAt[i] < 0 {
		return nil
	}
	return &d.ments[d.mentAt[i]]
}

// eventActor is the actor an event names: a group with a country counts as
// that country ("Iranian officials rejected" → Iran), as PLOVER codes actors
// by country and sector.
func (d *doc) eventActor(a int) int {
	ar := d.actors[a]
	if ar.kind == schema.KindGroup && ar.country != "" {
		if e, ok := d.x.gaz.Country(ar.country); ok {
			return d.entryActor(e)
		}
	}
	return a
}

// quickNorm is schema.NormalizeName for one token, with a fast path for
// ASCII words (lower case, punctuation dropped).
func quickNorm(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		f := strings.Fields(schema.NormalizeName(w))
		if len(f) == 0 {
			return ""
		}
		return f[0]
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+32)
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
		case c == '-' || c == '/' || c == '_':
			return string(b) // a separator ends the first word
		}
	}
	return string(b)
}

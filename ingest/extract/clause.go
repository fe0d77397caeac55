package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// Clause helpers: who is the subject of a verb, what is its object, which
// actors are coordinated ("Russia, North Korea, China, and Iran"), and what
// a pronoun refers to. Shallow rules over tokens and POS tags — no parser —
// that hold for the declarative sentences news copy is made of.

// coord is a list of coordinated mentions (indexes into doc.ments).
type coord struct {
	first, last int // token range of the whole coordination
	ments       []int
}

func (c coord) actors(d *doc) []int {
	var out []int
	var all []int
	for _, m := range c.ments {
		if g := d.ments[m].group; len(g) > 0 {
			all = append(all, g...)
		} else {
			all = append(all, d.ments[m].actor)
		}
	}
	for _, a := range all {
		dup := false
		for _, x := range out {
			if x == a {
				dup = true
			}
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

func (d *doc) isConnector(i int) bool {
	switch d.toks[i].lower {
	case ",", "and", "or", "&", "as", "well", "between", "both", "also", "along", "with":
		return true
	}
	return false
}

// coordAt expands the mention at token i into its coordination.
func (d *doc) coordAt(i int) coord {
	mi := int(d.mentAt[i])
	m := d.ments[mi]
	s := d.sents[d.sentOf(i)]
	c := coord{first: m.first, last: m.last, ments: []int{mi}}
	sawAnd := false
	// right
	for k := m.last; k < s.last; {
		j := k
		real := false
		for j < s.last && j-k < 5 && d.isConnector(j) {
			if l := d.toks[j].lower; l == "," || l == "and" || l == "or" || l == "&" || l == "well" {
				real = true
				sawAnd = sawAnd || l != ","
			}
			if d.toks[j].lower == "with" && !(j > k && d.toks[j-1].lower == "along") {
				break
			}
			j++
		}
		for j < s.last && d.x.lex.det[d.toks[j].lower] && d.toks[j].lower != "that" {
			j++
		}
		if !real || j >= s.last || d.mentAt[j] < 0 || j == k {
			break
		}
		// "Joe Biden and Chinese President Xi Jinping": the person
		if p := d.titledPerson(j); p >= 0 {
			j = p
		}
		nm := int(d.mentAt[j])
		// "between Russia and Ukraine, Fidan said": the speaker is no
		// member of the list
		if nl := d.ments[nm].last; nl < s.last && d.x.lex.cues[d.toks[nl].lower] != nil && !sawAnd {
			break
		}
		if nl := d.ments[nm].last; nl < s.last && d.x.lex.cues[d.toks[nl].lower] != nil && d.toks[j-1].text == "," {
			break
		}
		c.ments = append(c.ments, nm)
		c.last = d.ments[nm].last
		k = d.ments[nm].last
	}
	// left; "…, Fidan said": a speaker after a comma heads no list
	speaker := m.last < s.last && d.x.lex.cues[d.toks[m.last].lower] != nil && m.first > s.first && d.toks[m.first-1].text == ","
	for k := m.first; k > s.first && !speaker; {
		// "… and Chinese President Xi Jinping": step over the title
		if d.actors[d.ments[c.ments[0]].actor].kind == schema.KindPerson {
			k -= d.titleBefore(k)
			// the person's nationality: "Chinese President Xi"
			if pm := d.mentionAt(k - 1); pm != nil && pm.via == gazetteerDemonym {
				k = pm.first
			}
			if k <= s.first {
				break
			}
		}
		j := k - 1
		for j > s.first && d.x.lex.det[d.toks[j].lower] && d.toks[j].lower != "that" {
			j--
		}
		real := false
		for j >= s.first && k-j < 6 && d.isConnector(j) && d.toks[j].lower != "between" && d.toks[j].lower != "with" {
			if l := d.toks[j].lower; l == "," || l == "and" || l == "or" || l == "&" {
				real = true
				sawAnd = sawAnd || l != ","
			}
			j--
		}
		if !real || j < s.first || d.mentAt[j] < 0 {
			break
		}
		pm := int(d.mentAt[j])
		if p := d.titledPerson(d.ments[pm].first); p >= 0 && p < k {
			pm = int(d.mentAt[p])
		}
		c.ments = append([]int{pm}, c.ments...)
		c.first = d.ments[pm].first
		k = d.ments[pm].first
	}
	// a list ends in "and"/"or"; "…Xinhua, Xi told" is no list
	if len(c.ments) > 1 && !sawAnd {
		return coord{first: m.first, last: m.last, ments: []int{mi}}
	}
	return c
}

// roleOf says how the phrase starting at token first attaches: "prep:of" and
// the like for a prepositional phrase, "obj" after a verb, "poss" before a
// possessive, else "subj".
func (d *doc) roleOf(first int) string {
	s := d.sents[d.sentOf(first)]
	j := first - 1
	for j >= s.first && (d.x.lex.det[d.toks[j].lower] || d.toks[j].tag == "JJ" || d.toks[j].tag == "CD") && d.toks[j].lower != "that" {
		j--
	}
	if j < s.first {
		return "subj"
	}
	t := &d.toks[j]
	if d.x.lex.prep[t.lower] {
		return "prep:" + t.lower
	}
	if d.mentAt[j] >= 0 && (d.x.lex.aux[t.lower] == false) {
		// a demonym or name before: "Russian Security Council Secretary Sergei Shoigu"
		return "subj"
	}
	if strings.HasPrefix(t.tag, "VB") && !d.x.lex.aux[t.lower] && t.kind == tkWord {
		return "obj"
	}
	return "subj"
}

// subjectOf finds the subject of the verb at token v: the nearest
// coordination of actors to its left that is not inside a prepositional
// phrase or an object, jumping over a parenthetical set off by commas
// ("The U.S. Department of Defense, during a recent press briefing,
// reiterated") and over quoted speech.
func (d *doc) subjectOf(v int) (coord, bool) {
	s := d.sents[d.sentOf(v)]
	j := v - 1
	for j >= s.first && (d.x.lex.aux[d.toks[j].lower] || d.toks[j].tag == "RB") {
		j--
	}
	finite := !strings.HasSuffix(d.toks[v].lower, "ing")
	if finite && j >= s.first && d.toks[j].text == "," {
		// parenthetical: jump to the comma that opens it
		k := j - 1
		for k >= s.first && d.toks[k].text != "," && d.quoteOf[k] < 0 {
			k--
		}
		if k >= s.first && d.toks[k].text == "," {
			// an appositive name is the subject: "Russia's UN ambassador,
			// Vassily Nebenzia, accused"
			if m := d.mentionAt(j - 1); m != nil && m.first == k+1 && d.actors[m.actor].kind == schema.KindPerson {
				return d.coordAt(j - 1), true
			}
			j = k - 1
		}
	}
	// "X denied that … and blames Hamas": a verb joined by "and" shares
	// the subject of the sentence's first verb
	if j > s.first && d.toks[j].lower == "and" && d.mentAt[j-1] < 0 && d.toks[j-1].text != "," || (j > s.first+1 && d.toks[j].lower == "and" && d.toks[j-1].text == ",") {
		// the nearest finite verb before the "and" is the first conjunct
		// ("Biden stressed … and raised concerns")
		// the first conjunct is the sentence's first finite verb, unless
		// that verb reports speech and another finite verb follows it: then
		// the "and" joins verbs of what is reported ("The White House said
		// Biden stressed … and raised concerns")
		finiteAt := func(k int) bool {
			t := d.toks[k].tag
			if t == "VBN" && !d.perfect(k) {
				return false // "foreign-funded": a participle
			}
			return (t == "VBD" || t == "VBZ" || t == "VBP" || t == "VBN") && !d.x.lex.aux[d.toks[k].lower] && d.mentAt[k] < 0 && d.quoteOf[k] < 0
		}
		first := -1
		for k := s.first; k < j; k++ {
			if finiteAt(k) {
				first = k
				break
			}
		}
		if first >= 0 {
			pick := first
			if d.x.lex.cues[d.toks[first].lower] != nil {
				for k := j - 1; k > first; k-- {
					if finiteAt(k) {
						// only a verb with its own subject right before it
						q := k - 1
						for q > first && (d.x.lex.aux[d.toks[q].lower] || d.toks[q].tag == "RB") {
							q--
						}
						if d.mentAt[q] >= 0 {
							pick = k
						}
						break
					}
				}
			}
			if pick != v {
				return d.subjectOf(pick)
			}
		}
	}
	// a plain noun right before the verb is its subject: "demonstrators
	// rallied" has no actor subject unless an actor modifies the noun
	// ("Russian warships", "the Pentagon's spokesman")
	if j >= s.first && d.mentAt[j] < 0 && !d.toks[j].cap && (d.toks[j].tag == "NN" || d.toks[j].tag == "NNS") && !strings.HasSuffix(d.toks[v].lower, "ing") {
		// walk over the noun phrase, noting the first actor that
		// modifies it ("Russian warships", "the Pentagon's spokesman")
		k := j - 1
		modifier := -1
		for k >= s.first && k >= j-6 {
			t := &d.toks[k]
			if d.mentAt[k] >= 0 {
				if modifier < 0 {
					modifier = k
				}
				k = d.ments[d.mentAt[k]].first - 1
				continue
			}
			if t.tag == "JJ" || strings.HasPrefix(t.tag, "NN") || t.tag == "CD" || t.tag == "VBG" || d.x.lex.det[t.lower] ||
				t.lower == "and" || t.lower == "'s" || t.lower == "’s" {
				k--
				continue
			}
			break
		}
		switch {
		case k > s.first && d.toks[k].lower == "of" && d.mentAt[k-1] >= 0:
			// "Irakli Kobakhidze of the ruling Georgian Dream party said":
			// the phrase follows its head
			j = k - 1
		case modifier >= 0:
			// the actor modifying the subject noun is the subject
			return d.coordAt(modifier), true
		default:
			return coord{}, false
		}
	}
	// "an EU statement criticizing China": a participle after a noun has
	// that noun phrase as its subject
	if (d.toks[v].tag == "VBG" || strings.HasSuffix(d.toks[v].lower, "ing")) && v > s.first && strings.HasPrefix(d.toks[v-1].tag, "NN") && d.mentAt[v-1] < 0 && !d.toks[v-1].cap {
		// "James O'Brien, a senior US State Department official visiting
		// Tbilisi": the appositive's person
		for k := v - 2; k > s.first+1 && k >= v-9; k-- {
			if l := d.toks[k].lower; (l == "a" || l == "an" || l == "the") && d.toks[k-1].text == "," {
				if m := d.mentionAt(k - 2); m != nil && d.actors[m.actor].kind == schema.KindPerson {
					return d.coordAt(k - 2), true
				}
				break
			}
		}
		for k := v - 2; k >= s.first && k >= v-4; k-- {
			if d.mentAt[k] >= 0 {
				return d.coordAt(k), true
			}
			if strings.HasPrefix(d.toks[k].tag, "VB") && !d.x.lex.aux[d.toks[k].lower] {
				// "issued a joint statement condemning…": whoever issued it
				return d.subjectOf(k)
			}
			if !(d.toks[k].tag == "JJ" || strings.HasPrefix(d.toks[k].tag, "NN") || d.x.lex.det[d.toks[k].lower]) {
				break
			}
		}
		return coord{}, false
	}
	// "accused Iran (at the UN on Wednesday) of supplying": the gerund's
	// subject is the object of the verb before "of"/"for"
	if strings.HasSuffix(d.toks[v].lower, "ing") && v-2 >= s.first && (d.toks[v-1].lower == "of" || d.toks[v-1].lower == "for") {
		if d.mentAt[v-2] >= 0 {
			return d.coordAt(v - 2), true
		}
		for k := v - 2; k >= s.first && k >= v-10; k-- {
			if m := d.mentionAt(k); m != nil {
				if d.roleOf(m.first) == "obj" {
					return d.coordAt(k), true
				}
				k = m.first
				continue
			}
			if strings.HasPrefix(d.toks[k].tag, "VB") {
				break
			}
		}
	}
	steps := 0
	for ; j >= s.first && steps < 40; j-- {
		steps++
		t := &d.toks[j]
		if t.text == ";" || t.text == ":" {
			break
		}
		// "Hamas said that the mediators should…": past the "that" after
		// a verb lies another clause, whose subject is not this verb's
		if t.lower == "that" && j > s.first && strings.HasPrefix(d.toks[j-1].tag, "VB") {
			break
		}
		// "allies, who openly intervene": a relative pronoun's antecedent
		if (t.lower == "who" || t.lower == "which") && j-1 >= s.first {
			k := j - 1
			if d.toks[k].text == "," && k-1 >= s.first {
				k--
			}
			if d.mentAt[k] >= 0 {
				return d.coordAt(k), true
			}
			return coord{}, false
		}
		if q := d.quoteOf[j]; q >= 0 && q != d.quoteOf[v] {
			// skip quoted speech
			j = d.quotes[q][0]
			continue
		}
		if d.mentAt[j] < 0 {
			continue
		}
		c := d.coordAt(j)
		role := d.roleOf(c.first)
		// "a spokesman for the command said": the body speaks
		if (role == "prep:for" || role == "prep:of" || role == "prep:at") && c.first >= s.first+2 {
			k := c.first - 1
			for k > s.first && d.x.lex.det[d.toks[k].lower] {
				k--
			}
			if k > s.first && d.x.lex.speaker[d.toks[k-1].lower] {
				return c, true
			}
		}
		// "believe Iran may soon provide": an actor followed directly by
		// the verb (through auxiliaries) is its subject whatever precedes it
		direct := true
		for k := c.last; k < v; k++ {
			if !d.x.lex.aux[d.toks[k].lower] && d.toks[k].tag != "RB" && d.toks[k].tag != "MD" {
				direct = false
				break
			}
		}
		if role == "subj" || role == "poss" || (direct && (role == "obj" || subordPrep[role])) {
			// "Russia's military cooperation": a possessor followed by a
			// noun phrase is the subject of that phrase
			return c, true
		}
		j = c.first
	}
	return coord{}, false
}

// subordPrep are prepositions that also open a clause: "after Orbán
// travelled", "as Iran prepares".
var subordPrep = map[string]bool{"prep:after": true, "prep:before": true, "prep:since": true, "prep:as": true, "prep:until": true}

// countAux counts the auxiliaries and adverbs in tokens [a, b).
func countAux(d *doc, a, b int) int {
	n := 0
	for k := a; k < b; k++ {
		if d.x.lex.aux[d.toks[k].lower] || d.toks[k].tag == "RB" || d.toks[k].tag == "MD" {
			n++
		}
	}
	return n
}

// objectOf finds the actors after the trigger at token v, by the
// prepositions allowed (an empty string stands for a direct object). It
// looks at most 14 tokens ahead and stops at a clause boundary.
func (d *doc) objectOf(v int, preps ...string) (coord, string, bool) {
	s := d.sents[d.sentOf(v)]
	for j := v + 1; j < s.last && j-v <= 18; j++ {
		t := &d.toks[j]
		if t.text == ";" || t.text == ":" || (d.x.lex.subord[t.lower] && t.lower != "as" && t.lower != "after" && t.lower != "before") {
			// "missile strikes on Monday that killed dozens across Ukraine":
			// a relative clause tells what the named act did
			if d.nounTrigger && (t.lower == "that" || t.lower == "which") && j-v <= 5 {
				continue
			}
			break
		}
		// "welcomed the step and said South Africa was ready": a second
		// verb phrase has objects of its own
		if (t.lower == "and" || t.lower == "but") && j+1 < s.last && !d.nounTrigger {
			if nt := d.toks[j+1].tag; nt == "VBD" || nt == "VBZ" || nt == "VBP" {
				break
			}
		}
		if d.mentAt[j] < 0 {
			continue
		}
		// "talks with his Turkish counterpart Hakan Fidan": a possessive
		// pronoun is a determiner here
		if m := d.mentionAt(j); m != nil && m.via == "pronoun" && m.last == j+1 {
			if l := d.toks[j].lower; l == "his" || l == "her" || l == "its" || l == "their" {
				continue
			}
		}
		c := d.coordAt(j)
		role := d.roleOf(c.first)
		// "urged Ukrainian President Volodymyr Zelensky": the person, not
		// the demonym of the title
		if p := d.titledPerson(j); p >= 0 {
			c = d.coordAt(p)
		} else if m := d.mentionAt(j); m != nil && m.via == gazetteerDemonym && role == "obj" && m.last < s.last && d.instrumentObjects &&
			strings.HasPrefix(d.toks[m.last].tag, "NN") && !d.toks[m.last].cap {
			// "launched the North Korean missiles": a modifier of the thing
			j = c.last - 1
			continue
		}
		for _, p := range preps {
			if (p == "" && (role == "obj" || (role == "subj" && j-v <= 3))) || role == "prep:"+p {
				return c, p, true
			}
		}
		j = c.last - 1
	}
	return coord{}, "", false
}

// titledPerson returns the first token of a person named right after the
// mention at j through title words ("Ukrainian President Volodymyr
// Zelensky"), or -1.
func (d *doc) titledPerson(j int) int {
	m := d.mentionAt(j)
	if m == nil || d.actors[m.actor].kind == schema.KindPerson {
		return -1
	}
	s := d.sents[m.sent]
	// "Czech Chief of the General Staff Ana Ivanov": a title of several
	// words with function words inside
	for k := m.last; k < s.last && k <= m.last+7; k++ {
		if pm := d.mentionAt(k); pm != nil {
			if d.actors[pm.actor].kind == schema.KindPerson && pm.via != "pronoun" && k-d.titleBefore(k) <= m.last {
				return k
			}
			break
		}
	}
	for k := m.last; k < s.last && k <= m.last+4; k++ {
		if pm := d.mentionAt(k); pm != nil {
			if d.actors[pm.actor].kind == schema.KindPerson && pm.via != "pronoun" {
				return k
			}
			if d.actors[pm.actor].kind != schema.KindOrganization {
				return -1
			}
			k = pm.last - 1
			continue
		}
		if !d.isTitleWord(k) {
			return -1
		}
	}
	return -1
}

// possessorBefore finds "X's" or "X" (demonym or hyphenated pair) directly
// before a noun trigger: "Shoigu's recent visit", "Russian and Iranian
// warships", "Tehran-Moscow cooperation".
func (d *doc) possessorBefore(n int) (coord, bool) {
	s := d.sents[d.sentOf(n)]
	j := n - 1
	for j >= s.first && j >= n-4 && d.mentAt[j] < 0 && (d.toks[j].tag == "JJ" || d.toks[j].tag == "NN" || d.toks[j].tag == "VBG" || d.x.lex.det[d.toks[j].lower]) && d.toks[j].lower != "that" {
		j--
	}
	if j >= s.first && (d.toks[j].lower == "'s" || d.toks[j].lower == "’s" || d.toks[j].text == "’" || d.toks[j].text == "'") {
		j--
	}
	if j < s.first || d.mentAt[j] < 0 {
		return coord{}, false
	}
	c := d.coordAt(j)
	// "Tehran-Moscow": hyphen-joined mentions
	if k := c.first - 1; k > s.first && d.toks[k].text == "-" && !d.toks[k].gapBefore && d.mentAt[k-1] >= 0 {
		pc := d.coordAt(k - 1)
		pc.ments = append(pc.ments, c.ments...)
		pc.last = c.last
		c = pc
	}
	if role := d.roleOf(c.first); strings.HasPrefix(role, "prep:") && role != "prep:between" {
		// "support to Russia's war": the possessor is inside a phrase
		return c, true
	}
	return c, true
}

// resolvePronouns adds pronoun mentions for he/she/his/her (the most recent
// speaker, else the most recent person of the right gender), it/its (the
// subject of this sentence or the last one, when an organisation or
// country) and they/their (the last coordination or group).
func (d *doc) resolvePronouns(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		if d.mentAt[i] >= 0 || d.quoteOf[i] >= 0 {
			continue
		}
		var a = -1
		switch d.toks[i].lower {
		case "he", "she", "his", "her", "him":
			g := byte('m')
			if l := d.toks[i].lower; l == "she" || l == "her" {
				g = 'f'
			}
			a = d.personBefore(i, g)
		case "it", "its":
			if d.toks[i].lower == "it" && i+1 < s.last && (d.toks[i+1].lower == "is" || d.toks[i+1].lower == "was" || d.toks[i+1].lower == "'s") && i+2 < s.last &&
				(d.toks[i+2].tag == "JJ" || d.toks[i+2].tag == "VBN") && d.toks[i+2].lower != "prepared" {
				continue // "it is expected", "it is unclear"
			}
			if d.toks[i].lower == "its" {
				// a possessive belongs to the nearest subject before it
				a = d.nearestSubject(i)
			}
			if a < 0 {
				a = d.thingBefore(i)
			}
		case "the":
			// "the command", "the ministry", "the embassy": the last
			// organisation whose name has that head
			if i+1 < s.last && d.mentAt[i+1] < 0 && d.x.lex.orgHead[d.toks[i+1].lower] && !d.toks[i+1].cap &&
				(i+2 >= s.last || !strings.HasPrefix(d.toks[i+2].tag, "NN")) {
				if b := d.orgByHead(i, d.toks[i+1].lower); b >= 0 {
					d.ments = append(d.ments, mention{first: i, last: i + 2, actor: b, via: "pronoun", sent: si})
					d.mentAt[i] = int32(len(d.ments) - 1)
					d.mentAt[i+1] = int32(len(d.ments) - 1)
					i++
				}
			}
			continue
		case "they", "their":
			a = d.groupBefore(i)
		case "these", "those", "both", "two":
			// "these countries", "the two governments": the last
			// coordination of countries
			if d.toks[i].lower == "two" && (i == s.first || d.toks[i-1].lower != "the") {
				continue
			}
			if i+1 < s.last && d.x.lex.pluralRef[d.toks[i+1].lower] {
				if c, ok := d.coordBefore(i); !ok && d.toks[i].lower == "both" {
					// "criticised both governments" with no pair in
					// sight: the two countries the article is about
					switch d.toks[i+1].lower {
					case "countries", "nations", "governments", "capitals", "sides":
						if acts := d.mainPair(s.first); len(acts) == 2 {
							d.ments = append(d.ments, mention{first: i, last: i + 2, actor: acts[0], group: acts, via: "pronoun", sent: si})
							d.mentAt[i] = int32(len(d.ments) - 1)
							d.mentAt[i+1] = int32(len(d.ments) - 1)
							i++
						}
					}
				} else if ok {
					acts := c.actors(d)
					switch d.toks[i+1].lower {
					case "countries", "nations", "states", "governments", "capitals", "sides":
						// "the two governments" after "Modi and Zelensky":
						// their countries
						for k, a := range acts {
							if ar := d.actors[a]; ar.kind != schema.KindCountry && ar.country != "" {
								if e, ok := d.x.gaz.Country(ar.country); ok {
									acts[k] = d.entryActor(e)
								}
							}
						}
						acts = uniq(acts)
					}
					d.ments = append(d.ments, mention{first: i, last: i + 2, actor: acts[0], group: acts, via: "pronoun", sent: si})
					d.mentAt[i] = int32(len(d.ments) - 1)
					d.mentAt[i+1] = int32(len(d.ments) - 1)
					i++
				}
			}
			continue
		}
		if a < 0 {
			continue
		}
		d.ments = append(d.ments, mention{first: i, last: i + 1, actor: a, via: "pronoun", sent: si})
		d.mentAt[i] = int32(len(d.ments) - 1)
	}
}

// mainPair is the two countries named most often before token end, when
// each is named at least twice and no third comes close; else nil.
func (d *doc) mainPair(end int) []int {
	n := map[int]int{}
	// the article so far, bounded so that a long text stays linear
	for k := max(0, end-3000); k < end; k++ {
		m := d.mentionAt(k)
		if m == nil || m.via == "pronoun" {
			continue
		}
		a := m.actor
		if ar := d.actors[a]; ar.kind != schema.KindCountry {
			if ar.country == "" {
				k = m.last - 1
				continue
			}
			e, ok := d.x.gaz.Country(ar.country)
			if !ok {
				k = m.last - 1
				continue
			}
			a = d.entryActor(e)
		}
		n[a]++
		k = m.last - 1
	}
	first, second, third := -1, -1, 0
	for a, c := range n {
		switch {
		case first < 0 || c > n[first] || (c == n[first] && a < first):
			if second >= 0 {
				third = max(third, n[second])
			}
			first, second = a, first
		case second < 0 || c > n[second] || (c == n[second] && a < second):
			if second >= 0 {
				third = max(third, n[second])
			}
			second = a
		default:
			third = max(third, c)
		}
	}
	if first < 0 || second < 0 || n[second] < 2 || third*2 > n[second] {
		return nil
	}
	return []int{first, second}
}

// orgByHead is the last organisation before token i whose name contains
// the word head ("Eastern Theater Command" for "the command").
func (d *doc) orgByHead(i int, head string) int {
	generic := head == "group" || head == "movement" || head == "organization" || head == "organisation" || head == "alliance" || head == "bloc"
	for k := i - 1; k >= 0 && k > i-400; k-- {
		m := d.mentionAt(k)
		if m == nil {
			continue
		}
		a := d.actors[m.actor]
		if a.kind == schema.KindOrganization {
			if generic && d.roleOf(m.first) == "subj" {
				// "the group" after "Hamas said…": the last organisation
				// that spoke or acted
				return m.actor
			}
			for _, n := range append([]string{a.name}, a.aliases...) {
				for _, w := range strings.Fields(strings.ToLower(n)) {
					if w == head || (head == "department" && w == "ministry") || (head == "ministry" && w == "department") {
						return m.actor
					}
				}
			}
		}
		k = m.first
	}
	return -1
}

func (d *doc) personBefore(i int, g byte) int {
	if d.lastSpeak >= 0 {
		a := d.actors[d.lastSpeak]
		if a.kind == schema.KindPerson && (a.gender == 0 || a.gender == g) {
			// the speaker stays the referent while no other person intervenes
			other := false
			for k := i - 1; k >= 0 && k > i-60; k-- {
				if m := d.mentionAt(k); m != nil && m.actor != d.lastSpeak && d.actors[m.actor].kind == schema.KindPerson && m.via != "pronoun" && (d.roleOf(m.first) == "subj" || subordPrep[d.roleOf(m.first)]) {
					other = true
					break
				}
				if m := d.mentionAt(k); m != nil && m.actor == d.lastSpeak {
					break
				}
			}
			if !other {
				return d.lastSpeak
			}
		}
	}
	// the subject of this sentence (or the last one) before the nearest
	// person: "Orbán held talks with Putin …, a trip he called…"
	if a := d.sentenceSubject(i, func(a *actorRec, m *mention) bool {
		return a.kind == schema.KindPerson && (a.gender == 0 || a.gender == g) && m.via != "pronoun"
	}); a >= 0 {
		return a
	}
	for k := i - 1; k >= 0 && k > i-120; k-- {
		m := d.mentionAt(k)
		if m == nil {
			continue
		}
		a := d.actors[m.actor]
		if a.kind == schema.KindPerson && (a.gender == 0 || a.gender == g) {
			return m.actor
		}
		k = m.first
	}
	return -1
}

func (d *doc) thingBefore(i int) int {
	return d.sentenceSubject(i, func(a *actorRec, m *mention) bool {
		return (a.kind == schema.KindOrganization || a.kind == schema.KindCountry) && m.via != gazetteerDemonym
	})
}

// sentenceSubject is the first actor standing as a clause subject in the
// sentence of token i (before i) or, failing that, in the sentence before,
// among those accept takes.
func (d *doc) sentenceSubject(i int, accept func(*actorRec, *mention) bool) int {
	si := d.sentOf(i)
	for _, sj := range []int{si, si - 1} {
		if sj < 0 {
			continue
		}
		s := d.sents[sj]
		end := s.last
		if sj == si {
			end = i
		}
		for k := s.first; k < end; k++ {
			m := d.mentionAt(k)
			if m == nil {
				continue
			}
			if accept(d.actors[m.actor], m) && d.roleOf(m.first) == "subj" && d.clauseSubject(m) {
				return m.actor
			}
			k = m.last - 1
		}
	}
	return -1
}

// nearestSubject is the closest organisation or country before token i in
// its sentence that stands as a clause subject.
func (d *doc) nearestSubject(i int) int {
	s := d.sents[d.sentOf(i)]
	for k := i - 1; k >= s.first; k-- {
		m := d.mentionAt(k)
		if m == nil {
			continue
		}
		a := d.actors[m.actor]
		if (a.kind == schema.KindOrganization || a.kind == schema.KindCountry) && m.via != gazetteerDemonym &&
			(d.roleOf(m.first) == "subj" || subordPrep[d.roleOf(m.first)]) && d.clauseSubject(m) {
			return m.actor
		}
		k = m.first
	}
	return -1
}

const gazetteerDemonym = "demonym"

// clauseSubject reports whether a mention is followed by its verb (or a
// comma opening a parenthetical before it), not by a bracket or noun.
func (d *doc) clauseSubject(m *mention) bool {
	s := d.sents[m.sent]
	start := m.last
	if start < s.last && d.toks[start].text == "(" {
		// "The National Intelligence Organization (MIT) said"
		for start < s.last && start < m.last+8 && d.toks[start].text != ")" {
			start++
		}
		start++
	}
	for k := start; k < s.last && k < start+3; k++ {
		t := &d.toks[k]
		if t.text == "," || strings.HasPrefix(t.tag, "VB") || t.tag == "MD" || d.x.lex.aux[t.lower] {
			return true
		}
		if t.tag != "RB" {
			return false
		}
	}
	return false
}

func (d *doc) groupBefore(i int) int {
	for k := i - 1; k >= 0 && k > i-60; k-- {
		m := d.mentionAt(k)
		if m == nil {
			continue
		}
		if d.actors[m.actor].kind == schema.KindGroup {
			return m.actor
		}
		k = m.first
	}
	return -1
}

// coordBefore returns the last coordination of two or more actors before
// token i in this sentence or the previous one ("their participation").
func (d *doc) coordBefore(i int) (coord, bool) {
	si := d.sentOf(i)
	lo := d.sents[si].first
	if si > 0 {
		lo = d.sents[si-1].first
	}
	var nearest coord
	found := false
	for k := i - 1; k >= lo; k-- {
		if d.mentAt[k] < 0 {
			continue
		}
		c := d.coordAt(k)
		if len(c.actors(d)) >= 2 {
			if d.roleOf(c.first) == "subj" {
				return c, true
			}
			if !found {
				nearest, found = c, true
			}
		}
		k = c.first
	}
	// "the two countries": the pair that acted, further back if need be
	// ("Japan and the Philippines signed…" over "agreements with
	// Australia and Britain")
	for sj := si - 2; sj >= 0 && sj >= si-4; sj-- {
		s := d.sents[sj]
		for k := s.first; k < s.last; k++ {
			if d.mentAt[k] < 0 {
				continue
			}
			c := d.coordAt(k)
			if len(c.actors(d)) >= 2 && d.roleOf(c.first) == "subj" {
				return c, true
			}
			k = c.last - 1
		}
	}
	return nearest, found
}

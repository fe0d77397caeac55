package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// The events stage: PLOVER triggers from lexicon/events.tsv, participants
// from the clause (roles column), modality from the words around the
// trigger and the claim it sits in, dates and locations from the sentence.

type eventRec struct {
	typ, mode  string
	context    []string
	sources    []int
	targets    []int
	date       string
	textDate   bool // the date was written in the text, not defaulted
	location   string
	modality   string
	confidence float64
	evidence   []schema.Span
	sent, tok  int
	// at lists every trigger merged into the event, with the modality
	// read there, so disputes can find an allegation reported twice
	at []evAt
	// nouns name the act ("exercises", "sanctions", "visit"), singular
	nouns []string
}

type evAt struct {
	sent, tok int
	modality  string
}

// verbalType are the speech-act types: what they announce may lie ahead,
// the act itself is done when reported.
var verbalType = map[string]bool{"REQUEST": true, "ACCUSE": true, "REJECT": true, "THREATEN": true, "SUPPORT": true}

// symmetricType are the types whose participants act jointly (as in
// schema.EventKey): one event whatever the order of its actors.
var symmetricType = map[string]bool{"CONSULT": true, "COOPERATE": true, "AGREE": true}

func (d *doc) findEvents(si int) {
	s := d.sents[si]
	for i := s.first; i < s.last; i++ {
		t := &d.toks[i]
		if t.kind != tkWord {
			continue
		}
		rules := d.x.lex.events[t.lower]
		if len(rules) == 0 || d.mentAt[i] >= 0 {
			continue
		}
		for _, r := range rules {
			if !d.posFits(r, i) || !d.afterFits(r, i, s) {
				continue
			}
			if e := d.buildEvent(r, si, i); e != nil {
				d.addEvent(e)
				if v := d.impliedVisit(e, si, i); v != nil {
					d.addEvent(v)
				}
				break
			}
		}
		// speech-act events of the claims are added by findClaims
	}
}

func (d *doc) posFits(r *eventRule, i int) bool {
	tg := d.toks[i].tag
	switch r.pos {
	case 'V':
		// "the decision to free X", "plans to attack": a noun's complement,
		// not an act
		if i > 1 && d.toks[i-1].lower == "to" && strings.HasPrefix(d.toks[i-2].tag, "NN") && !d.toks[i-2].cap {
			return false
		}
		// the tagger reads an inflected verb right after a name as a noun
		// at times ("Xi Jinping spoke"); the form itself says it is a verb
		if d.toks[i].lower != r.head && !strings.HasSuffix(d.toks[i].lower, "s") && i > 0 && d.mentAt[i-1] >= 0 {
			return true
		}
		// "… and thanked allies": a past form after a conjunction or
		// adverb is a verb whatever the tagger says; after a determiner
		// ("the agreed date") it is an adjective
		if strings.HasSuffix(d.toks[i].lower, "ed") && i > 0 && (d.toks[i-1].lower == "and" || d.toks[i-1].tag == "RB") {
			return true
		}
		return strings.HasPrefix(tg, "VB") || (tg == "NN" && i > 0 && (d.toks[i-1].lower == "to" || d.toks[i-1].lower == "will")) ||
			(tg == "NNS" && i > 0 && d.mentAt[i-1] >= 0 && d.roleOf(d.ments[d.mentAt[i-1]].first) == "subj")
	case 'N':
		return strings.HasPrefix(tg, "NN") || tg == "JJ" || tg == "VBG"
	}
	return true
}

func (d *doc) afterFits(r *eventRule, i int, s sentence) bool {
	if len(r.after) == 0 {
		return true
	}
	win := 10
	if r.pos == 'W' {
		win = 3
	}
	for k := i + 1; k < s.last && k <= i+win; k++ {
		for _, w := range r.after {
			if d.toks[k].lower == w {
				return true
			}
		}
	}
	if r.pos == 'N' || (r.pos == 'V' && d.toks[i].tag == "VBN") {
		// "joint missions": the word may stand before a noun trigger;
		// "missiles supplied by North Korea": before a passive
		for k := i - 1; k >= s.first && k >= i-2; k-- {
			for _, w := range r.after {
				if d.toks[k].lower == w {
					return true
				}
			}
		}
	}
	return false
}

// eventNouns lists the nouns that name the act of a trigger: the trigger
// itself when a noun, and the rule's object word found after it.
func (d *doc) eventNouns(r *eventRule, i int) []string {
	var out []string
	if r.pos == 'N' {
		out = append(out, singular(d.toks[i].lower))
	}
	s := d.sents[d.sentOf(i)]
	for k := i + 1; k < s.last && k <= i+10; k++ {
		for _, w := range r.after {
			if d.toks[k].lower == w && strings.HasPrefix(d.toks[k].tag, "NN") {
				out = append(out, singular(w))
				// "sanctions package": the head noun names it too
				if k+1 < s.last && strings.HasPrefix(d.toks[k+1].tag, "NN") && !d.toks[k+1].cap {
					out = append(out, singular(d.toks[k+1].lower))
				}
				return out
			}
		}
	}
	return out
}

// singular folds a regular English plural ("exercises" → "exercise").
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// eventNamed is the last event before token i that a definite noun names
// ("the exercises", "the sanctions", "the visit"), or nil.
func (d *doc) eventNamed(noun string, i int) *eventRec {
	n := singular(noun)
	// "the decision", "the move": whatever was last done
	generic := n == "decision" || n == "move" || n == "step" || n == "measure" || n == "action"
	var best *eventRec
	for _, e := range d.events {
		if e.tok >= i || (generic && e.sent == d.sentOf(i)) {
			continue
		}
		if generic && !verbalType[e.typ] && (best == nil || e.tok > best.tok) {
			best = e
			continue
		}
		for _, x := range e.nouns {
			if x == n && (best == nil || e.tok > best.tok) {
				best = e
			}
		}
	}
	return best
}

// morePossessors finds further possessors coordinated with an object
// possessor: "condemning North Korea's arms exports and Moscow's use of the
// missiles" names both.
func (d *doc) morePossessors(c coord) []int {
	s := d.sents[d.sentOf(c.first)]
	if c.last >= s.last || (d.toks[c.last].lower != "'s" && d.toks[c.last].lower != "’s") {
		return nil
	}
	var out []int
	for k := c.last + 1; k+1 < s.last && k <= c.last+12; k++ {
		if d.toks[k].text == ";" || d.x.lex.subord[d.toks[k].lower] && d.toks[k].lower != "as" {
			break
		}
		if d.toks[k].lower != "and" || d.mentAt[k+1] < 0 {
			continue
		}
		m := d.ments[d.mentAt[k+1]]
		if m.last < s.last && (d.toks[m.last].lower == "'s" || d.toks[m.last].lower == "’s") {
			out = append(out, m.actor)
		}
	}
	return out
}

// namedActObject is the source list of an earlier event the direct object
// after trigger i names ("condemned the exercises"), or nil.
func (d *doc) namedActObject(i int) []int {
	s := d.sents[d.sentOf(i)]
	for k := i + 1; k+1 < s.last && k <= i+3; k++ {
		if l := d.toks[k].lower; l == "the" || l == "these" || l == "this" || l == "such" {
			if e := d.eventNamed(d.toks[k+1].lower, k); e != nil && strings.HasPrefix(d.toks[k+1].tag, "NN") {
				return append([]int(nil), e.sources...)
			}
		}
	}
	return nil
}

// buildEvent reads participants, modality, date and location for one
// trigger, or returns nil when the rule's needs are not met.
func (d *doc) buildEvent(r *eventRule, si, i int) *eventRec {
	e := &eventRec{typ: r.typ, mode: r.mode, sent: si, tok: i, confidence: 0.7}
	// the nouns that name the act, for "the exercises" later on
	e.nouns = d.eventNouns(r, i)
	var src, tgt []int
	subj, hasSubj := d.subjectOf(i)
	// W: rows are a noun's modifier ("joint missions", sym) or a predicate
	// adjective ("prepared to take action"), which has a subject
	noun := r.pos == 'N' || (r.pos == 'W' && r.roles == "sym")
	if noun {
		if p, ok := d.possessorBefore(i); ok {
			src = p.actors(d)
		}
		if len(src) == 0 && r.roles == "sym" {
			if c, _, ok := d.objectOf(i, "between", "with"); ok && c.first <= i+5 {
				src = c.actors(d)
			}
		}
		if len(src) == 0 && i > 0 && (d.toks[i-1].lower == "their") {
			if c, ok := d.coordBefore(i); ok {
				src = c.actors(d)
			}
		}
		if len(src) == 0 && hasSubj && subj.last <= i && d.objectOfVerb(i) {
			// the noun is the object of a verb: "implemented joint missions"
			src = subj.actors(d)
		}
		e.confidence = 0.6
	} else if d.isPassive(i) {
		// passive: "missiles supplied by North Korea to Russia", "was
		// attacked by X"; without an agent the actor is unknown
		if c, _, ok := d.objectOf(i, "by"); ok && c.first <= i+3 {
			src = c.actors(d)
			if d.passiveAux(i) && hasSubj {
				tgt = subj.actors(d)
			}
		} else {
			return nil
		}
	} else if hasSubj {
		src = subj.actors(d)
	}
	passive := d.isPassive(i) && !noun
	d.nounTrigger = noun
	defer func() { d.nounTrigger = false }()
	switch r.typ {
	case "ASSAULT", "AID", "MOBILIZE", "COERCE", "COOPERATE":
		d.instrumentObjects = true
		defer func() { d.instrumentObjects = false }()
	}
	switch r.roles {
	case "so":
		if passive {
			break
		}
		if c, _, ok := d.objectOf(i, "", "against", "on", "about", "over", "with"); ok {
			tgt = c.actors(d)
			tgt = append(tgt, d.morePossessors(c)...)
		}
	case "sto", "visit":
		if c, _, ok := d.objectOf(i, "to", "", "for"); ok {
			tgt = c.actors(d)
		}
	case "host":
		if c, _, ok := d.objectOf(i, ""); ok {
			tgt, src = src, c.actors(d)
		}
	case "sym":
		if c, _, ok := d.objectOf(i, "with", "between", ""); ok {
			if noun && len(src) > 0 && d.roleOf(c.first) == "obj" {
				break
			}
			src = append(src, c.actors(d)...)
		}
	case "sfrom":
		if c, _, ok := d.objectOf(i, "from"); ok {
			tgt = c.actors(d)
		}
	case "sat":
		// attacks: on/against/at X, or across/in X where the victims are
		if c, _, ok := d.objectOf(i, "on", "against", "at", "", "across", "in", "into"); ok {
			tgt = c.actors(d)
		}
	case "son":
		if c, _, ok := d.objectOf(i, "on", "against", "at", "around", "", "for"); ok {
			tgt = c.actors(d)
		}
	case "sthat":
		// "demanded that Ukraine withdraw": the that-clause's subject
		for k := i + 1; k < d.sents[si].last && k < i+4; k++ {
			if d.toks[k].lower == "that" && k+1 < d.sents[si].last && d.mentAt[k+1] >= 0 {
				tgt = d.coordAt(k + 1).actors(d)
				break
			}
		}
		if len(tgt) == 0 {
			return nil
		}
	case "sif":
		tgt = d.ifSubject(i)
		if len(tgt) == 0 {
			if c, _, ok := d.objectOf(i, ""); ok {
				tgt = c.actors(d)
			}
		}
	}
	// "condemned the exercises", "welcomed the package": the act's actors
	if len(tgt) == 0 && !noun && (r.typ == "ACCUSE" || r.typ == "SUPPORT" || r.typ == "REJECT") {
		tgt = d.namedActObject(i)
	}
	// no recipient from the rule's own slot: the nearest actor in the rest
	// of the clause ("summoned the Canadian ambassador", "freeing 17 Indian
	// nationals", "threatened to cut ties with Tonga", "rejected an offer
	// from Monaco", "a vessel owned by X")
	if len(tgt) == 0 && !passive && r.mode != "resign" {
		switch r.roles {
		case "s", "so", "sif", "son", "sat", "sfrom", "sto":
			tgt = d.clauseTarget(r, i, src, noun)
		}
	}
	for k := range src {
		src[k] = d.eventActor(src[k])
	}
	for k := range tgt {
		tgt[k] = d.eventActor(tgt[k])
	}
	src, tgt = uniq(src), uniq(tgt)
	// an actor is not its own recipient
	tgt = minus(tgt, src)
	if len(src) == 0 {
		return nil
	}
	if r.roles == "sym" {
		src = uniq(append(src, tgt...))
		tgt = nil
	}
	switch r.needs {
	case "t":
		if len(tgt) == 0 {
			return nil
		}
	case "2":
		// a joint act needs two parties, or one alliance or international
		// body acting as a whole ("NATO will hold its biggest exercise")
		if len(src)+len(tgt) < 2 && (noun || !(len(src) == 1 && d.alliance(src[0]))) {
			return nil
		}
	}
	e.sources, e.targets = src, tgt
	e.context = append(e.context, r.context...)
	d.addContexts(e, i)
	if d.demanded(si, i) {
		// "demanded that Ukraine withdraw": the act is what the REQUEST
		// asks for, not an event of its own
		return nil
	}
	e.modality = d.modality(r, si, i, src, noun)
	if e.modality == schema.ModalityHypothetical && !d.inIfClause(si, i) {
		switch e.typ {
		case "SANCTION", "COERCE", "ASSAULT":
			// PLOVER: a punishment held out on a condition is a threat
			// ("could impose restrictions if…"); the condition itself ("if
			// German missiles strike…") stays what it is
			e.typ, e.mode = "THREATEN", ""
		}
	}
	if e.modality == schema.ModalityPlanned {
		switch e.typ {
		case "CONSULT", "SUPPORT", "COOPERATE", "AID":
			// PLOVER: a future cooperative act is an AGREE
			e.typ, e.mode = "AGREE", ""
		}
	}
	e.date, e.textDate = d.eventDate(si, i, e.modality == schema.ModalityPlanned)
	e.location = d.location(si, i)
	if e.location == "" && r.roles == "visit" && len(e.targets) > 0 {
		if a := d.actors[e.targets[0]]; a.kind == schema.KindCountry {
			e.location = a.name
		}
	}
	e.evidence = []schema.Span{d.sentSpan(si)}
	if len(src) > 0 && len(tgt) > 0 {
		e.confidence += 0.1
	}
	return e
}

// clauseTarget is the first actor after trigger i in the same clause that
// is neither a source nor a place ("in Astana"): an object, the object of an
// infinitive that follows, or a phrase with to/with/from/against/by. It stops
// at punctuation, a subordinate clause, a coordinated verb or quoted speech.
func (d *doc) clauseTarget(r *eventRule, i int, src []int, noun bool) []int {
	s := d.sents[d.sentOf(i)]
	limit := 12
	if noun {
		limit = 6
	}
	for j := i + 1; j < s.last && j-i <= limit; j++ {
		t := &d.toks[j]
		if t.kind != tkWord || d.x.lex.subord[t.lower] || d.quoteOf[j] >= 0 {
			break
		}
		if noun && strings.HasPrefix(t.tag, "VB") {
			// "sanctions imposed over X": a noun's recipient is in its own
			// phrase, not after another verb
			break
		}
		if t.lower == "and" || t.lower == "but" || t.lower == "or" {
			if j+1 < s.last && strings.HasPrefix(d.toks[j+1].tag, "VB") {
				break
			}
		}
		m := d.mentionAt(j)
		if m == nil {
			continue
		}
		if m.via == "pronoun" {
			j = m.last - 1
			continue
		}
		switch d.roleOf(m.first) {
		case "prep:in", "prep:at", "prep:near", "prep:during", "prep:since", "prep:inside", "prep:for", "prep:of", "prep:as", "prep:like":
			j = m.last - 1
			continue
		case "subj":
			return nil
		}
		c := d.coordAt(j)
		if p := d.titledPerson(j); p >= 0 {
			c = d.coordAt(p)
		} else if m.via == gazetteerDemonym && d.instrumentObjects && r.typ != "COERCE" &&
			m.last < s.last && strings.HasPrefix(d.toks[m.last].tag, "NN") && !d.toks[m.last].cap {
			// "launched North Korean missiles": the thing's maker
			j = m.last - 1
			continue
		}
		if out := minus(c.actors(d), src); len(out) > 0 {
			return out
		}
		j = c.last - 1
	}
	return nil
}

// alliance reports whether actor a is an international body that can act
// jointly on its own: an organisation of no country that the gazetteer
// knows (NATO, the EU, BRICS), or one named by pattern that is no company
// ("Hamdan Trading signed a contract" is not a joint act).
func (d *doc) alliance(a int) bool {
	ar := d.actors[a]
	if ar.kind != schema.KindOrganization || ar.country != "" {
		return false
	}
	if ar.entry != nil {
		return ar.entry.Category != "company"
	}
	f := strings.Fields(ar.name)
	return len(f) == 0 || !d.x.lex.companyHead[strings.ToLower(f[len(f)-1])]
}

// isPassive reports whether a past participle is passive: after a form of
// "be" ("was attacked by"), or right after a noun ("missiles supplied by");
// "… and raised concerns" is an active past however it is tagged.
func (d *doc) isPassive(i int) bool {
	if d.toks[i].tag != "VBN" || d.perfect(i) {
		return false
	}
	return d.passiveAux(i) || (i > 0 && strings.HasPrefix(d.toks[i-1].tag, "NN") && d.mentAt[i-1] < 0)
}

// perfect reports whether a past participle follows have/has/had (an
// active perfect, "has expelled"), looking past adverbs and negation.
func (d *doc) perfect(i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch d.toks[k].lower {
		case "has", "have", "had", "having", "'ve":
			return true
		}
		if d.toks[k].tag != "RB" && d.toks[k].lower != "not" && d.toks[k].lower != "n't" && d.toks[k].lower != "both" && d.toks[k].lower != "all" && d.toks[k].lower != "each" {
			return false
		}
	}
	return false
}

// passiveAux reports whether a past participle follows a form of "be".
func (d *doc) passiveAux(i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch d.toks[k].lower {
		case "is", "are", "was", "were", "be", "been", "being":
			return true
		}
		if d.toks[k].tag != "RB" && d.toks[k].lower != "not" && d.toks[k].lower != "n't" {
			return false
		}
	}
	return false
}

// objectOfVerb reports whether the noun at i heads the object of a verb
// ("implemented joint missions", "held talks").
func (d *doc) objectOfVerb(i int) bool {
	s := d.sents[d.sentOf(i)]
	for k := i - 1; k >= s.first && k >= i-4; k-- {
		t := &d.toks[k]
		if strings.HasPrefix(t.tag, "VB") && !d.x.lex.aux[t.lower] {
			// only a verb that performs the act ("held talks", "imposed
			// sanctions"), not one that comments on it ("dismissed the
			// sanctions")
			return d.x.lex.light[t.lower]
		}
		if !(d.x.lex.det[t.lower] || t.tag == "JJ" || t.tag == "NN" || t.tag == "NNS" || t.tag == "CD" || t.tag == "RB") || d.mentAt[k] >= 0 {
			return false
		}
	}
	return false
}

// impliedVisit reads a meeting held in one participant's country as the
// other's visit there (PLOVER: the visitor is the actor, the host the
// recipient): "Orbán held talks with Putin in the Kremlin" is also Orbán's
// visit to Russia.
func (d *doc) impliedVisit(e *eventRec, si, i int) *eventRec {
	if e.typ != "CONSULT" || e.mode == "visit" || len(e.sources) != 2 || len(e.targets) != 0 || e.modality != schema.ModalityAsserted {
		return nil
	}
	host := d.hostCountry(si)
	if host == "" {
		return nil
	}
	a, b := d.actors[e.sources[0]], d.actors[e.sources[1]]
	var visitor int
	switch {
	case a.country == host && b.country != "" && b.country != host:
		visitor = e.sources[1]
	case b.country == host && a.country != "" && a.country != host:
		visitor = e.sources[0]
	default:
		return nil
	}
	c, ok := d.x.gaz.Country(host)
	if !ok {
		return nil
	}
	v := *e
	v.mode, v.sources, v.targets, v.at = "visit", []int{visitor}, []int{d.entryActor(c)}, nil
	v.location = c.Name
	v.confidence = e.confidence - 0.1
	return &v
}

// hostCountry is the country a sentence places its event in: a capital or
// country after "in"/"at" ("in Moscow"), or a seat of government ("at the
// Kremlin").
func (d *doc) hostCountry(si int) string {
	s := d.sents[si]
	for k := s.first; k+1 < s.last; k++ {
		if l := d.toks[k].lower; l != "in" && l != "at" {
			continue
		}
		j := k + 1
		if d.toks[j].lower == "the" && j+1 < s.last {
			j++
		}
		if d.placeAt[j] {
			for _, m := range d.lookupCased(d.toks[j].text) {
				if m.Entry.Kind == schema.KindCountry {
					return m.Entry.Country
				}
			}
		}
		if m := d.mentionAt(j); m != nil && m.first == j {
			a := d.actors[m.actor]
			if a.kind == schema.KindCountry || (a.kind == schema.KindOrganization && a.entry != nil && a.entry.Category == "government") {
				return a.country
			}
		}
	}
	return ""
}

// demanded reports whether the trigger at i is what a REQUEST asks for:
// "demanded that Ukraine withdraw", "urged China to stop".
func (d *doc) demanded(si, i int) bool {
	s := d.sents[si]
	for k := i - 1; k >= max(s.first, i-5); k-- {
		l := d.toks[k].lower
		if l == ";" {
			break
		}
		// "to" opens the requested act only as an infinitive ("called on
		// France to release"), not as a preposition ("back to the table")
		if l == "to" && (k+1 >= s.last || d.toks[k+1].tag != "VB") {
			continue
		}
		if l == "that" || l == "to" {
			for q := k - 1; q >= max(s.first, k-5); q-- {
				// "called on France to release": any reading of the verb
				// that asks for something
				for _, r := range d.x.lex.events[d.toks[q].lower] {
					// "threatened to cut ties": the act is what the
					// THREATEN holds out, not an event of its own
					if r.typ == "REQUEST" || (r.typ == "THREATEN" && l == "to" && r.pos == 'V') {
						return true
					}
				}
			}
			return false
		}
	}
	return false
}

// inIfClause reports whether the trigger at i stands inside an "if" or
// "unless" clause (the condition, not the consequence).
func (d *doc) inIfClause(si, i int) bool {
	s := d.sents[si]
	for k := i - 1; k >= max(s.first, i-10); k-- {
		l := d.toks[k].lower
		if l == "if" || l == "unless" {
			return true
		}
		if d.toks[k].text == "," || l == "that" {
			return false
		}
	}
	return false
}

// ifSubject returns the subject of the first "if"/"unless" clause after
// token i in the sentence.
func (d *doc) ifSubject(i int) []int {
	s := d.sents[d.sentOf(i)]
	for k := i + 1; k < s.last && k < i+16; k++ {
		if d.toks[k].lower != "if" && d.toks[k].lower != "unless" {
			continue
		}
		for j := k + 1; j < s.last && j < k+6; j++ {
			if d.mentAt[j] >= 0 {
				return d.coordAt(j).actors(d)
			}
		}
	}
	return nil
}

func (d *doc) addContexts(e *eventRec, i int) {
	s := d.sents[d.sentOf(i)]
	for k := max(s.first, i-4); k < s.last && k <= i+6; k++ {
		if c, ok := d.x.lex.context[d.toks[k].lower]; ok {
			e.context = append(e.context, c)
		}
	}
	e.context = uniqStr(e.context)
}

// modality reads how the article reports the event at trigger i.
func (d *doc) modality(r *eventRule, si, i int, src []int, noun bool) string {
	s := d.sents[si]
	lo := max(s.first, i-6)
	// clause start: do not look past a subordinator that opens another clause
	for k := i - 1; k >= lo; k-- {
		if d.toks[k].text == "," || d.toks[k].text == ";" {
			lo = k + 1
			break
		}
	}
	for k := max(lo, i-3); k < i; k++ {
		if d.x.lex.neg[d.toks[k].lower] {
			return schema.ModalityDenied
		}
	}
	for k := i - 1; k >= max(s.first, i-10); k-- {
		l := d.toks[k].lower
		if (l == "if" || l == "unless") && !(k > s.first && d.x.lex.cues[d.toks[k-1].lower] != nil && d.x.lex.cues[d.toks[k-1].lower].kind == "question") {
			return schema.ModalityHypothetical
		}
		// "ready, if necessary, to present": a short aside
		if d.toks[k].text == "," && k-2 >= s.first && (d.toks[k-2].lower == "if" || (k-3 >= s.first && d.toks[k-3].lower == "if")) {
			return schema.ModalityHypothetical
		}
		// "claims that it is seeking…": inside a reported claim
		if l == "that" && k > s.first && d.x.lex.claimNoun[d.toks[k-1].lower] {
			return schema.ModalityAlleged
		}
		if d.toks[k].text == "," || l == "that" {
			break
		}
	}
	if r.roles == "sif" {
		for k := i + 1; k < s.last && k < i+16; k++ {
			if d.toks[k].lower == "if" || d.toks[k].lower == "unless" {
				return schema.ModalityHypothetical
			}
		}
	}
	// a nominal event inside a claim ("Russia's military cooperation with
	// North Korea is dangerous") is presupposed, not what is claimed
	if c := d.claimAt[i]; c >= 0 && !noun && !d.claims[c].trailing {
		cl := d.claims[c]
		own := false
		ca := d.eventActor(cl.claimant)
		for _, x := range src {
			if x == ca || x == cl.claimant || (d.actors[x].country != "" && d.actors[x].country == d.actors[ca].country) {
				own = true
			}
		}
		if !own {
			if cl.stance == schema.StanceDeny {
				return schema.ModalityDenied
			}
			return schema.ModalityAlleged
		}
	}
	for k := max(lo, i-3); k < i; k++ {
		l := d.toks[k].lower
		if l == "may" || l == "might" || l == "could" {
			return schema.ModalityHypothetical
		}
	}
	for k := max(lo, i-5); k < i; k++ {
		if d.x.lex.future[d.toks[k].lower] {
			return schema.ModalityPlanned
		}
	}
	for _, de := range findDates(d.toks, s.first, s.last, d.pub, false) {
		if de.relative && !d.pub.IsZero() && de.t.After(d.pub) && de.prec != precYear {
			// "called on X to resume talks on Aug. 15": the date is the
			// asked-for act's; the request itself was made
			if de.first > i && verbalType[r.typ] {
				continue
			}
			return schema.ModalityPlanned
		}
	}
	return schema.ModalityAsserted
}

// eventDate is the date expression nearest the trigger in its sentence;
// without one, a reported event takes the publication date, a planned one
// is left undated.
func (d *doc) eventDate(si, i int, future bool) (string, bool) {
	s := d.sents[si]
	// a planned act looks forward only from where it is named: in "said
	// on Wednesday it would expel…" Wednesday is the saying's, in the past
	ds := findDates(d.toks, s.first, s.last, d.pub, false)
	if future {
		fwd := findDates(d.toks, s.first, s.last, d.pub, true)
		if len(fwd) == len(ds) {
			for k := range ds {
				if ds[k].first > i {
					ds[k] = fwd[k]
				}
			}
		}
	}
	best, bestDist := "", 1<<30
	for _, de := range ds {
		dist := de.first - i
		if dist < 0 {
			dist = i - de.last
		}
		// "spoke on Tuesday for the first time since their meeting in
		// November": a date after "since" dates the reference point
		if d.sinceBetween(i, de.first) {
			continue
		}
		if dist < bestDist {
			best, bestDist = de.String(), dist
		}
	}
	if best != "" {
		return best, true
	}
	if d.pub.IsZero() || future {
		return "", false
	}
	// undated in its sentence: the story's date, the way event coders
	// date by the article (prefixes of it — the month, the year — agree
	// with coarser gold)
	return d.storyDate, false
}

// findStoryDate is the day the story reports: the first day-precision
// date, on or before publication, in the first two sentences past the
// dateline ("… said on Tuesday" in a Wednesday paper), else the
// publication date.
func (d *doc) findStoryDate() string {
	if d.pub.IsZero() {
		return ""
	}
	for si := 0; si < len(d.sents) && si < 3; si++ {
		s := d.sents[si]
		first := d.afterDateline(s)
		for _, de := range findDates(d.toks, first, s.last, d.pub, false) {
			if de.prec == precDay && de.relative && !de.t.After(d.pub) && d.pub.Sub(de.t) <= 7*24*time.Hour {
				return de.String()
			}
		}
	}
	return d.pub.Format("2006-01-02")
}

// sinceBetween reports whether "since" stands between a trigger and a later
// date expression.
func (d *doc) sinceBetween(trigger, date int) bool {
	for k := trigger + 1; k < date; k++ {
		if d.toks[k].lower == "since" {
			return true
		}
	}
	return false
}

// location is the place named by "in/near/at [the] [X city of] Place" in
// the sentence, nearest the trigger.
func (d *doc) location(si, i int) string {
	s := d.sents[si]
	best, bestDist := "", 1<<30
	for k := s.first; k < s.last; k++ {
		if !d.x.lex.locPrep[d.toks[k].lower] {
			continue
		}
		j := k + 1
		for j < s.last && (d.x.lex.det[d.toks[j].lower] || (d.mentAt[j] >= 0 && d.ments[d.mentAt[j]].via == gazetteerDemonym) ||
			d.toks[j].lower == "city" || d.toks[j].lower == "of" || d.toks[j].lower == "town" || d.toks[j].lower == "capital" || d.toks[j].lower == "region") && j < k+6 {
			j++
		}
		if j >= s.last || !d.toks[j].cap {
			continue
		}
		if _, ok := monthNames[strings.TrimSuffix(d.toks[j].lower, ".")]; ok {
			continue
		}
		if m := d.mentionAt(j); m != nil && d.actors[m.actor].kind != schema.KindCountry {
			continue
		}
		e := j
		for e < s.last && (d.toks[e].cap || (d.toks[e].lower == "of" && e+1 < s.last && d.toks[e+1].cap)) && e < j+4 {
			e++
		}
		name := d.phrase(j, e)
		if m := d.mentionAt(j); m != nil && d.actors[m.actor].kind == schema.KindCountry && !d.placeAt[j] {
			name = d.actors[m.actor].name
		}
		dist := k - i
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = name, dist
		}
	}
	return best
}

// maxEvidence bounds the sentences kept for one event: enough to show a
// person why, and no quadratic merge on pathological input.
const maxEvidence = 32

// addEvent merges an event into an earlier one with the same type and
// participants (the same visit reported twice), else appends it.
func (d *doc) addEvent(e *eventRec) {
	e.at = append(e.at, evAt{e.sent, e.tok, e.modality})
	for _, o := range d.events {
		if o.typ != e.typ {
			continue
		}
		same := false
		if symmetricType[e.typ] {
			same = sameSet(append(append([]int{}, o.sources...), o.targets...), append(append([]int{}, e.sources...), e.targets...))
		} else {
			same = sameSet(o.sources, e.sources) && sameSet(o.targets, e.targets)
		}
		if !same {
			continue
		}
		if len(o.evidence) < maxEvidence {
			o.evidence = appendSpan(o.evidence, e.evidence...)
		}
		if len(o.at) < maxEvidence {
			o.at = append(o.at, e.at...)
		}
		if e.modality == schema.ModalityAsserted && o.modality == schema.ModalityAlleged {
			// reported as fact somewhere in the article
			o.modality = e.modality
		}
		o.context = uniqStr(append(o.context, e.context...))
		o.nouns = uniqStr(append(o.nouns, e.nouns...))
		if o.mode == "" {
			o.mode = e.mode
		}
		if o.location == "" {
			o.location = e.location
		}
		switch {
		case e.textDate && !o.textDate:
			// a date the text gives beats the story-date default
			o.date, o.textDate = e.date, true
		case e.textDate == o.textDate && len(e.date) > len(o.date) && strings.HasPrefix(e.date, o.date[:min(len(o.date), 4)]):
			o.date = e.date
		}
		return
	}
	d.events = append(d.events, e)
}

func appendSpan(xs []schema.Span, ys ...schema.Span) []schema.Span {
	for _, y := range ys {
		dup := false
		for _, x := range xs {
			if x.Start == y.Start && x.End == y.End {
				dup = true
			}
		}
		if !dup {
			xs = append(xs, y)
		}
	}
	return xs
}

func (d *doc) outputEvents(rec *schema.Record) {
	// an event without recipients repeats one with them ("Zelensky
	// condemns the embrace" in a headline, "Zelensky condemned Modi")
	kept := d.events[:0]
	for _, e := range d.events {
		dup := false
		if len(e.targets) == 0 && (!symmetricType[e.typ] || len(e.sources) == 1) {
			for _, o := range d.events {
				if o != e && o.typ == e.typ && len(o.targets) > 0 && sameSet(o.sources, e.sources) {
					dup = true
				}
			}
		}
		if !dup {
			kept = append(kept, e)
		}
	}
	d.events = kept
	sort.SliceStable(d.events, func(i, j int) bool { return d.events[i].tok < d.events[j].tok })
	for i, e := range d.events {
		ctx := e.context
		rec.Events = append(rec.Events, schema.Event{
			ID: fmt.Sprintf("e%d", i+1), Type: e.typ, Mode: e.mode, Context: ctx,
			Sources: d.ids(e.sources), Targets: d.ids(e.targets), Date: e.date, Location: e.location,
			Modality: e.modality, Confidence: e.confidence, Evidence: e.evidence,
		})
	}
}

// uniq keeps the first of each value, in order.
func uniq[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func uniqStr(xs []string) []string { return uniq(xs) }

// minus is xs without the values of ys.
func minus(xs, ys []int) []int {
	var out []int
	for _, x := range xs {
		if !slices.Contains(ys, x) {
			out = append(out, x)
		}
	}
	return out
}

func sameSet(a, b []int) bool {
	a, b = uniq(a), uniq(b)
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

package extract

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// The claims stage: reported speech. A cue verb (lexicon/cues.tsv) or
// "according to X" attributes content — a quote, a that-clause or the rest
// of the clause — to a claimant found like a subject (or after the cue in
// `"…," said X`), resolved through pronouns. A claim nested in another
// ("Reuters reported that European intelligence services believe…") keeps
// the inner claimant and lists the outer one as via. The speech act can be
// an event itself: claiming wrongdoing is an ACCUSE, calling something
// dangerous a disapproval.

type claimRec struct {
	claimant       int
	cue            string
	cueTok         int
	contentFirst   int // token range of the content
	contentLast    int
	text           string
	about          []int
	stance         string
	via            []int
	disputes       []int // indexes into doc.claims
	date           string
	evidence       []schema.Span
	sent           int
	responds       bool // the sentence answers earlier claims ("in response", "reacting to claims")
	refersToClaims bool // "rejected these claims"
	dropped        bool
	trailing       bool // "<fact>, officials said": news attribution of a reported fact
}

func (d *doc) isCue(i int) *cueRule {
	t := &d.toks[i]
	c := d.x.lex.cues[t.lower]
	if c == nil || t.kind != tkWord || d.quoteOf[i] >= 0 || d.mentAt[i] >= 0 {
		return nil
	}
	if !strings.HasPrefix(t.tag, "VB") {
		// prose sometimes tags "reported"/"claims" as nouns; a cue right
		// after an actor is still a verb
		if !(i > 0 && d.mentAt[i-1] >= 0 && (t.tag == "NNS" || t.tag == "NN") && !strings.HasSuffix(t.lower, "ing")) {
			return nil
		}
	}
	if t.lower == "claims" && i > 0 && d.x.lex.det[d.toks[i-1].lower] {
		return nil
	}
	// "call on", "call for", "phone call": not "called the decision hostile"
	if c.lemma == "call" && (i+1 >= len(d.toks) || d.x.lex.prep[d.toks[i+1].lower] || d.toks[i+1].lower == "off" || d.toks[i+1].lower == "up") {
		return nil
	}
	// "member states", "these claims": a third-person form that is also a
	// plural noun is a verb only right after its subject
	if strings.HasSuffix(t.lower, "s") && t.tag == "VBZ" && i > 0 && d.mentAt[i-1] < 0 && d.toks[i-1].tag != "RB" && d.toks[i-1].tag != "PRP" {
		return nil
	}
	// "a statement criticizing China": a participle is a cue only when it
	// opens a clause after a comma or follows an auxiliary
	if t.tag == "VBG" && i > 0 && d.toks[i-1].text != "," && !d.x.lex.aux[d.toks[i-1].lower] {
		return nil
	}
	// "to support", "expected to say": infinitives are not reports
	if i > 0 && d.toks[i-1].lower == "to" && c.kind != "question" {
		return nil
	}
	return c
}

func (d *doc) findClaims(si int) {
	s := d.sents[si]
	var local []*claimRec
	according := -1
	for i := s.first; i+2 < s.last; i++ {
		if d.toks[i].lower == "according" && d.toks[i+1].lower == "to" {
			for k := i + 2; k < s.last && k < i+8; k++ {
				if m := d.mentionAt(k); m != nil {
					according = m.actor
					// "according to Guatemalan Energy Minister Carlos
					// Fuentes": the person, not the title's demonym
					if p := d.titledPerson(k); p >= 0 {
						according = d.ments[d.mentAt[p]].actor
					}
					break
				}
			}
		}
	}
	if according >= 0 {
		d.sentVia[si] = according
	}
	// "suggestions by some Western officials that Russia intended…",
	// "Beijing's claims that…": a claim named inside the sentence
	for i := s.first + 1; i+2 < s.last; i++ {
		if !d.x.lex.claimNoun[d.toks[i].lower] || d.quoteOf[i] >= 0 {
			continue
		}
		who, that := -1, -1
		k := i + 2
		for k < s.last && d.x.lex.det[d.toks[k].lower] {
			k++
		}
		if l := d.toks[i+1].lower; (l == "by" || l == "from") && k < s.last && d.mentAt[k] >= 0 {
			m := d.ments[d.mentAt[k]]
			if m.last < s.last && d.toks[m.last].lower == "that" {
				who, that = m.actor, m.last
			}
		} else if d.toks[i+1].lower == "that" && (d.toks[i-1].lower == "'s" || d.toks[i-1].lower == "’s") && i >= 2 && d.mentAt[i-2] >= 0 {
			who, that = d.ments[d.mentAt[i-2]].actor, i+1
		}
		if who < 0 || that+1 >= s.last {
			continue
		}
		end := that + 1
		for end < s.last && d.toks[end].text != "," {
			end++
		}
		d.finishClaim(&claimRec{claimant: who, cue: d.toks[i].text, cueTok: i, stance: schema.StanceAssert, sent: si,
			contentFirst: that + 1, contentLast: end}, si)
	}
	question := false
	for i := s.first; i < s.last; i++ {
		c := d.isCue(i)
		if c == nil {
			continue
		}
		if c.kind == "question" {
			question = true
			continue
		}
		// a cue with nothing said after it ("Moscow would respond,
		// adding…") is no report of its own
		if nx := i + 1; nx >= s.last {
			continue
		}
		// "Moscow would respond, adding…" inside an earlier claim: no
		// report of its own
		if nx := i + 1; d.toks[nx].text == "," && nx+1 < s.last && d.toks[nx+1].tag == "VBG" {
			inside := false
			for _, p := range local {
				inside = inside || (i >= p.contentFirst && i < p.contentLast)
			}
			if inside {
				continue
			}
		}
		claimant, fromSent := d.claimantOf(i)
		// "X said …, adding that …": a participle continues the sentence's
		// earlier claim
		if d.toks[i].tag == "VBG" && i-1 > s.first && d.toks[i-1].text == "," && len(local) > 0 {
			claimant, fromSent = local[len(local)-1].claimant, -1
		}
		// "X claimed that Y …, and stated that …": a speech verb joined by
		// "and" inside an earlier claim continues that claim
		if i-1 > s.first && d.toks[i-1].lower == "and" || (i-2 > s.first && d.toks[i-2].lower == "and" && d.x.lex.aux[d.toks[i-1].lower]) {
			for _, p := range local {
				if !p.dropped && i >= p.contentFirst && i < p.contentLast {
					claimant, fromSent = p.claimant, -1
				}
			}
		}
		if claimant < 0 {
			continue
		}
		cl := &claimRec{claimant: claimant, cue: d.cuePhrase(i), cueTok: i, stance: c.stance, sent: si}
		d.contentOf(cl, i)
		if cl.contentLast <= cl.contentFirst {
			continue
		}
		// "rejected the move and summoned…, X said": the rejection is an
		// act, and the speaker's claim must not merge into it
		if d.rejectsAct(cl) {
			continue
		}
		if fromSent >= 0 {
			if v, ok := d.sentVia[fromSent]; ok && v != claimant {
				cl.via = append(cl.via, v)
			}
			if dt, ok := d.sentDate[fromSent]; ok {
				cl.date = dt
			}
		}
		if according >= 0 && according != claimant {
			cl.via = append(cl.via, according)
		}
		// merge with an earlier claim of the same claimant in this sentence
		merged := false
		// the latest claim first: "rejected the accusations and said it
		// would respond" continues the second telling, not the first
		for pi := len(local) - 1; pi >= 0; pi-- {
			p := local[pi]
			inside := i >= p.contentFirst && i < p.contentLast
			if !p.dropped && p.claimant == claimant && inside && i-1 > p.contentFirst && d.toks[i].tag != "VBG" {
				// "called the decision hostile, and said the accusations
				// were unfounded": an assertion and a denial stay two claims
				cut := i - 1
				for cut > p.contentFirst && (d.toks[cut].lower == "and" || d.toks[cut].text == "," || d.x.lex.aux[d.toks[cut].lower]) {
					cut--
				}
				before := *p
				before.contentLast = cut + 1
				if (before.stance == schema.StanceDeny || d.deniesOwn(&before)) != (cl.stance == schema.StanceDeny || d.deniesOwn(cl)) {
					p.contentLast = cut + 1
					continue
				}
			}
			if !p.dropped && (p.claimant == claimant || (inside && d.sameSide(p.claimant, claimant))) {
				// the same speaker, or the speaker's own side inside its
				// claim ("Cleverly told parliament that … it believed …")
				if cl.contentLast > p.contentLast {
					p.contentLast = cl.contentLast
				}
				if cl.stance == schema.StanceDeny {
					p.stance = schema.StanceDeny
				}
				merged = true
				break
			}
			// nested: this cue sits inside p's content
			if i >= p.contentFirst && i < p.contentLast && !p.dropped {
				if d.nests(p, i) {
					// "Reuters reported that European intelligence services
					// believe…": the outer speaker is the channel
					cl.via = uniq(append(append(append([]int{}, p.via...), p.claimant), cl.via...))
					p.dropped = true
					if cl.date == "" {
						cl.date = p.date
					}
				} else {
					// "…, an explanation Kyiv rejected as a lie": a second
					// speaker after p's first clause ends p's content
					k := i - 1
					for k > p.contentFirst && d.toks[k].text != "," {
						k--
					}
					if k > p.contentFirst {
						p.contentLast = k
					}
				}
			}
		}
		if merged {
			continue
		}
		local = append(local, cl)
		_ = c
	}
	if len(local) == 0 && according >= 0 && !question {
		// "According to X, Y" or "Y, according to X": X claims Y
		acc := s.first
		for i := s.first; i+1 < s.last; i++ {
			if d.toks[i].lower == "according" && d.toks[i+1].lower == "to" {
				acc = i
				break
			}
		}
		first, last := -1, s.last
		if acc > s.first+2 && d.toks[acc-1].text == "," {
			first, last = s.first, acc-1
		} else {
			for i := acc; i < s.last; i++ {
				if d.toks[i].text == "," && i > acc+2 {
					first = i + 1
					break
				}
			}
		}
		if first >= 0 && first < last {
			cl := &claimRec{claimant: according, cue: "according to", cueTok: acc, stance: schema.StanceAssert, sent: si,
				contentFirst: first, contentLast: last, trailing: true}
			local = append(local, cl)
		}
	}
	for _, cl := range local {
		if cl.dropped {
			continue
		}
		d.finishClaim(cl, si)
	}
	if ds := findDates(d.toks, s.first, s.last, d.pub, false); len(ds) > 0 {
		d.sentDate[si] = ds[0].String()
	}
}

// rejectsAct reports whether a rejection or announcement names an act or a
// proposal, not something said: "rejected calls from Jamaica", "turned down
// the offer", "announced a new package" —
// no verb, quote or speech noun ("these claims", "a report that…") in the
// content. That is a REJECT event, not a claim.
func (d *doc) rejectsAct(cl *claimRec) bool {
	if cl.cueTok >= cl.contentFirst {
		return false
	}
	switch l := d.toks[cl.cueTok].lower; {
	case strings.HasPrefix(l, "announc"):
		// "announced a first package": the act, not a statement
	case cl.stance != schema.StanceDeny:
		return false
	case strings.HasPrefix(l, "reject"), strings.HasPrefix(l, "dismiss"), strings.HasPrefix(l, "refus"), strings.HasPrefix(l, "turn"):
	default:
		return false
	}
	for k := cl.contentFirst; k < cl.contentLast; k++ {
		t := &d.toks[k]
		// "rejected the move and summoned…", "rejected the move, X said":
		// what is rejected ends with its phrase
		if t.text == "," || ((t.lower == "and" || t.lower == "but") && k+1 < cl.contentLast && (d.toks[k+1].tag == "VBD" || d.toks[k+1].tag == "VBZ")) {
			break
		}
		finite := t.tag == "VBD" || t.tag == "VBZ" || t.tag == "VBP" || t.tag == "MD" || (t.tag == "VB" && k > 0 && d.toks[k-1].lower != "to")
		if d.quoteOf[k] >= 0 || finite || d.x.lex.claimNoun[t.lower] || t.lower == "as" {
			return false
		}
	}
	return true
}

// nests reports whether a cue at i inside claim p's content is reported
// speech within it: p reports or says (not denies), and the cue stands in
// the first clause of the content.
func (d *doc) nests(p *claimRec, i int) bool {
	if p.stance == schema.StanceDeny {
		return false
	}
	if c := d.x.lex.cues[d.toks[p.cueTok].lower]; c == nil || (c.kind != "report" && c.kind != "say") {
		return false
	}
	for k := p.contentFirst; k < i; k++ {
		if d.toks[k].text == "," && d.quoteOf[k] < 0 {
			return false
		}
	}
	return true
}

// sameSide reports whether two actors speak for the same country.
func (d *doc) sameSide(a, b int) bool {
	if a == b {
		return true
	}
	ca, cb := d.actors[a].country, d.actors[b].country
	if ca != "" && ca == cb {
		return true
	}
	// a person speaks for the body of their role ("Josep Borrell" for the
	// EU)
	return d.hasRoleIn(a, d.actors[b].id) || d.hasRoleIn(b, d.actors[a].id)
}

// hasRoleIn reports whether actor a holds or held a role in organisation org.
func (d *doc) hasRoleIn(a int, org string) bool {
	for _, r := range d.actors[a].roles {
		if r.Org != "" && r.Org == org {
			return true
		}
	}
	return false
}

// cuePhrase is the cue as written, with "reporters"/"journalists" after
// "told".
func (d *doc) cuePhrase(i int) string {
	s := d.sents[d.sentOf(i)]
	if i+1 < s.last {
		switch d.toks[i+1].lower {
		case "reporters", "journalists", "media", "press", "lawmakers":
			return d.phrase(i, i+2)
		}
	}
	return d.toks[i].text
}

// claimantOf finds who speaks at cue i: the subject, else the actor right
// after the cue (`"…," said X`). It returns the sentence an antecedent came
// from when the claimant is a pronoun.
func (d *doc) claimantOf(i int) (int, int) {
	if c, ok := d.subjectOf(i); ok {
		m := d.ments[c.ments[0]]
		if m.via == "pronoun" {
			return m.actor, d.antecedentSent(m.actor, m.first)
		}
		return m.actor, -1
	}
	// `"…," said X`: only right after the quote
	s := d.sents[d.sentOf(i)]
	if i+1 < s.last && d.mentAt[i+1] >= 0 && i > s.first && (d.toks[i-1].text == "," || d.toks[i-1].kind == tkQuote) {
		return d.ments[d.mentAt[i+1]].actor, -1
	}
	return -1, -1
}

// antecedentSent is the sentence of the last non-pronoun mention of actor a
// before token i.
func (d *doc) antecedentSent(a, i int) int {
	for k := i - 1; k >= 0 && k > i-2000; k-- {
		if m := d.mentionAt(k); m != nil && m.actor == a && m.via != "pronoun" {
			return m.sent
		}
	}
	return -1
}

// contentOf sets the claim's content: a quote after or before the cue, a
// that-clause, or the rest of the sentence.
func (d *doc) contentOf(cl *claimRec, i int) {
	s := d.sents[cl.sent]
	j := i + 1
	for j < s.last {
		l := d.toks[j].lower
		if l == "reporters" || l == "journalists" || l == "that" || l == "," || l == ":" || l == "media" || l == "the" || l == "press" || l == "also" {
			j++
			continue
		}
		// "told Biden that…": the addressee is not what was said
		if m := d.mentionAt(j); m != nil && m.last < s.last && (d.toks[m.last].lower == "that" || d.toks[m.last].text == ",") && d.x.lex.addressee[d.toks[i].lower] {
			j = m.last
			continue
		}
		break
	}
	// "said in a statement on Monday that…", "told the council that…":
	// the content starts after the "that"
	for k := j; k < s.last && k < j+9; k++ {
		t := &d.toks[k]
		if t.lower == "that" && k > j {
			j = k + 1
			break
		}
		if strings.HasPrefix(t.tag, "VB") || t.kind == tkQuote || t.text == "," {
			break
		}
	}
	// quote after the cue
	if j < s.last && d.toks[j].kind == tkQuote && j+1 < len(d.quoteOf) && d.quoteOf[j+1] >= 0 {
		q := d.quotes[d.quoteOf[j+1]]
		cl.contentFirst, cl.contentLast = q[0]+1, q[1]
		return
	}
	// quote before the claimant: `"…," X said`
	k := i - 1
	for k >= s.first && d.quoteOf[k] < 0 && d.toks[k].kind != tkQuote {
		k--
	}
	if k >= s.first && d.toks[k].kind == tkQuote && k-1 >= 0 && d.quoteOf[k-1] >= 0 && i-k < 14 {
		q := d.quotes[d.quoteOf[k-1]]
		cl.contentFirst, cl.contentLast = q[0]+1, q[1]
		return
	}
	// "rejected these claims", "denied a report that…"
	for k := i + 1; k < s.last && k <= j+1 && k <= i+4; k++ {
		if d.x.lex.claimNoun[d.toks[k].lower] {
			cl.refersToClaims = true
		}
	}
	// "<clause>, the Elysee said (on Monday).": what was said comes first
	if d.trailingAttribution(i, j, s) {
		k := i - 1
		for k > s.first && d.toks[k].text != "," {
			k--
		}
		if k > s.first+2 {
			cl.contentFirst, cl.contentLast = d.afterDateline(s), k
			cl.trailing = true
			return
		}
	}
	cl.contentFirst, cl.contentLast = j, s.last
}

// afterDateline is the first token of a sentence past a dateline
// ("BRUSSELS, March 4 (Test Wire) - ").
func (d *doc) afterDateline(s sentence) int {
	for k := s.first; k < s.last && k < s.first+15; k++ {
		if t := d.toks[k].text; (t == "-" || t == "—" || t == "–") && d.toks[k].gapBefore && k > s.first && d.toks[k-1].text == ")" {
			return k + 1
		}
	}
	return s.first
}

// trailingAttribution reports whether the cue at i ends its sentence: only
// a date, a place or punctuation follows it.
func (d *doc) trailingAttribution(i, j int, s sentence) bool {
	if i == s.first {
		return false
	}
	rest := 0
	for k := j; k < s.last; k++ {
		t := &d.toks[k]
		if t.kind == tkPunct || t.kind == tkNumber || d.x.lex.prep[t.lower] || d.x.lex.det[t.lower] {
			continue
		}
		if _, ok := weekdays[t.lower]; ok {
			continue
		}
		if _, ok := monthNames[strings.TrimSuffix(t.lower, ".")]; ok {
			continue
		}
		if t.lower == "statement" || t.lower == "briefing" || t.lower == "interview" || t.lower == "today" || t.lower == "yesterday" {
			continue
		}
		// "…, Modi said, according to India's foreign ministry.", "…,
		// Fidan said, adding that…"
		if t.lower == "according" || (t.tag == "VBG" && k > s.first && d.toks[k-1].text == ",") {
			return rest <= 1
		}
		rest++
	}
	return rest <= 1
}

func (d *doc) finishClaim(cl *claimRec, si int) {
	s := d.sents[si]
	text := d.body[d.toks[cl.contentFirst].start:d.toks[cl.contentLast-1].end]
	cl.text = strings.Trim(strings.TrimSpace(text), " .,;:\"“”")
	if cl.text == "" || d.rejectsAct(cl) {
		return
	}
	for k := cl.contentFirst; k < cl.contentLast; k++ {
		if d.claimAt[k] < 0 {
			d.claimAt[k] = int32(len(d.claims))
		}
		if m := d.mentionAt(k); m != nil {
			cl.about = append(cl.about, m.actor)
			if g := d.eventActor(m.actor); g != m.actor {
				cl.about = append(cl.about, g)
			}
			k = m.last - 1
		}
	}
	// the rest of the sentence says what the claim is about too ("…, she
	// added, in an apparent nod to Putin and Raisi")
	for k := s.first; k < s.last; k++ {
		if k >= cl.contentFirst && k < cl.contentLast {
			continue
		}
		if m := d.mentionAt(k); m != nil && m.via != "pronoun" && m.actor != cl.claimant && k > cl.cueTok {
			cl.about = append(cl.about, m.actor)
		}
	}
	// "condemned the exercises": the actors of the act named
	for k := cl.contentFirst; k+1 < cl.contentLast; k++ {
		if l := d.toks[k].lower; l == "the" || l == "these" || l == "this" || l == "such" {
			if e := d.eventNamed(d.toks[k+1].lower, k); e != nil && strings.HasPrefix(d.toks[k+1].tag, "NN") {
				cl.about = append(cl.about, e.sources...)
				cl.about = append(cl.about, e.targets...)
			}
		}
	}
	// a person or body speaks for its country too
	if a := d.actors[cl.claimant]; a.country != "" && a.kind != schema.KindCountry && len(cl.about) > 0 {
		if i, ok := d.byID[schema.ActorID(schema.KindCountry, "", a.country)]; ok && len(d.actors[i].mentions) > 0 {
			cl.about = append(cl.about, i)
		}
	}
	cl.about = uniq(cl.about)
	if len(cl.about) == 0 && len(d.claims) > 0 {
		// nothing named: the claim answers the one before ("the region
		// did not need military blocs" after the pact's signatories spoke)
		for _, a := range d.claims[len(d.claims)-1].about {
			if a != cl.claimant && !d.sameSide(a, cl.claimant) {
				cl.about = append(cl.about, a)
			}
		}
	}
	if len(cl.about) == 0 {
		// nothing named: the claim speaks about its claimant's side
		cl.about = []int{cl.claimant}
		if c := d.actors[cl.claimant].country; c != "" && d.actors[cl.claimant].kind != schema.KindCountry {
			if e, ok := d.x.gaz.Country(c); ok {
				cl.about = append(cl.about, d.entryActor(e))
			}
		}
	}
	if cl.stance == schema.StanceAssert && d.deniesOwn(cl) {
		cl.stance = schema.StanceDeny
	}
	for k := s.first; k < cl.cueTok; k++ {
		if d.x.lex.respond[d.toks[k].lower] {
			cl.responds = true
			for j := k; j < cl.cueTok && j < k+6; j++ {
				if d.x.lex.claimNoun[d.toks[j].lower] {
					cl.refersToClaims = true
					cl.stance = schema.StanceDeny
				}
			}
		}
	}
	if cl.date == "" {
		if ds := findDates(d.toks, s.first, s.last, d.pub, false); len(ds) > 0 {
			cl.date = ds[0].String()
		} else if !d.pub.IsZero() {
			cl.date = d.pub.Format("2006-01-02")
		}
	}
	cl.evidence = []schema.Span{d.sentSpan(si)}
	d.claims = append(d.claims, cl)
	d.lastSpeak = cl.claimant
	d.speechEvents(cl, si)
}

// deniesOwn reports whether a claim's content is a denial: it calls
// something unfounded or false, or negates what its claimant's own side
// did ("Peskov said Russia had nothing to do with…", "he is not
// negotiating").
func (d *doc) deniesOwn(cl *claimRec) bool {
	first := cl.contentFirst
	for k := first; k < cl.contentLast && k < first+25; k++ {
		if d.x.lex.denyWord[d.toks[k].lower] && !d.objectOfAct(k) {
			return true
		}
	}
	// the content's subject: the first actor, before its verb
	subj := -1
	k := first
	for ; k < cl.contentLast && k < first+8; k++ {
		if m := d.mentionAt(k); m != nil {
			subj = m.actor
			k = m.last
			break
		}
		if strings.HasPrefix(d.toks[k].tag, "VB") {
			return false
		}
	}
	if subj < 0 {
		return false
	}
	me := d.eventActor(cl.claimant)
	side := d.actors[subj]
	own := subj == cl.claimant || subj == me || (side.country != "" && side.country == d.actors[cl.claimant].country)
	if !own {
		return false
	}
	for j := k; j < cl.contentLast && j < k+4; j++ {
		l := d.toks[j].lower
		if l == "not" || l == "n't" || l == "nothing" || l == "no" {
			return true
		}
	}
	return false
}

// objectOfAct reports whether the word at k is the object of a verb that
// is no verb of being or calling: "spreading disinformation", "spread lies"
// accuse someone, "the reports are false" or "called it propaganda" deny.
func (d *doc) objectOfAct(k int) bool {
	s := d.sents[d.sentOf(k)]
	j := k - 1
	for j >= s.first && (d.x.lex.det[d.toks[j].lower] || d.toks[j].tag == "JJ") {
		j--
	}
	if j < s.first || !strings.HasPrefix(d.toks[j].tag, "VB") {
		return false
	}
	l := d.toks[j].lower
	return !d.x.lex.aux[l] && !strings.HasPrefix(l, "call") && !strings.HasPrefix(l, "seem") && !strings.HasPrefix(l, "remain") && !strings.HasPrefix(l, "bec")
}

// speechEvents adds the events the speech act itself is: an ACCUSE
// (allege) when the cue claims or alleges wrongdoing by someone else, an
// ACCUSE (disapprove) when the content calls another's act dangerous or
// illegal.
func (d *doc) speechEvents(cl *claimRec, si int) {
	c := d.x.lex.cues[d.toks[cl.cueTok].lower]
	src := d.eventActor(cl.claimant)
	if c != nil && c.event == "accuse" {
		if tgt := d.contentSubject(cl); tgt >= 0 && tgt != src {
			d.addEvent(&eventRec{typ: "ACCUSE", mode: "allege", sources: []int{src}, targets: []int{tgt}, sent: si, tok: cl.cueTok,
				modality: schema.ModalityAsserted, confidence: 0.7, date: d.dateOnly(si, cl.cueTok), evidence: []schema.Span{d.sentSpan(si)}})
		}
	}
	verbRejects := false
	for _, r := range d.x.lex.events[d.toks[cl.cueTok].lower] {
		verbRejects = verbRejects || r.typ == "REJECT"
	}
	if cl.stance == schema.StanceDeny && !verbRejects {
		// a denial is a rejection (PLOVER REJECT), whatever its verb
		d.addEvent(&eventRec{typ: "REJECT", sources: []int{src}, sent: si, tok: cl.cueTok,
			modality: schema.ModalityAsserted, confidence: 0.6, date: d.dateOnly(si, cl.cueTok), evidence: []schema.Span{d.sentSpan(si)}})
	}
	// "the mediators should instead present a plan": telling another
	// party what to do is a REQUEST
	if cl.stance == schema.StanceAssert {
		for k := cl.contentFirst + 1; k < cl.contentLast && k < cl.contentFirst+8; k++ {
			if l := d.toks[k].lower; l == "should" || l == "must" {
				// "the dispute between A and B should be settled": the
				// subject is the dispute, not the parties
				if m := d.mentionAt(k - 1); m != nil && !strings.HasPrefix(d.roleOf(d.coordAt(k-1).first), "prep:") {
					var tgt []int
					for _, a := range d.coordAt(k - 1).actors(d) {
						if a = d.eventActor(a); a != src {
							tgt = append(tgt, a)
						}
					}
					if len(tgt) > 0 {
						d.addEvent(&eventRec{typ: "REQUEST", sources: []int{src}, targets: tgt, sent: si, tok: cl.cueTok,
							modality: schema.ModalityAsserted, confidence: 0.5, date: d.dateOnly(si, cl.cueTok), evidence: []schema.Span{d.sentSpan(si)}})
					}
				}
				break
			}
		}
	}
	if cl.stance == schema.StanceAssert {
		neg := -1
		for k := cl.contentFirst; k < cl.contentLast; k++ {
			if d.x.lex.negEval[d.toks[k].lower] {
				neg = k
				break
			}
		}
		if neg >= 0 {
			var tgt []int
			end := neg
			if !d.mentionsIn(cl.contentFirst, neg) {
				// "a pattern of malign activity by Moscow": the actor after
				end = cl.contentLast
			}
			for k := cl.contentFirst; k < end; k++ {
				if m := d.mentionAt(k); m != nil {
					if a := d.eventActor(m.actor); a != src {
						tgt = append(tgt, a)
					}
					k = m.last - 1
				}
			}
			if len(tgt) == 0 {
				tgt = minus(d.namedActObject(cl.cueTok), []int{src})
			}
			// criticism of no one named ("the region did not need blocs that
			// stir up confrontation") is still a disapproval
			if tgt = uniq(tgt); len(tgt) > 0 || cl.contentLast-cl.contentFirst >= 4 {
				d.addEvent(&eventRec{typ: "ACCUSE", mode: "disapprove", sources: []int{src}, targets: tgt, sent: si, tok: cl.cueTok,
					modality: schema.ModalityAsserted, confidence: 0.6, date: d.dateOnly(si, cl.cueTok), evidence: []schema.Span{d.sentSpan(si)}})
			}
		}
	}
}

// mentionsIn reports whether tokens [a, b) mention an actor.
func (d *doc) mentionsIn(a, b int) bool {
	for k := a; k < b; k++ {
		if d.mentAt[k] >= 0 {
			return true
		}
	}
	return false
}

// contentSubject is the actor the content is about first: the subject of
// the that-clause ("claimed that Iran is providing…" → Iran).
func (d *doc) contentSubject(cl *claimRec) int {
	for k := cl.contentFirst; k < cl.contentLast; k++ {
		if m := d.mentionAt(k); m != nil {
			return d.eventActor(m.actor)
		}
	}
	return -1
}

// findDisputes links a claim that answers earlier ones (a denial, "rejected
// these claims", "reacting to claims that…") to the earlier claims by other
// parties whose content alleges an act by the one answering.
// dedupeClaims folds a claim repeated in the same article (a headline and
// its lead: "India rejects report that…" / "India rejected … a report
// that…"): same claimant and stance, and most content words shared. The
// later, fuller telling stays.
func (d *doc) dedupeClaims() {
	words := func(c *claimRec) map[string]bool {
		w := map[string]bool{}
		for k := c.contentFirst; k < c.contentLast; k++ {
			if t := &d.toks[k]; t.kind == tkWord && len(t.lower) > 3 && !d.x.lex.det[t.lower] && !d.x.lex.prep[t.lower] && !d.x.lex.aux[t.lower] {
				w[singular(t.lower)] = true
			}
		}
		return w
	}
	for i, a := range d.claims {
		if a.dropped {
			continue
		}
		wa := words(a)
		for _, b := range d.claims[i+1:] {
			if b.dropped || b.claimant != a.claimant || b.stance != a.stance || len(wa) == 0 {
				continue
			}
			wb := words(b)
			shared := 0
			for w := range wa {
				if wb[w] {
					shared++
				}
			}
			if shared*2 >= len(wa) {
				a.dropped = true
				b.about = uniq(append(b.about, a.about...))
				break
			}
		}
	}
}

func (d *doc) findDisputes() {
	for ci, cl := range d.claims {
		if cl.dropped || !(cl.stance == schema.StanceDeny || cl.responds || cl.refersToClaims || d.disapproves(cl) >= 0) {
			continue
		}
		me := d.eventActor(cl.claimant)
		answered := d.answeredClaim(cl.sent)
		for pi, p := range d.claims {
			if p.dropped || pi == ci || d.eventActor(p.claimant) == me || d.sameSide(p.claimant, cl.claimant) {
				continue
			}
			if pi > ci {
				// a headline's denial answers a report the story quotes
				// later ("India rejects report…" … "Reuters reported…")
				if c := d.x.lex.cues[d.toks[p.cueTok].lower]; c == nil || c.kind != "report" || !d.namesClaimsOf(cl, p, me) {
					continue
				}
			}
			if d.allegesAgainst(p, me) || (answered != nil && d.sharesWords(p, answered) >= 3) || d.namesClaimsOf(cl, p, me) || d.rebuts(cl, p) {
				cl.disputes = append(cl.disputes, pi)
				if cl.refersToClaims {
					cl.about = uniq(append(cl.about, p.about...))
				}
			}
		}
		// a denial with nothing else to answer answers the last claim by
		// another side about the denier
		if len(cl.disputes) == 0 && cl.stance == schema.StanceDeny {
			for pi := ci - 1; pi >= 0; pi-- {
				p := d.claims[pi]
				if p.dropped || d.eventActor(p.claimant) == me || d.sameSide(p.claimant, cl.claimant) {
					continue
				}
				about := false
				for _, a := range p.about {
					about = about || a == me || d.sameSide(a, cl.claimant)
				}
				if about {
					cl.disputes = append(cl.disputes, pi)
					break
				}
			}
		}
	}
}

// allegesAgainst reports whether claim p's content carries an alleged or
// hypothetical event whose source is actor a, or p's speech act accuses a.
func (d *doc) allegesAgainst(p *claimRec, a int) bool {
	for _, e := range d.events {
		for _, at := range e.at {
			if at.sent != p.sent {
				continue
			}
			inContent := at.tok >= p.contentFirst && at.tok < p.contentLast
			if inContent && (at.modality == schema.ModalityAlleged || at.modality == schema.ModalityHypothetical) {
				for _, s := range e.sources {
					if s == a {
						return true
					}
				}
			}
			// p's speaker accuses a, at the cue or inside what it says
			// ("Moscow denied … and blamed a Ukrainian missile")
			if e.typ == "ACCUSE" && (at.tok == p.cueTok || inContent) {
				for _, t := range e.targets {
					if t == a {
						return true
					}
				}
			}
		}
	}
	return false
}

// disapproves returns the event index of the ACCUSE (disapprove) the
// claim's speech act is, or -1.
func (d *doc) disapproves(cl *claimRec) int {
	for i, e := range d.events {
		if e.typ == "ACCUSE" && e.mode == "disapprove" && e.tok == cl.cueTok && e.sent == cl.sent {
			return i
		}
	}
	return -1
}

// rebuts reports whether claim cl disapproves of the side that made the
// earlier claim p, and p spoke about cl's side ("Moscow called the EU's
// sanctions illegitimate" after the EU's claim about Russia).
func (d *doc) rebuts(cl, p *claimRec) bool {
	ei := d.disapproves(cl)
	if ei < 0 {
		return false
	}
	hit := false
	for _, t := range d.events[ei].targets {
		if d.sameSide(t, p.claimant) || t == d.eventActor(p.claimant) {
			hit = true
		}
	}
	if !hit {
		return false
	}
	me := d.eventActor(cl.claimant)
	for _, a := range p.about {
		if a == me || d.sameSide(a, cl.claimant) {
			return true
		}
	}
	return false
}

// namesClaimsOf reports whether a denial's content points at claim p: it
// names claims ("the British accusations were unfounded", "these claims")
// and p is by the side named there, or, with no side named, p is about the
// denier.
func (d *doc) namesClaimsOf(cl, p *claimRec, me int) bool {
	if cl.stance != schema.StanceDeny {
		return false
	}
	for k := cl.cueTok + 1; k < cl.contentLast; k++ {
		if !d.x.lex.claimNoun[d.toks[k].lower] {
			continue
		}
		if m := d.mentionAt(k - 1); m != nil {
			return d.sameSide(m.actor, p.claimant) || d.eventActor(m.actor) == d.eventActor(p.claimant)
		}
		for _, a := range p.about {
			if a == me || d.sameSide(a, cl.claimant) {
				return true
			}
		}
		return false
	}
	return false
}

// answeredClaim returns the words of the claim a sentence answers
// ("reacting to Western claims that it is seeking to import weapons"),
// or nil.
func (d *doc) answeredClaim(si int) map[string]bool {
	s := d.sents[si]
	for k := s.first; k+1 < s.last; k++ {
		if !d.x.lex.claimNoun[d.toks[k].lower] || d.toks[k+1].lower != "that" {
			continue
		}
		words := map[string]bool{}
		for j := k + 2; j < s.last && d.toks[j].text != ","; j++ {
			if w := d.toks[j].lower; len(w) >= 3 && d.toks[j].kind == tkWord && !d.x.lex.det[w] && !d.x.lex.prep[w] && !d.x.lex.subord[w] &&
				w != "the" && w != "and" && w != "its" && w != "are" && w != "has" && w != "was" && w != "for" {
				words[w] = true
			}
		}
		if len(words) > 0 {
			return words
		}
	}
	return nil
}

// sharesWords counts the content words of claim p among words.
func (d *doc) sharesWords(p *claimRec, words map[string]bool) int {
	n := 0
	seen := map[string]bool{}
	for k := p.contentFirst; k < p.contentLast; k++ {
		w := d.toks[k].lower
		if words[w] && !seen[w] {
			seen[w] = true
			n++
		}
	}
	return n
}

func (d *doc) outputClaims(rec *schema.Record) {
	ids := map[int]string{}
	n := 0
	for i, c := range d.claims {
		if c.dropped {
			continue
		}
		n++
		ids[i] = fmt.Sprintf("c%d", n)
	}
	for i, c := range d.claims {
		if c.dropped {
			continue
		}
		var disp []string
		for _, p := range c.disputes {
			if id, ok := ids[p]; ok {
				disp = append(disp, id)
			}
		}
		rec.Claims = append(rec.Claims, schema.Claim{
			ID: ids[i], Claimant: d.actors[c.claimant].id, Cue: c.cue, Text: c.text, About: d.ids(c.about),
			Stance: c.stance, Via: d.ids(c.via), Disputes: disp, Date: c.date, Evidence: c.evidence,
		})
	}
}

func (d *doc) dateOnly(si, i int) string {
	s, _ := d.eventDate(si, i, false)
	return s
}

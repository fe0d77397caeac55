package gen

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// article is the state of one article being written: who and where it is
// about, who has been introduced already and which list items it drew.
type article struct {
	g   *Generator
	r   *rand.Rand
	pub time.Time

	countries [numCountrySlots]int
	persons   [numPersonSlots]person
	companies [numCountrySlots]string // drawn on first mention
	drawn     [numPersonSlots]bool
	intro     [numPersonSlots]bool
	org       int
	src       int
	when      string
	when2     string
	n         int
	year      int
	sticky    []int16

	buf []byte
	// gold collects the article's annotation; nil when only the text is
	// wanted, which keeps Document fast.
	gold *goldState
}

func (a *article) write(i int) schema.Document {
	g, v, r := a.g, a.g.v, a.r
	a.countries[slotSC] = g.drawCountry(r)
	a.countries[slotTC] = g.drawCountry(r, a.countries[slotSC])
	a.countries[slotXC] = g.drawCountry(r, a.countries[slotSC], a.countries[slotTC])
	a.org = r.IntN(len(v.lists[v.orgList]))
	a.src = r.IntN(len(v.lists[v.agencyList]))
	a.n = 2 + r.IntN(19)
	a.year = a.pub.Year() - 2 - r.IntN(12)
	a.sticky = make([]int16, len(v.lists))
	for k := range a.sticky {
		a.sticky[k] = -1
	}
	a.when = a.relativeDate()
	a.when2 = a.earlierDate()

	typ := schema.EventTypes[r.IntN(len(schema.EventTypes))].Name
	class := classOf(typ)

	a.buf = make([]byte, 0, 1600)
	a.sentence(pick(r, v.index["title/"+typ]))
	title := string(a.buf)

	a.buf = a.buf[:0]
	if a.gold != nil {
		a.gold.inBody = true
	}
	a.dateline()
	a.sentence(pick(r, v.index["lead/"+typ]))
	a.buf = append(a.buf, ' ')
	claim := pick(r, v.index["claim/"+class])
	a.sentence(claim)
	// Some stories run longer: a second claim, a second background event.
	if r.IntN(5) < 2 {
		a.buf = append(a.buf, ' ')
		a.sentence(pickOther(r, v.index["claim/"+class], claim))
	}
	a.buf = append(a.buf, "\n\n"...)
	if class == classConflict {
		a.sentence(pick(r, v.templates["denial"]))
		a.buf = append(a.buf, ' ')
	}
	a.sentence(pick(r, v.index["counter/"+class]))
	a.buf = append(a.buf, ' ')
	a.sentence(pick(r, v.index["detail/"+class]))
	a.buf = append(a.buf, "\n\n"...)
	background := pick(r, v.templates["background"])
	a.sentence(background)
	a.buf = append(a.buf, ' ')
	if r.IntN(5) < 2 {
		a.sentence(pickOther(r, v.templates["background"], background))
		a.buf = append(a.buf, ' ')
	}
	a.sentence(pick(r, v.index["closing/"+class]))

	pub := a.pub.Format("2006-01-02")
	id := "gen-" + strconv.FormatUint(g.seed, 10) + "-" + strconv.Itoa(i)
	return schema.Document{
		ArticleMeta: schema.ArticleMeta{
			ID:        id,
			URL:       "https://" + g.host + "/" + a.pub.Format("2006/01/02") + "/" + id,
			Title:     title,
			Published: pub,
			Source:    v.lists[v.agencyList][a.src].text,
			Language:  "en",
		},
		Body:   string(a.buf),
		Origin: "gen seed " + strconv.FormatUint(g.seed, 10) + " article " + strconv.Itoa(i),
	}
}

func pick(r *rand.Rand, ts []*tmpl) *tmpl { return ts[r.IntN(len(ts))] }

// pickOther picks a template other than not (ts has at least two).
func pickOther(r *rand.Rand, ts []*tmpl, not *tmpl) *tmpl {
	for {
		if t := pick(r, ts); t != not {
			return t
		}
	}
}

// dateline opens the body the way wires do: "MOSCOW, August 14 (Agency) — "
// or "Agency (August 14) — ".
func (a *article) dateline() {
	day := a.pub.Format("January 2")
	src := a.g.v.lists[a.g.v.agencyList][a.src].text
	if a.r.IntN(2) == 0 {
		a.mentionCountry(slotSC, 1)
		for _, c := range []byte(a.g.v.countries[a.countries[slotSC]].capital) {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			a.buf = append(a.buf, c)
		}
		a.buf = append(a.buf, ", "...)
		a.buf = append(a.buf, day...)
		a.buf = append(a.buf, " ("...)
		a.buf = append(a.buf, src...)
		a.buf = append(a.buf, ") — "...)
		return
	}
	a.buf = append(a.buf, src...)
	a.buf = append(a.buf, " ("...)
	a.buf = append(a.buf, day...)
	a.buf = append(a.buf, ") — "...)
}

// relativeDate is the lead event's date as news copy writes it, always
// consistent with the publication date: "on Tuesday" is the Tuesday of the
// past six days.
func (a *article) relativeDate() string {
	switch x := a.r.IntN(20); {
	case x < 10:
		d := 1 + a.r.IntN(6)
		a.goldDate(a.pub.AddDate(0, 0, -d).Format("2006-01-02"), false)
		return "on " + a.pub.AddDate(0, 0, -d).Weekday().String()
	case x < 12:
		a.goldDate(a.pub.AddDate(0, 0, -1).Format("2006-01-02"), false)
		return "yesterday"
	case x < 15:
		return "last week"
	default:
		d := 1 + a.r.IntN(20)
		a.goldDate(a.pub.AddDate(0, 0, -d).Format("2006-01-02"), false)
		return "on " + a.pub.AddDate(0, 0, -d).Format("January 2")
	}
}

// earlierDate dates background events before the lead.
func (a *article) earlierDate() string {
	firstOfMonth := time.Date(a.pub.Year(), a.pub.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch a.r.IntN(4) {
	case 0:
		a.goldDate(firstOfMonth.AddDate(0, -1, 0).Format("2006-01"), true)
		return "last month"
	case 1:
		if a.pub.Month() > time.February {
			a.goldDate(a.pub.Format("2006"), true)
			return "earlier this year"
		}
		a.goldDate(firstOfMonth.AddDate(-1, 0, 0).Format("2006"), true)
		return "last year"
	case 2:
		m := 1 + a.r.IntN(11)
		a.goldDate(firstOfMonth.AddDate(0, -m, 0).Format("2006-01"), true)
		return "in " + firstOfMonth.AddDate(0, -m, 0).Month().String()
	default:
		a.goldDate(firstOfMonth.AddDate(-1, 0, 0).Format("2006"), true)
		return "last year"
	}
}

func (a *article) goldDate(date string, earlier bool) {
	if a.gold == nil {
		return
	}
	if earlier {
		a.gold.when2Date = date
	} else {
		a.gold.whenDate = date
	}
}

// sentence renders t and capitalises its first letter, since templates may
// open with a lower-case name ("the United States") or date ("last month").
func (a *article) sentence(t *tmpl) {
	start := len(a.buf)
	a.render(t)
	first := start
	if first < len(a.buf) && a.buf[first] == '"' {
		first++ // a quotation opens the sentence
	}
	if first < len(a.buf) {
		if c := a.buf[first]; 'a' <= c && c <= 'z' {
			a.buf[first] = c - ('a' - 'A')
		}
	}
	if a.gold != nil && len(t.gold) > 0 {
		a.collect(t, string(a.buf[start:]), !a.gold.inBody)
	}
}

func (a *article) render(t *tmpl) {
	v := a.g.v
	for _, s := range t.segs {
		switch s.op {
		case opLit:
			a.buf = append(a.buf, s.lit...)
		case opPerson:
			a.writePerson(s.slot, s.field)
		case opCountry:
			if a.gold != nil {
				a.trackCountry(s.slot, s.field)
			}
			if s.field == fCo {
				a.buf = append(a.buf, a.company(s.slot)...)
				continue
			}
			a.writeCountry(a.countries[s.slot], s.field)
		case opOrg:
			if a.gold != nil && a.gold.inBody {
				a.gold.org = true
			}
			a.render(v.lists[v.orgList][a.org])
		case opSrc:
			a.buf = append(a.buf, v.lists[v.agencyList][a.src].text...)
		case opList:
			if a.sticky[s.slot] < 0 {
				a.sticky[s.slot] = int16(a.r.IntN(len(v.lists[s.slot])))
			}
			a.render(v.lists[s.slot][a.sticky[s.slot]])
		case opWhen:
			a.buf = append(a.buf, a.when...)
		case opWhen2:
			a.buf = append(a.buf, a.when2...)
		case opN:
			a.buf = append(a.buf, itoa(a.n)...)
		case opYear:
			a.buf = strconv.AppendInt(a.buf, int64(a.year), 10)
		}
	}
}

func (a *article) trackCountry(slot, field int) {
	switch field {
	case fPlain, fAdj:
		a.mentionCountry(slot, 2)
	case fCap:
		a.mentionCountry(slot, 1)
	case fMin, fDef:
		if a.gold.inBody {
			a.gold.ministry[slot][field-fMin] = true
		}
	case fCo:
		if a.gold.inBody {
			a.gold.companies[slot] = true
		}
	}
}

func (a *article) company(slot int) string {
	for try := 0; a.companies[slot] == ""; try++ {
		name := a.g.company(a.countries[slot], a.r.IntN(companiesPerCountry))
		surname, _, _ := strings.Cut(name, " ")
		if try == 8 || !a.surnameTaken(surname, -1) {
			a.companies[slot] = name
		}
	}
	return a.companies[slot]
}

// surnameTaken reports whether another person of the article, or one of its
// companies, already goes by surname.
func (a *article) surnameTaken(surname string, self int) bool {
	for s := range a.persons {
		if s != self && a.drawn[s] && a.persons[s].last == surname {
			return true
		}
	}
	for _, co := range a.companies {
		if first, _, _ := strings.Cut(co, " "); co != "" && first == surname {
			return true
		}
	}
	return false
}

// personCountry is the country slot a person slot belongs to.
func personCountry(slot int) int {
	switch slot {
	case slotA, slotS:
		return slotSC
	case slotB, slotT:
		return slotTC
	}
	return slotXC
}

func (a *article) writeCountry(c, field int) {
	cn := &a.g.v.countries[c]
	switch field {
	case fPlain:
		a.buf = append(a.buf, cn.name...)
	case fAdj:
		a.buf = append(a.buf, cn.adj...)
	case fCap:
		a.buf = append(a.buf, cn.capital...)
	case fMin:
		a.buf = append(a.buf, cn.ministry...)
	case fDef:
		a.buf = append(a.buf, cn.defence...)
	}
}

// writePerson names a person: on first mention with nationality, title and
// full name ("Chilean Foreign Minister Carlos Rivera", or in apposition
// "Carlos Rivera, the Chilean Foreign Minister,"), afterwards by surname.
func (a *article) writePerson(slot, field int) {
	if !a.drawn[slot] {
		a.drawn[slot] = true
		c := a.countries[personCountry(slot)]
		roles := a.g.v.leaders
		if slot == slotS || slot == slotT {
			roles = a.g.v.spokes
		}
		// A surname names one person of the article: redraw (a few times,
		// deterministically) a person whose surname is taken.
		for try := 0; ; try++ {
			a.persons[slot] = a.g.drawPerson(a.r, c, roles)
			if try == 8 || !a.surnameTaken(a.persons[slot].last, slot) {
				break
			}
		}
	}
	p := &a.persons[slot]
	rl := &a.g.v.roles[p.role]
	if own := a.g.v.countries[p.country].roles; own != nil {
		rl = &own[p.role]
	}
	switch {
	case field == fRole:
		a.expandRole(rl.prefix, p)
	case a.intro[slot]:
		a.buf = append(a.buf, p.last...)
	case field == fAppos:
		a.intro[slot] = true
		if a.gold != nil {
			a.mentionCountry(personCountry(slot), 2)
		}
		a.buf = append(a.buf, p.full...)
		a.buf = append(a.buf, ", "...)
		a.expandRole(rl.appos, p)
		a.buf = append(a.buf, ',')
	default:
		a.intro[slot] = true
		if a.gold != nil {
			a.mentionCountry(personCountry(slot), 2)
			if rl.spokes && a.gold.inBody {
				a.spokesMinistry(slot)
			}
		}
		a.buf = append(a.buf, a.g.v.countries[p.country].adj...)
		a.buf = append(a.buf, ' ')
		a.expandRole(rl.prefix, p)
		a.buf = append(a.buf, ' ')
		a.buf = append(a.buf, p.full...)
	}
}

// expandRole writes a role title, filling {ADJ}, {COUNTRY} and {HOST}.
func (a *article) expandRole(s string, p *person) {
	cs := a.g.v.countries
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			a.buf = append(a.buf, s...)
			return
		}
		a.buf = append(a.buf, s[:i]...)
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "{ADJ}"):
			a.buf = append(a.buf, cs[p.country].adj...)
			s = s[5:]
		case strings.HasPrefix(s, "{COUNTRY}"):
			a.buf = append(a.buf, cs[p.country].name...)
			s = s[9:]
		case strings.HasPrefix(s, "{HOST}"):
			if a.gold != nil && a.gold.inBody {
				a.gold.hosts = append(a.gold.hosts, p.host)
			}
			a.buf = append(a.buf, cs[p.host].name...)
			s = s[6:]
		default:
			a.buf = append(a.buf, '{')
			s = s[1:]
		}
	}
}

package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/schema"
)

// Gold is the annotation of one generated article in the gold format of
// shared/eval/FORMAT.md: what a careful annotator would write down for it.
// The generator knows who does what to whom in every sentence it writes, so
// the extractor can be scored on synthetic corpora of any size
// (newsgraph gen --format txtdir --gold, then newsgraph eval --gold DIR).
// The types are eval's, so what gen writes is what eval reads.
type (
	Gold        = eval.Gold
	GoldArticle = eval.GoldArticle
	GoldActor   = eval.GoldActor
	GoldEvent   = eval.GoldEvent
	GoldClaim   = eval.GoldClaim
	GoldDispute = eval.GoldDispute
)

const (
	dateNone = iota
	dateWhen
	dateWhen2
	dateYear
)

// goldItem is one parsed item of a template's gold column.
type goldItem struct {
	kind  byte // 'E' event, 'C' claim, 'D' denial, 'A' an optional actor only
	types []string
	// list, when not -1, takes the event's type from the item the article
	// drew from that list (an accusation's alleged event), if it has one.
	list      int
	optional  bool
	symmetric bool
	from, to  []part
}

type partKind uint8

const (
	partPerson partKind = iota
	partCountry
	partOrg
	partMinistry
	partDefence
	partCompany
	partGroup
)

// part is a participant: a person or country slot, the article's
// international organisation, a country's ministry, or a group whose name is
// a small template ("{TC.adj} students").
type part struct {
	kind  partKind
	slot  int
	group *tmpl
}

func (t *tmpl) parseGold(v *vocab) error {
	switch {
	case strings.Contains(t.text, "{WHEN}"):
		t.date = dateWhen
	case strings.Contains(t.text, "{WHEN2}"):
		t.date = dateWhen2
	case strings.Contains(t.text, "{YEAR}"):
		t.date = dateYear
	}
	if t.goldSpec == "-" || t.goldSpec == "" {
		return nil
	}
	for _, item := range strings.Split(t.goldSpec, ";") {
		g := goldItem{list: -1}
		if rest, ok := strings.CutPrefix(item, "?"); ok {
			g.optional, item = true, rest
		}
		head, body, ok := strings.Cut(item, ":")
		if !ok || head == "" {
			return fmt.Errorf("item %q: want E:, C: or D:", item)
		}
		g.kind = head[0]
		switch g.kind {
		case 'E':
			if name, ok := strings.CutPrefix(head, "E(@"); ok {
				name = strings.TrimSuffix(name, ")")
				id, ok := v.listID[name]
				if !ok {
					return fmt.Errorf("item %q: no list %q", item, name)
				}
				g.list = id
			} else if types, ok := strings.CutPrefix(head, "E("); ok {
				g.types = strings.Split(strings.TrimSuffix(types, ")"), "|")
			} else if head == "E" && t.typ != "" {
				g.types = []string{t.typ}
			} else {
				return fmt.Errorf("item %q: the template has no type; write E(TYPE):", item)
			}
			for _, typ := range g.types {
				if _, ok := schema.LookupEventType(typ); !ok {
					return fmt.Errorf("item %q: unknown PLOVER type %q", item, typ)
				}
			}
		case 'C', 'D':
			if head != "C" && head != "D" {
				return fmt.Errorf("item %q: want C: or D:", item)
			}
		case 'A':
			parts, err := parseParts(body, v)
			if err != nil {
				return err
			}
			if head != "A" || len(parts) != 1 || parts[0].kind != partGroup {
				return fmt.Errorf("item %q: want A:G:<group>", item)
			}
			t.gold = append(t.gold, goldItem{kind: 'A', optional: true, from: parts})
			continue
		default:
			return fmt.Errorf("item %q: want E:, C: or D:", item)
		}
		if rest, ok := strings.CutPrefix(body, "~"); ok {
			g.symmetric, body = true, rest
		}
		from, to, ok := strings.Cut(body, ">")
		if !ok {
			return fmt.Errorf("item %q: want SOURCES>TARGETS", item)
		}
		var err error
		if g.from, err = parseParts(from, v); err != nil {
			return err
		}
		if g.to, err = parseParts(to, v); err != nil {
			return err
		}
		if len(g.from) == 0 {
			return fmt.Errorf("item %q: no source or claimant", item)
		}
		if g.kind != 'E' && len(g.to) == 0 {
			return fmt.Errorf("item %q: a claim needs what it is about", item)
		}
		t.gold = append(t.gold, g)
	}
	return nil
}

func parseParts(s string, v *vocab) ([]part, error) {
	var out []part
	if s == "" {
		return nil, nil
	}
	for _, p := range strings.Split(s, ",") {
		if text, ok := strings.CutPrefix(p, "G:"); ok {
			gt := &tmpl{text: text}
			if err := gt.parse(v); err != nil {
				return nil, fmt.Errorf("group %q: %w", text, err)
			}
			out = append(out, part{kind: partGroup, group: gt})
			continue
		}
		if p == "ORG" {
			out = append(out, part{kind: partOrg})
			continue
		}
		name, field, _ := strings.Cut(p, ".")
		if slot, ok := personSlots[name]; ok && field == "" {
			out = append(out, part{kind: partPerson, slot: slot})
			continue
		}
		slot, ok := countrySlots[name]
		switch {
		case ok && field == "":
			out = append(out, part{kind: partCountry, slot: slot})
		case ok && field == "min":
			out = append(out, part{kind: partMinistry, slot: slot})
		case ok && field == "def":
			out = append(out, part{kind: partDefence, slot: slot})
		case ok && field == "co":
			out = append(out, part{kind: partCompany, slot: slot})
		default:
			return nil, fmt.Errorf("unknown participant %q", p)
		}
	}
	return out, nil
}

// goldState collects an article's annotation while it is written.
type goldState struct {
	inBody    bool
	countries [numCountrySlots]uint8 // 0 unnamed, 1 only as a capital, 2 named
	ministry  [numCountrySlots][2]bool
	// spokes marks ministries named only through a spokesperson's title
	// ("Egyptian Foreign Ministry spokesperson"): optional actors, and
	// acceptable claimants for what their spokespeople say.
	spokes    [numCountrySlots][2]bool
	hosts     []int // countries named only in ambassadors' titles
	companies [numCountrySlots]bool
	org       bool
	groups    []GoldActor
	events    []GoldEvent
	claims    []GoldClaim
	accuse    int // index of the article's first accusing claim, -1 if none
	denial    int
	whenDate  string
	when2Date string
}

// Article returns article i and its gold annotation.
func (g *Generator) Article(i int) (schema.Document, Gold) {
	a := g.newArticle(i)
	a.gold = &goldState{accuse: -1, denial: -1}
	d := a.write(i)
	return d, a.goldRecord(d)
}

func (a *article) mentionCountry(slot int, level uint8) {
	if a.gold != nil && a.gold.inBody && a.gold.countries[slot] < level {
		a.gold.countries[slot] = level
	}
}

// collect adds what the sentence just written says to the annotation.
func (a *article) collect(t *tmpl, sentence string, title bool) {
	gs := a.gold
	date := ""
	switch t.date {
	case dateWhen:
		date = gs.whenDate
	case dateWhen2:
		date = gs.when2Date
	case dateYear:
		date = fmt.Sprint(a.year)
	}
	for _, it := range t.gold {
		switch it.kind {
		case 'A':
			a.names(it.from, true)
		case 'E':
			ev := GoldEvent{Type: it.types, Sources: a.names(it.from, title), Targets: a.names(it.to, title),
				Symmetric: it.symmetric, Date: date, Modality: schema.ModalityAsserted, Optional: it.optional || title}
			if len(it.types) == 1 && it.types[0] == t.typ {
				ev.Mode = t.mode
			}
			if it.list >= 0 {
				// What a claim alleges, or a denial denies, happened.
				k := a.sticky[it.list]
				if k < 0 || a.g.v.lists[it.list][k].typ == "" {
					continue
				}
				item := a.g.v.lists[it.list][k]
				ev.Type, ev.Mode, ev.Date = []string{item.typ}, item.mode, ""
				ev.Modality = schema.ModalityAlleged
				if t.kind == "denial" {
					ev.Modality = schema.ModalityDenied
				}
			}
			gs.events = append(gs.events, ev)
		case 'C', 'D':
			c := GoldClaim{Claimant: a.claimants(it.from[0]), About: a.names(it.to, title), Stance: schema.StanceAssert,
				Text: sentence, Optional: it.optional || title}
			if t.kind == "claim" || t.kind == "denial" || t.kind == "closing" {
				c.Cue = t.trigger
			}
			if it.kind == 'D' {
				c.Stance = schema.StanceDeny
				if gs.denial < 0 && !c.Optional {
					gs.denial = len(gs.claims)
				}
			} else if t.kind == "claim" && t.class == classConflict && gs.accuse < 0 && !c.Optional {
				gs.accuse = len(gs.claims)
			}
			gs.claims = append(gs.claims, c)
		}
	}
}

// claimants lists who may be credited with a claim: a ministry's claim is
// also its government's, which FORMAT.md's convention names by the country.
func (a *article) claimants(p part) []string {
	out := a.names([]part{p}, false)
	if p.kind == partMinistry || p.kind == partDefence {
		out = append(out, a.g.v.countries[a.countries[p.slot]].plain)
	}
	if p.kind == partPerson && (p.slot == slotS || p.slot == slotT) {
		out = append(out, a.spokesMinistry(p.slot))
	}
	return out
}

// spokesMinistry names the ministry a spokesperson speaks for and records
// it as an (optional) actor of the article.
func (a *article) spokesMinistry(slot int) string {
	p := &a.persons[slot]
	cs := personCountry(slot)
	c := &a.g.v.countries[a.countries[cs]]
	if strings.Contains(a.g.v.roles[p.role].prefix, "Defence") {
		a.gold.spokes[cs][1] = true
		return strings.TrimPrefix(c.defence, "the ")
	}
	a.gold.spokes[cs][0] = true
	return strings.TrimPrefix(c.ministry, "the ")
}

func (a *article) names(ps []part, title bool) []string {
	out := make([]string, 0, len(ps))
	v := a.g.v
	for _, p := range ps {
		switch p.kind {
		case partPerson:
			out = append(out, a.persons[p.slot].full)
		case partCountry:
			out = append(out, v.countries[a.countries[p.slot]].plain)
		case partOrg:
			out = append(out, a.orgName())
		case partMinistry:
			out = append(out, strings.TrimPrefix(v.countries[a.countries[p.slot]].ministry, "the "))
		case partDefence:
			out = append(out, strings.TrimPrefix(v.countries[a.countries[p.slot]].defence, "the "))
		case partCompany:
			out = append(out, a.company(p.slot))
		case partGroup:
			name, country := a.groupName(p.group)
			seen := false
			for i := range a.gold.groups {
				if a.gold.groups[i].Name == name {
					seen = true
					a.gold.groups[i].Optional = a.gold.groups[i].Optional && title
				}
			}
			if !seen {
				a.gold.groups = append(a.gold.groups, GoldActor{Name: name, Kind: schema.KindGroup, Country: country, Optional: title})
			}
			out = append(out, name)
		}
	}
	return out
}

func (a *article) orgName() string {
	v := a.g.v
	return strings.TrimPrefix(v.lists[v.orgList][a.org].text, "the ")
}

// groupName renders a group's name template without counting it as a
// mention; its country is that of the first country it names.
func (a *article) groupName(t *tmpl) (string, string) {
	in := a.gold.inBody
	a.gold.inBody = false
	start := len(a.buf)
	a.render(t)
	name := string(a.buf[start:])
	a.buf = a.buf[:start]
	a.gold.inBody = in
	if name != "" && 'a' <= name[0] && name[0] <= 'z' {
		name = string(name[0]-('a'-'A')) + name[1:]
	}
	country := ""
	for _, s := range t.segs {
		if s.op == opCountry {
			country = a.g.v.countries[a.countries[s.slot]].iso3
			break
		}
	}
	return name, country
}

func (a *article) goldRecord(d schema.Document) Gold {
	v, gs := a.g.v, a.gold
	gd := Gold{
		Article: GoldArticle{File: d.ID + ".txt", URL: d.URL, Published: d.Published, Source: d.Source},
		Events:  gs.events,
		Claims:  gs.claims,
	}
	if gd.Events == nil {
		gd.Events = []GoldEvent{}
	}
	if gd.Claims == nil {
		gd.Claims = []GoldClaim{}
	}
	included := map[int]bool{}
	for slot, level := range gs.countries {
		if level == 0 {
			continue
		}
		c := a.countries[slot]
		included[c] = true
		gd.Actors = append(gd.Actors, countryActor(&v.countries[c], level < 2))
	}
	for _, c := range gs.hosts {
		if !included[c] {
			included[c] = true
			gd.Actors = append(gd.Actors, countryActor(&v.countries[c], true))
		}
	}
	for slot := range a.persons {
		if !a.intro[slot] {
			continue
		}
		p := &a.persons[slot]
		rl := v.roles[p.role]
		if own := v.countries[p.country].roles; own != nil {
			rl = own[p.role]
		}
		role := strings.ReplaceAll(rl.prefix, "{HOST}", v.countries[p.host].plain)
		gd.Actors = append(gd.Actors, GoldActor{Name: p.full, Kind: schema.KindPerson, Country: v.countries[p.country].iso3,
			Aliases: []string{p.last}, Role: role})
	}
	for slot, m := range gs.ministry {
		c := &v.countries[a.countries[slot]]
		for k, name := range []string{c.ministry, c.defence} {
			if m[k] || gs.spokes[slot][k] {
				gd.Actors = append(gd.Actors, GoldActor{Name: strings.TrimPrefix(name, "the "), Kind: schema.KindOrganization,
					Country: c.iso3, Optional: !m[k]})
			}
		}
	}
	for slot, named := range gs.companies {
		if named {
			gd.Actors = append(gd.Actors, GoldActor{Name: a.companies[slot], Kind: schema.KindOrganization,
				Country: v.countries[a.countries[slot]].iso3})
		}
	}
	if gs.org {
		gd.Actors = append(gd.Actors, GoldActor{Name: a.orgName(), Kind: schema.KindOrganization})
	}
	gd.Actors = append(gd.Actors, GoldActor{Name: d.Source, Kind: schema.KindOrganization, Optional: true})
	gd.Actors = append(gd.Actors, gs.groups...)
	if gs.accuse >= 0 && gs.denial >= 0 {
		gd.Disputes = []GoldDispute{{Claim: gs.denial, Disputes: []int{gs.accuse}}}
	}
	return gd
}

func countryActor(c *country, optional bool) GoldActor {
	ga := GoldActor{Name: c.plain, Kind: schema.KindCountry, Country: c.iso3, Optional: optional}
	for _, al := range []string{c.adj, c.capital} {
		if al != c.plain {
			ga.Aliases = append(ga.Aliases, al)
		}
	}
	return ga
}

// WriteGoldDir writes articles 0…n-1 as WriteDir does, each with its gold
// annotation beside it as <id>.gold.json, so that newsgraph eval --gold dir
// scores the extractor on them.
func (g *Generator) WriteGoldDir(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	for i := 0; i < n; i++ {
		d, gd := g.Article(i)
		if err := os.WriteFile(filepath.Join(dir, d.ID+".txt"), Text(d), 0o644); err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
		b, err := json.MarshalIndent(gd, "", "  ")
		if err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
		if err := os.WriteFile(filepath.Join(dir, d.ID+".gold.json"), append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
	}
	return nil
}

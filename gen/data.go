package gen

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/ingest/extract/gazetteer"
	"github.com/newsgraph/newsgraph/schema"
)

// The generator's vocabulary lives in data/ as TSV so that it can be read,
// reviewed and extended without touching code.
//
//go:embed data/*.tsv
var dataFS embed.FS

type country struct {
	iso3, name, adj, capital string
	plain                    string // the name without a leading "the"
	region                   int
	rank                     int // position among its region's countries
	// roles are the country's own names for roles.tsv's roles, where
	// overrides.tsv gives some; nil means the generic ones.
	roles []role
	// ministry and defence name the foreign and defence ministries:
	// "the Chilean Foreign Ministry", "the State Department".
	ministry, defence string
}

type region struct {
	name        string
	first, last []string
	familyFirst bool
	countries   int
}

type role struct {
	spokes        bool
	prefix, appos string
}

// vocab is everything New reads from data/, checked once.
type vocab struct {
	countries []country
	cumWeight []int // cumulative country weights for weighted draws
	regions   []region
	roles     []role
	leaders   []int // indexes of leader roles in roles
	spokes    []int
	lists     [][]*tmpl // by list id
	listID    map[string]int
	templates map[string][]*tmpl // by kind
	// index holds templates by kind and type ("lead/AGREE") and by kind and
	// class ("claim/coop"), so that writing an article looks nothing up twice.
	index      map[string][]*tmpl
	orgList    int
	agencyList int
	sectorList int
}

// readTSV calls fn with the fields of every non-comment, non-blank line.
func readTSV(name string, fn func(line int, f []string) error) error {
	data, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if err := fn(n, strings.Split(l, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func loadVocab() (*vocab, error) {
	v := &vocab{listID: map[string]int{}, templates: map[string][]*tmpl{}}
	regionIdx := map[string]int{}
	err := readTSV("names.tsv", func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want 3 fields, got %d", len(f))
		}
		i, ok := regionIdx[f[0]]
		if !ok {
			i = len(v.regions)
			regionIdx[f[0]] = i
			v.regions = append(v.regions, region{name: f[0]})
		}
		r := &v.regions[i]
		switch f[1] {
		case "first":
			r.first = strings.Fields(f[2])
		case "last":
			r.last = strings.Fields(f[2])
		case "order":
			r.familyFirst = f[2] == "family-first"
		default:
			return fmt.Errorf("unknown part %q", f[1])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range v.regions {
		if len(r.first) == 0 || len(r.last) == 0 {
			return nil, fmt.Errorf("names.tsv: region %s needs first and last names", r.name)
		}
	}
	gz, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	total := 0
	err = readTSV("countries.tsv", func(_ int, f []string) error {
		if len(f) != 4 {
			return fmt.Errorf("want 4 fields, got %d", len(f))
		}
		e, ok := gz.Country(f[0])
		if !ok {
			return fmt.Errorf("%s is not in the gazetteer", f[0])
		}
		ri, ok := regionIdx[f[2]]
		if !ok {
			return fmt.Errorf("region %q has no names in names.tsv", f[2])
		}
		w, err := strconv.Atoi(f[3])
		if err != nil || w < 1 {
			return fmt.Errorf("weight %q: want a positive integer", f[3])
		}
		c := country{iso3: f[0], name: e.Name, plain: e.Name, region: ri, rank: v.regions[ri].countries}
		if f[1] == "the" {
			c.name = "the " + e.Name
		}
		// A demonym or capital that names two countries ("Congolese") or
		// something else besides would make the text ambiguous where the
		// generator means one country: use the first one the gazetteer
		// resolves to this country alone, else the country's name.
		c.adj = unambiguous(gz, f[0], e.Demonyms, e.Name)
		c.capital = unambiguous(gz, f[0], e.Capitals, e.Name)
		v.countries = append(v.countries, c)
		v.regions[ri].countries++
		total += w
		v.cumWeight = append(v.cumWeight, total)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(v.countries) < 3 {
		return nil, fmt.Errorf("countries.tsv: need at least 3 countries")
	}
	err = readTSV("roles.tsv", func(_ int, f []string) error {
		if len(f) != 3 || (f[0] != "leader" && f[0] != "spokes") {
			return fmt.Errorf("want: leader|spokes, title, apposition")
		}
		if f[0] == "spokes" {
			v.spokes = append(v.spokes, len(v.roles))
		} else {
			v.leaders = append(v.leaders, len(v.roles))
		}
		v.roles = append(v.roles, role{spokes: f[0] == "spokes", prefix: f[1], appos: f[2]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(v.leaders) == 0 || len(v.spokes) == 0 {
		return nil, fmt.Errorf("roles.tsv: need leader and spokes roles")
	}
	own := map[string][]string{} // iso3 → generic, own, generic, own…
	err = readTSV("overrides.tsv", func(_ int, f []string) error {
		if len(f) != 3 {
			return fmt.Errorf("want 3 fields, got %d", len(f))
		}
		own[f[0]] = append(own[f[0]], f[1], f[2])
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range v.countries {
		c := &v.countries[i]
		pairs, ok := own[c.iso3]
		for j := 0; j < len(pairs); j += 2 {
			if pairs[j] == "ADJ" {
				c.adj = pairs[j+1]
			}
		}
		c.ministry = "the " + c.adj + " Foreign Ministry"
		c.defence = "the " + c.adj + " Defence Ministry"
		if !ok {
			continue
		}
		delete(own, c.iso3)
		// Longest generic name first, so "Deputy Foreign Minister" is
		// replaced as a whole rather than through "Foreign Minister".
		type pair struct{ generic, own string }
		var ps []pair
		for j := 0; j < len(pairs); j += 2 {
			if pairs[j] != "ADJ" {
				ps = append(ps, pair{pairs[j], pairs[j+1]})
			}
		}
		sort.SliceStable(ps, func(a, b int) bool { return len(ps[a].generic) > len(ps[b].generic) })
		var args []string
		for _, p := range ps {
			args = append(args, p.generic, p.own)
			switch p.generic {
			case "Foreign Ministry":
				c.ministry = "the " + p.own
			case "Defence Ministry":
				c.defence = "the " + p.own
			}
		}
		rep := strings.NewReplacer(args...)
		c.roles = make([]role, len(v.roles))
		for j, r := range v.roles {
			c.roles[j] = role{spokes: r.spokes, prefix: rep.Replace(r.prefix), appos: rep.Replace(r.appos)}
		}
	}
	for iso := range own {
		return nil, fmt.Errorf("overrides.tsv: %s is not in countries.tsv", iso)
	}
	err = readTSV("lists.tsv", func(_ int, f []string) error {
		if len(f) != 2 && len(f) != 3 {
			return fmt.Errorf("want 2 or 3 fields, got %d", len(f))
		}
		id, ok := v.listID[f[0]]
		if !ok {
			id = len(v.lists)
			v.listID[f[0]] = id
			v.lists = append(v.lists, nil)
		}
		item := &tmpl{text: f[1]}
		if len(f) == 3 {
			item.typ, item.mode, _ = strings.Cut(f[2], "/")
			if _, ok := schema.LookupEventType(item.typ); !ok {
				return fmt.Errorf("unknown PLOVER type %q", item.typ)
			}
		}
		v.lists[id] = append(v.lists[id], item)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTSV("templates.tsv", func(_ int, f []string) error {
		if len(f) != 6 {
			return fmt.Errorf("want 6 fields, got %d", len(f))
		}
		t := &tmpl{kind: f[0], class: f[1], typ: f[1], mode: f[2], trigger: f[3], text: f[4], goldSpec: f[5]}
		switch t.kind {
		case "title", "lead", "background":
			if _, ok := schema.LookupEventType(t.typ); !ok {
				return fmt.Errorf("unknown PLOVER type %q", t.typ)
			}
			t.class = classOf(t.typ)
		case "counter", "detail":
			if f[2] == "-" {
				t.typ, t.mode = "", ""
				break
			}
			if _, ok := schema.LookupEventType(f[2]); !ok {
				return fmt.Errorf("unknown PLOVER type %q", f[2])
			}
			t.typ, t.mode = f[2], "-"
		case "claim", "denial", "closing":
			t.typ = ""
		default:
			return fmt.Errorf("unknown kind %q", t.kind)
		}
		if t.mode == "-" {
			t.mode = ""
		}
		if t.trigger != "-" && !strings.Contains(strings.ToLower(t.text), t.trigger) {
			return fmt.Errorf("trigger %q not in text", t.trigger)
		}
		v.templates[t.kind] = append(v.templates[t.kind], t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range v.lists {
		for _, t := range l {
			if err := t.parse(v); err != nil {
				return nil, fmt.Errorf("lists.tsv: %q: %w", t.text, err)
			}
		}
	}
	for kind, ts := range v.templates {
		for _, t := range ts {
			if err := t.parse(v); err != nil {
				return nil, fmt.Errorf("templates.tsv: %s %q: %w", kind, t.text, err)
			}
			if err := t.parseGold(v); err != nil {
				return nil, fmt.Errorf("templates.tsv: %s %q: gold %q: %w", kind, t.text, t.goldSpec, err)
			}
		}
	}
	for _, kind := range []string{"title", "lead"} {
		for _, et := range schema.EventTypes {
			if len(v.byType(kind, et.Name)) == 0 {
				return nil, fmt.Errorf("templates.tsv: no %s template for PLOVER type %s", kind, et.Name)
			}
		}
	}
	for _, class := range []string{classCoop, classConflict} {
		if len(v.byClass("claim", class)) < 2 {
			return nil, fmt.Errorf("templates.tsv: need two claim templates for %s", class)
		}
	}
	if len(v.templates["background"]) < 2 {
		return nil, fmt.Errorf("templates.tsv: need two background templates")
	}
	for _, kind := range []string{"claim", "counter", "detail"} {
		for _, class := range []string{classCoop, classConflict} {
			if len(v.byClass(kind, class)) == 0 {
				return nil, fmt.Errorf("templates.tsv: no %s template for %s", kind, class)
			}
		}
	}
	v.index = map[string][]*tmpl{}
	for _, kind := range []string{"title", "lead"} {
		for _, et := range schema.EventTypes {
			v.index[kind+"/"+et.Name] = v.byType(kind, et.Name)
		}
	}
	for _, kind := range []string{"claim", "counter", "detail", "closing"} {
		for _, class := range []string{classCoop, classConflict} {
			v.index[kind+"/"+class] = v.byClass(kind, class)
		}
	}
	var ok bool
	if v.orgList, ok = v.listID["org"]; !ok {
		return nil, fmt.Errorf("lists.tsv: no org list")
	}
	if v.agencyList, ok = v.listID["agency"]; !ok {
		return nil, fmt.Errorf("lists.tsv: no agency list")
	}
	if v.sectorList, ok = v.listID["sector"]; !ok {
		return nil, fmt.Errorf("lists.tsv: no sector list")
	}
	for _, kind := range []string{"denial", "background", "closing"} {
		if len(v.templates[kind]) == 0 {
			return nil, fmt.Errorf("templates.tsv: no %s template", kind)
		}
	}
	return v, nil
}

func unambiguous(gz *gazetteer.Gazetteer, iso3 string, forms []string, fallback string) string {
	for _, f := range forms {
		ms := gz.Lookup(f)
		if len(ms) == 1 && !ms[0].Ambiguous && ms[0].Entry.Country == iso3 && ms[0].Entry.Kind == schema.KindCountry {
			return f
		}
	}
	return fallback
}

const (
	classCoop     = "coop"
	classConflict = "conflict"
)

// classOf splits PLOVER types into the two reactions an article can carry:
// cooperation is welcomed, conflict is denied and answered.
func classOf(typ string) string {
	t, _ := schema.LookupEventType(typ)
	if t.Quad == schema.QuadVerbalCooperation || t.Quad == schema.QuadMaterialCooperation {
		return classCoop
	}
	return classConflict
}

func (v *vocab) byType(kind, typ string) []*tmpl {
	var out []*tmpl
	for _, t := range v.templates[kind] {
		if t.typ == typ {
			out = append(out, t)
		}
	}
	return out
}

func (v *vocab) byClass(kind, class string) []*tmpl {
	var out []*tmpl
	for _, t := range v.templates[kind] {
		if t.class == class || t.class == "*" {
			out = append(out, t)
		}
	}
	return out
}

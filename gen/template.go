package gen

import (
	"fmt"
	"strings"
)

// tmpl is one sentence template, parsed once into segments so that rendering
// is a walk over a slice with no parsing or reflection: generation must keep
// up with ingest benchmarks (tens of thousands of articles a second).
type tmpl struct {
	kind    string // title, lead, claim, denial, counter, background, closing; "" for list items
	class   string // coop, conflict or * (claims, counters, closings)
	typ     string // PLOVER type of the event the sentence reports, if any
	mode    string
	trigger string // the verb phrase (events) or cue (claims) the text carries
	text    string
	segs    []seg
	// goldSpec is the gold column of templates.tsv; gold its parsed items.
	goldSpec string
	gold     []goldItem
	date     int // which date the sentence's events carry: dateNone, dateWhen, dateWhen2, dateYear
}

type op uint8

const (
	opLit op = iota
	opPerson
	opCountry
	opOrg
	opSrc
	opList
	opWhen
	opWhen2
	opN
	opYear
)

// Person and country slots.
const (
	slotA = iota // leader of the acting country
	slotB        // leader of the target country
	slotC        // leader of a third country
	slotS        // spokesperson of the acting country
	slotT        // spokesperson of the target country
	numPersonSlots
)

const (
	slotSC = iota
	slotTC
	slotXC
	numCountrySlots
)

// Field variants of persons and countries.
const (
	fPlain = iota
	fAppos
	fRole
	fAdj
	fCap
	fMin
	fDef
	fCo // a company of the country
)

type seg struct {
	op    op
	lit   string
	slot  int
	field int
}

var personSlots = map[string]int{"A": slotA, "B": slotB, "C": slotC, "S": slotS, "T": slotT}
var countrySlots = map[string]int{"SC": slotSC, "TC": slotTC, "XC": slotXC}

func (t *tmpl) parse(v *vocab) error {
	s := t.text
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t.segs = append(t.segs, seg{op: opLit, lit: s})
			break
		}
		if i > 0 {
			t.segs = append(t.segs, seg{op: opLit, lit: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return fmt.Errorf("unclosed {")
		}
		ph := s[i+1 : i+j]
		s = s[i+j+1:]
		sg, err := parsePlaceholder(ph, v)
		if err != nil {
			return err
		}
		t.segs = append(t.segs, sg)
	}
	return nil
}

func parsePlaceholder(ph string, v *vocab) (seg, error) {
	if name, ok := strings.CutPrefix(ph, "@"); ok {
		id, ok := v.listID[name]
		if !ok {
			return seg{}, fmt.Errorf("{%s}: no list %q in lists.tsv", ph, name)
		}
		return seg{op: opList, slot: id}, nil
	}
	switch ph {
	case "ORG":
		return seg{op: opOrg}, nil
	case "SRC":
		return seg{op: opSrc}, nil
	case "WHEN":
		return seg{op: opWhen}, nil
	case "WHEN2":
		return seg{op: opWhen2}, nil
	case "N":
		return seg{op: opN}, nil
	case "YEAR":
		return seg{op: opYear}, nil
	}
	name, field, _ := strings.Cut(ph, ".")
	if p, ok := personSlots[name]; ok {
		f, ok := map[string]int{"": fPlain, "last": fPlain, "appos": fAppos, "role": fRole}[field]
		if !ok {
			return seg{}, fmt.Errorf("{%s}: persons have .appos, .last and .role", ph)
		}
		return seg{op: opPerson, slot: p, field: f}, nil
	}
	if c, ok := countrySlots[name]; ok {
		f, ok := map[string]int{"": fPlain, "adj": fAdj, "cap": fCap, "min": fMin, "def": fDef, "co": fCo}[field]
		if !ok {
			return seg{}, fmt.Errorf("{%s}: countries have .adj, .cap, .min, .def and .co", ph)
		}
		return seg{op: opCountry, slot: c, field: f}, nil
	}
	return seg{}, fmt.Errorf("unknown placeholder {%s}", ph)
}

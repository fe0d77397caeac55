package extract

import (
	"embed"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// The extractor's rules are data: event triggers (lexicon/events.tsv),
// reported-speech cues (lexicon/cues.tsv) and word classes
// (lexicon/words.tsv), embedded in the binary and parsed once by New.

//go:embed lexicon/*.tsv
var lexiconFS embed.FS

// eventRule is one row of events.tsv.
type eventRule struct {
	head    string
	pos     byte // 'V', 'N', 'W'
	after   []string
	typ     string
	mode    string
	context []string
	roles   string
	needs   string
	line    int
}

// cueRule is one row of cues.tsv.
type cueRule struct {
	lemma  string
	kind   string // say, belief, report, question
	stance string
	event  string // accuse, reject, praise or ""
}

type lexicon struct {
	stop, geoHead, locPrep, particle, titleMod, orgHead, reportNoun, groupAdj map[string]bool
	prep, aux, subord, neg, future, hypo, negEval, claimNoun, respond, det    map[string]bool
	pluralRef, notGroup, denyWord, addressee, speaker, light, institution     map[string]bool
	companyHead                                                               map[string]bool
	gender                                                                    map[string]byte
	context                                                                   map[string]string
	events                                                                    map[string][]*eventRule // by surface form (lower case)
	cues                                                                      map[string]*cueRule
}

func (l *lexicon) cueForm(w string) *cueRule { return l.cues[w] }

func loadLexicon() (*lexicon, error) {
	l := &lexicon{
		gender:  map[string]byte{},
		context: map[string]string{},
		events:  map[string][]*eventRule{},
		cues:    map[string]*cueRule{},
	}
	classes := map[string]*map[string]bool{
		"stop": &l.stop, "geoHead": &l.geoHead, "locPrep": &l.locPrep, "particle": &l.particle,
		"titleMod": &l.titleMod, "orgHead": &l.orgHead, "reportNoun": &l.reportNoun, "groupAdj": &l.groupAdj,
		"prep": &l.prep, "aux": &l.aux, "subord": &l.subord, "neg": &l.neg, "future": &l.future,
		"hypo": &l.hypo, "negEval": &l.negEval, "claimNoun": &l.claimNoun, "respond": &l.respond, "det": &l.det, "pluralRef": &l.pluralRef, "notGroup": &l.notGroup, "denyWord": &l.denyWord, "addressee": &l.addressee, "speaker": &l.speaker, "light": &l.light, "institution": &l.institution,
		"companyHead": &l.companyHead,
	}
	for _, p := range classes {
		*p = map[string]bool{}
	}
	if err := readTSV("words.tsv", false, func(line int, f []string) error {
		if len(f) != 2 {
			return fmt.Errorf("want class<TAB>words, got %d fields", len(f))
		}
		words := strings.Split(f[1], "|")
		switch {
		case strings.HasPrefix(f[0], "ctx:"):
			c := strings.TrimPrefix(f[0], "ctx:")
			if !schema.ValidContext(c) {
				return fmt.Errorf("unknown PLOVER context %q", c)
			}
			for _, w := range words {
				l.context[strings.ToLower(w)] = c
			}
		case strings.HasPrefix(f[0], "gender:"):
			g := strings.TrimPrefix(f[0], "gender:")
			for _, w := range words {
				l.gender[strings.ToLower(w)] = g[0]
			}
		default:
			p, ok := classes[f[0]]
			if !ok {
				return fmt.Errorf("unknown word class %q", f[0])
			}
			for _, w := range words {
				if f[0] == "stop" {
					w = strings.ToLower(w)
				}
				(*p)[w] = true
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("events.tsv", true, func(line int, f []string) error {
		if len(f) != 6 {
			return fmt.Errorf("want 6 columns, got %d", len(f))
		}
		pat := strings.Fields(f[0])
		if len(pat) == 0 || len(pat[0]) < 3 || pat[0][1] != ':' {
			return fmt.Errorf("bad pattern %q", f[0])
		}
		r := &eventRule{pos: pat[0][0], typ: f[1], mode: dash(f[2]), roles: f[4], needs: dash(f[5]), line: line}
		if _, ok := schema.LookupEventType(r.typ); !ok {
			return fmt.Errorf("unknown PLOVER type %q", r.typ)
		}
		if c := dash(f[3]); c != "" {
			for _, x := range strings.Split(c, ",") {
				if !schema.ValidContext(x) {
					return fmt.Errorf("unknown PLOVER context %q", x)
				}
				r.context = append(r.context, x)
			}
		}
		switch r.roles {
		case "so", "sto", "sym", "visit", "host", "s", "sfrom", "son", "sif", "sthat", "sat":
		default:
			return fmt.Errorf("unknown roles %q", r.roles)
		}
		if len(pat) > 1 {
			if !strings.HasPrefix(pat[1], "~") {
				return fmt.Errorf("second pattern field must start with ~")
			}
			r.after = strings.Split(strings.TrimPrefix(pat[1], "~"), ",")
		}
		forms := strings.Split(pat[0][2:], "|")
		r.head = forms[0]
		for _, w := range inflect(r.pos, forms) {
			l.events[w] = append(l.events[w], r)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("cues.tsv", true, func(line int, f []string) error {
		if len(f) != 4 {
			return fmt.Errorf("want 4 columns, got %d", len(f))
		}
		if len(f[0]) < 3 || f[0][1] != ':' {
			return fmt.Errorf("bad cue %q", f[0])
		}
		forms := strings.Split(f[0][2:], "|")
		c := &cueRule{lemma: forms[0], kind: f[1], stance: f[2], event: dash(f[3])}
		switch c.kind {
		case "say", "belief", "report", "question":
		default:
			return fmt.Errorf("unknown cue kind %q", c.kind)
		}
		if c.stance != schema.StanceAssert && c.stance != schema.StanceDeny {
			return fmt.Errorf("unknown stance %q", c.stance)
		}
		for _, w := range inflect(f[0][0], forms) {
			l.cues[w] = c
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return l, nil
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// readTSV calls fn for each data line of an embedded lexicon file; header
// skips the first data line (column names).
func readTSV(name string, header bool, fn func(line int, fields []string) error) error {
	b, err := lexiconFS.ReadFile("lexicon/" + name)
	if err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	seenHeader := !header
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !seenHeader {
			seenHeader = true
			continue
		}
		if err := fn(i+1, strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("lexicon %s:%d: %w", name, i+1, err)
		}
	}
	return nil
}

// inflect returns the surface forms of a lexicon head: for verbs the lemma
// with -s, -ed and -ing (and any irregular forms listed after it), for nouns
// the singular and plural, for W: the word itself.
func inflect(pos byte, forms []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		w = strings.ToLower(w)
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, f := range forms {
		add(f)
	}
	for _, f := range forms {
		l := strings.ToLower(f)
		if strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "ing") || (pos == 'V' && l != strings.ToLower(forms[0]) && !strings.HasSuffix(l, "e") && !strings.HasSuffix(l, "ise") && !strings.HasSuffix(l, "ize")) {
			continue // irregular forms are listed whole
		}
		inflectOne(pos, l, add)
	}
	return out
}

func inflectOne(pos byte, l string, add func(string)) {
	switch pos {
	case 'V':
		switch {
		case strings.HasSuffix(l, "e"):
			add(l + "s")
			add(l + "d")
			add(l[:len(l)-1] + "ing")
		case strings.HasSuffix(l, "y") && len(l) > 2 && !strings.ContainsAny(l[len(l)-2:len(l)-1], "aeiou"):
			add(l[:len(l)-1] + "ies")
			add(l[:len(l)-1] + "ied")
			add(l + "ing")
		case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x") || strings.HasSuffix(l, "z"):
			add(l + "es")
			add(l + "ed")
			add(l + "ing")
		case doublesFinal(l):
			// "drop" → "dropped", "ban" → "banning"
			c := l[len(l)-1:]
			add(l + "s")
			add(l + c + "ed")
			add(l + c + "ing")
		default:
			add(l + "s")
			add(l + "ed")
			add(l + "ing")
		}
	case 'N':
		switch {
		case strings.HasSuffix(l, "s"):
		case strings.HasSuffix(l, "y") && len(l) > 2 && !strings.ContainsAny(l[len(l)-2:len(l)-1], "aeiou"):
			add(l[:len(l)-1] + "ies")
		case strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x"):
			add(l + "es")
		default:
			add(l + "s")
		}
	}
}

// doublesFinal reports whether a short verb doubles its final consonant
// before -ed and -ing: one syllable ending consonant–vowel–consonant
// ("drop", "ban", "plan"). Longer verbs that double ("expel", "admit")
// list their forms in the lexicon.
func doublesFinal(l string) bool {
	if len(l) < 3 || len(l) > 4 {
		return false
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	a, b, c := l[len(l)-3], l[len(l)-2], l[len(l)-1]
	if vowel(a) || !vowel(b) || vowel(c) || strings.IndexByte("wxy", c) >= 0 {
		return false
	}
	// exactly one vowel group: "drop", "plan", but not "visit"
	n := 0
	for i := 0; i < len(l); i++ {
		if vowel(l[i]) && (i == 0 || !vowel(l[i-1])) {
			n++
		}
	}
	return n == 1
}

// Package extract turns one article into newsgraph's extraction record
// (shared/eval/FORMAT.md): actors, PLOVER events and attributed claims. It
// is pure — text and metadata in, schema.Record out, no I/O — and
// deterministic, so the same article always yields the same record.
//
// The pipeline runs in stages over one token array: text (tokens, sentences,
// part-of-speech tags), actors (gazetteer, titles, groups, coreference),
// claims (reported speech), events (PLOVER triggers from lexicon/*.tsv with
// participants from the clause), dates, and disputes between claims.
//
// Input rules, chosen so a batch never stops on one article: a body that is
// not valid UTF-8 is repaired (invalid bytes become U+FFFD) before anything
// else, and offsets refer to the repaired body, which the record's hash
// covers; a body over MaxBodyBytes is ErrTooLarge; an empty or blank body,
// or one with no words, yields a record with metadata and no actors, events
// or claims, and no error.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tag"
	"github.com/newsgraph/newsgraph/ingest/extract/gazetteer"
	"github.com/newsgraph/newsgraph/schema"
)

// Version names the extraction rules; bump it when rules or lexicons change
// so batch jobs re-read articles extracted by an older version.
const Version = "extract/0.3.12"

// MaxBodyBytes is the largest body Extract reads. News articles are a few
// tens of kilobytes; anything bigger is a scraping mistake (a whole site
// dump, a binary file) and would only produce noise.
const MaxBodyBytes = 10 << 20

// ErrTooLarge is returned for bodies over MaxBodyBytes.
var ErrTooLarge = errors.New("article body too large")

// Extractor holds the loaded gazetteer, lexicons and tagger. It is
// immutable after New and safe for concurrent Extract calls.
type Extractor struct {
	gaz *gazetteer.Gazetteer
	lex *lexicon
	tag *tag.Tagger
	// orgWords are the lower-case words of organisation names in the
	// gazetteer ("foreign", "ministry"): "Ukraine's foreign ministry" is
	// worth a lookup, "Ukraine's wheat exports" is not
	orgWords map[string]bool
	// firstWords holds the normalized first word of every gazetteer form
	// (and every person's last name): a token that starts none is not
	// looked up at all, which keeps the n-gram scan cheap
	firstWords map[string]bool
}

// New loads the gazetteer, the lexicons and prose's tagger model once.
func New() (*Extractor, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("extract: load gazetteer: %w", err)
	}
	l, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	tg, err := tag.New()
	if err != nil {
		return nil, fmt.Errorf("extract: load tagger: %w", err)
	}
	x := &Extractor{gaz: g, lex: l, tag: tg, orgWords: map[string]bool{}, firstWords: map[string]bool{}}
	for _, e := range g.Entries("") {
		forms := append(append(append([]string{e.Name}, e.Aliases...), e.Demonyms...), e.Capitals...)
		for _, f := range forms {
			words := strings.Fields(schema.NormalizeName(strings.Trim(f, "*~")))
			if len(words) == 0 {
				continue
			}
			x.firstWords[words[0]] = true
			if e.Kind == schema.KindPerson {
				x.firstWords[words[len(words)-1]] = true
			}
		}
	}
	for _, e := range g.Entries(schema.KindOrganization) {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range strings.Fields(strings.ToLower(strings.Trim(n, "*~"))) {
				x.orgWords[strings.Trim(w, ".,;:()")] = true
			}
		}
	}
	return x, nil
}

// doc is the working state of one Extract call.
type doc struct {
	x     *Extractor
	body  string
	toks  []token
	sents []sentence
	pub   time.Time

	actors      []*actorRec
	byID        map[string]int
	ments       []mention
	mentAt      []int32
	placeAt     []bool
	pending     []pendingMatch
	surnames    map[string]int
	sourceActor int

	quoteOf   []int32 // per token: index of the quoted span it is in, or -1
	quotes    [][2]int
	claims    []*claimRec
	claimAt   []int32 // per token: claim whose content covers it, or -1
	events    []*eventRec
	sentVia   map[int]int // sentence → actor named by "according to X"
	sentDate  map[int]string
	lastSpeak int // actor of the most recent claim
	lookups   map[string][]gazetteer.Match
	storyDate string // the day the story reports (see findStoryDate)
	// datelineEnd is the first token after a dateline at the start of
	// the story ("MOSCOW, Aug 14 (Reuters) -"), or 0
	datelineEnd int
	// instrumentObjects is set while reading an act whose direct object
	// is a thing used ("launched the North Korean missiles"): a demonym
	// there modifies the thing and names no recipient
	instrumentObjects bool
	// nounTrigger is set while reading the participants of a noun trigger
	nounTrigger bool
}

// Extract reads one article. See the package comment for how it treats
// invalid, empty and oversized input.
func (x *Extractor) Extract(in schema.Document) (rec schema.Record, err error) {
	if len(in.Body) > MaxBodyBytes {
		return schema.Record{}, fmt.Errorf("extract %s: %w (%d bytes, limit %d): split or trim the input", name(in), ErrTooLarge, len(in.Body), MaxBodyBytes)
	}
	body := in.Body
	if !utf8.ValidString(body) {
		body = strings.ToValidUTF8(body, "\uFFFD")
	}
	sum := sha256.Sum256([]byte(body))
	rec.Article = in.ArticleMeta
	rec.Article.Hash = hex.EncodeToString(sum[:])
	rec.Article.Extractor = Version
	rec.Actors, rec.Events, rec.Claims = []schema.Actor{}, []schema.Event{}, []schema.Claim{}

	d := &doc{x: x, body: body, byID: map[string]int{}, surnames: map[string]int{}, sourceActor: -1,
		sentVia: map[int]int{}, sentDate: map[int]string{}, lastSpeak: -1,
		lookups: map[string][]gazetteer.Match{}}
	d.toks = tokenize(body)
	if len(d.toks) == 0 {
		return rec, nil
	}
	d.sents = splitSentences(body, d.toks)
	d.skipHeaderLine(&rec)
	tagSentences(x.tag, d.toks, d.sents, nil)
	if t, ok := parsePublished(rec.Article.Published); ok {
		d.pub = t
	} else if t, ok := datelineDate(d.toks, d.sents); ok {
		d.pub = t
		rec.Article.Published = t.Format("2006-01-02")
	}
	n := len(d.toks)
	d.mentAt = make([]int32, n)
	d.claimAt = make([]int32, n)
	d.quoteOf = make([]int32, n)
	d.placeAt = make([]bool, n)
	for i := range d.mentAt {
		d.mentAt[i], d.claimAt[i], d.quoteOf[i] = -1, -1, -1
	}
	d.storyDate = d.findStoryDate()
	for si := 0; si < len(d.sents) && si < 3; si++ {
		if k := d.afterDateline(d.sents[si]); k > d.sents[si].first {
			d.datelineEnd = k
			break
		}
	}
	d.findQuotes()
	d.addSource(in.Source)
	d.findActors()
	for si := range d.sents {
		d.resolvePronouns(si)
		d.findClaims(si)
		d.findEvents(si)
	}
	d.dedupeClaims()
	d.findDisputes()
	d.output(&rec)
	return rec, nil
}

func name(in schema.Document) string {
	switch {
	case in.Origin != "":
		return in.Origin
	case in.ID != "":
		return in.ID
	}
	return in.URL
}

// skipHeaderLine drops a leading `date YYYY-MM-DD URL` line (the plain-text
// convention of our readers) from the sentences, using it as metadata when
// the document has none.
func (d *doc) skipHeaderLine(rec *schema.Record) {
	if len(d.sents) == 0 || d.toks[0].lower != "date" {
		return
	}
	s := d.sents[0]
	line := d.body[s.start:s.end]
	f := strings.Fields(line)
	if len(f) < 2 {
		return
	}
	if _, err := time.Parse("2006-01-02", f[1]); err != nil {
		return
	}
	if rec.Article.Published == "" {
		rec.Article.Published = f[1]
	}
	if rec.Article.URL == "" && len(f) > 2 {
		rec.Article.URL = f[2]
	}
	d.sents = d.sents[1:]
}

// findQuotes pairs quotation marks within each paragraph: curly quotes by
// direction, straight quotes by parity.
func (d *doc) findQuotes() {
	open := -1
	para := -1
	for _, s := range d.sents {
		if s.para != para {
			open, para = -1, s.para
		}
		for i := s.first; i < s.last; i++ {
			t := &d.toks[i]
			if t.kind != tkQuote || t.text == "’" || t.text == "'" || t.text == "‘" {
				continue
			}
			if open < 0 {
				if isCloseQuote(t) {
					continue
				}
				open = i
				continue
			}
			if isOpenQuote(t) {
				open = i
				continue
			}
			q := len(d.quotes)
			d.quotes = append(d.quotes, [2]int{open, i})
			for k := open + 1; k < i; k++ {
				d.quoteOf[k] = int32(q)
			}
			open = -1
		}
	}
}

// output assembles the record: actors that are mentioned or referenced, in
// order of first mention; events and claims in text order.
func (d *doc) output(rec *schema.Record) {
	used := map[int]bool{}
	for i, a := range d.actors {
		if len(a.mentions) > 0 {
			used[i] = true
		}
	}
	if d.sourceActor >= 0 {
		used[d.sourceActor] = true
	}
	ids := map[string]int{}
	for i, a := range d.actors {
		ids[a.id] = i
	}
	for _, e := range d.events {
		for _, x := range append(append([]int{}, e.sources...), e.targets...) {
			used[x] = true
		}
	}
	for _, c := range d.claims {
		if c.dropped {
			continue
		}
		used[c.claimant] = true
		for _, x := range append(append([]int{}, c.about...), c.via...) {
			used[x] = true
		}
	}
	var order []int
	for i := range d.actors {
		if used[i] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := d.actors[order[i]], d.actors[order[j]]
		if (a.firstTok < 0) != (b.firstTok < 0) {
			return a.firstTok >= 0
		}
		return a.firstTok < b.firstTok
	})
	inRecord := map[string]bool{}
	for _, i := range order {
		inRecord[d.actors[i].id] = true
	}
	for _, i := range order {
		a := d.actors[i]
		// a role's organisation is an actor id of the same record
		// (FORMAT.md); one the article never names keeps only its title
		var roles []schema.Role
		for _, r := range a.roles {
			if r.Org != "" && !inRecord[r.Org] {
				r.Org = ""
			}
			dup := false
			for _, x := range roles {
				dup = dup || (strings.EqualFold(x.Title, r.Title) && x.Org == r.Org)
			}
			if !dup {
				roles = append(roles, r)
			}
		}
		out := schema.Actor{ID: a.id, Kind: a.kind, Name: a.name, Country: a.country, Aliases: a.aliases, Roles: roles, Mentions: a.mentions}
		if out.Aliases == nil {
			out.Aliases = []string{}
		}
		rec.Actors = append(rec.Actors, out)
	}
	d.outputEvents(rec)
	d.outputClaims(rec)
}

func (d *doc) ids(xs []int) []string {
	out := make([]string, 0, len(xs))
	seen := map[string]bool{}
	for _, x := range xs {
		id := d.actors[x].id
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func (d *doc) sentSpan(si int) schema.Span {
	s := d.sents[si]
	return schema.Span{Start: s.start, End: s.end, Text: d.body[s.start:s.end]}
}

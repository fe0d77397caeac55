// Package gen writes a synthetic news corpus for scale tests and benchmarks:
// wire-style articles about every country, thousands of people with titles,
// ministries and international organisations, all sixteen PLOVER event types
// and attributed claims with denials, dated over years.
//
// The corpus is a pure function of (seed, article index): Document(i) builds
// article i from its own random stream, so any slice of a corpus of any size
// can be produced in any order with constant memory, and two runs with one
// seed give the same bytes. The text follows the conventions a rule-based
// extractor reads (a person is introduced with nationality, title and full
// name, then named by surname; countries by gazetteer names and demonyms;
// relative dates against the publication date), because the benchmarks
// measure the real extractor on it.
//
// Because the generator knows who does what to whom in every sentence, it
// also writes each article's gold annotation in shared/eval/FORMAT.md's
// format (Article, WriteGoldDir): newsgraph eval scores the extractor on a
// synthetic corpus of any size. Country names, demonyms and capitals come
// from the extractor's gazetteer, so a corpus is the same bytes for the same
// seed and the same code, not across gazetteer edits.
package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// Options shape a corpus. The zero value is a usable default.
type Options struct {
	// Start and End bound publication dates: [Start, End). Defaults:
	// 2019-01-01 and 2026-01-01.
	Start, End time.Time
	// People is about how many distinct people the corpus can name
	// (default 5000); each country gets an equal share, in every role.
	People int
	// Host is the host of the articles' URLs (default news.example.org).
	Host string
}

// Generator produces the articles of one corpus. It holds only the
// vocabulary, never articles, and is safe for concurrent use.
type Generator struct {
	seed    uint64
	v       *vocab
	start   time.Time
	days    int
	perRole int // people per country and role
	host    string
}

// New returns the generator of the corpus named by seed. It panics if the
// embedded vocabulary is malformed, which the package's tests rule out.
func New(seed int64, opts Options) *Generator {
	v, err := loadVocab()
	if err != nil {
		panic("gen: embedded vocabulary: " + err.Error())
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.End.IsZero() {
		opts.End = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opts.People <= 0 {
		opts.People = 5000
	}
	if opts.Host == "" {
		opts.Host = "news.example.org"
	}
	start := time.Date(opts.Start.Year(), opts.Start.Month(), opts.Start.Day(), 0, 0, 0, 0, time.UTC)
	days := int(opts.End.Sub(start).Hours() / 24)
	if days < 1 {
		days = 1
	}
	perCountry := (opts.People + len(v.countries) - 1) / len(v.countries)
	perRole := (perCountry + len(v.roles) - 1) / len(v.roles)
	return &Generator{seed: uint64(seed), v: v, start: start, days: days, perRole: perRole, host: opts.Host}
}

// Countries returns the ISO 3166-1 alpha-3 codes of the countries the corpus
// writes about.
func (g *Generator) Countries() []string {
	out := make([]string, len(g.v.countries))
	for i, c := range g.v.countries {
		out[i] = c.iso3
	}
	return out
}

// Triggers returns, for each PLOVER type, the verb phrases the corpus uses to
// report an event of that type.
func (g *Generator) Triggers() map[string][]string {
	out := map[string][]string{}
	for _, kind := range []string{"lead", "counter", "detail", "background"} {
		for _, t := range g.v.templates[kind] {
			if t.typ == "" {
				continue
			}
			out[t.typ] = append(out[t.typ], t.trigger)
		}
	}
	return out
}

// Titles returns every title the corpus puts before a person's name
// ("Foreign Minister", "Secretary of State", "Foreign Ministry
// spokesperson"; ambassadors as "Ambassador to"), so that an extractor's
// title list can be checked against the corpus.
func (g *Generator) Titles() []string {
	seen := map[string]bool{}
	var out []string
	add := func(rs []role) {
		for _, r := range rs {
			t := strings.TrimSpace(strings.ReplaceAll(r.prefix, "{HOST}", ""))
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	add(g.v.roles)
	for _, c := range g.v.countries {
		add(c.roles)
	}
	sort.Strings(out)
	return out
}

// splitmix64 spreads consecutive article numbers over the whole seed space,
// so neighbouring articles get unrelated random streams.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Document returns article i of the corpus.
func (g *Generator) Document(i int) schema.Document {
	return g.newArticle(i).write(i)
}

func (g *Generator) newArticle(i int) *article {
	s1 := splitmix64(g.seed ^ splitmix64(uint64(i)))
	r := rand.New(rand.NewPCG(s1, splitmix64(s1)))
	a := &article{g: g, r: r}
	a.pub = g.start.AddDate(0, 0, r.IntN(g.days))
	return a
}

// WriteJSONL writes articles 0…n-1 as JSON Lines with the fields the JSON
// Lines reader takes: id, url, title, published, source, body.
func (g *Generator) WriteJSONL(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		d := g.Document(i)
		if err := enc.Encode(jsonlArticle{ID: d.ID, URL: d.URL, Title: d.Title, Published: d.Published,
			Source: d.Source, Body: d.Body}); err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

type jsonlArticle struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Body      string `json:"body"`
}

// WriteDir writes articles 0…n-1 as plain-text files <id>.txt in dir (made
// if missing), in the plain-text reader's format (see Text).
func (g *Generator) WriteDir(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	for i := 0; i < n; i++ {
		d := g.Document(i)
		p := filepath.Join(dir, d.ID+".txt")
		if err := os.WriteFile(p, Text(d), 0o644); err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
	}
	return nil
}

// Text renders a document as a plain-text article: a first line
// "date YYYY-MM-DD URL", the title, a blank line and the body.
func Text(d schema.Document) []byte {
	b := make([]byte, 0, len(d.Body)+len(d.Title)+len(d.URL)+24)
	b = append(b, "date "...)
	b = append(b, d.Published...)
	b = append(b, ' ')
	b = append(b, d.URL...)
	b = append(b, '\n')
	b = append(b, d.Title...)
	b = append(b, "\n\n"...)
	b = append(b, d.Body...)
	b = append(b, '\n')
	return b
}

// person is a synthetic person, a pure function of (country, k).
type person struct {
	first, last string
	full        string
	country     int
	role        int
	host        int // for ambassadors: the country posted to
}

func (g *Generator) person(c, k int) person {
	v := g.v
	cn := v.countries[c]
	reg := &v.regions[cn.region]
	// q numbers the region's people; (q mod F, (q div F + q mod F) mod L)
	// gives each q below F×L its own first+last pair, so no two people of a
	// region share a name until the lists run out.
	q := k*reg.countries + cn.rank
	F, L := len(reg.first), len(reg.last)
	fi := q % F
	li := (fi + q/F) % L
	last := reg.last[li]
	if q >= F*L {
		last += "-" + reg.last[(li+1+q/(F*L))%L]
	}
	p := person{first: reg.first[fi], last: last, country: c, role: k % len(v.roles)}
	if reg.familyFirst {
		p.full = last + " " + p.first
	} else {
		p.full = p.first + " " + last
	}
	p.host = (c + 1 + k*37) % len(v.countries)
	if p.host == c {
		p.host = (p.host + 1) % len(v.countries)
	}
	return p
}

// companiesPerCountry is how many companies each country has: with about
// 200 countries, a corpus names a couple of thousand organisations besides
// the ministries and international bodies.
const companiesPerCountry = 12

// company is company k of country c: a surname of the country's region and a
// sector ("Alvarado Shipping"), unique within the region like people's names.
func (g *Generator) company(c, k int) string {
	v := g.v
	cn := &v.countries[c]
	reg := &v.regions[cn.region]
	sectors := v.lists[v.sectorList]
	q := k*reg.countries + cn.rank
	L := len(reg.last)
	return reg.last[(q+q/L)%L] + " " + sectors[(q/L)%len(sectors)].text
}

// drawPerson picks a person of country c in one of roles.
func (g *Generator) drawPerson(r *rand.Rand, c int, roles []int) person {
	k := roles[r.IntN(len(roles))] + len(g.v.roles)*r.IntN(g.perRole)
	return g.person(c, k)
}

func (g *Generator) drawCountry(r *rand.Rand, not ...int) int {
	cw := g.v.cumWeight
	for {
		x := r.IntN(cw[len(cw)-1])
		c := sort.SearchInts(cw, x+1)
		ok := true
		for _, n := range not {
			if n == c {
				ok = false
			}
		}
		if ok {
			return c
		}
	}
}

var numberWords = [...]string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

func itoa(n int) string {
	if n > 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return strconv.Itoa(n)
}

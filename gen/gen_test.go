package gen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/schema"
)

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name       string
		seedA      int64
		seedB      int64
		wantEqual  bool
		optsA      Options
		optsB      Options
		articleSet []int
	}{
		{name: "same seed, same bytes", seedA: 1, seedB: 1, wantEqual: true},
		{name: "other seed, other corpus", seedA: 1, seedB: 2, wantEqual: false},
		{name: "other dates, other corpus", seedA: 7, seedB: 7, wantEqual: false,
			optsB: Options{Start: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := New(tt.seedA, tt.optsA).WriteJSONL(&a, 300); err != nil {
				t.Fatal(err)
			}
			if err := New(tt.seedB, tt.optsB).WriteJSONL(&b, 300); err != nil {
				t.Fatal(err)
			}
			if got := bytes.Equal(a.Bytes(), b.Bytes()); got != tt.wantEqual {
				t.Errorf("corpora equal = %v, want %v", got, tt.wantEqual)
			}
		})
	}
}

// An article does not depend on the ones before it: any slice of a corpus
// can be produced on its own, in any order.
func TestDocumentIndependentOfOrder(t *testing.T) {
	g := New(3, Options{})
	want := map[int]schema.Document{}
	for i := 0; i < 50; i++ {
		want[i] = g.Document(i)
	}
	h := New(3, Options{})
	for i := 49; i >= 0; i-- {
		if got := h.Document(i); got != want[i] {
			t.Fatalf("article %d differs when produced out of order:\n%+v\n%+v", i, got, want[i])
		}
	}
}

// TestVariety checks that a thousand articles exercise what the benchmarks
// and the extractor need: every PLOVER type's trigger verbs, most of the
// world's countries, over a thousand distinct people, dates over years.
func TestVariety(t *testing.T) {
	const n = 1000
	g := New(1, Options{})
	var corpus strings.Builder
	years := map[string]bool{}
	ids := map[string]bool{}
	for i := 0; i < n; i++ {
		d := g.Document(i)
		if ids[d.ID] {
			t.Fatalf("article %d: duplicate id %s", i, d.ID)
		}
		ids[d.ID] = true
		years[d.Published[:4]] = true
		corpus.WriteString(d.Title)
		corpus.WriteString("\n")
		corpus.WriteString(d.Body)
		corpus.WriteString("\n")
	}
	text := corpus.String()

	triggers := g.Triggers()
	for _, et := range schema.EventTypes {
		found := ""
		for _, tr := range triggers[et.Name] {
			if strings.Contains(text, tr) {
				found = tr
				break
			}
		}
		if found == "" {
			t.Errorf("no trigger of %s (%q) in %d articles", et.Name, triggers[et.Name], n)
		}
	}
	for _, verb := range []string{"visited", "held talks with", "signed an agreement with", "praised", "agreed to",
		"imposed sanctions on", "expelled", "accused", "rejected", "threatened to", "deployed troops to",
		"launched strikes on", "protested", "released prisoners", "called on", "sent aid to", "seized",
		"told reporters", "according to", "denied", "dismissed"} {
		if !strings.Contains(strings.ToLower(text), verb) {
			t.Errorf("%q never appears in %d articles", verb, n)
		}
	}

	countries := 0
	v := g.v
	for _, c := range v.countries {
		if strings.Contains(text, c.name) || strings.Contains(text, c.adj+" ") {
			countries++
		}
	}
	if countries < 150 {
		t.Errorf("%d distinct countries named in %d articles, want ≥ 150", countries, n)
	}

	// People are introduced as "<Demonym> <Title> <First> <Last>" or
	// "<First> <Last>, <title>,": count the full names of the people each
	// article's annotation lists that its text really carries.
	people := map[string]bool{}
	for i := 0; i < n; i++ {
		d, gd := g.Article(i)
		for _, a := range gd.Actors {
			if a.Kind == schema.KindPerson && strings.Contains(d.Body, a.Name) {
				people[a.Name] = true
			}
		}
	}
	if len(people) < 1000 {
		t.Errorf("%d distinct people in %d articles, want ≥ 1000", len(people), n)
	}
	if len(years) < 6 {
		t.Errorf("publication years %v, want dates spread over 2019–2025", years)
	}
	t.Logf("%d articles: %d countries, %d people, %d years, %d bytes", n, countries, len(people), len(years), len(text))
}

// Person names are unique within their region as long as the name lists
// last, so one name never stands for two synthetic people.
func TestPeopleDistinct(t *testing.T) {
	for _, people := range []int{0, 40000} {
		t.Run(fmt.Sprint(people), func(t *testing.T) { testPeopleDistinct(t, people) })
	}
}

func testPeopleDistinct(t *testing.T, people int) {
	g := New(1, Options{People: people})
	seen := map[string]string{}
	for c, cn := range g.v.countries {
		for k := 0; k < len(g.v.roles)*g.perRole; k++ {
			p := g.person(c, k)
			who := cn.iso3 + "/" + g.v.roles[p.role].prefix
			if prev, ok := seen[p.full]; ok {
				t.Errorf("%s is both %s and %s", p.full, prev, who)
			}
			seen[p.full] = who
		}
	}
	if want := max(people, 5000); len(seen) < want {
		t.Errorf("%d people, want ≥ %d", len(seen), want)
	}
}

// Companies, like people, never share a name, and with the ministries and
// international bodies they make thousands of organisations.
func TestCompaniesDistinct(t *testing.T) {
	g := New(1, Options{})
	seen := map[string]string{}
	for c, cn := range g.v.countries {
		for k := 0; k < companiesPerCountry; k++ {
			name := g.company(c, k)
			if prev, ok := seen[name]; ok {
				t.Errorf("%s is a company of both %s and %s", name, prev, cn.iso3)
			}
			seen[name] = cn.iso3
		}
	}
	orgs := len(seen) + 2*len(g.v.countries) + len(g.v.lists[g.v.orgList])
	if orgs < 2000 {
		t.Errorf("%d organisations, want thousands", orgs)
	}
}

var (
	publishedRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	weekdayRe   = regexp.MustCompile(`on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
)

func TestWriteJSONL(t *testing.T) {
	start := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	const n = 500
	if err := New(9, Options{Start: start, End: end}).WriteJSONL(&buf, n); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		var a map[string]any
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		for _, f := range []string{"id", "url", "title", "published", "source", "body"} {
			s, ok := a[f].(string)
			if !ok || s == "" {
				t.Fatalf("line %d: field %q missing or empty: %v", lines, f, a)
			}
		}
		if len(a) != 6 {
			t.Errorf("line %d: %d fields, want 6", lines, len(a))
		}
		pub := a["published"].(string)
		if !publishedRe.MatchString(pub) {
			t.Fatalf("line %d: published %q", lines, pub)
		}
		p, _ := time.Parse("2006-01-02", pub)
		if p.Before(start) || !p.Before(end) {
			t.Errorf("line %d: published %s outside [%s, %s)", lines, pub, start.Format("2006-01-02"), end.Format("2006-01-02"))
		}
		body := a["body"].(string)
		if w := len(strings.Fields(body)); w < 60 || w > 400 {
			t.Errorf("line %d: %d words", lines, w)
		}
		if strings.Contains(body, "{") || strings.Contains(a["title"].(string), "{") {
			t.Errorf("line %d: unfilled placeholder: %s", lines, body)
		}
		// A weekday is one of the six days before publication, and the
		// dateline names the publication day.
		if m := weekdayRe.FindStringSubmatch(body); m != nil {
			ok := false
			for d := 1; d <= 6; d++ {
				if p.AddDate(0, 0, -d).Weekday().String() == m[1] {
					ok = true
				}
			}
			if !ok {
				t.Errorf("line %d: %q does not fall in the week before %s", lines, m[0], pub)
			}
		}
		if !strings.Contains(body, "("+p.Format("January 2")+")") && !strings.Contains(body, ", "+p.Format("January 2")+" (") {
			t.Errorf("line %d: dateline does not name %s: %.80s", lines, p.Format("January 2"), body)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != n {
		t.Errorf("%d lines, want %d", lines, n)
	}
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	g := New(4, Options{})
	if err := g.WriteDir(dir, 20); err != nil {
		t.Fatal(err)
	}
	d := g.Document(7)
	got := string(Text(d))
	first, rest, _ := strings.Cut(got, "\n")
	if want := "date " + d.Published + " " + d.URL; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	if !strings.HasPrefix(rest, d.Title+"\n\n"+d.Body) {
		t.Errorf("title and body not after the date line: %.200q", rest)
	}
}

func BenchmarkDocument(b *testing.B) {
	g := New(1, Options{})
	b.ReportAllocs()
	bytes := 0
	for i := 0; b.Loop(); i++ {
		bytes += len(g.Document(i).Body)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.SetBytes(int64(bytes / max(b.N, 1)))
}

func BenchmarkWriteJSONL(b *testing.B) {
	g := New(1, Options{})
	b.ReportAllocs()
	for b.Loop() {
		if err := g.WriteJSONL(io.Discard, 1000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "articles/s")
}

func TestTitles(t *testing.T) {
	g := New(1, Options{})
	got := strings.Join(g.Titles(), "|")
	for _, want := range []string{"Foreign Minister", "Secretary of State", "Foreign Ministry spokesperson", "Ambassador to", "Home Secretary"} {
		if !strings.Contains("|"+got+"|", "|"+want+"|") {
			t.Errorf("Titles() = %s, missing %q", got, want)
		}
	}
}

// Gold files must pass the project's own gold checker (every participant an
// actor of the file, known kinds, types and stances) and describe the
// article they sit beside.
func TestGold(t *testing.T) {
	g := New(5, Options{})
	types := map[string]bool{}
	modalities := map[string]int{}
	disputes, claims, optional := 0, 0, 0
	for i := 0; i < 300; i++ {
		d, gd := g.Article(i)
		if want := g.Document(i); want != d {
			t.Fatalf("article %d: Article and Document disagree", i)
		}
		b, err := json.Marshal(gd)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := eval.Parse(b)
		if err != nil {
			t.Fatalf("article %d: gold does not check: %v\n%s\n%s", i, err, Text(d), b)
		}
		if parsed.Article.File != d.ID+".txt" || parsed.Article.Published != d.Published {
			t.Errorf("article %d: gold names %+v", i, parsed.Article)
		}
		text := string(Text(d))
		for _, a := range gd.Actors {
			if a.Optional {
				optional++
				continue
			}
			found := strings.Contains(text, a.Name)
			for _, al := range a.Aliases {
				found = found || strings.Contains(text, al)
			}
			if !found {
				t.Errorf("article %d: actor %q (%v) is not in the text:\n%s", i, a.Name, a.Aliases, text)
			}
		}
		surnames := map[string]string{}
		for _, a := range gd.Actors {
			if a.Kind == schema.KindPerson {
				if other, ok := surnames[a.Aliases[0]]; ok {
					t.Errorf("article %d: %s and %s share a surname", i, other, a.Name)
				}
				surnames[a.Aliases[0]] = a.Name
			}
		}
		if len(gd.Events) < 3 {
			t.Errorf("article %d: %d gold events, want the lead, reaction and background at least", i, len(gd.Events))
		}
		for _, e := range gd.Events {
			if !e.Optional {
				types[e.Type[0]] = true
			}
			modalities[e.Modality]++
		}
		for _, c := range gd.Claims {
			if !strings.Contains(text, c.Text) {
				t.Errorf("article %d: claim text %q not in the article", i, c.Text)
			}
		}
		claims += len(gd.Claims)
		disputes += len(gd.Disputes)
	}
	if len(types) != len(schema.EventTypes) {
		t.Errorf("gold event types %v, want all %d PLOVER types", types, len(schema.EventTypes))
	}
	if modalities[schema.ModalityAlleged] == 0 || modalities[schema.ModalityDenied] == 0 {
		t.Errorf("event modalities %v: want the events accusations allege and denials deny", modalities)
	}
	if disputes == 0 || claims < 300 {
		t.Errorf("%d claims and %d disputes in 300 articles", claims, disputes)
	}
}

func TestWriteGoldDir(t *testing.T) {
	dir := t.TempDir()
	if err := New(6, Options{}).WriteGoldDir(dir, 10); err != nil {
		t.Fatal(err)
	}
	golds, err := eval.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(golds) != 10 {
		t.Fatalf("%d gold files, want 10", len(golds))
	}
	for _, gd := range golds {
		if gd.ArticlePath == "" {
			t.Errorf("%s: article not resolved", gd.Path)
		}
	}
}

// BenchmarkArticle measures generation with the gold annotation, against
// the text alone in the same run.
func BenchmarkArticle(b *testing.B) {
	g := New(1, Options{})
	for _, c := range []struct {
		name string
		fn   func(int)
	}{
		{"text", func(i int) { g.Document(i) }},
		{"text+gold", func(i int) { g.Article(i) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				c.fn(i)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// Every sentence starts with a capital letter, also inside a quotation that
// opens it and after a template that opens with "the United States".
func TestSentencesCapitalised(t *testing.T) {
	g := New(2, Options{})
	for i := 0; i < 500; i++ {
		d := g.Document(i)
		for _, para := range strings.Split(d.Title+"\n\n"+d.Body, "\n\n") {
			s := strings.TrimPrefix(para, `"`)
			if s == "" || s[0] < 'A' || s[0] > 'Z' {
				t.Errorf("article %d: paragraph starts in lower case: %.60q", i, para)
			}
			for j := 0; j+2 < len(s); j++ {
				if s[j] != '.' || s[j+1] != ' ' || strings.HasSuffix(s[:j], "U.S") {
					continue
				}
				rest := strings.TrimPrefix(s[j+2:], `"`)
				if rest != "" && 'a' <= rest[0] && rest[0] <= 'z' {
					t.Errorf("article %d: sentence starts in lower case: %.60q", i, rest)
				}
			}
		}
	}
}

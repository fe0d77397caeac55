package schema

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia", "russia"},
		{"  The   White House ", "white house"},
		{"U.S. Department of Defense", "us department of defense"},
		{"Sergei Shoigu’s", "sergei shoigus"},
		{"Erdoğan", "erdogan"},
		{"Army-2024", "army 2024"},
		{"Ｔｅｈｒａｎ", "tehran"}, // full-width letters fold under NFKC
		{"theocracy", "theocracy"},
		{"", ""},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestActorID(t *testing.T) {
	tests := []struct{ kind, name, iso, want string }{
		{KindCountry, "Russia", "rus", "country:RUS"},
		{KindPerson, "Sergei Shoigu", "RUS", "person:sergei-shoigu"},
		{KindOrganization, "U.S. Department of State", "USA", "org:us-department-of-state"},
		{KindGroup, "Iranian officials", "IRN", "group:iranian-officials"},
		{KindLocation, "Gulf of Oman", "", "location:gulf-of-oman"},
		{KindCountry, "Atlantis", "", "country:atlantis"},
	}
	for _, tt := range tests {
		if got := ActorID(tt.kind, tt.name, tt.iso); got != tt.want {
			t.Errorf("ActorID(%s, %q, %q) = %q, want %q", tt.kind, tt.name, tt.iso, got, tt.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://Example.ORG/a/b/?utm_source=x&id=2#top", "https://example.org/a/b?id=2"},
		{"https://example.org/", "https://example.org"},
		{"https://example.org/x?b=2&a=1", "https://example.org/x?a=1&b=2"},
		{"", ""},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := CanonicalURL(tt.in); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEventKeyIdentity(t *testing.T) {
	visit := Event{Type: "CONSULT", Mode: "visit", Sources: []string{"person:sergei-shoigu"}, Targets: []string{"country:IRN"}, Date: "2024-08-06", Modality: ModalityAsserted}
	drills := Event{Type: "COOPERATE", Sources: []string{"country:RUS", "country:IRN"}, Date: "2024", Modality: ModalityAsserted}
	tests := []struct {
		name      string
		a, b      Event
		pa, pb    string
		wantEqual bool
	}{
		{"same visit reported on another day of the month", visit, with(visit, func(e *Event) { e.Date = "2024-08" }), "2024-08-16", "2024-08-14", true},
		{"visitor and host are not interchangeable", visit, with(visit, func(e *Event) { e.Sources, e.Targets = e.Targets, e.Sources }), "", "", false},
		{"joint action ignores participant order and role", drills, with(drills, func(e *Event) { e.Sources = []string{"country:IRN"}; e.Targets = []string{"country:RUS"} }), "", "", true},
		{"planned and asserted differ", visit, with(visit, func(e *Event) { e.Modality = ModalityPlanned }), "", "", false},
		{"another month is another event", visit, with(visit, func(e *Event) { e.Date = "2024-09-02" }), "", "", false},
		{"undated events bucket by publication month", with(visit, func(e *Event) { e.Date = "" }), with(visit, func(e *Event) { e.Date = "" }), "2024-08-01", "2024-08-30", true},
		{"duplicate participants do not change identity", drills, with(drills, func(e *Event) { e.Sources = append(e.Sources, "country:RUS") }), "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := EventKey(tt.a, tt.pa), EventKey(tt.b, tt.pb)
			if (ka == kb) != tt.wantEqual {
				t.Errorf("keys %s and %s: equal=%v, want %v", ka, kb, ka == kb, tt.wantEqual)
			}
			if !strings.HasPrefix(ka, "event:") {
				t.Errorf("key %q lacks the event: prefix", ka)
			}
		})
	}
}

func TestClaimKeyIdentity(t *testing.T) {
	c := Claim{Claimant: "org:us-department-of-state", About: []string{"country:IRN", "country:RUS"}, Stance: StanceAssert, Text: "Iran is providing military support to Russia."}
	same := c
	same.About = []string{"country:RUS", "country:IRN"}
	same.Text = "iran is providing military support to russia"
	denied := c
	denied.Stance = StanceDeny
	if ClaimKey(c) != ClaimKey(same) {
		t.Error("the same claim with reordered about and other punctuation got two keys")
	}
	if ClaimKey(c) == ClaimKey(denied) {
		t.Error("an assertion and a denial share a key")
	}
}

func TestPLOVERTable(t *testing.T) {
	if len(EventTypes) != 16 {
		t.Fatalf("PLOVER has 16 event types, table has %d", len(EventTypes))
	}
	quads := map[string]int{}
	for _, et := range EventTypes {
		quads[et.Quad]++
		coop := et.Quad == QuadVerbalCooperation || et.Quad == QuadMaterialCooperation
		if coop && et.Score <= 0 {
			t.Errorf("%s is cooperation but scores %v", et.Name, et.Score)
		}
		if !coop && et.Score > 0 {
			t.Errorf("%s is conflict but scores %v", et.Name, et.Score)
		}
	}
	for q, n := range quads {
		if n != 4 && n != 3 && n != 5 {
			t.Errorf("quad class %s has %d types", q, n)
		}
	}
	tests := []struct {
		typ, mode string
		want      float64
	}{
		{"CONSULT", "visit", 4},
		{"CONSULT", "", 2.5},
		{"ACCUSE", "", -3},
		{"ACCUSE", "allege", -3.5},
		{"ASSAULT", "unconventional", -10},
		{"AID", "military", 10}, // a context, not a mode: the type's score
		{"NOPE", "", 0},
	}
	for _, tt := range tests {
		if got := Score(tt.typ, tt.mode); got != tt.want {
			t.Errorf("Score(%s, %s) = %v, want %v", tt.typ, tt.mode, got, tt.want)
		}
	}
	if !ValidContext("military") || ValidContext("sports") {
		t.Error("ValidContext disagrees with PLOVER's context list")
	}
}

func TestDQLDeclaresEveryTypePredicate(t *testing.T) {
	declared := map[string]bool{}
	for _, line := range strings.Split(DQL, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, ":"); i > 0 && !strings.HasPrefix(line, "#") {
			declared[line[:i]] = true
		}
	}
	inType := false
	for _, line := range strings.Split(DQL, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "type "):
			inType = true
		case line == "}":
			inType = false
		case inType && line != "" && !declared[line]:
			t.Errorf("type field %q has no predicate declaration", line)
		}
	}
	if !strings.Contains(DQL, "xid: string @index(exact) @upsert .") {
		t.Error("xid must be an @upsert exact-indexed key")
	}
}

func with(e Event, f func(*Event)) Event {
	e.Sources = append([]string(nil), e.Sources...)
	e.Targets = append([]string(nil), e.Targets...)
	f(&e)
	return e
}

// referenceNormalize is FORMAT.md's folding written as plainly as possible:
// NormalizeName's fast paths are held to it.
func referenceNormalize(s string) string {
	s = norm.NFKC.String(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(t, s); err == nil {
		s = folded
	}
	s = strings.ToLower(s)
	var b strings.Builder
	space := true
	for _, r := range s {
		switch {
		case r != utf8RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == '/':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimPrefix(strings.TrimRight(b.String(), " "), "the ")
}

const utf8RuneError = '\uFFFD'

var normalizeCases = []string{
	"", " ", "the", "The ", "the the Pentagon", "  U.S.  ", "Army-2024", "a/b_c", "O'Brien", "Ukraine's Western allies",
	"THE WEST", "x\ty\nz", "--lead", "trail--", "Théâtre", "Türkiye", "Kyiv’s", "ÅLAND", "ｆｕｌｌ", "\x1c", "a\x7fb", "1,000",
	"Russia’s Foreign Ministry", "Erdoğan", "Šoigu", "e\u0301cole", "ﬁnance", "서울", "Москва", "طهران", "北京", "Ⅻ century",
	"The\u00a0Hague", "the\u2003West", "İstanbul", "ß", "Ǆemal", "Ａ．Ｂ．", "\u200bzero width", "Çelik–Ömer", "bad\xffutf8",
	"½", "x²", "Ø", "Łódź", "Đorđe", "Nguyễn Phú Trọng", "ʼapostrophe", "\u2060", "ΑΘΗΝΑ", "a\xffb", "\xe2\x80", "e\xff\u0301",
}

func TestNormalizeNameMatchesReference(t *testing.T) {
	for _, c := range normalizeCases {
		if got, want := NormalizeName(c), referenceNormalize(c); got != want {
			t.Errorf("NormalizeName(%q) = %q, reference = %q", c, got, want)
		}
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, c := range normalizeCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeName(s), referenceNormalize(s); got != want {
			t.Errorf("NormalizeName(%q) = %q, reference = %q", s, got, want)
		}
	})
}

func BenchmarkNormalizeName(b *testing.B) {
	phrases := []string{"Russia", "the Pentagon", "U.S.", "Deputy Pentagon press secretary", "Russia’s Foreign Ministry", "Erdoğan"}
	b.Run("NormalizeName", func(b *testing.B) {
		for b.Loop() {
			for _, p := range phrases {
				NormalizeName(p)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			for _, p := range phrases {
				referenceNormalize(p)
			}
		}
	})
}

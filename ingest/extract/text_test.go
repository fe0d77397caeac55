package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "The ministers met in Oslo. They agreed on a plan.",
			[]string{"The ministers met in Oslo.", "They agreed on a plan."}},
		{"initialism", "The U.S. Treasury announced sanctions. Beijing protested.",
			[]string{"The U.S. Treasury announced sanctions.", "Beijing protested."}},
		{"glued", "Talks ended late on Friday.The envoy left for Cairo.",
			[]string{"Talks ended late on Friday.", "The envoy left for Cairo."}},
		{"glued quote", `He spoke of "a new chapter."Nobody answered.`,
			[]string{`He spoke of "a new chapter."`, "Nobody answered."}},
		{"quote opens glued", `The minister left the room."We will not sign," he said.`,
			[]string{"The minister left the room.", `"We will not sign," he said.`}},
		{"title abbreviation", "Gen. Mark Milley met Dr. Smith. Nothing followed.",
			[]string{"Gen. Mark Milley met Dr. Smith.", "Nothing followed."}},
		{"paragraphs", "First line without stop\n\nSecond paragraph here.",
			[]string{"First line without stop", "Second paragraph here."}},
		{"wrapped line", "The delegation arrived in Geneva\nfor talks on the ceasefire.",
			[]string{"The delegation arrived in Geneva\nfor talks on the ceasefire."}},
		{"domain", "See example.com for details. Then leave.",
			[]string{"See example.com for details.", "Then leave."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := tokenize(tc.in)
			var got []string
			for _, s := range splitSentences(tc.in, toks) {
				got = append(got, tc.in[s.start:s.end])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Russia’s envoy", "Russia|’s|envoy"},
		{"Tehran-Moscow ties", "Tehran|-|Moscow|ties"},
		{"the U.S. and U.K. said", "the|U.S.|and|U.K.|said"},
		{"2,000 troops and 3.5 billion", "2,000|troops|and|3.5|billion"},
		{"can’t stop", "can’t|stop"},
		{"cooperationWANA reported", "cooperation|WANA|reported"},
		{"McDonald spoke", "McDonald|spoke"},
		{"“Army 2024”", "“|Army|2024|”"},
	}
	for _, tc := range tests {
		var got []string
		for _, tk := range tokenize(tc.in) {
			if tc.in[tk.start:tk.end] != tk.text {
				t.Fatalf("%q: token %q has wrong offsets %d..%d", tc.in, tk.text, tk.start, tk.end)
			}
			got = append(got, tk.text)
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("tokenize(%q) = %s, want %s", tc.in, g, tc.want)
		}
	}
}

func TestFindDates(t *testing.T) {
	pub := time.Date(2024, 8, 16, 0, 0, 0, 0, time.UTC) // a Friday
	tests := []struct {
		in     string
		future bool
		want   string
	}{
		{"the talks on August 13 ended", false, "2024-08-13"},
		{"they will meet in October", true, "2024-10"},
		{"they met in October", false, "2023-10"},
		{"it happened earlier this month", false, "2024-08"},
		{"it happened last month", false, "2024-07"},
		{"the envoy arrived yesterday", false, "2024-08-15"},
		{"the envoy arrived on Monday", false, "2024-08-12"},
		{"the vote is on Friday", false, "2024-08-16"},
		{"a treaty signed in 1997 still holds", false, "1997"},
		{"on 3 March 2022 the column stopped", false, "2022-03-03"},
		{"in May 2023 the deal lapsed", false, "2023-05"},
		{"the Aug. 14 briefing", false, "2024-08-14"},
		{"last week officials met", false, "2024-08"},
		{"officials may march on", false, ""},
		{"they met three days ago", false, "2024-08-13"},
		{"two years ago the pact lapsed", false, "2022"},
		{"two days earlier the envoy left", false, "2024-08-14"},
		{"three days after the envoy left", false, "2024-08-13"},
	}
	for _, tc := range tests {
		toks := tokenize(tc.in)
		ds := findDates(toks, 0, len(toks), pub, tc.future)
		got := ""
		if len(ds) > 0 {
			got = ds[0].String()
		}
		if got != tc.want {
			t.Errorf("findDates(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDatelineDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"AGENCY (August 14)The ministry said in 2024 that talks went on.", "2024-08-14"},
		{"MOSCOW, Aug 14 (Reuters) - Officials met in 2024 again.", "2024-08-14"},
		{"Officials met on August 14 to talk.", ""},
	}
	for _, tc := range tests {
		toks := tokenize(tc.in)
		got := ""
		if d, ok := datelineDate(toks, splitSentences(tc.in, toks)); ok {
			got = d.Format("2006-01-02")
		}
		if got != tc.want {
			t.Errorf("datelineDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuickNorm(t *testing.T) {
	for _, w := range []string{"U.S.", "Russia", "Orbán", "D.P.R.K.", "Kara-Murza", "People's", "ŠOIGU", "Al-Sisi"} {
		want := ""
		if f := strings.Fields(schema.NormalizeName(w)); len(f) > 0 {
			want = f[0]
		}
		if got := quickNorm(w); got != want {
			t.Errorf("quickNorm(%q) = %q, want %q (schema.NormalizeName's first word)", w, got, want)
		}
	}
}

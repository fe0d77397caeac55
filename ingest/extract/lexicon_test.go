package extract

import (
	"strings"
	"testing"
)

func TestInflect(t *testing.T) {
	tests := []struct {
		pos   byte
		forms []string
		want  string
	}{
		{'V', []string{"visit"}, "visit visits visited visiting"},
		{'V', []string{"drop"}, "drop drops dropped dropping"},
		{'V', []string{"supply"}, "supply supplies supplied supplying"},
		{'V', []string{"praise"}, "praise praises praised praising"},
		{'V', []string{"meet", "met"}, "meet met meets meeted meeting"},
		{'V', []string{"criticize", "criticise"}, "criticize criticise criticizes criticized criticizing criticises criticised criticising"},
		{'N', []string{"sanction"}, "sanction sanctions"},
		{'W', []string{"joint"}, "joint"},
	}
	for _, tc := range tests {
		if got := strings.Join(inflect(tc.pos, tc.forms), " "); got != tc.want {
			t.Errorf("inflect(%c, %v) = %q, want %q", tc.pos, tc.forms, got, tc.want)
		}
	}
}

// TestLexiconLoads checks the embedded lexicons parse and name only PLOVER
// types and contexts (loadLexicon validates both).
func TestLexiconLoads(t *testing.T) {
	l, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"visited", "signing", "expelled", "rejected", "sanctions"} {
		if len(l.events[w]) == 0 {
			t.Errorf("no event rule for %q", w)
		}
	}
	for _, w := range []string{"said", "told", "denied", "believe", "reported"} {
		if l.cues[w] == nil {
			t.Errorf("no cue for %q", w)
		}
	}
}

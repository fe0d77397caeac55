package schema

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeName folds a name the way shared/eval/FORMAT.md compares names:
// Unicode NFKC, lower case, diacritics removed, punctuation removed, a leading
// "the" dropped, runs of spaces folded. Keys, search and the extractor's
// gazetteer all use it, so "Shoigu", "SHOIGU" and "Šoigu" meet in one node.
//
// It is on the extractor's hot path (every n-gram it tries), so ASCII text,
// where the Unicode steps change nothing, takes a byte loop, and other text
// runs the normalization forms one by one rather than through a
// transform.Chain, which allocates fresh buffers on every call.
func NormalizeName(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return normalizeUnicode(s)
		}
	}
	b := make([]byte, 0, len(s))
	space := true // drop leading spaces
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
			space = false
		case 'A' <= c && c <= 'Z':
			b = append(b, c+('a'-'A'))
			space = false
		case isWordBreak(rune(c)) || c == '\v' || c == '\f' || c == '\r' || c == '\n' || c == '\t' || c == ' ':
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
		// Other punctuation is removed without splitting ("U.S." → "us").
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	if len(b) >= 4 && string(b[:4]) == "the " {
		b = b[4:]
	}
	return string(b)
}

// isWordBreak reports the punctuation that separates words rather than
// disappearing: "Army-2024" ~ "Army 2024".
func isWordBreak(r rune) bool { return r == '-' || r == '_' || r == '/' }

func normalizeUnicode(s string) string {
	// Invalid bytes carry no letters; as U+FFFD they fall out below.
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFD.String(norm.NFKC.String(s))
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1 // a diacritic, split off by NFD
		}
		return r
	}, s)
	s = strings.ToLower(norm.NFC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || isWordBreak(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimRight(b.String(), " ")
	return strings.TrimPrefix(out, "the ")
}

// Slug turns a name into the lower-case, hyphenated form used in actor ids.
func Slug(s string) string {
	return strings.ReplaceAll(NormalizeName(s), " ", "-")
}

package schema

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// NormalizeName folds a name the way shared/eval/FORMAT.md compares names:
// Unicode NFKC, lower case, diacritics removed, punctuation removed, a leading
// "the" dropped, runs of spaces folded. Keys and search use the same folding,
// so "Shoigu", "SHOIGU" and "Šoigu" meet in one node.
func NormalizeName(s string) string {
	s = norm.NFKC.String(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(t, s); err == nil {
		s = folded
	}
	s = strings.ToLower(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == '/':
			// Hyphens and slashes separate words ("Army-2024" ~ "Army 2024").
			if !space {
				b.WriteByte(' ')
				space = true
			}
		default:
			// Other punctuation is removed without splitting ("U.S." → "us").
		}
	}
	out := strings.TrimRight(b.String(), " ")
	out = strings.TrimPrefix(out, "the ")
	return out
}

// Slug turns a name into the lower-case, hyphenated form used in actor ids.
func Slug(s string) string {
	return strings.ReplaceAll(NormalizeName(s), " ", "-")
}

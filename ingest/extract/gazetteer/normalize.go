package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/schema"
)

// normalize is schema.NormalizeName with a fast path for ASCII text, where
// the Unicode folding steps (NFKC, diacritic removal) change nothing, and a
// cheaper path for the rest (normalizeUnicode). Load
// folds some ten thousand forms and the extractor folds every n-gram it
// tries; schema.NormalizeName allocates transform buffers on each call,
// which alone made Load take 200 ms. TestNormalizeMatchesSchema holds the two
// to the same result.
func normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
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
		case c == ' ', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == '-', c == '_', c == '/':
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	if len(b) >= 4 && string(b[:4]) == "the " {
		b = b[4:]
	}
	return string(b)
}

// normalizeUnicode is schema.NormalizeName's folding done step by step:
// schema chains the NFD, mark-removal and NFC transformers, which allocates
// fresh 4 KiB buffers per call; news text reaches this path for every
// curly apostrophe ("Russia’s"). Invalid UTF-8 goes to schema unchanged.
func normalizeUnicode(s string) string {
	if !utf8.ValidString(s) {
		return schema.NormalizeName(s)
	}
	s = norm.NFKC.String(s)
	s = norm.NFD.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
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
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == '/':
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimRight(b.String(), " ")
	return strings.TrimPrefix(out, "the ")
}

// actorID is schema.ActorID for a person or organization, with the name
// slugged through normalize: the same key (TestEntriesValid checks every
// entry against schema.ActorID) at a fraction of the cost.
func (g *Gazetteer) actorID(kind, name string) string {
	p, ok := g.idPrefix[kind]
	if !ok {
		// "org:" from "org:x": the prefix schema gives the kind.
		id := schema.ActorID(kind, "x", "")
		p = id[:len(id)-1]
		g.idPrefix[kind] = p
	}
	return p + strings.ReplaceAll(normalize(name), " ", "-")
}

package gazetteer

import (
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// normalize is schema.NormalizeName with a fast path for ASCII text, where
// the Unicode folding steps (NFKC, diacritic removal) change nothing. Load
// folds some ten thousand forms and the extractor folds every n-gram it
// tries; schema.NormalizeName allocates transform buffers on each call,
// which alone made Load take 200 ms. TestNormalizeMatchesSchema holds the two
// to the same result.
func normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return schema.NormalizeName(s)
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

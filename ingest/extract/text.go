package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tag"
)

// The text stage: our own tokenizer and sentence splitter, with byte offsets
// into the body, and prose's averaged-perceptron tagger run on our tokens.
// prose's document pipeline segments with a Punkt model and runs its NER on
// every token, which is most of its cost and splits news text badly (it keeps
// `Islamic Republic."While` and `month.Pezeshkian` glued); the rules below
// are tuned for news copy and run in one pass.

type tokKind uint8

const (
	tkWord tokKind = iota
	tkNumber
	tkPunct
	tkQuote // any quotation mark; open/close is decided by context
)

type token struct {
	start, end int
	text       string
	lower      string
	tag        string // Penn Treebank tag from prose's tagger
	kind       tokKind
	cap        bool // first letter upper case
	upper      bool // every letter upper case, at least two letters
	gapBefore  bool // whitespace before the token
	nlBefore   int  // newlines in the gap before the token
}

func (t *token) isWord() bool { return t.kind == tkWord }

// sentence is a run of tokens [first, last) of the document.
type sentence struct {
	start, end  int // byte offsets of the sentence text
	first, last int // token indexes
	para        int // paragraph number (blank-line separated)
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true,
	"sen": true, "rep": true, "st": true, "gov": true, "prof": true, "maj": true, "capt": true,
	"adm": true, "sgt": true, "jr": true, "sr": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "vs": true, "etc": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "no": true, "pres": true, "amb": true, "min": true, "dept": true, "est": true,
	"approx": true, "fig": true, "mt": true, "ft": true, "rev": true, "hon": true,
}

// titleAbbrev are abbreviations that are always followed by a name, so a
// capitalised word after them never starts a sentence.
var titleAbbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true,
	"sen": true, "rep": true, "st": true, "gov": true, "prof": true, "maj": true, "capt": true,
	"adm": true, "sgt": true, "pres": true, "amb": true, "hon": true, "rev": true, "mt": true,
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '’', '‚', '‹', '›', '`':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits body into tokens. Words keep internal apostrophes
// ("can’t"), a possessive 's/’s is its own token, initialisms with periods
// ("U.S.", "U.N.") and known abbreviations keep their period, numbers keep
// internal separators ("2,000", "3.5"), hyphens separate words so
// "Tehran-Moscow" yields both capitals, and a lower-to-upper case change
// after four or more lower-case letters ("cooperationWANA", text glued by a
// scraper) splits a word.
func tokenize(body string) []token {
	toks := make([]token, 0, len(body)/5+1)
	i := 0
	n := len(body)
	gap := false
	nl := 0
	for i < n {
		r, size := utf8.DecodeRuneInString(body[i:])
		if r == '\n' {
			nl++
			gap = true
			i += size
			continue
		}
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\ufeff' || unicode.IsControl(r) {
			gap = true
			i += size
			continue
		}
		start := i
		var kind tokKind
		switch {
		case unicode.IsDigit(r):
			kind = tkNumber
			j := i + size
			for j < n {
				r2, s2 := utf8.DecodeRuneInString(body[j:])
				if unicode.IsDigit(r2) {
					j += s2
					continue
				}
				if (r2 == ',' || r2 == '.' || r2 == ':') && j+1 < n && body[j+1] >= '0' && body[j+1] <= '9' {
					j += s2
					continue
				}
				break
			}
			// "2024s", "10th", "5km"
			for j < n {
				r2, s2 := utf8.DecodeRuneInString(body[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
				kind = tkWord
			}
			i = j
		case unicode.IsLetter(r):
			kind = tkWord
			j := i + size
			lowerRun := 0
			if unicode.IsLower(r) {
				lowerRun = 1
			}
			for j < n {
				r2, s2 := utf8.DecodeRuneInString(body[j:])
				if isWordRune(r2) {
					if unicode.IsUpper(r2) && lowerRun >= 4 {
						break // camel-glued words
					}
					if unicode.IsLower(r2) {
						lowerRun++
					} else {
						lowerRun = 0
					}
					j += s2
					continue
				}
				if r2 == '\'' || r2 == '’' {
					// internal apostrophe: keep unless it starts a possessive 's
					k := j + s2
					if k < n {
						r3, s3 := utf8.DecodeRuneInString(body[k:])
						if unicode.IsLetter(r3) {
							if (r3 == 's' || r3 == 'S') && (k+s3 >= n || !isWordRuneAt(body, k+s3)) {
								break
							}
							j = k
							continue
						}
					}
				}
				break
			}
			// Initialisms: U.S., U.N., U.K., e.g.
			if j < n && body[j] == '.' && utf8.RuneCountInString(body[i:j]) == 1 && j+2 < n && isLetterAt(body, j+1) {
				k := j
				for k+1 < n && body[k] == '.' && isLetterAt(body, k+1) {
					_, s := utf8.DecodeRuneInString(body[k+1:])
					if k+1+s < n && body[k+1+s] == '.' {
						k = k + 1 + s
						continue
					}
					break
				}
				if k > j {
					j = k + 1 // include final period
				}
			} else if j < n && body[j] == '.' && abbreviations[strings.ToLower(body[i:j])] {
				if !(j+1 < n && isUpperAt(body, j+1)) || titleAbbrev[strings.ToLower(body[i:j])] {
					j++
				}
			}
			i = j
		case r == '\'' || r == '’':
			// possessive 's
			k := i + size
			if k < n && (body[k] == 's' || body[k] == 'S') && (k+1 >= n || !isWordRuneAt(body, k+1)) && len(toks) > 0 && !gap {
				kind = tkWord
				i = k + 1
			} else {
				kind = tkQuote
				i += size
			}
		default:
			if isQuoteRune(r) {
				kind = tkQuote
			} else {
				kind = tkPunct
			}
			i += size
			// runs of the same punctuation ("...", "--") are one token
			for i < n {
				r2, s2 := utf8.DecodeRuneInString(body[i:])
				if r2 != r || kind == tkQuote {
					break
				}
				i += s2
			}
		}
		if i <= start { // never loop forever
			i = start + size
		}
		t := token{start: start, end: i, text: body[start:i], kind: kind, gapBefore: gap, nlBefore: nl}
		t.lower = strings.ToLower(t.text)
		if kind == tkWord {
			first, _ := utf8.DecodeRuneInString(t.text)
			t.cap = unicode.IsUpper(first)
			letters, uppers := 0, 0
			for _, c := range t.text {
				if unicode.IsLetter(c) {
					letters++
					if unicode.IsUpper(c) {
						uppers++
					}
				}
			}
			t.upper = letters >= 2 && letters == uppers
		}
		toks = append(toks, t)
		gap = false
		nl = 0
	}
	return toks
}

func isWordRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isUpperAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}

func isOpenQuote(t *token) bool {
	return t.text == "“" || t.text == "„" || t.text == "«" || t.text == "‘" || t.text == "‹"
}

func isCloseQuote(t *token) bool {
	return t.text == "”" || t.text == "»" || t.text == "’" || t.text == "›"
}

// maxSentenceTokens bounds a sentence: real ones are far shorter, and the
// clause rules scan whole sentences.
const maxSentenceTokens = 160

// splitSentences groups tokens into sentences. A sentence ends at . ! ? (not
// an abbreviation) followed by a capitalised word, a quote, a digit or the
// end, with or without a space ("month.Pezeshkian"); at a blank line; at a
// single newline unless the line break falls inside a clause (the next line
// starts lower case after a word or comma); and where a scraper glued two
// blocks ("cooperationWANA"). Straight quotes are paired within a paragraph
// so `Republic."While` splits before the opening quote.
func splitSentences(body string, toks []token) []sentence {
	var out []sentence
	if len(toks) == 0 {
		return out
	}
	para := 0
	first := 0
	quoteOpen := false
	flush := func(last int) {
		if last > first {
			out = append(out, sentence{start: toks[first].start, end: toks[last-1].end, first: first, last: last, para: para})
		}
		first = last
	}
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if i-first >= maxSentenceTokens {
			// text with no sentence ends (a list, a table, junk): cut it
			// so every per-sentence rule stays bounded
			flush(i)
		}
		if i > first {
			prev := &toks[i-1]
			switch {
			case t.nlBefore >= 2:
				flush(i)
				para++
				quoteOpen = false
			case t.nlBefore == 1:
				if !(t.kind == tkWord && !t.cap && (prev.kind == tkWord || prev.text == ",")) {
					flush(i)
				}
			case !t.gapBefore && t.kind == tkWord && prev.kind == tkWord && t.cap && len(prev.text) >= 4 && !prev.cap && !prev.upper:
				// camel-glued block boundary
				flush(i)
			}
		}
		if t.kind == tkQuote && (t.text == "\"" || t.text == "``" || t.text == "''") {
			if !quoteOpen {
				quoteOpen = true
			} else {
				quoteOpen = false
			}
		}
		if t.kind != tkPunct || !(t.text == "." || t.text == "!" || t.text == "?" || t.text == "..." || t.text == "!!" || t.text == "??") {
			continue
		}
		// absorb closing quotes and brackets that belong to this sentence
		j := i + 1
		for j < len(toks) && !toks[j].gapBefore && (isCloseQuote(&toks[j]) || toks[j].text == ")" || toks[j].text == "]" ||
			(toks[j].text == "\"" && quoteOpen)) {
			if toks[j].text == "\"" {
				quoteOpen = false
			}
			j++
		}
		if j >= len(toks) {
			i = j - 1
			continue
		}
		nx := &toks[j]
		boundary := false
		switch {
		case nx.nlBefore > 0:
			boundary = true
		case nx.kind == tkWord && nx.cap:
			boundary = true
		case nx.kind == tkQuote || nx.kind == tkNumber:
			boundary = nx.gapBefore || nx.kind == tkQuote
		case nx.text == "(" || nx.text == "[" || nx.text == "-" || nx.text == "—" || nx.text == "–":
			boundary = nx.gapBefore
		}
		// "sputnikglobe.com": a glued lower-case continuation is no boundary
		if !nx.gapBefore && nx.kind == tkWord && !nx.cap {
			boundary = false
		}
		if boundary {
			flush(j)
			i = j - 1
		}
	}
	flush(len(toks))
	return out
}

// tagSentences runs prose's perceptron tagger over each sentence's tokens.
func tagSentences(tg *tag.Tagger, toks []token, sents []sentence, buf []tag.Token) {
	for _, s := range sents {
		n := s.last - s.first
		if cap(buf) < n {
			buf = make([]tag.Token, n)
		}
		b := buf[:n]
		for k := range b {
			b[k] = tag.Token{Text: toks[s.first+k].text}
		}
		tg.TagTokens(b)
		for k := range b {
			t := &toks[s.first+k]
			t.tag = b[k].Tag
			// the model reads a past form after a name or adverb as an
			// adjective at times ("the Union on Monday imposed"): after a
			// subject-like word it is a past-tense verb
			if k > 0 && t.tag == "JJ" && strings.HasSuffix(t.lower, "ed") {
				switch b[k-1].Tag {
				case "NNP", "NNPS", "PRP", "RB", "CC":
					t.tag = "VBD"
				}
			}
		}
	}
}

package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The date stage: a focused resolver for the expressions news copy uses
// ("August 13", "in October", "earlier this month", "last week",
// "yesterday", "on Monday", "2024"), resolved against the publication date
// with the precision the text supports. go-dateparser handles many more
// languages and forms, but it parses whole strings (it cannot find dates
// inside a sentence) and costs tens of microseconds per call; this resolver
// scans tokens once and is what the pipeline's throughput target allows.

type precision uint8

const (
	precYear precision = iota + 1
	precMonth
	precDay
)

// dateExpr is a date expression found in a sentence: tokens [first, last).
type dateExpr struct {
	first, last int
	t           time.Time
	prec        precision
	relative    bool // resolved against the publication date
}

func (d dateExpr) String() string {
	switch d.prec {
	case precYear:
		return fmt.Sprintf("%04d", d.t.Year())
	case precMonth:
		return fmt.Sprintf("%04d-%02d", d.t.Year(), int(d.t.Month()))
	case precDay:
		return d.t.Format("2006-01-02")
	}
	return ""
}

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

func monthOf(t *token) (time.Month, bool) {
	w := strings.TrimSuffix(t.lower, ".")
	m, ok := monthNames[w]
	if !ok {
		return 0, false
	}
	// "may" and "march" are verbs too: only capitalised forms count
	if (w == "may" || w == "march") && !t.cap {
		return 0, false
	}
	return m, true
}

func dayNumber(t *token) (int, bool) {
	s := t.lower
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > 31 {
		return 0, false
	}
	return d, true
}

func yearNumber(t *token) (int, bool) {
	if t.kind != tkNumber || len(t.text) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(t.text)
	if err != nil || y < 1900 || y > 2100 {
		return 0, false
	}
	return y, true
}

// findDates returns the date expressions in tokens [first, last). pub is the
// publication date (zero when unknown: relative expressions are skipped);
// future says the clause speaks of the future, which picks the year of a bare
// month ("in October" written in August is this October when planned, last
// October when reported as done).
func findDates(toks []token, first, last int, pub time.Time, future bool) []dateExpr {
	var out []dateExpr
	has := !pub.IsZero()
	for i := first; i < last; i++ {
		t := &toks[i]
		// ISO date 2024-08-16 (tokenized as number - number - number)
		if y, ok := yearNumber(t); ok && i+4 < last && toks[i+1].text == "-" && toks[i+3].text == "-" && !toks[i+1].gapBefore {
			mo, e1 := strconv.Atoi(toks[i+2].text)
			d, e2 := strconv.Atoi(strings.SplitN(toks[i+4].text, "T", 2)[0])
			if e1 == nil && e2 == nil && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
				out = append(out, dateExpr{first: i, last: i + 5, t: time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), prec: precDay})
				i += 4
				continue
			}
		}
		if m, ok := monthOf(t); ok {
			// Month Day[, Year] | Month Year | Month
			j := i + 1
			if j < last && toks[j].text == "." {
				j++
			}
			if j < last {
				if d, ok := dayNumber(&toks[j]); ok {
					k := j + 1
					if k < last && toks[k].text == "," {
						k++
					}
					if k < last {
						if y, ok := yearNumber(&toks[k]); ok {
							out = append(out, dateExpr{first: i, last: k + 1, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), prec: precDay})
							i = k
							continue
						}
					}
					if has {
						y := pickYear(pub, m, d, future)
						out = append(out, dateExpr{first: i, last: j + 1, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), prec: precDay, relative: true})
					}
					i = j
					continue
				}
				if y, ok := yearNumber(&toks[j]); ok {
					out = append(out, dateExpr{first: i, last: j + 1, t: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), prec: precMonth})
					i = j
					continue
				}
			}
			// a bare month needs a preposition or modifier before it to be a date
			if i > first && has {
				p := toks[i-1].lower
				if p == "in" || p == "since" || p == "until" || p == "by" || p == "early" || p == "late" || p == "mid" ||
					p == "last" || p == "next" || p == "this" || p == "of" || p == "from" || p == "through" || p == "-" || p == "before" || p == "after" {
					y := pickYear(pub, m, 15, future)
					if p == "last" {
						y = pickYear(pub, m, 15, false)
					} else if p == "next" {
						y = pickYear(pub, m, 15, true)
					}
					out = append(out, dateExpr{first: i, last: i + 1, t: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), prec: precMonth, relative: true})
				}
			}
			continue
		}
		// Day Month [Year]
		if d, ok := dayNumber(t); ok && t.kind == tkNumber && i+1 < last {
			if m, ok := monthOf(&toks[i+1]); ok {
				k := i + 2
				if k < last && toks[k].text == "." {
					k++
				}
				if k < last {
					if y, ok := yearNumber(&toks[k]); ok {
						out = append(out, dateExpr{first: i, last: k + 1, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), prec: precDay})
						i = k
						continue
					}
				}
				if has {
					out = append(out, dateExpr{first: i, last: i + 2, t: time.Date(pickYear(pub, m, d, future), m, d, 0, 0, 0, 0, time.UTC), prec: precDay, relative: true})
				}
				i++
				continue
			}
		}
		if y, ok := yearNumber(t); ok {
			// not part of a longer number or a range like "2,024"
			out = append(out, dateExpr{first: i, last: i + 1, t: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), prec: precYear})
			continue
		}
		if !has {
			continue
		}
		// "three days ago", "two weeks ago"; "two days earlier", "three
		// days after X did…" count back from the story's day
		if i+2 < last && (toks[i+2].lower == "ago" || toks[i+2].lower == "earlier" || toks[i+2].lower == "before" || toks[i+2].lower == "after" || toks[i+2].lower == "prior") {
			if n, ok := smallNumber(t); ok {
				switch toks[i+1].lower {
				case "day", "days":
					out = append(out, dateExpr{first: i, last: i + 3, t: pub.AddDate(0, 0, -n), prec: precDay, relative: true})
					i += 2
					continue
				case "week", "weeks":
					out = append(out, dateExpr{first: i, last: i + 3, t: pub.AddDate(0, 0, -7*n), prec: precMonth, relative: true})
					i += 2
					continue
				case "month", "months":
					out = append(out, dateExpr{first: i, last: i + 3, t: pub.AddDate(0, -n, 0), prec: precMonth, relative: true})
					i += 2
					continue
				case "year", "years":
					out = append(out, dateExpr{first: i, last: i + 3, t: pub.AddDate(-n, 0, 0), prec: precYear, relative: true})
					i += 2
					continue
				}
			}
		}
		switch t.lower {
		case "yesterday":
			out = append(out, dateExpr{first: i, last: i + 1, t: pub.AddDate(0, 0, -1), prec: precDay, relative: true})
		case "today":
			if i+1 < last && toks[i+1].lower == "'s" {
				continue
			}
			out = append(out, dateExpr{first: i, last: i + 1, t: pub, prec: precDay, relative: true})
		case "tomorrow":
			out = append(out, dateExpr{first: i, last: i + 1, t: pub.AddDate(0, 0, 1), prec: precDay, relative: true})
		case "this", "last", "next", "earlier", "later", "past", "previous", "coming":
			j := i + 1
			mod := t.lower
			if (mod == "earlier" || mod == "later") && j < last && toks[j].lower == "this" {
				j++
			}
			if j >= last {
				continue
			}
			unit := toks[j].lower
			if (mod == "earlier" || mod == "later") && j == i+1 {
				continue // "earlier" alone is no date
			}
			off := 0
			switch mod {
			case "last", "past", "previous":
				off = -1
			case "next", "coming":
				off = 1
			}
			switch unit {
			case "month":
				out = append(out, dateExpr{first: i, last: j + 1, t: pub.AddDate(0, off, 0), prec: precMonth, relative: true})
				i = j
			case "year":
				out = append(out, dateExpr{first: i, last: j + 1, t: pub.AddDate(off, 0, 0), prec: precYear, relative: true})
				i = j
			case "week":
				out = append(out, dateExpr{first: i, last: j + 1, t: pub.AddDate(0, 0, 7*off), prec: precMonth, relative: true})
				i = j
			case "weekend":
				out = append(out, dateExpr{first: i, last: j + 1, t: pub.AddDate(0, 0, 7*off), prec: precMonth, relative: true})
				i = j
			default:
				if wd, ok := weekdays[unit]; ok {
					out = append(out, dateExpr{first: i, last: j + 1, t: weekdayNear(pub, wd, off > 0 || (off == 0 && future)), prec: precDay, relative: true})
					i = j
				}
			}
		default:
			if wd, ok := weekdays[t.lower]; ok && t.cap {
				out = append(out, dateExpr{first: i, last: i + 1, t: weekdayNear(pub, wd, future), prec: precDay, relative: true})
			}
		}
	}
	return out
}

// pickYear chooses the year for a month and day written without one: the
// nearest occurrence on the side the tense points to.
func pickYear(pub time.Time, m time.Month, d int, future bool) int {
	y := pub.Year()
	cand := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	p := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	if future {
		if cand.Before(p.AddDate(0, 0, -1)) && p.Sub(cand) > 60*24*time.Hour {
			return y + 1
		}
		return y
	}
	if cand.After(p.AddDate(0, 0, 7)) {
		return y - 1
	}
	return y
}

// weekdayNear is the weekday closest before (or, for the future, after) pub.
func weekdayNear(pub time.Time, wd time.Weekday, future bool) time.Time {
	if future {
		d := (int(wd) - int(pub.Weekday()) + 7) % 7
		if d == 0 {
			d = 7
		}
		return pub.AddDate(0, 0, d)
	}
	// "on Wednesday" in a Wednesday paper is that day
	d := (int(pub.Weekday()) - int(wd) + 7) % 7
	return pub.AddDate(0, 0, -d)
}

// parsePublished reads the metadata's publication date: an ISO date or an
// RFC 3339 timestamp, or the first ten characters of anything longer.
func parsePublished(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, true
		}
	}
	if len(s) == 7 {
		if t, err := time.Parse("2006-01", s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// datelineDate reads the article date from a dateline near the start of the
// body when the metadata has none: "WANA (August 14)", "MOSCOW, Aug 14
// (Reuters) -", "August 14, 2024 -". A dateline without a year takes the year
// from the first plausible year in the body, else none is returned.
func datelineDate(toks []token, sents []sentence) (time.Time, bool) {
	limit := len(toks)
	if limit > 80 {
		limit = 80
	}
	year := 0
	for i := 0; i < len(toks) && i < 400; i++ {
		if y, ok := yearNumber(&toks[i]); ok {
			year = y
			break
		}
	}
	for i := 0; i < limit; i++ {
		m, ok := monthOf(&toks[i])
		if !ok || !toks[i].cap {
			continue
		}
		j := i + 1
		if j < limit && toks[j].text == "." {
			j++
		}
		if j >= limit {
			continue
		}
		d, ok := dayNumber(&toks[j])
		if !ok {
			continue
		}
		y := year
		k := j + 1
		if k < limit && toks[k].text == "," {
			k++
		}
		if k < limit {
			if yy, ok := yearNumber(&toks[k]); ok {
				y = yy
			}
		}
		// a dateline sits in parentheses, or is followed by a dash or a bracketed agency
		paren := i > 0 && toks[i-1].text == "("
		dash := false
		for k2 := j + 1; k2 < limit && k2 <= j+5; k2++ {
			if toks[k2].text == "-" || toks[k2].text == "—" || toks[k2].text == "–" || toks[k2].text == "(" {
				dash = true
				break
			}
		}
		if (paren || dash) && y > 0 {
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

var numberWords = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

func smallNumber(t *token) (int, bool) {
	if n, ok := numberWords[t.lower]; ok {
		return n, true
	}
	if t.kind == tkNumber && len(t.text) <= 3 {
		n, err := strconv.Atoi(t.text)
		return n, err == nil
	}
	return 0, false
}

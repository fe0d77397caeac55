package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// headerRe is the optional first line of a plain-text article:
// "date 2024-08-16 https://…" (leading space tolerated, URL optional).
var headerRe = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(\S+))?\s*$`)

// nameDateRe finds a publication date in a file name such as
// wana-2024-08-14-pentagon-monitoring.txt.
var nameDateRe = regexp.MustCompile(`(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})(?:[^0-9]|$)`)

// datelineRe is a wire-style dateline at the start of the body:
// "WANA (August 14)The U.S. …" or "TEHRAN (Reuters) - …" is not one (no date).
var datelineRe = regexp.MustCompile(`^\s*([A-Z][A-Za-z.&' -]{1,40}?)\s*\(((?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2})\)`)

// textDocument reads a plain-text article.
//
// When the first line is a header ("date YYYY-MM-DD [URL]") it gives the
// publication date and URL and is removed: the body, and so every evidence
// offset, starts after the header line's newline. Without a header the
// publication date comes from a YYYY-MM-DD in the file name, else from a
// dateline ("WANA (August 14)") whose year is the one that puts the date
// closest before the file's modification time; a dateline also names the
// source. The title is the first line when it is short and not a sentence.
func textDocument(b []byte, path string) (schema.Document, error) {
	text := strings.TrimPrefix(string(toUTF8(b, "text/plain")), "\ufeff")
	var d schema.Document
	first, rest, hasNL := strings.Cut(text, "\n")
	if m := headerRe.FindStringSubmatch(first); m != nil {
		d.Published = m[1]
		d.URL = m[2]
		if hasNL {
			text = rest
		} else {
			text = ""
		}
	}
	if strings.TrimSpace(text) == "" {
		return d, errors.New("empty input: no article text")
	}
	d.Body = text
	if d.Published == "" && path != "-" {
		if m := nameDateRe.FindStringSubmatch(filepath.Base(path)); m != nil {
			if _, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3]); err == nil {
				d.Published = m[1] + "-" + m[2] + "-" + m[3]
			}
		}
	}
	if m := datelineRe.FindStringSubmatch(text); m != nil {
		d.Source = strings.TrimSpace(m[1])
		if d.Published == "" {
			ref := time.Now()
			if info, err := os.Stat(path); err == nil {
				ref = info.ModTime()
			}
			d.Published = inferYear(m[2], ref)
		}
	}
	d.Title = textTitle(text)
	return d, nil
}

// inferYear dates "August 14" in the year that puts it at or before ref
// (allowing a day of clock skew).
func inferYear(monthDay string, ref time.Time) string {
	monthDay = strings.Replace(strings.TrimSpace(monthDay), ".", "", 1)
	monthDay = strings.Replace(monthDay, "Sept ", "Sep ", 1)
	for _, layout := range []string{"January 2", "Jan 2"} {
		t, err := time.Parse(layout, monthDay)
		if err != nil {
			continue
		}
		d := time.Date(ref.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if d.After(ref.Add(24 * time.Hour)) {
			d = d.AddDate(-1, 0, 0)
		}
		return d.Format("2006-01-02")
	}
	return ""
}

func textTitle(body string) string {
	for _, line := range strings.Split(body[:min(len(body), 2048)], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(line) <= 200 && !strings.HasSuffix(line, ".") && !datelineRe.MatchString(line) {
			return line
		}
		return ""
	}
	return ""
}

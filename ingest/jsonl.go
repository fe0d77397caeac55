package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// jsonArticle is one JSON Lines input line. body has the aliases text and
// content, which other news dumps use.
type jsonArticle struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Language  string `json:"language"`
	Body      string `json:"body"`
	Text      string `json:"text"`
	Content   string `json:"content"`
}

// readJSONL streams JSON Lines: one article per line, a malformed line is
// one failure (origin file:line) and reading goes on. Blank lines are
// skipped. The document id is the line's id, else its URL, else file:line.
func readJSONL(ctx context.Context, name string, br *bufio.Reader, emit EmitFunc, fail FailFunc) error {
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, MaxArticleBytes)
		origin := name + ":" + strconv.Itoa(lineNo)
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			switch {
			case tooLong:
				fail(Failure{Origin: origin, Stage: StageRead, Reason: fmt.Sprintf("line longer than %d MiB", MaxArticleBytes>>20)})
			case err != nil && !errors.Is(err, io.EOF):
				// A cut-off last line (truncated gzip) is reported with the
				// stream error below, not as bad JSON.
			default:
				doc, perr := jsonDocument(line)
				if eerr := deliver(origin, doc, perr, emit, fail); eerr != nil {
					return eerr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			fail(Failure{Origin: origin, Stage: StageRead, Reason: "reading stopped: " + err.Error()})
			return nil
		}
	}
}

// readJSONArray streams a JSON array of article objects (what many dumps
// and APIs give instead of JSON Lines), one element at a time; origins are
// file#N, N the 1-based element. An element that is not an article object is
// one failure; a syntax error ends the file, as the array cannot be resumed
// past it.
func readJSONArray(ctx context.Context, name string, r io.Reader, emit EmitFunc, fail FailFunc) error {
	dec := json.NewDecoder(r)
	if _, err := dec.Token(); err != nil {
		fail(Failure{Origin: name, Stage: StageRead, Reason: "invalid JSON: " + err.Error()})
		return nil
	}
	for i := 1; dec.More(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		origin := name + "#" + strconv.Itoa(i)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			fail(Failure{Origin: origin, Stage: StageRead, Reason: "invalid JSON, reading stopped: " + err.Error()})
			return nil
		}
		doc, err := jsonDocument(raw)
		if err := deliver(origin, doc, err, emit, fail); err != nil {
			return err
		}
	}
	return nil
}

func jsonDocument(line []byte) (schema.Document, error) {
	var a jsonArticle
	if err := json.Unmarshal(line, &a); err != nil {
		return schema.Document{}, fmt.Errorf("invalid JSON: %w", err)
	}
	d := schema.Document{ArticleMeta: schema.ArticleMeta{
		ID: a.ID, URL: strings.TrimSpace(a.URL), Title: strings.TrimSpace(a.Title),
		Published: NormalizeDate(a.Published), Source: strings.TrimSpace(a.Source), Language: a.Language,
	}}
	switch {
	case a.Body != "":
		d.Body = a.Body
	case a.Text != "":
		d.Body = a.Text
	default:
		d.Body = a.Content
	}
	if d.ID == "" {
		d.ID = d.URL
	}
	if strings.TrimSpace(d.Body) == "" {
		return d, errors.New(`no article text: the line has no "body" (or "text"/"content") field`)
	}
	return d, nil
}

// readLine reads one line without its newline, at most max bytes; a longer
// line is consumed and reported as tooLong rather than held in memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, e := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(e, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if e == io.EOF && len(line) == 0 && !tooLong {
			return nil, false, io.EOF
		}
		return line, tooLong, e
	}
}

// dateLayouts are the publication date shapes news dumps and feeds use.
var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z0700", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00",
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006", "2 January 2006", "Jan 2, 2006", "2006/01/02", "2006-01-02", "2006-01", "2006",
}

// NormalizeDate turns a publication date into what schema.ArticleMeta.Published
// holds: YYYY-MM-DD, RFC 3339 when a time is known, or the year/month prefix
// when only that is given. An unreadable date becomes "" rather than an
// unparseable value that would fail the whole article at write time.
func NormalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		switch layout {
		case "2006-01", "2006":
			return s
		case "January 2, 2006", "2 January 2006", "Jan 2, 2006", "2006/01/02", "2006-01-02":
			return t.Format("2006-01-02")
		}
		return t.UTC().Format(time.RFC3339)
	}
	return ""
}

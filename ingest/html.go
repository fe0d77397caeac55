package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/newsgraph/newsgraph/schema"
)

// htmlDocument takes a page's main text and its metadata (title, date,
// canonical URL, site name, language) with trafilatura, which drops
// navigation, ads and comments. pageURL, when known (a WARC target URI, a
// feed link), is used unless the page declares a canonical URL.
// contentType is the HTTP Content-Type when known, for the charset.
func htmlDocument(page []byte, pageURL, contentType string) (schema.Document, error) {
	page = toUTF8(page, contentType)
	opts := trafilatura.Options{ExcludeComments: true, EnableFallback: true}
	if pageURL != "" {
		if u, err := url.Parse(pageURL); err == nil {
			opts.OriginalURL = u
		}
	}
	// Parse here rather than with trafilatura.Extract, whose parser guesses
	// the charset again from byte statistics and turns UTF-8 quotes into
	// mojibake; the page is UTF-8 by now.
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return schema.Document{}, fmt.Errorf("html: %w", err)
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil {
		return schema.Document{}, fmt.Errorf("html: %w", err)
	}
	// ContentText runs paragraphs and headings together with spaces, which
	// merges a headline into the first sentence; render the content tree
	// with one line per block instead.
	body := ""
	if res.ContentNode != nil {
		var buf bytes.Buffer
		if err := html.Render(&buf, res.ContentNode); err == nil {
			body = htmlText(buf.String())
		}
	}
	if body == "" {
		body = strings.TrimSpace(res.ContentText)
	}
	if body == "" {
		return schema.Document{}, errors.New("html: no main text found in the page")
	}
	m := res.Metadata
	d := schema.Document{Body: body}
	d.Title = strings.TrimSpace(m.Title)
	d.URL = pageURL
	if m.URL != "" && (strings.HasPrefix(m.URL, "http://") || strings.HasPrefix(m.URL, "https://")) {
		d.URL = m.URL
	}
	if !m.Date.IsZero() {
		d.Published = m.Date.Format("2006-01-02")
	}
	d.Source = strings.TrimSpace(m.Sitename)
	d.Language = m.Language
	return d, nil
}

// toUTF8 decodes a page in another charset (declared by the Content-Type,
// a BOM or a meta tag, else guessed) to UTF-8, which trafilatura assumes.
// A page that is valid UTF-8 is left alone: charset detection looks only at
// the first KiB and would take an ASCII head for windows-1252.
func toUTF8(page []byte, contentType string) []byte {
	if utf8.Valid(page) {
		return page
	}
	enc, _, _ := charset.DetermineEncoding(page, contentType)
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return page
	}
	return out
}

// blockTags end a line in htmlText.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "blockquote": true, "tr": true, "section": true, "article": true,
}

// htmlText is the text of an HTML fragment (a feed item's description or
// content), one line per block element; scripts and styles are dropped.
func htmlText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			lines := strings.Split(b.String(), "\n")
			out := lines[:0]
			for _, l := range lines {
				if l = strings.Join(strings.Fields(l), " "); l != "" {
					out = append(out, l)
				}
			}
			return strings.Join(out, "\n")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style":
				skip++
			case blockTags[n]:
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style":
				if skip > 0 {
					skip--
				}
			case blockTags[n]:
				newline()
			}
		}
	}
}

package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsgraph/newsgraph/schema"
)

// readFeed reads an RSS, Atom or RDF feed: each item is an article. When an
// item links to a local file (a file:// URL or a path, relative to the
// feed's directory), that page is read (HTML or text, detected by content)
// and its text is the body; otherwise the item's content or description is.
// Item metadata (title, date, link, the feed's title as source) wins over the
// page's. Origins are feed#N, N the 1-based item number; ids the item's GUID,
// else its link.
func (r *Reader) readFeed(ctx context.Context, name string, in io.Reader, emit EmitFunc, fail FailFunc) error {
	feed, err := gofeed.NewParser().Parse(io.LimitReader(in, 8*MaxArticleBytes))
	if err != nil {
		fail(Failure{Origin: name, Stage: StageRead, Reason: "feed: " + err.Error()})
		return nil
	}
	dir := "."
	if name != "-" {
		dir = filepath.Dir(name)
	}
	for i, item := range feed.Items {
		if err := ctx.Err(); err != nil {
			return err
		}
		origin := name + "#" + strconv.Itoa(i+1)
		doc, err := r.feedItem(ctx, feed, item, dir)
		if err := deliver(origin, doc, err, emit, fail); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) feedItem(ctx context.Context, feed *gofeed.Feed, item *gofeed.Item, dir string) (schema.Document, error) {
	var d schema.Document
	link := strings.TrimSpace(item.Link)
	if link == "" && len(item.Links) > 0 {
		link = strings.TrimSpace(item.Links[0])
	}
	d.ID = strings.TrimSpace(item.GUID)
	if d.ID == "" {
		d.ID = link
	}
	if local, ok := localPath(link, dir); ok {
		page, err := r.readLocalPage(ctx, local)
		if err != nil {
			return d, fmt.Errorf("feed item link %s: %w", link, err)
		}
		page.ID, page.Origin = d.ID, ""
		d = page
	} else {
		if isWeb(link) {
			d.URL = link
		}
		d.Body = htmlText(item.Content)
		if strings.TrimSpace(d.Body) == "" {
			d.Body = htmlText(item.Description)
		}
		if strings.TrimSpace(d.Body) == "" {
			return d, errors.New("feed item has no text: no content, no description and no local page")
		}
	}
	if t := strings.TrimSpace(item.Title); t != "" {
		d.Title = t
	}
	switch {
	case item.PublishedParsed != nil:
		d.Published = item.PublishedParsed.UTC().Format(time.RFC3339)
	case item.UpdatedParsed != nil:
		d.Published = item.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	if t := strings.TrimSpace(feed.Title); t != "" {
		d.Source = t
	}
	if d.Language == "" {
		d.Language = feed.Language
	}
	return d, nil
}

// readLocalPage reads the one article of a local file.
func (r *Reader) readLocalPage(ctx context.Context, path string) (schema.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return schema.Document{}, err
	}
	defer f.Close()
	var (
		got  *schema.Document
		errs []string
	)
	err = r.ReadStream(ctx, path, docID(path), f,
		func(d schema.Document) error {
			if got == nil {
				got = &d
			}
			return nil
		},
		func(fl Failure) { errs = append(errs, fl.Reason) })
	if err != nil {
		return schema.Document{}, err
	}
	if got == nil {
		if len(errs) > 0 {
			return schema.Document{}, errors.New(strings.Join(errs, "; "))
		}
		return schema.Document{}, errors.New("no article in the linked page")
	}
	return *got, nil
}

func isWeb(link string) bool {
	l := strings.ToLower(link)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// localPath tells whether a feed link names a local file: a file:// URL, an
// absolute path or a path relative to the feed's directory that exists.
func localPath(link, dir string) (string, bool) {
	if link == "" || isWeb(link) || strings.HasPrefix(link, "//") {
		return "", false
	}
	p := link
	if strings.HasPrefix(strings.ToLower(link), "file:") {
		u, err := url.Parse(link)
		if err != nil {
			return "", false
		}
		p = u.Path
		if p == "" {
			p = u.Opaque
		}
	} else if strings.Contains(link, "://") {
		return "", false
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, filepath.FromSlash(p))
	}
	// A local link that cannot be read is the item's failure, not a reason
	// to fall back to the description silently.
	return p, true
}

package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// Extractor turns one article into its extraction record.
type Extractor interface {
	Extract(doc schema.Document) (schema.Record, error)
}

// ReadFunc reads the article file at path into a document (body, and any
// metadata the file itself carries).
type ReadFunc func(path string) (schema.Document, error)

// Document gives doc the metadata the gold promises the extractor: the gold
// id, and the gold's URL, publication date and source where it has them.
func (g *Gold) Document(doc schema.Document) schema.Document {
	doc.ID = g.ID
	if g.Article.URL != "" {
		doc.URL = g.Article.URL
	}
	if g.Article.Published != "" {
		doc.Published = g.Article.Published
	}
	if g.Article.Source != "" {
		doc.Source = g.Article.Source
	}
	if doc.Origin == "" {
		doc.Origin = g.ArticlePath
	}
	return doc
}

// Extract runs x over every gold article. An article that cannot be read or
// extracted is scored as having no prediction and its error returned beside
// the cases, so one broken article never stops the run.
func Extract(golds []*Gold, read ReadFunc, x Extractor) ([]Case, []error) {
	var cases []Case
	var errs []error
	for _, g := range golds {
		c := Case{Gold: g}
		doc, err := read(g.ArticlePath)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", g.ArticlePath, err))
			cases = append(cases, c)
			continue
		}
		rec, err := x.Extract(g.Document(doc))
		if err != nil {
			errs = append(errs, fmt.Errorf("extract %s: %w", g.ArticlePath, err))
		} else {
			c.Pred = &rec
		}
		cases = append(cases, c)
	}
	return cases, errs
}

// ReadRecords reads extraction records, one JSON object per line; blank
// lines are skipped and a bad line is an error naming it.
func ReadRecords(r io.Reader) ([]schema.Record, error) {
	var recs []schema.Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec schema.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		recs = append(recs, rec)
	}
	return recs, sc.Err()
}

// Cases pairs records with gold files: by article id (the gold file's name
// without .gold.json, or the article file's name without its extension),
// else by canonical URL. It returns the ids of records no gold claimed.
func Cases(golds []*Gold, recs []schema.Record) ([]Case, []string) {
	used := make([]bool, len(recs))
	find := func(ok func(schema.ArticleMeta) bool) *schema.Record {
		for i := range recs {
			if !used[i] && ok(recs[i].Article) {
				used[i] = true
				return &recs[i]
			}
		}
		return nil
	}
	var cases []Case
	for _, g := range golds {
		file := strings.TrimSuffix(filepath.Base(g.Article.File), filepath.Ext(g.Article.File))
		url := schema.CanonicalURL(g.Article.URL)
		p := find(func(a schema.ArticleMeta) bool { return a.ID == g.ID })
		if p == nil {
			p = find(func(a schema.ArticleMeta) bool { return a.ID == file })
		}
		if p == nil && url != "" {
			p = find(func(a schema.ArticleMeta) bool {
				return schema.CanonicalURL(a.URL) == url || schema.CanonicalURL(a.ID) == url
			})
		}
		cases = append(cases, Case{Gold: g, Pred: p})
	}
	var unmatched []string
	for i, ok := range used {
		if !ok {
			id := recs[i].Article.ID
			if id == "" {
				id = recs[i].Article.URL
			}
			unmatched = append(unmatched, id)
		}
	}
	return cases, unmatched
}

package server

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

// Extractor reads an article into a record (ingest/extract.Extractor).
type Extractor interface {
	Extract(doc schema.Document) (schema.Record, error)
}

// RecordStore is what ingestion needs of the store (store.Store).
type RecordStore interface {
	Write(ctx context.Context, recs []schema.Record) (store.WriteResult, error)
	HasArticle(ctx context.Context, articleKey, hash, extractorVersion string) (bool, error)
}

// ArticleIngester is the graph.Ingester behind the ingestArticle mutation:
// extract, then write unless the same text was already read by the same
// extractor version.
type ArticleIngester struct {
	Extractor Extractor
	Store     RecordStore
}

// Ingest implements graph.Ingester.
func (a ArticleIngester) Ingest(ctx context.Context, doc schema.Document) (schema.Record, bool, error) {
	rec, err := a.Extractor.Extract(doc)
	if err != nil {
		return rec, false, fmt.Errorf("extract %s: %w", doc.ID, err)
	}
	m := rec.Article
	if m.Hash != "" {
		seen, err := a.Store.HasArticle(ctx, schema.ArticleKey(m), m.Hash, m.Extractor)
		if err != nil {
			return rec, false, err
		}
		if seen {
			return rec, false, nil
		}
	}
	res, err := a.Store.Write(ctx, []schema.Record{rec})
	if err != nil {
		return rec, false, fmt.Errorf("write %s: %w", doc.ID, err)
	}
	if len(res.Records) == 1 && res.Records[0].Err != nil {
		return rec, false, fmt.Errorf("write %s: %w", doc.ID, res.Records[0].Err)
	}
	return rec, true, nil
}

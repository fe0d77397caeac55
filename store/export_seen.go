package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// ArticleSeen reports whether a batch ingest can skip an article: the
// article keyed articleKey was read from the same text (hash) by the same
// extractor version, or some article with the same text was (a wire story
// syndicated under several URLs). One query answers both; the hash lookup
// uses article.hash's exact index.
func (s *Store) ArticleSeen(ctx context.Context, articleKey, hash, extractorVersion string) (bool, error) {
	const q = `query q($k: string, $h: string, $v: string) {
  byKey(func: eq(xid, $k)) { article.hash article.extractor }
  byText(func: eq(article.hash, $h), first: 1) @filter(eq(article.extractor, $v)) { uid }
}`
	resp, err := s.dg.NewReadOnlyTxn().QueryWithVars(ctx, q, map[string]string{"$k": articleKey, "$h": hash, "$v": extractorVersion})
	if err != nil {
		return false, fmt.Errorf("look up article %s: %w", articleKey, err)
	}
	var out struct {
		ByKey []struct {
			Hash      string `json:"article.hash"`
			Extractor string `json:"article.extractor"`
		} `json:"byKey"`
		ByText []struct {
			UID string `json:"uid"`
		} `json:"byText"`
	}
	if err := json.Unmarshal(resp.Json, &out); err != nil {
		return false, fmt.Errorf("look up article %s: %w", articleKey, err)
	}
	if hash != "" && len(out.ByText) > 0 {
		return true, nil
	}
	for _, a := range out.ByKey {
		if (hash == "" || a.Hash == hash) && a.Extractor == extractorVersion {
			return true, nil
		}
	}
	return false, nil
}

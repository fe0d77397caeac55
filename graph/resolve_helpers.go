package graph

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/graph/model"
	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

// connection loads one page of an actor's events, claims or mentions
// through the batching loader.
func (r *Resolver) connection(ctx context.Context, kind string, obj *store.Actor, first *int, after, from, to *string) (store.ConnPage, error) {
	w, err := window(first, after)
	if err != nil {
		return store.ConnPage{}, err
	}
	rng, err := store.DateRange(from, to)
	if err != nil {
		return store.ConnPage{}, err
	}
	return r.loadersFor(ctx).conn.Load(ctx, store.ConnKey{Kind: kind, UID: obj.UID, Window: w, Range: rng})
}

func (r *Resolver) claims(ctx context.Context, uids []string) ([]*store.Claim, error) {
	cs, err := r.loadersFor(ctx).claim.LoadAll(ctx, uids)
	if err != nil {
		return nil, err
	}
	out := make([]*store.Claim, 0, len(cs))
	for _, c := range cs {
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

type authKey struct{}

// Authorized marks a request as carrying a valid API key; the server sets it.
func Authorized(ctx context.Context) context.Context {
	return context.WithValue(ctx, authKey{}, true)
}

// authorize refuses a mutation from a request without a valid API key.
func authorize(ctx context.Context) error {
	if ok, _ := ctx.Value(authKey{}).(bool); ok {
		return nil
	}
	return Errorf(CodeUnauthenticated, "mutations need an API key: send Authorization: Bearer <key>")
}

func errNotConfigured(what string) error {
	return fmt.Errorf("%s is not configured on this server", what)
}

// MaxBody bounds an ingested article's body.
const MaxBody = 2 << 20

// ingest runs the extractor and the store on one article and reports what
// it created or matched.
func (r *Resolver) ingest(ctx context.Context, in model.ArticleInput) (*model.IngestResult, error) {
	if r.Ingester == nil {
		return nil, errNotConfigured("ingest")
	}
	if len(in.Body) == 0 {
		return nil, Errorf(CodeBadUserInput, "body is empty")
	}
	if len(in.Body) > MaxBody {
		return nil, Errorf(CodeLimitExceeded, "body is %d bytes; at most %d", len(in.Body), MaxBody)
	}
	if in.Published != nil && *in.Published != "" {
		if _, _, err := store.ParseDate(*in.Published); err != nil {
			return nil, err
		}
	}
	doc := schema.Document{ArticleMeta: schema.ArticleMeta{
		URL: str(in.URL), Title: str(in.Title), Published: str(in.Published), Source: str(in.Source), Language: str(in.Language),
	}, Body: in.Body, Origin: "graphql"}
	doc.ID = doc.URL
	if doc.ID == "" {
		doc.ID = "graphql"
	}
	rec, changed, err := r.Ingester.Ingest(ctx, doc)
	if err != nil {
		return nil, err
	}
	res := &model.IngestResult{Changed: changed, Actors: []*store.Actor{}, Events: []*store.Event{}, Claims: []*store.Claim{}}
	if res.Article, err = r.Queries.Article(ctx, schema.ArticleKey(rec.Article)); err != nil {
		return nil, fmt.Errorf("read back ingested article: %w", err)
	}
	ids := make([]string, 0, len(rec.Actors))
	for _, a := range rec.Actors {
		ids = append(ids, a.ID)
	}
	actors, err := r.Queries.ActorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if a, ok := actors[id]; ok {
			res.Actors = append(res.Actors, a)
		}
	}
	for _, e := range rec.Events {
		ev, err := r.Queries.Event(ctx, schema.EventKey(e, rec.Article.Published))
		if err != nil {
			return nil, fmt.Errorf("read back event %s: %w", e.ID, err)
		}
		res.Events = append(res.Events, ev)
	}
	for _, c := range rec.Claims {
		cl, err := r.Queries.Claim(ctx, schema.ClaimKey(c))
		if err != nil {
			return nil, fmt.Errorf("read back claim %s: %w", c.ID, err)
		}
		res.Claims = append(res.Claims, cl)
	}
	return res, nil
}

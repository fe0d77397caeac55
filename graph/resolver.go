package graph

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/graph/model"
	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/store"
)

// Ingester reads one article into the graph: extraction and store write.
// It returns the record written and whether anything changed (false when
// the same text was already read by the same extractor version).
type Ingester interface {
	Ingest(ctx context.Context, doc schema.Document) (schema.Record, bool, error)
}

// Resolver holds what the resolvers need. Queries is required; Curation and
// Ingester may be nil, and the mutations that need them then answer
// INTERNAL with a logged reason.
type Resolver struct {
	Queries  *store.Queries
	Curation *store.Curation
	Ingester Ingester
	Log      zerolog.Logger
}

// NewSchema returns the executable schema with the complexity of every
// list field scaled by its page size, so FixedComplexityLimit bounds the
// work a query can ask for.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	c := Config{Resolvers: r}
	page := func(child int, first *int) int { return 1 + child*pageSize(first) }
	c.Complexity.Query.Actors = func(child int, _ *model.ActorFilter, first *int, _ *string) int { return page(child, first) }
	c.Complexity.Query.Events = func(child int, _ *model.EventFilter, first *int, _ *string) int { return page(child, first) }
	c.Complexity.Query.Claims = func(child int, _ *model.ClaimFilter, first *int, _ *string) int { return page(child, first) }
	c.Complexity.Query.Articles = func(child int, _ *model.ArticleFilter, first *int, _ *string) int { return page(child, first) }
	conn := func(child int, first *int, _, _, _ *string) int { return page(child, first) }
	c.Complexity.Actor.Events = conn
	c.Complexity.Actor.ClaimsMade = conn
	c.Complexity.Actor.ClaimsAbout = conn
	c.Complexity.Actor.Mentions = conn
	c.Complexity.Actor.Evidence = func(child int, first *int) int { return page(child, first) }
	// A relationship lists up to `first` events and claims: count its
	// children first/5 times (ten times at the default 50).
	c.Complexity.Query.Relationship = func(child int, _, _ string, _, _ *string, first *int) int {
		return 10 + child*max(1, intOr(first, store.DefaultRelItems)/5)
	}
	c.Complexity.Query.Paths = func(child int, _, _ string, _, k *int) int { return 10 + child*intOr(k, 3) }
	c.Complexity.Query.Neighborhood = func(child int, _ string, depth *int, _, _ []string, _, _ *string, limit *int) int {
		return 10 + child*max(1, intOr(limit, 100)/10)*intOr(depth, 1)
	}
	return NewExecutableSchema(c)
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// defaultPage is the page size when first is not given.
const defaultPage = 20

func pageSize(first *int) int {
	n := intOr(first, defaultPage)
	if n < 0 || n > store.MaxPage {
		return store.MaxPage
	}
	return n
}

// window reads first/after into a store.Window. A page over store.MaxPage is
// refused rather than clamped, so a client never takes a short page for
// the last one.
func window(first *int, after *string) (store.Window, error) {
	n := intOr(first, defaultPage)
	if n < 0 {
		return store.Window{}, Errorf(CodeBadUserInput, "first must not be negative")
	}
	if n > store.MaxPage {
		return store.Window{}, Errorf(CodeLimitExceeded, "first is %d; at most %d items per page: page with after", n, store.MaxPage)
	}
	w := store.Window{First: n}
	if after != nil && *after != "" {
		off, ok := decodeCursor(*after)
		if !ok {
			return store.Window{}, Errorf(CodeBadUserInput, "after is not a cursor this API returned")
		}
		w.Offset = off + 1
	}
	return w, nil
}

// Cursors are opaque to clients: base64 of "o:<offset>".
func cursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, bool) {
	if len(c) > 40 {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), "o:")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, false
	}
	return n, true
}

func pageInfo(offset, n, total int) *model.PageInfo {
	p := &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+n < total}
	if n > 0 {
		s, e := cursor(offset), cursor(offset+n-1)
		p.StartCursor, p.EndCursor = &s, &e
	}
	return p
}

// edges makes a page's edges, each with its cursor.
func edges[T, E any](items []T, offset int, edge func(cursor string, node T) E) []E {
	out := make([]E, len(items))
	for i, it := range items {
		out[i] = edge(cursor(offset+i), it)
	}
	return out
}

func actorConnection(p store.Page[*store.Actor]) *model.ActorConnection {
	return &model.ActorConnection{TotalCount: p.Total, PageInfo: pageInfo(p.Offset, len(p.Items), p.Total),
		Edges: edges(p.Items, p.Offset, func(c string, n *store.Actor) *model.ActorEdge { return &model.ActorEdge{Cursor: c, Node: n} })}
}

func eventConnection(items []*store.Event, offset, total int) *model.EventConnection {
	return &model.EventConnection{TotalCount: total, PageInfo: pageInfo(offset, len(items), total),
		Edges: edges(items, offset, func(c string, n *store.Event) *model.EventEdge { return &model.EventEdge{Cursor: c, Node: n} })}
}

func claimConnection(items []*store.Claim, offset, total int) *model.ClaimConnection {
	return &model.ClaimConnection{TotalCount: total, PageInfo: pageInfo(offset, len(items), total),
		Edges: edges(items, offset, func(c string, n *store.Claim) *model.ClaimEdge { return &model.ClaimEdge{Cursor: c, Node: n} })}
}

func articleConnection(p store.Page[*store.Article]) *model.ArticleConnection {
	return &model.ArticleConnection{TotalCount: p.Total, PageInfo: pageInfo(p.Offset, len(p.Items), p.Total),
		Edges: edges(p.Items, p.Offset, func(c string, n *store.Article) *model.ArticleEdge { return &model.ArticleEdge{Cursor: c, Node: n} })}
}

func mentionConnection(items []*store.Evidence, offset, total int) *model.MentionConnection {
	return &model.MentionConnection{TotalCount: total, PageInfo: pageInfo(offset, len(items), total),
		Edges: edges(items, offset, func(c string, n *store.Evidence) *model.MentionEdge { return &model.MentionEdge{Cursor: c, Node: n} })}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

type callerKey struct{}

// WithCaller records who makes the request (the API key's name), for the
// curation log.
func WithCaller(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, callerKey{}, name)
}

func caller(ctx context.Context) string {
	if s, ok := ctx.Value(callerKey{}).(string); ok && s != "" {
		return s
	}
	return "anonymous"
}

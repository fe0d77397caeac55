package graph

import (
	"context"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/newsgraph/newsgraph/store"
)

// loaders batch the lookups resolvers make per node (an actor's roles, a
// claim's disputes, a page of an actor's events) into one DQL request per
// kind and wave, so a list of 100 actors with their roles costs one query,
// not 100. They live for one request: their caches must not outlive it.
type loaders struct {
	actor      *dataloadgen.Loader[string, *store.Actor]
	roles      *dataloadgen.Loader[string, []*store.Role]
	mergedFrom *dataloadgen.Loader[string, []*store.Actor]
	claim      *dataloadgen.Loader[string, *store.Claim]
	conn       *dataloadgen.Loader[store.ConnKey, store.ConnPage]
}

// loaderWait is how long a loader collects keys before it queries: gqlgen
// resolves list elements concurrently, so siblings arrive within
// microseconds; the library's default 16 ms would dominate latency.
const loaderWait = 500 * time.Microsecond

func newLoaders(q *store.Queries) *loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(loaderWait), dataloadgen.WithBatchCapacity(200)}
	return &loaders{
		actor:      dataloadgen.NewLoader(byKey(q.ActorsByUID), opts...),
		roles:      dataloadgen.NewLoader(byKey(q.RolesByActor), opts...),
		mergedFrom: dataloadgen.NewLoader(byKey(q.MergedFrom), opts...),
		claim:      dataloadgen.NewLoader(byKey(q.ClaimsByUID), opts...),
		conn: dataloadgen.NewLoader(func(ctx context.Context, keys []store.ConnKey) ([]store.ConnPage, []error) {
			pages, err := q.Connections(ctx, keys)
			if err != nil {
				return nil, fill(len(keys), err)
			}
			return pages, nil
		}, opts...),
	}
}

// byKey adapts a map-returning batch query to a loader fetch; keys the
// query did not find load as the zero value (nil: no actor, no roles).
func byKey[V any](fetch func(context.Context, []string) (map[string]V, error)) func(context.Context, []string) ([]V, []error) {
	return func(ctx context.Context, keys []string) ([]V, []error) {
		m, err := fetch(ctx, keys)
		if err != nil {
			return nil, fill(len(keys), err)
		}
		out := make([]V, len(keys))
		for i, k := range keys {
			out[i] = m[k]
		}
		return out, nil
	}
}

func fill(n int, err error) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}

type loadersKey struct{}

// WithLoadersContext gives one request fresh loaders over q.
func WithLoadersContext(ctx context.Context, q *store.Queries) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(q))
}

// loadersFor returns the request's loaders, or fresh ones when the
// middleware was not installed (tests calling the executor directly).
func (r *Resolver) loadersFor(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(r.Queries)
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/store"
	"github.com/newsgraph/newsgraph/web"
)

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "serve the GraphQL API (/graphql, GraphiQL in a browser), /healthz, /metrics and the web UI",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			addr := fs.String("addr", ":8090", "listen address")
			keys := fs.String("api-keys", "", "comma-separated API keys, each KEY or NAME=KEY (the name is logged with merges); mutations need one")
			publicRead := fs.Bool("public-read", true, "allow queries without an API key")
			introspection := fs.Bool("introspection", true, "answer GraphQL introspection queries")
			timeout := fs.Duration("timeout", server.DefaultTimeout, "time limit of one request")
			maxBody := fs.Int64("max-body", server.DefaultMaxBodyBytes, "largest request body in bytes")
			complexity := fs.Int("complexity", server.DefaultComplexity, "largest query complexity (list fields count per item asked for)")
			depth := fs.Int("max-depth", server.DefaultMaxDepth, "deepest query selection")
			db := addDgraphFlags(fs)
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("%w: serve takes no arguments", errUsage)
				}
				apiKeys, err := parseAPIKeys(*keys)
				if err != nil {
					return fmt.Errorf("%w: --api-keys: %v", errUsage, err)
				}
				if len(apiKeys) == 0 {
					env.log.Warn().Msg("no --api-keys: mutations (ingestArticle, mergeActors, addAlias, splitActor) are refused")
				}
				if !*publicRead && len(apiKeys) == 0 {
					return fmt.Errorf("%w: --public-read=false needs --api-keys, or nobody can query", errUsage)
				}
				x, err := extract.New()
				if err != nil {
					return fmt.Errorf("extractor: %w", err)
				}
				st, closeStore, err := db.open(ctx, env)
				if err != nil {
					return err
				}
				dg := st.Dgraph()
				h := server.New(server.Config{
					Queries:       store.NewQueries(dg),
					Curation:      store.NewCuration(dg),
					Ingester:      server.ArticleIngester{Extractor: x, Store: st},
					APIKeys:       apiKeys,
					PublicRead:    *publicRead,
					Introspection: *introspection,
					Timeout:       *timeout,
					MaxBodyBytes:  *maxBody,
					Complexity:    *complexity,
					MaxDepth:      *depth,
					UI:            web.Handler(),
					Log:           env.log,
				})
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					return errors.Join(fmt.Errorf("listen on %s: %w", *addr, err), closeStore())
				}
				hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
				env.log.Info().Str("addr", ln.Addr().String()).Msg("serving: GraphQL at /graphql, UI at /")
				fmt.Fprintf(env.stdout, "newsgraph serving on http://%s/ (GraphQL at /graphql)\n", displayAddr(ln.Addr()))
				errc := make(chan error, 1)
				go func() { errc <- hs.Serve(ln) }()
				select {
				case err = <-errc:
				case <-ctx.Done():
					env.log.Info().Msg("interrupted; shutting down")
					sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					err = hs.Shutdown(sctx)
					cancel()
				}
				if errors.Is(err, http.ErrServerClosed) {
					err = nil
				}
				return errors.Join(err, closeStore())
			}
		},
	}
}

// parseAPIKeys reads "KEY" or "NAME=KEY" items, comma-separated.
func parseAPIKeys(s string) (map[string]string, error) {
	keys := map[string]string{}
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, key, ok := strings.Cut(item, "=")
		if !ok {
			name, key = fmt.Sprintf("key%d", i+1), item
		}
		if len(key) < 16 {
			return nil, fmt.Errorf("key %q is shorter than 16 characters", name)
		}
		keys[key] = name
	}
	return keys, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost" + s[4:]
	}
	return s
}

// uiHandler is the web UI mounted at /: the embedded build of web/.
func uiHandler() http.Handler { return web.Handler() }

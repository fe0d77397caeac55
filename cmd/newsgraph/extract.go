package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/schema"
)

// extractCommand prints one extraction record per article as JSON Lines, in
// input order. An article that cannot be read or extracted is logged and
// skipped; the command fails at the end if any was.
func extractCommand() command {
	return command{
		name:    "extract",
		summary: "read articles and print their extraction records (actors, events, claims) as JSON Lines",
		usage:   "[FILE|DIR…|-]",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			published := fs.String("published", "", "publication date (YYYY-MM-DD) for every article, overriding its metadata")
			source := fs.String("source", "", "publisher for every article, overriding its metadata")
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					args = []string{"-"}
				}
				x, err := extract.New()
				if err != nil {
					return err
				}
				out := bufio.NewWriter(env.stdout)
				defer out.Flush()
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				failed := 0
				reader := &ingest.Reader{Stdin: env.stdin}
				for _, path := range args {
					err := reader.Read(ctx, path, func(doc schema.Document) error {
						if *published != "" {
							doc.Published = *published
						}
						if *source != "" {
							doc.Source = *source
						}
						rec, err := x.Extract(doc)
						if err != nil {
							failed++
							env.log.Error().Err(err).Str("origin", doc.Origin).Msg("extract failed; article skipped")
							return nil
						}
						return enc.Encode(rec)
					}, func(f ingest.Failure) {
						failed++
						env.log.Error().Str("failure", f.String()).Msg("input skipped")
					})
					if err != nil {
						return fmt.Errorf("extract %s: %w", path, err)
					}
				}
				if failed > 0 {
					return errors.New(fmt.Sprintf("%d inputs could not be read or extracted (see the log above)", failed))
				}
				return nil
			}
		},
	}
}

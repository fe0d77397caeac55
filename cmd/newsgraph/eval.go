package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
	"github.com/newsgraph/newsgraph/schema"
)

func evalCommand() command {
	return command{
		name:    "eval",
		summary: "score extraction against gold annotations (shared/eval/FORMAT.md)",
		usage:   "",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			gold := fs.String("gold", "", "directory of *.gold.json files (or one gold file)")
			pred := fs.String("pred", "", "extraction records to score, JSON Lines (\"-\" for stdin); without it the extractor runs over each gold article")
			jsonOnly := fs.Bool("json", false, "print only the JSON summary line")
			verbose := fs.Bool("verbose", false, "add per-article scores and matched events with a wrong date or modality")
			return func(ctx context.Context, args []string) error {
				if *gold == "" || len(args) > 0 {
					return fmt.Errorf("%w: give --gold DIR and no arguments", errUsage)
				}
				golds, err := eval.LoadDir(*gold)
				if err != nil {
					return err
				}
				var cases []eval.Case
				var unmatched []string
				if *pred != "" {
					recs, err := readPredictions(env, *pred)
					if err != nil {
						return err
					}
					cases, unmatched = eval.Cases(golds, recs)
				} else {
					x, err := extract.New()
					if err != nil {
						return fmt.Errorf("extractor: %w", err)
					}
					var errs []error
					cases, errs = eval.Extract(golds, readArticle(ctx), x)
					for _, e := range errs {
						env.log.Warn().Err(e).Msg("article scored as unpredicted")
					}
				}
				report := eval.Score(cases)
				report.Unmatched = unmatched
				if *jsonOnly {
					return report.WriteJSON(env.stdout)
				}
				return report.WriteText(env.stdout, *verbose)
			}
		},
	}
}

func readPredictions(env *environment, path string) ([]schema.Record, error) {
	if path == "-" {
		recs, err := eval.ReadRecords(env.stdin)
		if err != nil {
			return nil, fmt.Errorf("predictions from stdin: %w", err)
		}
		return recs, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("predictions: %w", err)
	}
	defer f.Close()
	recs, err := eval.ReadRecords(f)
	if err != nil {
		return nil, fmt.Errorf("predictions %s: %w", path, err)
	}
	return recs, nil
}

// readArticle reads a gold article the way ingest reads a text file, so the
// extractor sees what an ingest run would give it.
func readArticle(ctx context.Context) eval.ReadFunc {
	return func(path string) (schema.Document, error) { return ingest.ReadOne(ctx, path) }
}

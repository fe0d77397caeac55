package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/extract"
)

func ingestCommand() command {
	return command{
		name:    "ingest",
		summary: "read articles (text, JSON Lines, HTML, RSS/Atom, WARC; gzipped or not) into the graph",
		usage:   "PATH…|-",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			workers := fs.Int("workers", runtime.NumCPU(), "extraction workers")
			batch := fs.Int("batch", 64, "records per store write")
			force := fs.Bool("force", false, "re-extract and rewrite articles already in the graph with the same text and extractor version")
			deadLetter := fs.String("dead-letter", "", "JSON Lines file that collects failed inputs (default: next to --report, else data/dead-letter.jsonl)")
			report := fs.String("report", "", "also write the run's summary as JSON to this file")
			progress := fs.String("progress", "auto", "progress display: bar, log, none, or auto (bar on a terminal, log lines otherwise)")
			db := addDgraphFlags(fs)
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return fmt.Errorf("%w: give files, directories or - (stdin) to ingest", errUsage)
				}
				dl := *deadLetter
				if dl == "" {
					dl = filepath.Join("data", "dead-letter.jsonl")
					if *report != "" {
						dl = filepath.Join(filepath.Dir(*report), "dead-letter.jsonl")
					}
				}
				var prog ingest.Progress
				switch *progress {
				case "bar":
					prog = ingest.NewBarProgress(env.stderr)
				case "log":
					prog = &ingest.LogProgress{Log: env.log}
				case "none":
				case "auto":
					if f, ok := env.stderr.(*os.File); ok && isTerminal(f) {
						prog = ingest.NewBarProgress(env.stderr)
					} else {
						prog = &ingest.LogProgress{Log: env.log}
					}
				default:
					return fmt.Errorf("%w: --progress %q: use bar, log, none or auto", errUsage, *progress)
				}
				x, err := extract.New()
				if err != nil {
					return fmt.Errorf("extractor: %w", err)
				}
				st, closeStore, err := db.open(ctx, env)
				if err != nil {
					return err
				}
				dead := ingest.NewDeadLetters(dl)
				sum, runErr := ingest.Run(ctx, ingest.Config{
					Workers:          *workers,
					Batch:            *batch,
					Force:            *force,
					ExtractorVersion: extract.Version,
					DeadLetters:      dead,
					Progress:         prog,
					Stdin:            env.stdin,
					Log:              env.log,
				}, x, st, args)
				err = errors.Join(runErr, dead.Close(), closeStore())
				fmt.Fprintf(env.stdout, "read %d, ingested %d, skipped %d, failed %d in %.1fs (%.1f articles/s, %d N-Quads, %.0f N-Quads/s)\n",
					sum.Read, sum.Ingested, sum.Skipped, sum.Failed, sum.Seconds, sum.ArticlesPerSec, sum.NQuads, sum.NQuadsPerSec)
				if sum.Interrupted {
					fmt.Fprintln(env.stdout, "interrupted: the articles read so far were written; run the same command again to finish")
				}
				if sum.Failed > 0 {
					fmt.Fprintf(env.stdout, "failures are listed in %s\n", sum.DeadLetter)
				}
				env.log.Info().Int64("read", sum.Read).Int64("ingested", sum.Ingested).Int64("skipped", sum.Skipped).
					Int64("failed", sum.Failed).Float64("seconds", sum.Seconds).Float64("articles_per_s", sum.ArticlesPerSec).
					Int64("nquads", sum.NQuads).Bool("interrupted", sum.Interrupted).Msg("ingest done")
				if *report != "" {
					b, jerr := json.MarshalIndent(sum, "", "  ")
					if jerr == nil {
						jerr = os.WriteFile(*report, append(b, '\n'), 0o644)
					}
					if jerr != nil {
						err = errors.Join(err, fmt.Errorf("report %s: %w", *report, jerr))
					}
				}
				if err != nil {
					return err
				}
				if sum.Failed > 0 {
					return fmt.Errorf("%d inputs failed; fix them and ingest the files named in %s again", sum.Failed, sum.DeadLetter)
				}
				if sum.Interrupted {
					// Non-zero so a script knows the corpus is not all in.
					return errors.New("interrupted before the end of the input; run the same command again to finish (finished articles are skipped)")
				}
				return nil
			}
		},
	}
}

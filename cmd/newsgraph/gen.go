package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/newsgraph/newsgraph/gen"
)

// genCommand writes a synthetic corpus for scale tests and benchmarks.
func genCommand() command {
	return command{
		name:    "gen",
		summary: "write a synthetic news corpus (JSON Lines or a directory of text files)",
		usage:   "",
		setup: func(fs *flag.FlagSet, env *environment) func(ctx context.Context, args []string) error {
			n := fs.Int("n", 10000, "number of articles")
			seed := fs.Int64("seed", 1, "corpus seed: the same seed writes the same bytes")
			out := fs.String("out", "-", "JSON Lines output file, - for stdout (format jsonl)")
			format := fs.String("format", "jsonl", "output format: jsonl or txtdir")
			dir := fs.String("dir", "", "output directory (format txtdir)")
			gold := fs.Bool("gold", false, "with --format txtdir: write each article's gold annotation beside it (<id>.gold.json) for newsgraph eval --gold DIR")
			from := fs.String("from", "2019-01-01", "first publication date (YYYY-MM-DD)")
			to := fs.String("to", "2025-12-31", "last publication date (YYYY-MM-DD)")
			people := fs.Int("people", 5000, "about how many distinct people the corpus names")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("%w: gen takes no arguments, got %q", errUsage, args)
				}
				if *n < 0 {
					return fmt.Errorf("%w: --n must be 0 or more", errUsage)
				}
				start, err := time.Parse("2006-01-02", *from)
				if err != nil {
					return fmt.Errorf("%w: --from %q: use YYYY-MM-DD", errUsage, *from)
				}
				end, err := time.Parse("2006-01-02", *to)
				if err != nil {
					return fmt.Errorf("%w: --to %q: use YYYY-MM-DD", errUsage, *to)
				}
				if !end.After(start) && !end.Equal(start) {
					return fmt.Errorf("%w: --to %s is before --from %s", errUsage, *to, *from)
				}
				if *gold && *format != "txtdir" {
					return fmt.Errorf("%w: --gold needs --format txtdir", errUsage)
				}
				g := gen.New(*seed, gen.Options{Start: start, End: end.AddDate(0, 0, 1), People: *people})
				began := time.Now()
				switch *format {
				case "jsonl":
					w := env.stdout
					if *out != "-" && *out != "" {
						f, err := os.Create(*out)
						if err != nil {
							return fmt.Errorf("gen: %w", err)
						}
						defer f.Close()
						w = f
						if err := g.WriteJSONL(w, *n); err != nil {
							return err
						}
						if err := f.Close(); err != nil {
							return fmt.Errorf("gen: %w", err)
						}
					} else if err := g.WriteJSONL(w, *n); err != nil {
						return err
					}
				case "txtdir":
					if *dir == "" {
						return fmt.Errorf("%w: --format txtdir needs --dir DIR", errUsage)
					}
					write := g.WriteDir
					if *gold {
						write = g.WriteGoldDir
					}
					if err := write(*dir, *n); err != nil {
						return err
					}
				default:
					return fmt.Errorf("%w: --format %q: use jsonl or txtdir", errUsage, *format)
				}
				el := time.Since(began)
				env.log.Info().Int("articles", *n).Int64("seed", *seed).Str("format", *format).
					Dur("took", el).Float64("articles_per_s", float64(*n)/el.Seconds()).Msg("generated")
				return nil
			}
		},
	}
}

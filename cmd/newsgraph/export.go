package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/export"
)

func exportCommand() command {
	return command{
		name:    "export",
		summary: "write the graph out as RDF N-Quads (for dgraph live/bulk), JSON Lines records or GraphML (Gephi)",
		usage:   "",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			format := fs.String("format", "rdf", "rdf, jsonl or graphml")
			out := fs.String("out", "", "output file (default: stdout)")
			db := addDgraphFlags(fs)
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("%w: export takes no arguments; use --format and --out", errUsage)
				}
				valid := false
				for _, f := range export.Formats {
					valid = valid || f == *format
				}
				if !valid {
					return fmt.Errorf("%w: --format %q: use %s", errUsage, *format, strings.Join(export.Formats, ", "))
				}
				st, closeStore, err := db.open(ctx, env)
				if err != nil {
					return err
				}
				var w io.Writer = env.stdout
				var f *os.File
				if *out != "" && *out != "-" {
					// Written beside the target and renamed when complete, so
					// a failed or interrupted export never leaves a file that
					// looks whole.
					if f, err = os.CreateTemp(filepath.Dir(*out), filepath.Base(*out)+".*.partial"); err != nil {
						return errors.Join(fmt.Errorf("export: %w", err), closeStore())
					}
					w = f
				}
				stats, err := export.Write(ctx, st.Dgraph(), *format, w)
				if f != nil {
					if cerr := f.Close(); err == nil {
						err = cerr
					}
					if err == nil {
						err = os.Chmod(f.Name(), 0o644) // CreateTemp's 0600 is for secrets
					}
					if err == nil {
						err = os.Rename(f.Name(), *out)
					}
					if err != nil {
						os.Remove(f.Name())
					}
				}
				err = errors.Join(err, closeStore())
				if err != nil {
					return fmt.Errorf("export %s: %w", *format, err)
				}
				env.log.Info().Str("format", *format).Str("out", *out).Int64("nodes", stats.Nodes).
					Int64("quads", stats.Quads).Int64("edges", stats.Edges).Msg("export done")
				return nil
			}
		},
	}
}

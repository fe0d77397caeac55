// Command newsgraph reads news articles into a knowledge graph of actors,
// PLOVER events and attributed claims stored in Dgraph, and serves it through
// a GraphQL API and an exploration UI. This package only wires: each
// subcommand lives in its own file and calls into the packages that do the
// work.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/rs/zerolog"
)

// command is one subcommand. setup registers its flags on fs and returns the
// function that runs it once flags are parsed; args are the positional
// arguments left after the flags.
type command struct {
	name    string
	summary string
	usage   string // positional arguments, e.g. "[FILE…|-]"
	setup   func(fs *flag.FlagSet, env *environment) func(ctx context.Context, args []string) error
}

// environment is what every command shares: its output streams and the
// logger configured from the common flags.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    zerolog.Logger
}

// commands lists every subcommand, in the order --help shows them.
func commands() []command {
	return []command{
		genCommand(),
		dgraphCommand(),
		ingestCommand(),
		exportCommand(),
		extractCommand(),
		evalCommand(),
		serveCommand(),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitUsage is returned for command-line mistakes (exit status 2).
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printTopUsage(stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	var cmd *command
	for i := range cmds {
		if cmds[i].name == args[0] {
			cmd = &cmds[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "newsgraph: unknown command %q; run 'newsgraph --help' for the list\n", args[0])
		return 2
	}
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("newsgraph "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	logLevel := fs.String("log-level", "info", "log level: trace, debug, info, warn, error")
	logFormat := fs.String("log-format", "auto", "log format: json, console, or auto (console on a terminal)")
	runFn := cmd.setup(fs, env)
	fs.Usage = func() { printCommandUsage(stdout, cmd, fs) }
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := applyEnv(fs, os.LookupEnv); err != nil {
		fmt.Fprintf(stderr, "newsgraph %s: %v\n", cmd.name, err)
		return 2
	}
	logger, err := newLogger(stderr, *logLevel, *logFormat)
	if err != nil {
		fmt.Fprintf(stderr, "newsgraph %s: %v\n", cmd.name, err)
		return 2
	}
	env.log = logger.With().Str("cmd", cmd.name).Logger()
	if err := runFn(ctx, fs.Args()); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "newsgraph %s: %v\n", cmd.name, err)
			return 2
		}
		env.log.Error().Err(err).Msg("failed")
		return 1
	}
	return 0
}

// envName is the environment variable that stands in for a flag:
// --dgraph-data → NEWSGRAPH_DGRAPH_DATA.
func envName(flagName string) string {
	return "NEWSGRAPH_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(flagName))
}

// applyEnv sets every flag not given on the command line from its
// environment variable, so that a flag always wins over the environment.
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v, ok := lookup(envName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", envName(f.Name), v, err))
			}
		}
	})
	return errors.Join(errs...)
}

func newLogger(w io.Writer, level, format string) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		return zerolog.Logger{}, fmt.Errorf("--log-level %q: use trace, debug, info, warn or error", level)
	}
	out := w
	switch format {
	case "json":
	case "console":
		out = zerolog.ConsoleWriter{Out: w}
	case "auto":
		if f, ok := w.(*os.File); ok && isTerminal(f) {
			out = zerolog.ConsoleWriter{Out: w}
		}
	default:
		return zerolog.Logger{}, fmt.Errorf("--log-format %q: use json, console or auto", format)
	}
	return zerolog.New(out).Level(lvl).With().Timestamp().Logger(), nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func printTopUsage(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "newsgraph: news articles into a knowledge graph of actors, events and claims.")
	fmt.Fprintln(w, "\nUsage: newsgraph COMMAND [flags] [args]\n\nCommands:")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'newsgraph COMMAND --help' for a command's flags. Every flag can also be")
	fmt.Fprintln(w, "set by an environment variable: --dgraph-data is NEWSGRAPH_DGRAPH_DATA.")
}

func printCommandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: newsgraph %s [flags] %s\n\n%s\n\nFlags:\n", c.name, c.usage, c.summary)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	for _, n := range names {
		f := fs.Lookup(n)
		def := ""
		if f.DefValue != "" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s\n      %s%s [$%s]\n", n, f.Usage, def, envName(n))
	}
}

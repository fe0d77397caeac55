package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsgraph/newsgraph/localdgraph"
	"github.com/newsgraph/newsgraph/store"
)

// dgraphFlags are the connection flags every command that uses the graph
// shares (serve, ingest, export…). Without --dgraph the command runs its own
// managed Dgraph (zero + alpha) from --dgraph-bin on --dgraph-data and stops
// it when it exits, so `newsgraph ingest` then `newsgraph serve` work on a
// machine where nothing was set up; while one command runs it, others on
// the same data dir use it.
type dgraphFlags struct {
	addr          string
	tlsCA         string
	tlsCert       string
	tlsKey        string
	tlsServerName string
	user          string
	password      string
	namespace     uint64
	managedFlags
}

// managedFlags say where the managed local Dgraph lives.
type managedFlags struct {
	data string
	bin  string
}

// addDgraphFlags registers the Dgraph connection flags on fs.
func addDgraphFlags(fs *flag.FlagSet) *dgraphFlags {
	f := &dgraphFlags{}
	fs.StringVar(&f.addr, "dgraph", "", "Dgraph alpha gRPC address host:port; empty runs a managed local Dgraph from --dgraph-bin on --dgraph-data")
	fs.StringVar(&f.tlsCA, "dgraph-tls-ca", "", "PEM file of the CA that signed the alpha's certificate (enables TLS)")
	fs.StringVar(&f.tlsCert, "dgraph-tls-cert", "", "PEM client certificate, for alphas that require mutual TLS")
	fs.StringVar(&f.tlsKey, "dgraph-tls-key", "", "PEM key of --dgraph-tls-cert")
	fs.StringVar(&f.tlsServerName, "dgraph-tls-server-name", "", "server name to verify in the alpha's certificate, with --dgraph-tls-ca (default: the host of --dgraph)")
	fs.StringVar(&f.user, "dgraph-user", "", "Dgraph ACL user (logs in when set)")
	fs.StringVar(&f.password, "dgraph-password", "", "password of --dgraph-user")
	fs.Uint64Var(&f.namespace, "dgraph-namespace", 0, "Dgraph namespace --dgraph-user logs into (0 is the default namespace)")
	f.managedFlags.register(fs)
	return f
}

func (m *managedFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.data, "dgraph-data", "data/dgraph", "data directory of the managed local Dgraph (kept between runs)")
	fs.StringVar(&m.bin, "dgraph-bin", defaultDgraphBin, "dgraph binary for the managed local Dgraph (built by `make dgraph`; the default is also looked up beside the newsgraph binary)")
}

// defaultDgraphBin is where `make dgraph` puts the binary, relative to the
// repository root.
const defaultDgraphBin = "bin/dgraph"

// binary is --dgraph-bin; left at its default and absent from the working
// directory, it is looked up beside the newsgraph executable, so that
// bin/newsgraph finds bin/dgraph from any directory.
func (m *managedFlags) binary() string {
	exe, err := os.Executable()
	if err != nil {
		return m.bin
	}
	return dgraphBinary(m.bin, exe)
}

func dgraphBinary(bin, exe string) string {
	if bin != defaultDgraphBin || fileExists(bin) {
		return bin
	}
	if beside := filepath.Join(filepath.Dir(exe), "dgraph"); fileExists(beside) {
		return beside
	}
	return bin
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// start runs the managed local Dgraph until Stop. It returns once alpha is
// healthy; a cancelled ctx (SIGINT) during the start leaves nothing running.
// localdgraph keeps the port offset beside the data, since zero and alpha
// keep their addresses in their Raft logs and a data dir restarted on other
// ports never becomes healthy.
func (m *managedFlags) start(ctx context.Context, env *environment) (*localdgraph.Cluster, error) {
	c, err := localdgraph.Start(ctx, localdgraph.Config{Binary: m.binary(), DataDir: m.data, Logger: env.log})
	if err != nil {
		return nil, fmt.Errorf("start managed dgraph on %s (is another newsgraph using this data dir? or pass --dgraph host:port to use a running Dgraph): %w", m.data, err)
	}
	return c, nil
}

// runningAddr returns the gRPC address of the managed Dgraph when a process
// already runs its alpha on this data dir, or "".
func (m *managedFlags) runningAddr() (string, error) {
	addr, ok, err := localdgraph.SavedGRPCAddr(m.data)
	if err != nil || !ok {
		return "", err
	}
	dir, err := filepath.Abs(m.data)
	if err != nil {
		return "", err
	}
	if !alphaRunningOn(dir) {
		return "", nil
	}
	return addr, nil
}

// alphaRunningOn reports whether a `dgraph alpha` process holds its postings
// in dataDir/p, the way localdgraph starts it.
func alphaRunningOn(dataDir string) bool {
	postings := filepath.Join(dataDir, "p")
	return len(processes(func(args []string) bool {
		return slices.Contains(args, "alpha") && slices.Contains(args, postings)
	})) > 0
}

// processes returns the pids of the live processes whose arguments match
// (zombies have none and never match).
func processes(match func(args []string) bool) []int {
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var pids []int
	for _, path := range cmdlines {
		b, err := os.ReadFile(path)
		if err != nil || len(b) == 0 {
			continue // exited meanwhile, or a zombie
		}
		if match(strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// open connects to the Dgraph the flags name, or starts the managed one, and
// applies newsgraph's schema. The returned close function closes the store
// and stops the managed Dgraph, if any; call it exactly once.
func (f *dgraphFlags) open(ctx context.Context, env *environment) (*store.Store, func() error, error) {
	if f.addr == "" && (f.tlsCA != "" || f.tlsCert != "" || f.user != "") {
		return nil, nil, fmt.Errorf("%w: --dgraph-tls-* and --dgraph-user need --dgraph host:port (the managed local Dgraph runs without TLS or ACL)", errUsage)
	}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return nil, nil, fmt.Errorf("%w: --dgraph-tls-cert and --dgraph-tls-key go together", errUsage)
	}
	if f.tlsServerName != "" && f.tlsCA == "" && f.tlsCert == "" {
		return nil, nil, fmt.Errorf("%w: --dgraph-tls-server-name needs --dgraph-tls-ca (TLS is on only with a CA or a client certificate)", errUsage)
	}
	var cluster *localdgraph.Cluster
	addr := f.addr
	if addr == "" {
		if running, err := f.runningAddr(); err != nil {
			return nil, nil, err
		} else if running != "" {
			// Another newsgraph (say `make run`'s serve) runs the managed
			// Dgraph on this data dir: use it, and leave it running.
			env.log.Info().Str("dgraph", running).Str("data_dir", f.data).Msg("using the managed dgraph another newsgraph runs on this data dir")
			addr = running
		} else {
			c, err := f.start(ctx, env)
			if err != nil {
				return nil, nil, err
			}
			cluster, addr = c, c.GRPCAddr()
		}
	}
	stopCluster := func() error {
		if cluster == nil {
			return nil
		}
		return cluster.Stop()
	}
	s, err := f.connect(ctx, env.log, addr)
	if err != nil {
		return nil, nil, errors.Join(err, stopCluster())
	}
	env.log.Info().Str("dgraph", addr).Bool("managed", cluster != nil).Msg("graph store ready")
	return s, func() error { return errors.Join(s.Close(), stopCluster()) }, nil
}

// connect opens the store at addr and applies newsgraph's schema: on every
// start, since Alter is idempotent and a newer binary may add indexes.
func (f *dgraphFlags) connect(ctx context.Context, log zerolog.Logger, addr string) (*store.Store, error) {
	s, err := store.Open(ctx, store.Config{
		Addr:       addr,
		CACert:     f.tlsCA,
		Cert:       f.tlsCert,
		Key:        f.tlsKey,
		ServerName: f.tlsServerName,
		User:       f.user,
		Password:   f.password,
		Namespace:  f.namespace,
		Logger:     log,
	})
	if err != nil {
		return nil, fmt.Errorf("connect to dgraph at %s: %w", addr, err)
	}
	sctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	err = s.ApplySchema(sctx)
	cancel()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("apply schema to dgraph at %s: %w", addr, err), s.Close())
	}
	return s, nil
}

// dgraphCommand runs the managed local Dgraph in the foreground, for users
// who want to query it with other tools while no newsgraph command runs,
// or to point several commands at one Dgraph with --dgraph.
func dgraphCommand() command {
	return command{
		name:    "dgraph",
		summary: "run the managed local Dgraph with newsgraph's schema until interrupted; prints its addresses",
		setup: func(fs *flag.FlagSet, env *environment) func(context.Context, []string) error {
			m := &managedFlags{}
			m.register(fs)
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("%w: dgraph takes no arguments", errUsage)
				}
				f := &dgraphFlags{managedFlags: *m}
				if running, err := f.runningAddr(); err != nil {
					return err
				} else if running != "" {
					return fmt.Errorf("a managed dgraph already runs on %s: use it with --dgraph %s", f.data, running)
				}
				c, err := f.start(ctx, env)
				if err == nil {
					// The store only applies the schema here; other
					// clients use the Dgraph it leaves running.
					var s *store.Store
					if s, err = f.connect(ctx, env.log, c.GRPCAddr()); err == nil {
						err = s.Close()
					}
					if err != nil {
						err = errors.Join(err, c.Stop())
					}
				}
				if err != nil {
					if ctx.Err() != nil {
						// Interrupted while starting: what the user asked for.
						env.log.Info().Msg("interrupted before dgraph was ready; stopped")
						return nil
					}
					return err
				}
				fmt.Fprintf(env.stdout, "dgraph ready: grpc=%s http=%s data=%s\n", c.GRPCAddr(), c.HTTPAddr(), c.DataDir())
				fmt.Fprintf(env.stdout, "use it with: NEWSGRAPH_DGRAPH=%s newsgraph COMMAND   (Ctrl-C stops it)\n", c.GRPCAddr())
				<-ctx.Done()
				env.log.Info().Msg("interrupted; stopping dgraph")
				return c.Stop()
			}
		},
	}
}

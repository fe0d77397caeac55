// Package dgraphtest gives tests a real Dgraph: TestMain starts one zero +
// alpha pair per test binary from <repo>/bin/dgraph in a temp dir, and each
// test gets the shared client on a freshly dropped graph with newsgraph's
// schema. A test binary that cannot start Dgraph fails with a clear message;
// it never skips.
package dgraphtest

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"
	"github.com/rs/zerolog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/newsgraph/newsgraph/localdgraph"
	"github.com/newsgraph/newsgraph/schema"
)

// The one cluster of this test binary. Package-level because TestMain and
// the tests share it and testing offers no other channel between them.
var (
	mu      sync.Mutex
	cluster *localdgraph.Cluster
	conn    *grpc.ClientConn
	client  *dgo.Dgraph
	binary  string
)

// Start runs the tests of a package against a fresh Dgraph. Use it as
//
//	func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }
func Start(m *testing.M) int {
	if !flag.Parsed() {
		flag.Parse()
	}
	root, err := localdgraph.RepoRoot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "dgraphtest: %v\n", err)
		return 1
	}
	binary = filepath.Join(root, "bin", "dgraph")
	if _, err := os.Stat(binary); err != nil {
		fmt.Fprintf(os.Stderr, "dgraphtest: dgraph binary not found at %s: run `make dgraph` (these tests need a real Dgraph and do not skip)\n", binary)
		return 1
	}
	dir, err := os.MkdirTemp("", "newsgraph-dgraphtest-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "dgraphtest: temp dir: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	level := zerolog.WarnLevel
	if testing.Verbose() {
		level = zerolog.InfoLevel
	}
	logger := zerolog.New(zerolog.ConsoleWriter{Out: os.Stderr, NoColor: true}).Level(level).With().Timestamp().Logger()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	c, err := localdgraph.Start(ctx, localdgraph.Config{Binary: binary, DataDir: dir, Logger: logger, StartTimeout: 90 * time.Second})
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "dgraphtest: cannot start Dgraph for these tests: %v\n", err)
		return 1
	}
	cluster = c
	defer c.Stop()
	conn, err = grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)))
	if err != nil {
		fmt.Fprintf(os.Stderr, "dgraphtest: dial %s: %v\n", c.GRPCAddr(), err)
		return 1
	}
	defer conn.Close()
	client = dgo.NewDgraphClient(api.NewDgraphClient(conn))
	return m.Run()
}

// Client returns the shared client on an empty graph with schema.DQL
// applied. Tests of one package share one Dgraph, so they must not run in
// parallel with each other (no t.Parallel) when they call Client.
func Client(t testing.TB) *dgo.Dgraph {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if client == nil {
		t.Fatal("dgraphtest: no Dgraph running: call dgraphtest.Start(m) from TestMain")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := Reset(ctx, client); err != nil {
		t.Fatalf("dgraphtest: %v", err)
	}
	return client
}

// Reset drops all data and applies schema.DQL: a fresh graph.
func Reset(ctx context.Context, dg *dgo.Dgraph) error {
	if err := dg.Alter(ctx, &api.Operation{DropAll: true}); err != nil {
		return fmt.Errorf("drop all: %w", err)
	}
	if err := dg.Alter(ctx, &api.Operation{Schema: schema.DQL}); err != nil {
		return fmt.Errorf("apply schema: %w", err)
	}
	return nil
}

// GRPCAddr is alpha's gRPC address.
func GRPCAddr() string { return cluster.GRPCAddr() }

// HTTPAddr is alpha's HTTP address.
func HTTPAddr() string { return cluster.HTTPAddr() }

// ZeroGRPCAddr is zero's gRPC address (for `dgraph live --zero`).
func ZeroGRPCAddr() string { return cluster.ZeroGRPCAddr() }

// Binary is the path of bin/dgraph, for tests that run `dgraph live`.
func Binary() string { return binary }

// WaitIdle waits until alpha has used under a tenth of a CPU second over
// the last two seconds, as it does once the compactions and rollups that
// follow a large write have ended, or until max has passed. It reports how
// long it waited and whether alpha went idle. Benchmarks call it after
// loading a graph, so that they time queries, not the write's aftermath.
func WaitIdle(ctx context.Context, max time.Duration) (time.Duration, bool, error) {
	const step, window = 500 * time.Millisecond, 4 // four steps: two seconds
	began := time.Now()
	var samples []float64
	for {
		cpu, err := alphaCPUSeconds(ctx)
		if err != nil {
			return time.Since(began), false, err
		}
		samples = append(samples, cpu)
		if n := len(samples); n > window && samples[n-1]-samples[n-1-window] < 0.1 {
			return time.Since(began), true, nil
		}
		if time.Since(began) > max {
			return time.Since(began), false, nil
		}
		select {
		case <-ctx.Done():
			return time.Since(began), false, ctx.Err()
		case <-time.After(step):
		}
	}
}

// alphaCPUSeconds reads alpha's process_cpu_seconds_total from its
// Prometheus metrics.
func alphaCPUSeconds(ctx context.Context) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+HTTPAddr()+"/debug/prometheus_metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("alpha metrics: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_cpu_seconds_total "); ok {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("alpha metrics: %w", err)
	}
	return 0, errors.New("alpha metrics: no process_cpu_seconds_total")
}

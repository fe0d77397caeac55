// Package localdgraph runs a private Dgraph (one zero, one alpha) as child
// processes, for `newsgraph serve --local`, `make run` and tests. It never
// touches a Dgraph the user runs on the default ports: it picks a port offset
// whose five ports are all free, and stops the whole process group it started
// because Dgraph re-executes itself once.
package localdgraph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"
)

// Dgraph's base ports; --port_offset is added to each.
const (
	zeroGRPC      = 5080
	zeroHTTP      = 6080
	alphaInternal = 7080
	alphaHTTP     = 8080
	alphaGRPC     = 9080
)

// Config says which binary to run and where its data lives.
type Config struct {
	// Binary is the dgraph executable; default <repo>/bin/dgraph, found by
	// walking up from the working directory to go.mod.
	Binary string
	// DataDir holds zw/, p/, w/, t/ and the zero.log/alpha.log files;
	// default ./data/dgraph. Data persists across runs.
	DataDir string
	// PortOffset forces Dgraph's --port_offset; 0 picks a free one (never
	// the default ports, which a user's own Dgraph may hold) for a new data
	// dir, and the one it was created with for an existing one (kept in
	// DataDir/port_offset: Dgraph cannot move a data dir to other ports).
	PortOffset int
	// CacheMB bounds alpha's cache; default 512. It all goes to Badger's
	// block and index caches (cachePercentages).
	CacheMB int
	// StartTimeout bounds the wait for a healthy alpha; default 60 s.
	StartTimeout time.Duration
	Logger       zerolog.Logger
}

// Cluster is a running zero + alpha pair.
type Cluster struct {
	cfg    Config
	offset int
	zero   *proc
	alpha  *proc
	logs   []*os.File

	stopOnce sync.Once
	stopErr  error
	// release ends the goroutine whose locked thread started the
	// processes (see start).
	release chan struct{}
}

// Start launches zero and alpha and waits until alpha is healthy and its
// gRPC endpoint answers. On failure nothing is left running.
func Start(ctx context.Context, cfg Config) (*Cluster, error) {
	if cfg.Binary == "" {
		root, err := RepoRoot()
		if err != nil {
			return nil, fmt.Errorf("locate dgraph binary: %w", err)
		}
		cfg.Binary = filepath.Join(root, "bin", "dgraph")
	}
	if cfg.DataDir == "" {
		cfg.DataDir = filepath.Join("data", "dgraph")
	}
	if cfg.CacheMB == 0 {
		cfg.CacheMB = 512
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	if st, err := os.Stat(cfg.Binary); err != nil || st.IsDir() {
		return nil, fmt.Errorf("dgraph binary not found at %s: run `make dgraph`", cfg.Binary)
	}
	bin, err := filepath.Abs(cfg.Binary)
	if err != nil {
		return nil, err
	}
	cfg.Binary = bin
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	cfg.DataDir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dgraph data dir: %w", err)
	}

	// Zero records alpha's address in its WAL, so a data dir only restarts
	// on the ports it was created with: the offset is kept beside the data.
	saved, hasSaved, err := readOffset(dir)
	if err != nil {
		return nil, err
	}
	switch {
	case cfg.PortOffset != 0 && hasSaved && cfg.PortOffset != saved:
		return nil, fmt.Errorf("dgraph data in %s was created with port offset %d, not %d: drop the port setting or use another data dir", dir, saved, cfg.PortOffset)
	case cfg.PortOffset == 0 && !hasSaved && !emptyDir(filepath.Join(dir, "zw")):
		return nil, fmt.Errorf("%s holds Dgraph data but no %s file, so its ports are unknown (Dgraph cannot move a data dir to other ports): delete the directory, or write the port offset it was created with into %s",
			dir, offsetFile, filepath.Join(dir, offsetFile))
	case hasSaved:
		cfg.PortOffset = saved
		if !portsFree(saved) {
			return nil, fmt.Errorf("dgraph data in %s runs on port offset %d (alpha gRPC %d), and one of its ports is in use: is a Dgraph already running on this data dir? Stop it, or use another data dir",
				dir, saved, alphaGRPC+saved)
		}
	}

	// Another process may take a port between our check and Dgraph's bind,
	// so a fresh data dir that failed to start on a random offset is wiped
	// and retried with a new one.
	attempts := 3
	if cfg.PortOffset != 0 {
		attempts = 1
	}
	var lastErr error
	for i := 0; i < attempts; i++ {
		offset := cfg.PortOffset
		if offset == 0 {
			if offset, err = freeOffset(); err != nil {
				return nil, err
			}
		}
		if err := os.WriteFile(filepath.Join(dir, offsetFile), []byte(strconv.Itoa(offset)+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("dgraph data dir: %w", err)
		}
		c, err := start(ctx, cfg, offset)
		if err == nil {
			return c, nil
		}
		lastErr = err
		if ctx.Err() != nil || !errors.Is(err, errPortInUse) || hasSaved || cfg.PortOffset != 0 {
			break
		}
		cfg.Logger.Warn().Int("port_offset", offset).Msg("dgraph port taken during start; retrying with another offset")
		for _, d := range []string{"zw", "p", "w", "t", offsetFile} {
			os.RemoveAll(filepath.Join(dir, d))
		}
	}
	return nil, lastErr
}

// offsetFile, in the data dir, holds the port offset the data was created
// with.
const offsetFile = "port_offset"

func emptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err != nil || len(entries) == 0
}

func readOffset(dir string) (int, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, offsetFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("dgraph data dir: %w", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n <= 0 || n+alphaGRPC > 65535 {
		return 0, false, fmt.Errorf("dgraph data dir: %s holds %q, not a port offset: delete it only together with the data", filepath.Join(dir, offsetFile), b)
	}
	return n, true, nil
}

var errPortInUse = errors.New("port in use")

func start(ctx context.Context, cfg Config, offset int) (*Cluster, error) {
	c := &Cluster{cfg: cfg, offset: offset}
	log := cfg.Logger.With().Str("component", "dgraph").Logger()
	for _, d := range []string{"zw", "p", "w", "t"} {
		if err := os.MkdirAll(filepath.Join(cfg.DataDir, d), 0o755); err != nil {
			return nil, fmt.Errorf("dgraph data dir: %w", err)
		}
	}
	o := strconv.Itoa(offset)
	zeroArgs := []string{"zero",
		"--port_offset", o,
		"--my", "localhost:" + strconv.Itoa(zeroGRPC+offset),
		"--wal", filepath.Join(cfg.DataDir, "zw"),
		"--bindall=false",
		"--telemetry", "reports=false;sentry=false;",
	}
	alphaArgs := []string{"alpha",
		"--port_offset", o,
		"--my", "localhost:" + strconv.Itoa(alphaInternal+offset),
		"--zero", "localhost:" + strconv.Itoa(zeroGRPC+offset),
		"--postings", filepath.Join(cfg.DataDir, "p"),
		"--wal", filepath.Join(cfg.DataDir, "w"),
		"--tmp", filepath.Join(cfg.DataDir, "t"),
		"--bindall=false",
		"--cache", "size-mb=" + strconv.Itoa(cfg.CacheMB) + "; percentage=" + cachePercentages,
		"--security", "whitelist=127.0.0.1/8",
		"--telemetry", "reports=false;sentry=false;",
	}
	// Both processes are started from one OS thread that stays alive until
	// Stop: they get SIGTERM when it exits (Pdeathsig), which is when this
	// process dies without calling Stop (a test binary killed on timeout,
	// a crash), so no orphaned Dgraph keeps running.
	c.release = make(chan struct{})
	spawned := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		var err error
		if c.zero, err = c.spawn("zero.log", zeroArgs...); err == nil {
			c.alpha, err = c.spawn("alpha.log", alphaArgs...)
		}
		spawned <- err
		<-c.release
	}()
	if err := <-spawned; err != nil {
		c.Stop()
		return nil, err
	}
	log.Info().Str("binary", cfg.Binary).Str("data_dir", cfg.DataDir).Int("port_offset", offset).
		Int("zero_grpc", zeroGRPC+offset).Int("zero_http", zeroHTTP+offset).
		Int("alpha_internal", alphaInternal+offset).Int("alpha_http", alphaHTTP+offset).Int("alpha_grpc", alphaGRPC+offset).
		Msg("dgraph starting")

	began := time.Now()
	if err := c.waitHealthy(ctx); err != nil {
		c.Stop()
		tail := c.logTail("alpha.log", 30)
		ztail := c.logTail("zero.log", 10)
		if strings.Contains(tail, "address already in use") || strings.Contains(ztail, "address already in use") {
			err = fmt.Errorf("%w: %w", errPortInUse, err)
		}
		return nil, fmt.Errorf("dgraph did not become healthy (port offset %d, logs in %s): %w\n--- tail of alpha.log ---\n%s\n--- tail of zero.log ---\n%s",
			offset, cfg.DataDir, err, tail, ztail)
	}
	log.Info().Dur("took", time.Since(began)).Str("grpc", c.GRPCAddr()).Str("http", c.HTTPAddr()).Msg("dgraph healthy")
	return c, nil
}

// proc is a started process and a channel closed once it has been reaped.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// spawn starts one dgraph subcommand in its own process group, its output
// written to a log file in the data dir.
func (c *Cluster) spawn(logName string, args ...string) (*proc, error) {
	f, err := os.OpenFile(filepath.Join(c.cfg.DataDir, logName), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("dgraph log: %w", err)
	}
	c.logs = append(c.logs, f)
	cmd := exec.Command(c.cfg.Binary, args...)
	cmd.Dir = c.cfg.DataDir
	cmd.Env = dgraphEnv(os.Environ())
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dgraph %s: %w", args[0], err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// cachePercentages splits alpha's cache between its posting-list cache,
// Badger's block cache and Badger's index cache. Dgraph v25.3's posting-list
// cache only serves a list to readers no newer than the list's last write
// (its fix for stale reads, dgraph#9597), so on a graph read after it was
// written every lookup misses, then copies the list into the cache: pure
// cost. Without it relationship() on 10,000 articles ran 15% faster.
const cachePercentages = "0,80,20"

// alphaGOGC is the Go GC target the managed Dgraph runs with. Dgraph v25.3
// reads nearly every posting list from Badger per query (its list cache
// only serves lists written after the reader's timestamp), and at Go's
// default of 100 the collector took a quarter of alpha's CPU and doubled
// relationship()'s p99 on a 10,000-article graph; at 400 p99 fell from
// 150 to 70 ms for some 2.5 GiB of heap, well inside this machine's RAM.
const alphaGOGC = "GOGC=400"

// dgraphEnv is the environment of the Dgraph processes: this process's,
// with alphaGOGC unless the user set GOGC.
func dgraphEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOGC=") {
			return env
		}
	}
	return append(env[:len(env):len(env)], alphaGOGC)
}

// waitHealthy polls alpha's /health until it reports healthy, then checks
// the gRPC endpoint with the standard health service.
func (c *Cluster) waitHealthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.StartTimeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	url := "http://" + c.HTTPAddr() + "/health"
	var last string
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			if last == "" {
				last = "no answer"
			}
			return fmt.Errorf("waiting for %s (last: %s): %w", url, last, ctx.Err())
		case <-c.zero.done:
			return errors.New("dgraph zero exited during start")
		case <-c.alpha.done:
			return errors.New("dgraph alpha exited during start")
		case <-tick.C:
		}
		resp, err := client.Get(url)
		if err != nil {
			last = err.Error()
			continue
		}
		var body bytes.Buffer
		body.ReadFrom(resp.Body)
		resp.Body.Close()
		last = strings.TrimSpace(body.String())
		if resp.StatusCode != http.StatusOK || !strings.Contains(last, `"healthy"`) {
			continue
		}
		if err := c.grpcHealthy(ctx); err != nil {
			last = "grpc: " + err.Error()
			continue
		}
		return nil
	}
}

func (c *Cluster) grpcHealthy(ctx context.Context) error {
	conn, err := grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	resp, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{})
	if err != nil {
		return err
	}
	if resp.Status != grpc_health_v1.HealthCheckResponse_SERVING {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// GRPCAddr is alpha's gRPC address, for dgo clients.
func (c *Cluster) GRPCAddr() string { return "localhost:" + strconv.Itoa(alphaGRPC+c.offset) }

// HTTPAddr is alpha's HTTP address (/health, /query, /admin).
func (c *Cluster) HTTPAddr() string { return "localhost:" + strconv.Itoa(alphaHTTP+c.offset) }

// ZeroGRPCAddr is zero's gRPC address, which `dgraph live --zero` needs.
func (c *Cluster) ZeroGRPCAddr() string { return "localhost:" + strconv.Itoa(zeroGRPC+c.offset) }

// SavedGRPCAddr is the alpha gRPC address a data dir's Dgraph runs on, from
// the port offset kept beside its data; ok is false for a data dir that has
// never run. A second command uses it to reach the Dgraph another one
// manages on the same data.
func SavedGRPCAddr(dataDir string) (addr string, ok bool, err error) {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return "", false, err
	}
	off, ok, err := readOffset(dir)
	if err != nil || !ok {
		return "", false, err
	}
	return "localhost:" + strconv.Itoa(alphaGRPC+off), true, nil
}

// PortOffset is the --port_offset both processes run with.
func (c *Cluster) PortOffset() int { return c.offset }

// DataDir is the absolute data directory.
func (c *Cluster) DataDir() string { return c.cfg.DataDir }

// Stop terminates alpha, then zero: SIGTERM to each process group, SIGKILL
// after a grace period, and reaps them. Calling it again returns the first
// result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		if c.release != nil {
			defer close(c.release)
		}
		var errs []error
		for _, p := range []*proc{c.alpha, c.zero} {
			if p == nil {
				continue
			}
			var settled func() bool
			if p == c.alpha {
				settled = func() bool { return strings.Contains(c.logTail("alpha.log", 40), workerStopped) }
			}
			if err := stopGroup(p, stopGrace, settled); err != nil {
				errs = append(errs, err)
			}
		}
		for _, f := range c.logs {
			f.Close()
		}
		c.stopErr = errors.Join(errs...)
		c.cfg.Logger.Info().Int("port_offset", c.offset).Err(c.stopErr).Msg("dgraph stopped")
	})
	return c.stopErr
}

func stopGroup(p *proc, grace time.Duration, settled func() bool) error {
	pgid := p.cmd.Process.Pid // Setpgid: the group id is the leader's pid.
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("stop dgraph (pgid %d): %w", pgid, err)
	}
	deadline := time.Now().Add(grace)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case <-p.done:
			break wait
		case <-tick.C:
		}
		if settled != nil && settled() {
			deadline = minTime(deadline, time.Now().Add(settleGrace))
			settled = nil
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-p.done
			break
		}
	}
	// The re-executed child may outlive the leader; make sure the group is
	// gone before the data dir is reused or removed.
	deadline = time.Now().Add(grace)
	for syscall.Kill(-pgid, 0) == nil {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			deadline = time.Now().Add(grace)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Dgraph v25's alpha often hangs after SIGTERM once its worker has
// stopped: it keeps dialling its own closed internal port from the GraphQL
// schema subscription and never reaches the end of its shutdown. A clean
// shutdown finishes within about a second of "worker stopped", so once
// the log says so alpha gets settleGrace more before SIGKILL, instead of
// the full grace period (which made every test package wait 15 s).
const (
	stopGrace     = 15 * time.Second
	settleGrace   = 3 * time.Second
	workerStopped = "worker stopped."
)

// logTail returns the last lines of a log in the data dir, reading at
// most its last 64 KiB (a long-running alpha's log grows large).
func (c *Cluster) logTail(name string, lines int) string {
	f, err := os.Open(filepath.Join(c.cfg.DataDir, name))
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	defer f.Close()
	const window = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > window {
		f.Seek(st.Size()-window, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// freeOffset picks a random port offset whose five Dgraph ports are free on
// loopback. Random rather than sequential so parallel test binaries rarely
// race for the same offset.
func freeOffset() (int, error) {
	for i := 0; i < 200; i++ {
		off := 1000 + rand.IntN(50000)
		if portsFree(off) {
			return off, nil
		}
	}
	return 0, errors.New("no free port offset for dgraph found after 200 tries")
}

func portsFree(off int) bool {
	for _, p := range []int{zeroGRPC, zeroHTTP, alphaInternal, alphaHTTP, alphaGRPC} {
		for _, host := range []string{"127.0.0.1", "[::1]"} {
			l, err := net.Listen("tcp", host+":"+strconv.Itoa(p+off))
			if err != nil {
				if host == "[::1]" && !strings.Contains(err.Error(), "address already in use") {
					continue // no IPv6 loopback on this machine
				}
				return false
			}
			l.Close()
		}
	}
	return true
}

// RepoRoot walks up from the working directory to the directory holding
// go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

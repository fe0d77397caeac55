package localdgraph

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func binary(t *testing.T) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b := filepath.Join(root, "bin", "dgraph")
	if _, err := os.Stat(b); err != nil {
		t.Fatalf("dgraph binary not found at %s: run `make dgraph`", b)
	}
	return b
}

// TestStartStop starts a real cluster, checks both endpoints, stops it and
// checks the process groups are gone and Stop is idempotent.
func TestStartStop(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx, Config{Binary: binary(t), DataDir: dir, Logger: zerolog.New(zerolog.NewTestWriter(t))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if c.PortOffset() == 0 {
		t.Errorf("port offset 0: would collide with a user's Dgraph on the default ports")
	}
	resp, err := http.Get("http://" + c.HTTPAddr() + "/health")
	if err != nil {
		t.Fatalf("health: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("health status %d", resp.StatusCode)
	}
	for _, d := range []string{"zw", "p", "w", "alpha.log", "zero.log"} {
		if _, err := os.Stat(filepath.Join(dir, d)); err != nil {
			t.Errorf("data dir: %v", err)
		}
	}
	// Dgraph re-executes itself once; the child inherits the environment.
	if env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", c.alpha.cmd.Process.Pid)); err != nil {
		t.Errorf("alpha environment: %v", err)
	} else if want := dgraphEnv(os.Environ()); !slices.Contains(strings.Split(string(env), "\x00"), want[len(want)-1]) {
		t.Errorf("alpha runs without %s", want[len(want)-1])
	}
	pgids := []int{c.zero.cmd.Process.Pid, c.alpha.cmd.Process.Pid}
	if err := c.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
	for _, g := range pgids {
		if err := syscall.Kill(-g, 0); err == nil {
			t.Errorf("process group %d still alive after Stop", g)
		}
	}
	if _, err := http.Get("http://" + c.HTTPAddr() + "/health"); err == nil {
		t.Errorf("alpha still answers after Stop")
	}
}

func TestDgraphEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"default", []string{"HOME=/root", "PATH=/bin"}, alphaGOGC},
		{"user's GOGC kept", []string{"GOGC=50", "PATH=/bin"}, "GOGC=50"},
		{"empty", nil, alphaGOGC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.env)
			got := dgraphEnv(in)
			var gogc []string
			for _, kv := range got {
				if strings.HasPrefix(kv, "GOGC=") {
					gogc = append(gogc, kv)
				}
			}
			if len(gogc) != 1 || gogc[0] != tc.want {
				t.Errorf("GOGC entries %v, want [%s]", gogc, tc.want)
			}
			if !slices.Equal(in, tc.env) {
				t.Errorf("input changed to %v", in)
			}
		})
	}
}

func TestMissingBinary(t *testing.T) {
	_, err := Start(context.Background(), Config{Binary: filepath.Join(t.TempDir(), "nope"), DataDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "make dgraph") {
		t.Fatalf("err = %v, want a hint to run make dgraph", err)
	}
}

// TestPortsFreeDetectsTaken holds one of an offset's ports and expects the
// offset to be refused.
func TestPortsFreeDetectsTaken(t *testing.T) {
	off, err := freeOffset()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []int{zeroGRPC, alphaGRPC} {
		l, err := listen(p + off)
		if err != nil {
			t.Fatal(err)
		}
		if portsFree(off) {
			t.Errorf("offset %d reported free while port %d is held", off, p+off)
		}
		l.Close()
	}
}

func listen(port int) (interface{ Close() error }, error) {
	return net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
}

// TestRestartKeepsData stops a cluster and starts it again on the same data
// dir: it must come back on the same ports (Dgraph cannot move a data dir)
// with the data written before.
func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	start := func() *Cluster {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		c, err := Start(ctx, Config{Binary: binary(t), DataDir: dir, Logger: zerolog.New(zerolog.NewTestWriter(t))})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	post := func(c *Cluster, path, ctype, body string) string {
		t.Helper()
		resp, err := http.Post("http://"+c.HTTPAddr()+path, ctype, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || strings.Contains(string(b), `"errors"`) {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	c := start()
	first := c.PortOffset()
	post(c, "/alter", "application/dql", "name: string @index(exact) .")
	post(c, "/mutate?commitNow=true", "application/rdf", `{ set { _:a <name> "kept across restarts" . } }`)
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}

	c = start()
	defer c.Stop()
	if c.PortOffset() != first {
		t.Errorf("restarted on port offset %d, created on %d", c.PortOffset(), first)
	}
	got := post(c, "/query", "application/dql", `{ q(func: eq(name, "kept across restarts")) { name } }`)
	if !strings.Contains(got, "kept across restarts") {
		t.Errorf("data lost across restart: %s", got)
	}

	// Another cluster on the same data dir while this one runs: refused
	// with a message, not a hang.
	_, err := Start(context.Background(), Config{Binary: binary(t), DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "already running on this data dir") {
		t.Errorf("second start on a busy data dir: %v", err)
	}
}

// TestNoOrphanWhenParentDies runs a helper process (this test binary) that
// starts a cluster and exits without Stop, as a test binary killed on
// timeout would: its Dgraph processes must go too.
func TestNoOrphanWhenParentDies(t *testing.T) {
	if dir := os.Getenv("LOCALDGRAPH_HELPER_DIR"); dir != "" {
		c, err := Start(context.Background(), Config{Binary: os.Getenv("LOCALDGRAPH_HELPER_BIN"), DataDir: dir})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		fmt.Printf("pids %d %d\n", c.zero.cmd.Process.Pid, c.alpha.cmd.Process.Pid)
		os.Exit(0) // no Stop
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoOrphanWhenParentDies$")
	cmd.Env = append(os.Environ(), "LOCALDGRAPH_HELPER_DIR="+t.TempDir(), "LOCALDGRAPH_HELPER_BIN="+binary(t))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	var zero, alpha int
	if _, err := fmt.Sscanf(string(out), "pids %d %d", &zero, &alpha); err != nil {
		t.Fatalf("helper output %q: %v", out, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, pid := range []int{zero, alpha} {
		for syscall.Kill(-pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, pid := range []int{zero, alpha} {
		if syscall.Kill(-pid, 0) == nil {
			syscall.Kill(-pid, syscall.SIGKILL) // leave nothing behind
			t.Errorf("dgraph process group %d still running 30 s after its parent died", pid)
		}
	}
}

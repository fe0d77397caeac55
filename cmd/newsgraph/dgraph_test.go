package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/schema"
)

// TestManagedDgraphStopsOnSIGINT runs the real binary the way a user does:
// `newsgraph dgraph` with no --dgraph starts the managed local Dgraph,
// applies the schema and prints its addresses; Ctrl-C (SIGINT to newsgraph
// alone, since Dgraph runs in its own process groups) must stop it with exit
// status 0 and leave no Dgraph process behind, whether Dgraph was ready or
// still starting. A second run on the same data dir, as `make run` does
// (ingest, then serve), must come up on the same ports with the data of the
// first.
func TestManagedDgraphStopsOnSIGINT(t *testing.T) {
	dgraphBin, err := filepath.Abs(filepath.Join("..", "..", "bin", "dgraph"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dgraphBin); err != nil {
		t.Fatalf("this test runs the real Dgraph and does not skip: %v; run `make dgraph`", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "newsgraph")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("restart keeps ports and data", func(t *testing.T) {
		dataDir := filepath.Join(tmp, "graph-data")
		first := runManagedDgraph(t, bin, dgraphBin, dataDir, func(httpAddr string) {
			dql(t, httpAddr, "/mutate?commitNow=true", "application/json", `{"set":[{"xid":"test:persisted"}]}`)
			// A second command in managed mode on the same data dir uses
			// the running Dgraph and leaves it running (checked after use).
			out, err := newsgraphCmd(bin, dgraphBin, dataDir, "export", "--out", filepath.Join(tmp, "export.rdf")).CombinedOutput()
			if err != nil {
				t.Errorf("export beside the running managed dgraph: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "using the managed dgraph another newsgraph runs") {
				t.Errorf("export did not use the running managed dgraph:\n%s", out)
			}
			// A second `newsgraph dgraph` says where the first one is.
			out, err = newsgraphCmd(bin, dgraphBin, dataDir, "dgraph").CombinedOutput()
			if err == nil || !strings.Contains(string(out), "already runs on") {
				t.Errorf("second newsgraph dgraph on the same data dir: %v, want exit 1 saying it already runs\n%s", err, out)
			}
		})
		second := runManagedDgraph(t, bin, dgraphBin, dataDir, func(httpAddr string) {
			body := dql(t, httpAddr, "/query", "application/dql", `{ q(func: eq(xid, "test:persisted")) { xid } }`)
			if !strings.Contains(body, `"xid":"test:persisted"`) {
				t.Errorf("the node written in the first run is gone: %s", body)
			}
		})
		if first != second {
			t.Errorf("second run on the same data dir listens on %s, first on %s", second, first)
		}
	})

	// Ctrl-C while Dgraph is still starting stops it too, with status 0.
	t.Run("interrupt while starting", func(t *testing.T) {
		dataDir := filepath.Join(tmp, "interrupted")
		p := startDgraphCommand(t, bin, dgraphBin, dataDir)
		var running []int
		for deadline := time.Now().Add(time.Minute); len(running) < 2; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("dgraph zero and alpha not started after a minute\nstderr:\n%s", p.stderr.String())
			}
			running = processesMentioning(t, dataDir)
		}
		p.interrupt(t, dataDir, running)
		select {
		case <-p.ready:
			t.Logf("dgraph became ready before the signal arrived; the start was not interrupted")
		default:
		}
	})
}

// newsgraphCmd is a newsgraph command line on the managed Dgraph of dataDir,
// run without the developer's NEWSGRAPH_* environment (say NEWSGRAPH_DGRAPH),
// which would change what the test runs.
func newsgraphCmd(bin, dgraphBin, dataDir, command string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, append([]string{command, "--dgraph-data", dataDir, "--dgraph-bin", dgraphBin, "--log-format", "json"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSGRAPH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// dgraphProcess is a running `newsgraph dgraph`.
type dgraphProcess struct {
	cmd    *exec.Cmd
	stderr lockedBuffer
	ready  chan string // the "dgraph ready:" line
	exited chan error
}

// startDgraphCommand starts `newsgraph dgraph` on dataDir; if the test ends
// with it or its Dgraph still running, they are killed.
func startDgraphCommand(t *testing.T, bin, dgraphBin, dataDir string) *dgraphProcess {
	t.Helper()
	p := &dgraphProcess{cmd: newsgraphCmd(bin, dgraphBin, dataDir, "dgraph"), ready: make(chan string, 1), exited: make(chan error, 1)}
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "dgraph ready:") {
				p.ready <- sc.Text()
			}
		}
		io.Copy(io.Discard, stdout)
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill() // fails harmlessly once it has exited
		for _, pid := range processesMentioning(t, dataDir) {
			killGroup(pid)
		}
	})
	return p
}

// interrupt sends SIGINT, as Ctrl-C does, and checks newsgraph exits with
// status 0 within 90 s leaving none of the running pids nor any process on
// dataDir behind.
func (p *dgraphProcess) interrupt(t *testing.T, dataDir string, running []int) {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("after SIGINT newsgraph dgraph exited with %v, want status 0\nstderr:\n%s", err, p.stderr.String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("newsgraph dgraph still running 90 s after SIGINT\nstderr:\n%s", p.stderr.String())
	}
	if left := processesMentioning(t, dataDir); len(left) > 0 {
		t.Errorf("processes left behind after SIGINT: %v (were %v)", describe(left), running)
	}
	for _, pid := range running {
		if alive(pid) {
			t.Errorf("dgraph pid %d still alive after newsgraph exited", pid)
		}
	}
}

// runManagedDgraph runs `newsgraph dgraph` on dataDir until ready, checks
// the schema, calls use with alpha's HTTP address, interrupts it and checks
// it exited cleanly and left no process. It returns the ready line's gRPC
// address.
func runManagedDgraph(t *testing.T, bin, dgraphBin, dataDir string, use func(httpAddr string)) string {
	t.Helper()
	p := startDgraphCommand(t, bin, dgraphBin, dataDir)
	var line string
	select {
	case line = <-p.ready:
	case err := <-p.exited:
		t.Fatalf("newsgraph dgraph exited before it was ready: %v\nstderr:\n%s", err, p.stderr.String())
	case <-time.After(3 * time.Minute):
		t.Fatalf("newsgraph dgraph not ready after 3 minutes\nstderr:\n%s", p.stderr.String())
	}
	m := regexp.MustCompile(`grpc=(\S+) http=(\S+) data=(\S+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("ready line without addresses: %q", line)
	}
	if m[3] != dataDir {
		t.Errorf("ready line names data dir %q, want %q", m[3], dataDir)
	}
	assertSchemaApplied(t, m[2])
	use(m[2])

	running := processesMentioning(t, dataDir)
	if len(running) < 2 {
		t.Fatalf("expected dgraph zero and alpha running on %s, found pids %v", dataDir, running)
	}
	p.interrupt(t, dataDir, running)
	if !strings.Contains(p.stderr.String(), `"dgraph stopped"`) {
		t.Errorf("no \"dgraph stopped\" log line:\n%s", p.stderr.String())
	}
	return m[1]
}

// lockedBuffer is a bytes.Buffer the process's output copier writes while
// a failing test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// dql posts body to alpha's HTTP endpoint path and returns the answer.
func dql(t *testing.T, httpAddr, path, contentType, body string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+httpAddr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.Contains(string(b), `"errors"`) {
		t.Fatalf("POST %s: %s\n%s", path, resp.Status, b)
	}
	return string(b)
}

// assertSchemaApplied asks alpha over HTTP for its schema and checks every
// predicate of schema.DQL is there.
func assertSchemaApplied(t *testing.T, httpAddr string) {
	t.Helper()
	body := []byte(dql(t, httpAddr, "/query", "application/dql", "schema {}"))
	var out struct {
		Data struct {
			Schema []struct {
				Predicate string `json:"predicate"`
			} `json:"schema"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("schema answer: %v\n%s", err, body)
	}
	have := map[string]bool{}
	for _, p := range out.Data.Schema {
		have[p.Predicate] = true
	}
	want := dqlPredicates(schema.DQL)
	if len(want) < 5 {
		t.Fatalf("found only %d predicates in schema.DQL: %v", len(want), want)
	}
	for _, p := range want {
		if !have[p] {
			t.Errorf("predicate %s of schema.DQL not in alpha's schema", p)
		}
	}
}

// dqlPredicates lists the predicates a DQL schema declares ("name: type …").
func dqlPredicates(dql string) []string {
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^\s*<?([A-Za-z_][\w.]*)>?\s*:\s*\[?\w`).FindAllStringSubmatch(dql, -1) {
		names = append(names, m[1])
	}
	return names
}

// processesMentioning returns the live processes, other than this test,
// with an argument that contains s.
func processesMentioning(t *testing.T, s string) []int {
	t.Helper()
	return slices.DeleteFunc(processes(func(args []string) bool {
		return slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, s) })
	}), func(pid int) bool { return pid == os.Getpid() })
}

func describe(pids []int) []string {
	var out []string
	for _, pid := range pids {
		b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
		out = append(out, strconv.Itoa(pid)+": "+strings.ReplaceAll(string(b), "\x00", " "))
	}
	return out
}

func alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// Field 3 is the state; a zombie (Z) has exited and waits to be reaped.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// killGroup kills pid and, if it leads one, its process group: Dgraph
// re-executes itself inside the group.
func killGroup(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

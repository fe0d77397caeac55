package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
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
			export := exec.Command(bin, "export", "--dgraph-data", dataDir, "--dgraph-bin", dgraphBin, "--log-format", "json", "--out", filepath.Join(tmp, "export.rdf"))
			export.Env = withoutNewsgraphEnv(os.Environ())
			out, err := export.CombinedOutput()
			if err != nil {
				t.Errorf("export beside the running managed dgraph: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "using the managed dgraph another newsgraph runs") {
				t.Errorf("export did not use the running managed dgraph:\n%s", out)
			}
			// A second `newsgraph dgraph` says where the first one is.
			again := exec.Command(bin, "dgraph", "--dgraph-data", dataDir, "--dgraph-bin", dgraphBin, "--log-format", "json")
			again.Env = withoutNewsgraphEnv(os.Environ())
			out, err = again.CombinedOutput()
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
		cmd := exec.Command(bin, "dgraph", "--dgraph-data", dataDir, "--dgraph-bin", dgraphBin, "--log-format", "json")
		cmd.Env = withoutNewsgraphEnv(os.Environ())
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		t.Cleanup(func() {
			cmd.Process.Kill()
			for _, pid := range processesMentioning(t, dataDir) {
				killGroup(pid)
			}
		})
		var running []int
		for deadline := time.Now().Add(time.Minute); len(running) < 2; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("dgraph zero and alpha not started after a minute\nstderr:\n%s", stderr.String())
			}
			running = processesMentioning(t, dataDir)
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("interrupted while starting, newsgraph dgraph exited with %v, want status 0\nstderr:\n%s", err, stderr.String())
			}
		case <-time.After(90 * time.Second):
			t.Fatalf("newsgraph dgraph still running 90 s after SIGINT\nstderr:\n%s", stderr.String())
		}
		if strings.Contains(stdout.String(), "dgraph ready") {
			t.Logf("dgraph became ready before the signal arrived; the start was not interrupted")
		}
		if left := processesMentioning(t, dataDir); len(left) > 0 {
			t.Errorf("processes left behind after SIGINT: %v", describe(left))
		}
		for _, pid := range running {
			if alive(pid) {
				t.Errorf("dgraph pid %d still alive after newsgraph exited", pid)
			}
		}
	})
}

// runManagedDgraph runs `newsgraph dgraph` on dataDir until ready, checks
// the schema, calls use with alpha's HTTP address, interrupts it and checks
// it exited cleanly and left no process. It returns the ready line's gRPC
// address.
func runManagedDgraph(t *testing.T, bin, dgraphBin, dataDir string, use func(httpAddr string)) string {
	t.Helper()
	cmd := exec.Command(bin, "dgraph", "--dgraph-data", dataDir, "--dgraph-bin", dgraphBin, "--log-format", "json")
	cmd.Env = withoutNewsgraphEnv(os.Environ())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "dgraph ready:") {
				ready <- sc.Text()
			}
		}
		io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	done := false
	t.Cleanup(func() {
		// Only reached with the process still running if the test failed
		// early: kill it and whatever Dgraph it left.
		if !done {
			cmd.Process.Kill()
		}
		for _, pid := range processesMentioning(t, dataDir) {
			killGroup(pid)
		}
	})

	var line string
	select {
	case line = <-ready:
	case err := <-exited:
		done = true
		t.Fatalf("newsgraph dgraph exited before it was ready: %v\nstderr:\n%s", err, stderr.String())
	case <-time.After(3 * time.Minute):
		t.Fatalf("newsgraph dgraph not ready after 3 minutes\nstderr:\n%s", stderr.String())
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

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		done = true
		if err != nil {
			t.Fatalf("after SIGINT newsgraph dgraph exited with %v, want status 0\nstderr:\n%s", err, stderr.String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("newsgraph dgraph still running 90 s after SIGINT\nstderr:\n%s", stderr.String())
	}
	if left := processesMentioning(t, dataDir); len(left) > 0 {
		t.Errorf("processes left behind after SIGINT: %v (were %v)", describe(left), running)
	}
	for _, pid := range running {
		if alive(pid) {
			t.Errorf("dgraph pid %d still alive after newsgraph exited", pid)
		}
	}
	if !strings.Contains(stderr.String(), `"dgraph stopped"`) {
		t.Errorf("no \"dgraph stopped\" log line:\n%s", stderr.String())
	}
	return m[1]
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

// processesMentioning returns the live processes whose command line contains
// s (zombies have an empty command line and do not count).
func processesMentioning(t *testing.T, s string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatalf("scan processes: %v", err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue // exited meanwhile
		}
		if strings.Contains(string(b), s) {
			pids = append(pids, pid)
		}
	}
	return pids
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

// withoutNewsgraphEnv drops NEWSGRAPH_* variables so that a developer's
// environment (say NEWSGRAPH_DGRAPH) cannot change what the test runs.
func withoutNewsgraphEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "NEWSGRAPH_") {
			out = append(out, kv)
		}
	}
	return out
}

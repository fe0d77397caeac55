package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestApplyEnv(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    map[string]string
		wantErr string
	}{
		{
			name: "environment sets a flag not given",
			env:  map[string]string{"NEWSGRAPH_DGRAPH_DATA": "/srv/graph"},
			want: map[string]string{"dgraph-data": "/srv/graph", "dgraph": "", "workers": "4"},
		},
		{
			name: "given flag wins over the environment",
			args: []string{"--dgraph-data", "/cli"},
			env:  map[string]string{"NEWSGRAPH_DGRAPH_DATA": "/env"},
			want: map[string]string{"dgraph-data": "/cli"},
		},
		{
			name: "flag given with its default value still wins",
			args: []string{"--workers=4"},
			env:  map[string]string{"NEWSGRAPH_WORKERS": "9"},
			want: map[string]string{"workers": "4"},
		},
		{
			name: "name without dash maps to plain upper case",
			env:  map[string]string{"NEWSGRAPH_DGRAPH": "alpha:9080", "NEWSGRAPH_WORKERS": "8"},
			want: map[string]string{"dgraph": "alpha:9080", "workers": "8", "dgraph-data": "data/dgraph"},
		},
		{
			name: "empty variable sets an empty value",
			env:  map[string]string{"NEWSGRAPH_DGRAPH_DATA": ""},
			want: map[string]string{"dgraph-data": ""},
		},
		{
			name:    "bad value names the variable",
			env:     map[string]string{"NEWSGRAPH_WORKERS": "many"},
			wantErr: `NEWSGRAPH_WORKERS="many"`,
		},
		{
			name: "unrelated variables are ignored",
			env:  map[string]string{"DGRAPH_DATA": "/x", "NEWSGRAPH_UNKNOWN": "y"},
			want: map[string]string{"dgraph-data": "data/dgraph", "dgraph": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.String("dgraph", "", "")
			fs.String("dgraph-data", "data/dgraph", "")
			fs.Int("workers", 4, "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			err := applyEnv(fs, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("applyEnv error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("applyEnv: %v", err)
			}
			for name, want := range tt.want {
				if got := fs.Lookup(name).Value.String(); got != want {
					t.Errorf("--%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestEnvName(t *testing.T) {
	for flagName, want := range map[string]string{
		"dgraph":                 "NEWSGRAPH_DGRAPH",
		"dgraph-data":            "NEWSGRAPH_DGRAPH_DATA",
		"dgraph-tls-server-name": "NEWSGRAPH_DGRAPH_TLS_SERVER_NAME",
		"log.level":              "NEWSGRAPH_LOG_LEVEL",
	} {
		if got := envName(flagName); got != want {
			t.Errorf("envName(%q) = %q, want %q", flagName, got, want)
		}
	}
}

// runCmd runs the command line in-process and returns its exit status and
// output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestEveryCommandAnswersHelp(t *testing.T) {
	cmds := commands()
	if len(cmds) == 0 {
		t.Fatal("commands() is empty")
	}
	seen := map[string]bool{}
	for _, c := range cmds {
		if seen[c.name] {
			t.Errorf("command %q listed twice", c.name)
		}
		seen[c.name] = true
		if c.summary == "" {
			t.Errorf("command %q has no summary", c.name)
		}
		for _, help := range []string{"--help", "-h"} {
			t.Run(c.name+" "+help, func(t *testing.T) {
				code, stdout, stderr := runCmd(t, c.name, help)
				if code != 0 {
					t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
				}
				if !strings.Contains(stdout, "Usage: newsgraph "+c.name) {
					t.Errorf("usage does not name the command:\n%s", stdout)
				}
				// Every flag shows the variable that stands in for it.
				if !strings.Contains(stdout, "[$NEWSGRAPH_LOG_LEVEL]") {
					t.Errorf("usage does not list the common flags with their variables:\n%s", stdout)
				}
			})
		}
	}
	if !seen["dgraph"] {
		t.Error(`the "dgraph" command is not listed in commands()`)
	}
}

func TestTopLevelUsage(t *testing.T) {
	tests := []struct {
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{args: nil, wantCode: 2, wantStdout: "Commands:"},
		{args: []string{"--help"}, wantCode: 0, wantStdout: "Commands:"},
		{args: []string{"-h"}, wantCode: 0, wantStdout: "dgraph"},
		{args: []string{"help"}, wantCode: 0, wantStdout: "NEWSGRAPH_DGRAPH_DATA"},
		{args: []string{"frobnicate"}, wantCode: 2, wantStderr: `unknown command "frobnicate"`},
		{args: []string{"dgraph", "--no-such-flag"}, wantCode: 2, wantStderr: "flag provided but not defined"},
		{args: []string{"dgraph", "--log-level", "loud"}, wantCode: 2, wantStderr: `--log-level "loud"`},
		{args: []string{"dgraph", "--log-format", "xml"}, wantCode: 2, wantStderr: `--log-format "xml"`},
		{args: []string{"dgraph", "extra"}, wantCode: 2, wantStderr: "dgraph takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout, tt.wantStdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantStdout, stdout)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, stderr)
			}
		})
	}
}

// TestEnvFallbackThroughRun drives a real command: the environment reaches
// its flags, a given flag wins, and a bad environment value is a usage
// error. The dgraph binary named does not exist, so the command fails fast
// naming the path it was given.
func TestEnvFallbackThroughRun(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantCode   int
		wantStderr string
		notStderr  string
	}{
		{
			name:       "environment names the binary",
			env:        map[string]string{"NEWSGRAPH_DGRAPH_BIN": "/nonexistent/from-env/dgraph"},
			args:       []string{"dgraph", "--log-format", "json"},
			wantCode:   1,
			wantStderr: "/nonexistent/from-env/dgraph",
		},
		{
			name:       "flag wins over the environment",
			env:        map[string]string{"NEWSGRAPH_DGRAPH_BIN": "/nonexistent/from-env/dgraph"},
			args:       []string{"dgraph", "--log-format", "json", "--dgraph-bin", "/nonexistent/from-flag/dgraph"},
			wantCode:   1,
			wantStderr: "/nonexistent/from-flag/dgraph",
			notStderr:  "from-env",
		},
		{
			name:       "bad log level from the environment is a usage error",
			env:        map[string]string{"NEWSGRAPH_LOG_LEVEL": "loud", "NEWSGRAPH_DGRAPH_BIN": "/nonexistent/dgraph"},
			args:       []string{"dgraph"},
			wantCode:   2,
			wantStderr: `--log-level "loud"`,
		},
		{
			name:       "missing binary tells the user what to run",
			env:        map[string]string{"NEWSGRAPH_DGRAPH_BIN": "/nonexistent/dgraph"},
			args:       []string{"dgraph"},
			wantCode:   1,
			wantStderr: "make dgraph",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NEWSGRAPH_DGRAPH_DATA", t.TempDir())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, _, stderr := runCmd(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, stderr)
			}
			if tt.notStderr != "" && strings.Contains(stderr, tt.notStderr) {
				t.Errorf("stderr has %q:\n%s", tt.notStderr, stderr)
			}
		})
	}
}

func TestDgraphBinary(t *testing.T) {
	root := t.TempDir()
	// root/repo/bin/dgraph is what `make dgraph` builds; root/tool holds an
	// installed newsgraph with a dgraph beside it.
	mustWrite := func(path string) string {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	mustWrite(filepath.Join(root, "repo", "bin", "dgraph"))
	besideExe := mustWrite(filepath.Join(root, "tool", "dgraph"))
	exe := filepath.Join(root, "tool", "newsgraph")
	lonelyExe := filepath.Join(root, "elsewhere", "newsgraph")
	tests := []struct {
		name, cwd, bin, exe, want string
	}{
		{"default found in the working directory", "repo", defaultDgraphBin, exe, defaultDgraphBin},
		{"default missing here, found beside the executable", "tool", defaultDgraphBin, exe, besideExe},
		{"default missing everywhere stays as given", "tool", defaultDgraphBin, lonelyExe, defaultDgraphBin},
		{"explicit path is never replaced", "tool", "/opt/dgraph/bin/dgraph", exe, "/opt/dgraph/bin/dgraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(filepath.Join(root, tt.cwd))
			if got := dgraphBinary(tt.bin, tt.exe); got != tt.want {
				t.Errorf("dgraphBinary(%q, %q) = %q, want %q", tt.bin, tt.exe, got, tt.want)
			}
		})
	}
}

// TestDgraphFlagsOpenErrors checks the mistakes caught before anything is
// started: TLS or ACL without an address (the managed Dgraph has neither),
// half a client certificate (usage errors); and that each TLS flag lands in
// store.Config: files that do not exist are named in the store's error,
// before any connection.
func TestDgraphFlagsOpenErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  string
		usage bool
	}{
		{"TLS CA without address", []string{"--dgraph-tls-ca", "ca.pem"}, "need --dgraph host:port", true},
		{"user without address", []string{"--dgraph-user", "groot"}, "need --dgraph host:port", true},
		{"cert without key", []string{"--dgraph", "localhost:1", "--dgraph-tls-cert", "c.pem"}, "go together", true},
		{"key without cert", []string{"--dgraph", "localhost:1", "--dgraph-tls-key", "k.pem"}, "go together", true},
		{"server name without CA", []string{"--dgraph", "localhost:1", "--dgraph-tls-server-name", "alpha"}, "needs --dgraph-tls-ca", true},
		{"CA file reaches the store", []string{"--dgraph", "127.0.0.1:1", "--dgraph-tls-ca", "/nonexistent/ca.pem"}, "/nonexistent/ca.pem", false},
		{"client certificate reaches the store", []string{"--dgraph", "127.0.0.1:1", "--dgraph-tls-cert", "/nonexistent/client.crt", "--dgraph-tls-key", "/nonexistent/client.key"}, "/nonexistent/client.crt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			f := addDgraphFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			_, closeFn, err := f.open(context.Background(), &environment{log: zerolog.Nop()})
			if err == nil {
				closeFn()
				t.Fatalf("open succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || errors.Is(err, errUsage) != tt.usage {
				t.Errorf("open error = %v, want one containing %q (usage error: %v)", err, tt.want, tt.usage)
			}
		})
	}
}

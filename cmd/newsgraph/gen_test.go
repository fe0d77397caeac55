package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // in stderr
		check    func(t *testing.T, stdout string)
	}{
		{
			name: "JSON Lines on stdout",
			args: []string{"gen", "--n", "7", "--seed", "3", "--log-level", "error"},
			check: func(t *testing.T, stdout string) {
				sc := bufio.NewScanner(strings.NewReader(stdout))
				sc.Buffer(make([]byte, 1<<20), 1<<20)
				n := 0
				for sc.Scan() {
					var a struct{ ID, URL, Title, Published, Source, Body string }
					if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
						t.Fatalf("line %d: %v", n+1, err)
					}
					if a.ID == "" || a.Body == "" || a.Published < "2019" {
						t.Errorf("line %d: %+v", n+1, a)
					}
					n++
				}
				if n != 7 {
					t.Errorf("%d lines, want 7", n)
				}
			},
		},
		{
			name: "dates bounded by --from and --to",
			args: []string{"gen", "--n", "50", "--from", "2024-06-01", "--to", "2024-06-30", "--log-level", "error"},
			check: func(t *testing.T, stdout string) {
				for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
					var a struct{ Published string }
					if err := json.Unmarshal([]byte(l), &a); err != nil {
						t.Fatal(err)
					}
					if a.Published < "2024-06-01" || a.Published > "2024-06-30" {
						t.Errorf("published %s outside June 2024", a.Published)
					}
				}
			},
		},
		{
			name: "text files with gold beside them",
			args: []string{"gen", "--n", "4", "--format", "txtdir", "--dir", filepath.Join(dir, "gold"), "--gold", "--log-level", "error"},
			check: func(t *testing.T, _ string) {
				txt, _ := filepath.Glob(filepath.Join(dir, "gold", "*.txt"))
				gold, _ := filepath.Glob(filepath.Join(dir, "gold", "*.gold.json"))
				if len(txt) != 4 || len(gold) != 4 {
					t.Errorf("%d text and %d gold files, want 4 and 4", len(txt), len(gold))
				}
			},
		},
		{name: "txtdir needs --dir", args: []string{"gen", "--format", "txtdir"}, wantCode: 2, wantErr: "--dir"},
		{name: "gold needs txtdir", args: []string{"gen", "--gold"}, wantCode: 2, wantErr: "--gold needs --format txtdir"},
		{name: "unknown format", args: []string{"gen", "--format", "xml"}, wantCode: 2, wantErr: "use jsonl or txtdir"},
		{name: "bad date", args: []string{"gen", "--from", "June"}, wantCode: 2, wantErr: "YYYY-MM-DD"},
		{name: "no arguments", args: []string{"gen", "extra"}, wantCode: 2, wantErr: "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if tt.wantErr != "" && !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tt.wantErr)
			}
			if tt.check != nil {
				tt.check(t, stdout.String())
			}
		})
	}
}

// The same seed writes the same bytes, to a file as to stdout.
func TestGenCommandDeterministic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "corpus.jsonl")
	var a, b, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gen", "--n", "100", "--seed", "9", "--log-level", "error"}, nil, &a, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"gen", "--n", "100", "--seed", "9", "--out", out, "--log-level", "error"}, nil, &b, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), f) || b.Len() != 0 {
		t.Errorf("--out file (%d bytes) differs from stdout (%d bytes), or stdout was written (%d bytes)", len(f), a.Len(), b.Len())
	}
}

package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Pipeline stages a failure can happen in.
const (
	StageRead    = "read"
	StageExtract = "extract"
	StageWrite   = "write"
)

// Failure is one input that did not make it into the graph: where it came
// from, at which stage and why. It is one line of the dead-letter file, so a
// user can fix the input and feed exactly those articles again.
type Failure struct {
	Time   time.Time `json:"time"`
	Origin string    `json:"origin"`
	ID     string    `json:"id,omitempty"`
	Stage  string    `json:"stage"`
	Reason string    `json:"reason"`
}

func (f Failure) String() string {
	return fmt.Sprintf("%s: %s: %s", f.Origin, f.Stage, f.Reason)
}

// DeadLetters appends failures to a JSON Lines file. The file is created on
// the first failure only, so a clean run leaves nothing behind, and appended
// to, so the failures of a run that was killed and restarted are all kept.
type DeadLetters struct {
	path string
	mu   sync.Mutex
	f    *os.File
	n    int
}

// NewDeadLetters returns a dead-letter writer for path; nothing is created
// until the first Add.
func NewDeadLetters(path string) *DeadLetters { return &DeadLetters{path: path} }

// Path is the dead-letter file's path.
func (d *DeadLetters) Path() string { return d.path }

// Count is the number of failures written by this writer.
func (d *DeadLetters) Count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
}

// Add writes one failure as a JSON line.
func (d *DeadLetters) Add(f Failure) error {
	if f.Time.IsZero() {
		f.Time = time.Now().UTC()
	}
	line, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("dead letter: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.f == nil {
		if dir := filepath.Dir(d.path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("dead letter %s: %w", d.path, err)
			}
		}
		f, err := os.OpenFile(d.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("dead letter %s: %w", d.path, err)
		}
		d.f = f
	}
	d.n++
	if _, err := d.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("dead letter %s: %w", d.path, err)
	}
	return nil
}

// Close closes the file if one was opened.
func (d *DeadLetters) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.f == nil {
		return nil
	}
	err := d.f.Close()
	d.f = nil
	return err
}

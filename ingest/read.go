package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// MaxArticleBytes bounds what one article (a text file, a JSON line, an HTML
// page, a WARC payload) may take in memory; larger inputs are failures, so a
// stray disk image in a directory cannot exhaust memory.
const MaxArticleBytes = 32 << 20

// sniffLen is how many bytes the format detection looks at.
const sniffLen = 4096

// Format is an input format as detected from content.
type Format string

// Input formats.
const (
	FormatText      Format = "text"
	FormatJSONL     Format = "jsonl"
	FormatJSONArray Format = "json-array"
	FormatHTML      Format = "html"
	FormatFeed      Format = "feed"
	FormatWARC      Format = "warc"
	FormatGzip      Format = "gzip"
)

// EmitFunc receives each article read. An error from it stops the reading and
// is returned as is (the pipeline returns one when its context is done).
type EmitFunc func(schema.Document) error

// FailFunc receives each input that could not be read into an article.
type FailFunc func(Failure)

// Reader reads articles from files, directories and streams.
type Reader struct {
	// Stdin is what the path "-" reads.
	Stdin io.Reader
	// Consumed, if set, is called with the number of input bytes read from
	// files as reading proceeds (compressed bytes for gzipped files), so a
	// progress display can compare it with the inputs' total size.
	Consumed func(n int64)
}

// ReadPath reads path ("-" is standard input) with a Reader on os.Stdin. With
// a nil fail, input failures are joined into the returned error.
func ReadPath(ctx context.Context, path string, emit EmitFunc, fail FailFunc) error {
	r := &Reader{Stdin: os.Stdin}
	return r.Read(ctx, path, emit, fail)
}

// ReadOne reads a file that holds exactly one article, such as an article of
// a gold set, as ingest would read it: a text file's "date YYYY-MM-DD URL"
// header is metadata, not body.
func ReadOne(ctx context.Context, path string) (schema.Document, error) {
	var docs []schema.Document
	err := ReadPath(ctx, path, func(d schema.Document) error {
		docs = append(docs, d)
		return nil
	}, nil)
	if err != nil {
		return schema.Document{}, err
	}
	if len(docs) != 1 {
		return schema.Document{}, fmt.Errorf("%s: read %d articles, want one", path, len(docs))
	}
	return docs[0], nil
}

// Read reads every article under path: a file, a directory walked recursively
// in lexical order (hidden entries, code and README/LICENSE files skipped),
// or "-" for the Reader's Stdin.
// Input problems go to fail; the returned error is the context's, emit's, or,
// with a nil fail, all input failures joined.
func (r *Reader) Read(ctx context.Context, path string, emit EmitFunc, fail FailFunc) error {
	var collected []error
	if fail == nil {
		fail = func(f Failure) { collected = append(collected, errors.New(f.String())) }
	}
	err := r.read(ctx, path, emit, fail)
	if err != nil {
		return err
	}
	return errors.Join(collected...)
}

func (r *Reader) read(ctx context.Context, path string, emit EmitFunc, fail FailFunc) error {
	if path == "-" {
		in := r.Stdin
		if in == nil {
			in = os.Stdin
		}
		return r.ReadStream(ctx, "-", "stdin", in, emit, fail)
	}
	info, err := os.Stat(path)
	if err != nil {
		fail(Failure{Origin: path, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	if !info.IsDir() {
		return r.readFile(ctx, path, emit, fail)
	}
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			fail(Failure{Origin: p, Stage: StageRead, Reason: err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || notArticle(d.Name()) {
			return nil
		}
		return r.readFile(ctx, p, emit, fail)
	})
}

// codeExts are files a directory walk passes over: source code and the
// like that sits beside a corpus and is never an article. A file named on
// the command line is always read.
var codeExts = map[string]bool{
	".go": true, ".py": true, ".js": true, ".ts": true, ".css": true, ".sh": true,
	".mod": true, ".sum": true, ".yml": true, ".yaml": true, ".toml": true,
}

// notArticle tells the files a directory walk skips: code, and a corpus'
// own README, LICENSE or CHANGELOG.
func notArticle(name string) bool {
	upper := strings.ToUpper(name)
	for _, doc := range []string{"README", "LICENSE", "CHANGELOG"} {
		if strings.HasPrefix(upper, doc) {
			return true
		}
	}
	return codeExts[strings.ToLower(filepath.Ext(name))]
}

func (r *Reader) readFile(ctx context.Context, path string, emit EmitFunc, fail FailFunc) error {
	f, err := os.Open(path)
	if err != nil {
		fail(Failure{Origin: path, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	defer f.Close()
	var in io.Reader = f
	if r.Consumed != nil {
		in = &countingReader{r: f, add: r.Consumed}
	}
	return r.ReadStream(ctx, path, docID(path), in, emit, fail)
}

// TotalSize sums the sizes of the regular files ReadPath would read under
// paths, for a progress bar's total; ok is false when a path is stdin.
func TotalSize(paths []string) (total int64, ok bool) {
	ok = true
	for _, p := range paths {
		if p == "-" {
			ok = false
			continue
		}
		_ = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if q != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					if q == p || !notArticle(d.Name()) {
						total += info.Size()
					}
				}
			}
			return nil
		})
	}
	return total, ok
}

// ReadStream reads one input stream whose format is detected from its first
// bytes. name is its origin in failures and documents (a path, or "-");
// id is the document id a single-article format gives its article.
func (r *Reader) ReadStream(ctx context.Context, name, id string, in io.Reader, emit EmitFunc, fail FailFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		fail(Failure{Origin: name, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	format, reason := Sniff(head, name)
	switch format {
	case "":
		fail(Failure{Origin: name, Stage: StageRead, Reason: reason})
		return nil
	case FormatGzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			fail(Failure{Origin: name, Stage: StageRead, Reason: "gzip: " + err.Error()})
			return nil
		}
		defer zr.Close()
		return r.ReadStream(ctx, name, id, zr, emit, fail)
	case FormatJSONL:
		return readJSONL(ctx, name, br, emit, fail)
	case FormatJSONArray:
		return readJSONArray(ctx, name, br, emit, fail)
	case FormatWARC:
		return readWARC(ctx, name, br, emit, fail)
	case FormatFeed:
		return r.readFeed(ctx, name, br, emit, fail)
	}
	body, err := readAllLimited(br)
	if err != nil {
		fail(Failure{Origin: name, ID: id, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	var doc schema.Document
	if format == FormatHTML {
		doc, err = htmlDocument(body, "", "")
	} else {
		doc, err = textDocument(body, name)
	}
	if err != nil {
		fail(Failure{Origin: name, ID: id, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	doc.ID = id
	doc.Origin = name
	return emit(finish(doc))
}

// Sniff tells an input's format from its first bytes, with the file name's
// extension only as a tie-breaker for text-like content. An empty format
// comes with the reason the input is no article at all.
func Sniff(head []byte, name string) (Format, string) {
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		return FormatGzip, ""
	}
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return FormatWARC, ""
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) == 0 {
		return "", "empty input: no article text"
	}
	if isBinary(head) {
		return "", "binary content in no known format (expected text, JSON Lines, HTML, RSS/Atom, WARC, optionally gzipped)"
	}
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	switch trimmed[0] {
	case '{':
		return FormatJSONL, ""
	case '[':
		return FormatJSONArray, ""
	case '<':
		lower := bytes.ToLower(trimmed)
		isHTML := bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html"))
		if !isHTML && (bytes.Contains(lower, []byte("<rss")) || bytes.Contains(lower, []byte("<feed")) || bytes.Contains(lower, []byte("<rdf:rdf"))) {
			return FormatFeed, ""
		}
		return FormatHTML, ""
	}
	switch ext {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, ""
	case ".html", ".htm", ".xhtml":
		return FormatHTML, ""
	}
	return FormatText, ""
}

// isBinary reports content that is no text in any charset: NUL bytes, or
// more than one control character in ten. (Invalid UTF-8 alone is not
// binary: it is text in another charset, decoded later.)
func isBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			ctl++
		}
	}
	return ctl*10 > len(head)
}

func readAllLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxArticleBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxArticleBytes {
		return nil, fmt.Errorf("article larger than %d MiB", MaxArticleBytes>>20)
	}
	return b, nil
}

// docID is a file's document id: its name without directory, ".gz" and
// extension, as FORMAT.md asks.
func docID(path string) string {
	base := filepath.Base(path)
	if strings.HasSuffix(strings.ToLower(base), ".gz") {
		base = base[:len(base)-3]
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// deliver passes one reader's result on: a document to emit (with its
// origin set and finished), or the failure naming origin. Only emit's error
// (the run is over) is returned.
func deliver(origin string, doc schema.Document, err error, emit EmitFunc, fail FailFunc) error {
	if err != nil {
		fail(Failure{Origin: origin, ID: doc.ID, Stage: StageRead, Reason: err.Error()})
		return nil
	}
	doc.Origin = origin
	return emit(finish(doc))
}

// finish fills what every reader owes a document: the body hash that keys an
// article without URL and tells a re-ingest whether its text changed.
func finish(d schema.Document) schema.Document {
	sum := sha256.Sum256([]byte(d.Body))
	d.Hash = hex.EncodeToString(sum[:])
	if d.ID == "" {
		d.ID = d.URL
	}
	if d.ID == "" {
		d.ID = d.Origin
	}
	return d
}

type countingReader struct {
	r   io.Reader
	add func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.add(int64(n))
	}
	return n, err
}

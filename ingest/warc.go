package ingest

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"

	"github.com/newsgraph/newsgraph/schema"
)

// readWARC reads a WARC stream (already gunzipped: a .warc.gz is a series of
// gzip members, which the gzip reader joins). Every 2xx response record with
// an HTML or plain-text payload is an article: its id and URL are the
// WARC-Target-URI, its origin file#N with N the 1-based record number, and
// its publication date the page's own, else the capture date. Requests,
// metadata, redirects and non-text payloads are not articles and are
// passed over silently.
func readWARC(ctx context.Context, name string, br *bufio.Reader, emit EmitFunc, fail FailFunc) error {
	u := gowarc.NewUnmarshaler(
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
	)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		origin := name + "#" + strconv.Itoa(n)
		rec, _, _, err := u.Unmarshal(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// The stream cannot be resynchronized reliably after a broken
			// record header: report it and stop this file.
			fail(Failure{Origin: origin, Stage: StageRead, Reason: "warc: " + err.Error()})
			return nil
		}
		doc, ok, err := warcDocument(rec)
		closeErr := rec.Close()
		if err == nil && closeErr != nil {
			err = closeErr
		}
		if err != nil {
			fail(Failure{Origin: origin, ID: doc.ID, Stage: StageRead, Reason: err.Error()})
			if closeErr != nil {
				return nil
			}
			continue
		}
		if !ok {
			continue
		}
		doc.Origin = origin
		if err := emit(finish(doc)); err != nil {
			return err
		}
	}
}

func warcDocument(rec gowarc.WarcRecord) (schema.Document, bool, error) {
	if rec.Type() != gowarc.Response {
		return schema.Document{}, false, nil
	}
	target := strings.Trim(rec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
	block, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return schema.Document{}, false, nil
	}
	if c := block.HttpStatusCode(); c < 200 || c > 299 {
		return schema.Document{}, false, nil
	}
	header := block.HttpHeader()
	mediaType, contentType := "text/html", ""
	if header != nil {
		if ct := header.Get("Content-Type"); ct != "" {
			contentType = ct
			if mt, _, err := mime.ParseMediaType(ct); err == nil {
				mediaType = mt
			}
		}
	}
	isHTML := mediaType == "text/html" || mediaType == "application/xhtml+xml"
	if !isHTML && mediaType != "text/plain" {
		return schema.Document{}, false, nil
	}
	d := schema.Document{ArticleMeta: schema.ArticleMeta{ID: target}}
	payload, err := block.PayloadBytes()
	if err != nil {
		return d, false, fmt.Errorf("warc payload: %w", err)
	}
	if header != nil {
		if strings.EqualFold(header.Get("Transfer-Encoding"), "chunked") {
			payload = httputil.NewChunkedReader(payload)
		}
		switch strings.ToLower(header.Get("Content-Encoding")) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(payload)
			if err != nil {
				return d, false, fmt.Errorf("warc payload gzip: %w", err)
			}
			payload = zr
		case "deflate":
			payload = flate.NewReader(payload)
		}
	}
	body, err := readAllLimited(payload)
	if err != nil {
		return d, false, fmt.Errorf("warc payload: %w", err)
	}
	var doc schema.Document
	if isHTML {
		doc, err = htmlDocument(body, target, contentType)
	} else {
		doc, err = textDocument(body, "-")
		doc.URL = target
	}
	if err != nil {
		return d, false, err
	}
	doc.ID = target
	if doc.URL == "" {
		doc.URL = target
	}
	if doc.Published == "" {
		if t, err := rec.Date(); err == nil && !t.IsZero() {
			doc.Published = t.UTC().Format(time.DateOnly)
		}
	}
	return doc, true, nil
}

package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestHandler serves the committed build: index.html for the root and for
// client-side routes, hashed assets with a long cache, 404 for missing
// files, 405 for writes.
func TestHandler(t *testing.T) {
	assets, err := fs.Glob(dist, "dist/assets/*.js")
	if err != nil || len(assets) == 0 {
		t.Fatalf("no built script in dist/assets (run make web): %v", err)
	}
	js := strings.TrimPrefix(assets[0], "dist")
	tests := []struct {
		method, path string
		status       int
		ctype, cache string
		body         string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"GET", "/index.html", 200, "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"HEAD", "/", 200, "text/html; charset=utf-8", "no-cache", ""},
		{"GET", "/actor/country:IRN", 200, "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"GET", js, 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"GET", "/assets/missing.js", 404, "", "", ""},
		{"GET", "/../../etc/passwd", 200, "text/html; charset=utf-8", "no-cache", `<div id="app">`},
		{"POST", "/", 405, "", "", ""},
	}
	h := Handler()
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://x"+tt.path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != http.StatusOK {
				return
			}
			if got := rec.Header().Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body lacks %q", tt.body)
			}
			if tt.method == "HEAD" && rec.Body.Len() != 0 {
				t.Errorf("HEAD answered a body of %d bytes", rec.Body.Len())
			}
			if strings.HasPrefix(tt.ctype, "text/html") && !strings.Contains(rec.Header().Get("Content-Security-Policy"), "worker-src 'self' blob:") {
				t.Errorf("index.html without the CSP: %q", rec.Header().Get("Content-Security-Policy"))
			}
		})
	}
}

// TestIndexAssets checks that every asset index.html names was built and
// embedded, so a stale dist/ cannot ship a page without its script.
func TestIndexAssets(t *testing.T) {
	index, err := fs.ReadFile(dist, "dist/index.html")
	if err != nil {
		t.Fatalf("dist/index.html: %v", err)
	}
	refs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) < 2 {
		t.Fatalf("index.html names %d assets, want the script and the stylesheet", len(refs))
	}
	h := Handler()
	for _, r := range refs {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://x"+r[1], nil))
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("%s: status %d, %d bytes", r[1], rec.Code, rec.Body.Len())
		}
	}
}

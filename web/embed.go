// Package web is newsgraph's graph exploration UI: a TypeScript single page
// (sources in src/, built by `npm run build` into dist/) embedded in the Go
// binary, so the server is one file to deploy. dist/ is committed, so the
// module builds without npm; `make build` rebuilds it from the lockfile.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// csp allows what the page does and nothing else: its own scripts and
// styles (style attributes for colours), the GraphQL API on the same
// origin, and ForceAtlas2's worker, which graphology starts from a blob URL.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// Handler serves the built UI. Paths that name no file and have no
// extension get index.html, so client-side routes can be reloaded; hashed
// assets are cached for good, index.html never.
func Handler() http.Handler {
	root, err := fs.Sub(dist, "dist")
	if err != nil {
		// dist is embedded at compile time; a missing directory fails the build.
		panic("web: embedded dist: " + err.Error())
	}
	files := http.FileServer(http.FS(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(root, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					h.Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		index, err := fs.ReadFile(root, "index.html")
		if err != nil {
			http.Error(w, "the web UI was built without index.html: run make build", http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", csp)
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(index)
		}
	})
}

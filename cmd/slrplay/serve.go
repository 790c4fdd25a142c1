package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// csp is the page's Content-Security-Policy: its own scripts and styles
// only (WebAssembly needs 'wasm-unsafe-eval'), no inline styles, no frames,
// no plugins, and connections only to itself and, when the page's
// config.json names one, the short-link service's origin.
func csp(shareOrigin string) string {
	connect := "'self'"
	if shareOrigin != "" {
		connect += " " + shareOrigin
	}
	return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
		"connect-src " + connect + "; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}

// shareOrigin reads the page's config.json ({"shareApi": URL}, written by
// make page) and returns the short-link service's origin when it is on
// another host; "" when there is none or it is the page's own (a path).
func shareOrigin(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var c struct {
		ShareAPI string `json:"shareApi"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", fmt.Errorf("config.json: %v", err)
	}
	api := strings.TrimSpace(c.ShareAPI)
	if api == "" || strings.HasPrefix(api, "/") {
		return "", nil
	}
	u, err := url.Parse(api)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("config.json: shareApi %q is neither a path nor an http(s) URL", api)
	}
	return u.Scheme + "://" + u.Host, nil
}

func serveCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fs.String("dir", "web/dist", "the page's directory (built by make page)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "slrplay serve: %s is not a directory: build the page with make page\n", *dir)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay serve: %v\n", err)
		return 2
	}
	origin, err := shareOrigin(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "slrplay serve: %v: serving without short links\n", err)
	}
	fmt.Fprintf(stdout, "serving the playground on http://%s/\n", ln.Addr())
	if err := http.Serve(ln, pageHandler(*dir, csp(origin))); err != nil && !errors.Is(err, net.ErrClosed) {
		fmt.Fprintf(stderr, "slrplay serve: %v\n", err)
		return 2
	}
	return 0
}

// pageHandler serves the page's files: GET and HEAD only, no directory
// listings, the security headers (policy is the CSP) on every answer, and
// the types browsers need for WebAssembly and modules.
func pageHandler(dir, policy string) http.Handler {
	mime.AddExtensionType(".wasm", "application/wasm")
	mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", policy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := path.Clean("/" + r.URL.Path)
		if name == "/_headers" { // the static hosts' header rules, not a file of the page
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/") && name != "/" {
			name += "/"
		}
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err == nil && st.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name), "index.html")); err != nil {
				http.NotFound(w, r) // no listings
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

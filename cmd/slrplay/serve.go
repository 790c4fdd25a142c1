package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
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

// encodings are the precompressed variants web/build.mjs writes beside a
// file (name.br, name.gz), best first: the one a browser takes, among
// those it accepts with the same weight, is the first listed.
var encodings = []encoding{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// encoding is a content coding and the suffix of its files.
type encoding struct{ coding, suffix string }

// pageHandler serves the page's files: GET and HEAD only, no directory
// listings, the security headers (policy is the CSP) on every answer, and
// the types browsers need for WebAssembly and modules. A file is sent in
// the best encoding the browser accepts among its precompressed variants,
// with an ETag of its bytes, so a reload revalidates (Cache-Control:
// no-cache, as the page's names do not change with their content) and
// gets 304 Not Modified for what did not change.
func pageHandler(dir, policy string) http.Handler {
	mime.AddExtensionType(".wasm", "application/wasm")
	mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	root := http.Dir(dir)
	tags := &etags{m: map[string]etag{}}
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
		if name == "/_headers" || isVariant(root, name) { // the static hosts' header rules, and encodings of a file: not files of the page
			http.NotFound(w, r)
			return
		}
		f, st, err := open(root, name)
		if err == nil && st.IsDir() {
			f.Close()
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, path.Base(name)+"/", http.StatusMovedPermanently)
				return
			}
			name = path.Join(name, "index.html") // no listings: a directory without one is not found
			f, st, err = open(root, name)
		}
		if err != nil || st.IsDir() {
			if err == nil {
				f.Close()
			}
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			var head [512]byte
			n, _ := io.ReadFull(f, head[:])
			ctype = http.DetectContentType(head[:n])
		}
		h.Set("Content-Type", ctype)
		h.Add("Vary", "Accept-Encoding")
		if e, vf, vst := variant(root, name, st, acceptedEncodings(r.Header.Get("Accept-Encoding"))); vf != nil {
			defer vf.Close()
			h.Set("Content-Encoding", e.coding)
			f, st, name = vf, vst, name+e.suffix
			r.Header.Del("Range") // a range of the compressed bytes is of no use to a browser
		}
		tag, err := tags.of(name, f, st)
		if err != nil {
			http.Error(w, "cannot read "+path.Base(name), http.StatusInternalServerError)
			return
		}
		h.Set("ETag", tag)
		// http.ServeContent leaves out the length of an encoded body; a
		// browser shows progress with it, and it is known.
		w = &withLength{ResponseWriter: w, length: st.Size()}
		http.ServeContent(w, r, name, st.ModTime(), f)
	})
}

// open opens a file of the page and reads its metadata.
func open(root http.FileSystem, name string) (http.File, fs.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// variant opens the precompressed variant of the file name (whose
// metadata is st) that the browser weighs most, the first listed in
// encodings among equals, if it accepts one at least as much as the file
// itself; nil if none.
func variant(root http.FileSystem, name string, st fs.FileInfo, accepted map[string]float64) (enc encoding, f http.File, vst fs.FileInfo) {
	best := max(accepted["identity"], 0.0001) // a coding must be accepted, and not less than the file itself
	for _, e := range encodings {
		q := accepted[e.coding]
		if q < best || (f != nil && q == best) {
			continue
		}
		vf, vs, err := open(root, name+e.suffix)
		if err != nil {
			continue
		}
		if vs.IsDir() || vs.ModTime().Before(st.ModTime()) { // older than the file: not its encoding
			vf.Close()
			continue
		}
		if f != nil {
			f.Close()
		}
		enc, f, vst, best = e, vf, vs, q
	}
	return enc, f, vst
}

// isVariant tells whether name is a precompressed encoding of another file
// of the page (app.js.br beside app.js).
func isVariant(root http.FileSystem, name string) bool {
	for _, e := range encodings {
		if base, ok := strings.CutSuffix(name, e.suffix); ok && base != "" && base != "/" {
			if f, err := root.Open(base); err == nil {
				f.Close()
				return true
			}
		}
	}
	return false
}

// acceptedEncodings reads an Accept-Encoding header (RFC 9110 12.5.3) into
// each content coding's weight: "*" stands for the codings it does not
// name, a coding with q=0 is refused, and "identity" weighs 0 unless named
// (the file itself is always acceptable, but never preferred to a coding
// the browser asks for).
func acceptedEncodings(header string) map[string]float64 {
	q := map[string]float64{}
	star := 0.0
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				weight = 0 // an unreadable weight: do not guess the browser accepts it
				if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && x >= 0 && x <= 1 {
					weight = x
				}
			}
		}
		if coding == "*" {
			star = weight
			continue
		}
		q[coding] = weight
	}
	for _, e := range encodings {
		if _, named := q[e.coding]; !named {
			q[e.coding] = star
		}
	}
	return q
}

// etags remembers each file's entity tag, a hash of its bytes, for as long
// as its size and modification time stay the same: the core's 5 MB are
// read once, not on every reload.
type etags struct {
	mu sync.Mutex
	m  map[string]etag
}

type etag struct {
	size  int64
	mtime time.Time
	tag   string
}

// of returns the file's entity tag and leaves f at its start.
func (t *etags) of(name string, f io.ReadSeeker, st fs.FileInfo) (string, error) {
	t.mu.Lock()
	e, ok := t.m[name]
	t.mu.Unlock()
	if ok && e.size == st.Size() && e.mtime.Equal(st.ModTime()) {
		return e.tag, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	e = etag{size: st.Size(), mtime: st.ModTime(), tag: `"` + hex.EncodeToString(sum.Sum(nil)[:16]) + `"`}
	t.mu.Lock()
	t.m[name] = e
	t.mu.Unlock()
	return e.tag, nil
}

// withLength adds the body's length to a full answer, and for an encoded
// one takes back http.ServeContent's offer of ranges (they are not served).
type withLength struct {
	http.ResponseWriter
	length int64
}

func (w *withLength) WriteHeader(code int) {
	if code == http.StatusOK && w.Header().Get("Content-Length") == "" {
		w.Header().Set("Content-Length", strconv.FormatInt(w.length, 10))
	}
	if w.Header().Get("Content-Encoding") != "" {
		w.Header().Del("Accept-Ranges")
	}
	w.ResponseWriter.WriteHeader(code)
}

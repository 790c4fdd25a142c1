package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestServe(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>SLR Playground</title>"), 0o644)
	os.WriteFile(filepath.Join(dir, "core.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(dir, "_headers"), []byte("/*\n  X-Frame-Options: DENY\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "assets"), 0o755)
	os.WriteFile(filepath.Join(dir, "assets", "app.js"), []byte("export {}"), 0o644)
	srv := httptest.NewServer(pageHandler(dir, csp("")))
	defer srv.Close()
	get := func(method, p string) *http.Response {
		req, _ := http.NewRequest(method, srv.URL+p, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	tests := []struct {
		method, path string
		status       int
		ctype        string
	}{
		{"GET", "/", 200, "text/html"},
		{"GET", "/core.wasm", 200, "application/wasm"},
		{"GET", "/assets/app.js", 200, "text/javascript"},
		{"HEAD", "/", 200, "text/html"},
		{"GET", "/assets/", 404, ""},
		{"GET", "/missing", 404, ""},
		{"GET", "/_headers", 404, ""},
		{"GET", "/x/../_headers", 404, ""},
		{"GET", "/../../etc/passwd", 404, ""},
		{"POST", "/", 405, ""},
	}
	for _, tc := range tests {
		res := get(tc.method, tc.path)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.status, tc.ctype)
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self' 'wasm-unsafe-eval'") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: security headers missing: %v", tc.method, tc.path, res.Header)
		}
	}
	if code, _, stderr := slrplay(t, "", "serve", "--dir", filepath.Join(dir, "nope")); code != 2 || !strings.Contains(stderr, "not a directory") {
		t.Errorf("serve without a page: exit %d, %q", code, stderr)
	}
}

// TestServeCSP: the short-link service named by the page's config.json is
// the one other origin the page may connect to.
func TestServeCSP(t *testing.T) {
	tests := []struct {
		config, origin, err string
	}{
		{"", "", ""},
		{`{"shareApi": ""}`, "", ""},
		{`{"shareApi": "/api/share"}`, "", ""},
		{`{"shareApi": "https://share.example.com/api/share"}`, "https://share.example.com", ""},
		{`{"shareApi": "http://127.0.0.1:9/api/share"}`, "http://127.0.0.1:9", ""},
		{`{"shareApi": "javascript:alert(1)"}`, "", "neither a path nor an http(s) URL"},
		{`{"shareApi": `, "", "config.json"},
	}
	for _, tc := range tests {
		dir := t.TempDir()
		if tc.config != "" {
			os.WriteFile(filepath.Join(dir, "config.json"), []byte(tc.config), 0o644)
		}
		origin, err := shareOrigin(dir)
		if origin != tc.origin || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %q, %v; want %q, %q", tc.config, origin, err, tc.origin, tc.err)
		}
	}
	if got := csp("http://127.0.0.1:9"); !strings.Contains(got, "connect-src 'self' http://127.0.0.1:9;") || !strings.Contains(got, "style-src 'self';") {
		t.Errorf("csp: %s", got)
	}
	if got := csp(""); !strings.Contains(got, "connect-src 'self';") {
		t.Errorf("csp without a service: %s", got)
	}
}

// page writes a page with a script and its precompressed variants, as
// web/build.mjs leaves them, and serves it.
func servePage(t *testing.T) (dir string, srv *httptest.Server, js, gz, br []byte) {
	t.Helper()
	dir = t.TempDir()
	js = bytes.Repeat([]byte("export const answer = 42;\n"), 400)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(js)
	zw.Close()
	gz = b.Bytes()
	br = []byte("not really brotli, but what build.mjs wrote as app.js.br")
	// One modification time for all: the server ignores a variant older
	// than its file, and files written one after another may straddle a tick.
	built := time.Now().Add(-time.Minute)
	for name, body := range map[string][]byte{"index.html": []byte("<!doctype html><title>SLR Playground</title>"), "app.js": js, "app.js.gz": gz, "app.js.br": br, "sw.js": []byte("self.x = 1")} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, built, built); err != nil {
			t.Fatal(err)
		}
	}
	return dir, httptest.NewServer(pageHandler(dir, csp(""))), js, gz, br
}

// fetch asks without the transport's own gzip, so the test sees the bytes on the wire.
func fetch(t *testing.T, srv *httptest.Server, method, p string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+p, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// TestServeCompressed: the browser gets the best precompressed variant it
// accepts, with the original's type, its own length, and Vary.
func TestServeCompressed(t *testing.T) {
	_, srv, js, gz, br := servePage(t)
	defer srv.Close()
	tests := []struct {
		accept, encoding string
	}{
		{"", ""},
		{"gzip", "gzip"},
		{"gzip, deflate, br, zstd", "br"}, // what Chromium sends
		{"GZIP", "gzip"},
		{"br;q=0.5, gzip", "gzip"},
		{"br;q=0.5, gzip;q=0.8", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"*", "br"},
		{"*;q=0.5, br;q=0", "gzip"},
		{"gzip;q=0.5, identity", ""},
		{"identity;q=0, gzip;q=0.2, br;q=0.1", "gzip"},
		{"br;q=nonsense, gzip", "gzip"},
		{"deflate, compress", ""},
	}
	want := map[string][]byte{"": js, "gzip": gz, "br": br}
	for _, tc := range tests {
		res, body := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", tc.accept)
		h := res.Header
		if res.StatusCode != 200 || h.Get("Content-Encoding") != tc.encoding || !bytes.Equal(body, want[tc.encoding]) {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q (%d bytes), want %q", tc.accept, res.StatusCode, h.Get("Content-Encoding"), len(body), tc.encoding)
		}
		if h.Get("Content-Type") != "text/javascript; charset=utf-8" || h.Get("Vary") != "Accept-Encoding" || h.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("Accept-Encoding %q: Content-Type %q, Vary %q, Content-Length %q for %d bytes", tc.accept, h.Get("Content-Type"), h.Get("Vary"), h.Get("Content-Length"), len(body))
		}
		if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-cache" {
			t.Errorf("Accept-Encoding %q: headers %v", tc.accept, h)
		}
	}
	if res, body := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", "gzip"); res.StatusCode == 200 {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(zr); !bytes.Equal(got, js) {
			t.Error("the gzip answer does not decode to app.js")
		}
	}
	// A file without variants is sent as it is, whatever the browser accepts.
	if res, body := fetch(t, srv, "GET", "/sw.js", "Accept-Encoding", "br, gzip"); res.Header.Get("Content-Encoding") != "" || string(body) != "self.x = 1" {
		t.Errorf("sw.js: Content-Encoding %q, %q", res.Header.Get("Content-Encoding"), body)
	}
	// HEAD says what GET would send, without it.
	if res, body := fetch(t, srv, "HEAD", "/app.js", "Accept-Encoding", "br"); res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Content-Length") != strconv.Itoa(len(br)) || len(body) != 0 {
		t.Errorf("HEAD: %d %v, %d bytes", res.StatusCode, res.Header, len(body))
	}
	// A variant is an encoding of a file, not a file of the page.
	for _, p := range []string{"/app.js.gz", "/app.js.br"} {
		if res, _ := fetch(t, srv, "GET", p); res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
	// A range of the compressed bytes would be of no use: the whole variant comes.
	if res, body := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", "gzip", "Range", "bytes=0-9"); res.StatusCode != 200 || !bytes.Equal(body, gz) {
		t.Errorf("Range with gzip: %d, %d bytes", res.StatusCode, len(body))
	}
	if res, body := fetch(t, srv, "GET", "/app.js", "Range", "bytes=0-5"); res.StatusCode != 206 || string(body) != "export" {
		t.Errorf("Range: %d, %q", res.StatusCode, body)
	}
}

// TestServeStaleVariant: a variant older than its file (the file rebuilt
// without build.mjs) is not its encoding any more.
func TestServeStaleVariant(t *testing.T) {
	dir, srv, _, _, _ := servePage(t)
	defer srv.Close()
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "app.js.br"), old, old)
	if res, body := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", "br, gzip"); res.Header.Get("Content-Encoding") != "gzip" || len(body) == 0 {
		t.Errorf("stale app.js.br: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}

// TestServeRevalidate: a reload sends the ETag it was given and gets 304
// for an unchanged file, the new file once it changed; each encoding has
// its own tag.
func TestServeRevalidate(t *testing.T) {
	dir, srv, _, _, _ := servePage(t)
	defer srv.Close()
	tags := map[string]string{}
	for _, enc := range []string{"", "gzip", "br"} {
		res, _ := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", enc)
		tag := res.Header.Get("ETag")
		if !strings.HasPrefix(tag, `"`) || len(tag) < 10 {
			t.Fatalf("%q: ETag %q", enc, tag)
		}
		for e, other := range tags {
			if other == tag {
				t.Errorf("%q and %q share the ETag %s", enc, e, tag)
			}
		}
		tags[enc] = tag
		res, body := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", enc, "If-None-Match", tag)
		if res.StatusCode != 304 || len(body) != 0 || res.Header.Get("ETag") != tag || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q revalidated: %d %v, %d bytes", enc, res.StatusCode, res.Header, len(body))
		}
		if res, _ := fetch(t, srv, "HEAD", "/app.js", "Accept-Encoding", enc, "If-None-Match", `"other", `+tag); res.StatusCode != 304 {
			t.Errorf("%q HEAD revalidated among others: %d", enc, res.StatusCode)
		}
	}
	// The identity's tag does not stand for the brotli bytes.
	if res, _ := fetch(t, srv, "GET", "/app.js", "Accept-Encoding", "br", "If-None-Match", tags[""]); res.StatusCode != 200 {
		t.Errorf("br with the identity's tag: %d", res.StatusCode)
	}
	res, _ := fetch(t, srv, "GET", "/", "Accept-Encoding", "br")
	if tag := res.Header.Get("ETag"); tag == "" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("index: ETag %q, Cache-Control %q", tag, res.Header.Get("Cache-Control"))
	}
	// A new build: the same name, new bytes.
	later := time.Now().Add(time.Minute)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>SLR Playground 2</title>"), 0o644)
	os.Chtimes(filepath.Join(dir, "index.html"), later, later)
	if res2, body := fetch(t, srv, "GET", "/", "If-None-Match", res.Header.Get("ETag")); res2.StatusCode != 200 || !strings.Contains(string(body), "Playground 2") {
		t.Errorf("changed index.html: %d %q", res2.StatusCode, body)
	}
}

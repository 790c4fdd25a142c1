package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

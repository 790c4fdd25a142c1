//go:build js && wasm

// Command worker is the short-link service (CONTRACT 5) on Cloudflare
// Workers: package shortlink's handler over Workers KV. The page's files are
// Workers static assets and never reach this program (see wrangler.jsonc).
//
// The program runs once per isolate, not once per request: entry.mjs starts
// it as the runtime starts an isolate and hands it every request after
// that, so a request costs the handler's work, not a Go start (README.md
// has the figures).
package main

import (
	"net/http"
	"sync"

	"github.com/syumai/workers/cloudflare"

	"slrplay/wasm/worker/shortlink"
)

// binding is the KV namespace's name in wrangler.jsonc.
const binding = "SHARES"

func main() {
	// The program starts before any request, when there are no bindings or
	// settings yet: the handler is made on the first request. A
	// deployment's settings are fixed for the life of its isolates.
	var (
		once    sync.Once
		handler http.Handler
	)
	serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() {
			origins := shortlink.ParseOrigins(cloudflare.Getenv("ALLOWED_ORIGINS"))
			handler = shortlink.Handler(kvStore{binding}, shortlink.Config{
				AllowedOrigins: origins,
				Rate:           shortlink.DefaultRate,
				TTL:            shortlink.DefaultTTL,
			})
		})
		handler.ServeHTTP(w, r)
	}))
}

//go:build js && wasm && perrequest

package main

import (
	"net/http"

	"github.com/syumai/workers"
)

// serve answers one request and ends, as syumai/workers' own worker.mjs
// expects of a program it starts for every request. Built with
// -tags perrequest only for make bench-worker, to measure what entry.mjs
// saves.
func serve(h http.Handler) {
	workers.Serve(h)
}

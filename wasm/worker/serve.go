//go:build js && wasm && !perrequest

package main

import (
	"fmt"
	"net/http"
	"os"

	"github.com/syumai/workers"

	"slrplay/wasm/worker/shortlink"
)

// serve warms the handler's code, hands h to entry.mjs and stays for the
// isolate's requests.
func serve(h http.Handler) {
	if err := shortlink.Warm(); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err) // the service still answers; the warm-up only saves time
	}
	workers.ServeNonBlock(h)
	workers.Ready()
	select {}
}

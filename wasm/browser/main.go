//go:build js && wasm

// Command browser is the playground page's core: it registers
// window.slrplay's functions (CONTRACT 4) and marks the page ready. The
// logic is in package bridge, tested natively; this file only connects it.
//
// The page runs a second instance in a Web Worker for its own heavy calls;
// a worker has no document, so there the functions are registered on the
// worker's global object and nothing is marked.
package main

import (
	"syscall/js"

	"slrplay/wasm/browser/bridge"
)

func main() {
	// The page's heap is a few megabytes (the catalog, compiled policies),
	// and each decision leaves a few kilobytes of garbage; collecting at
	// five times the live heap, not twice, makes a re-evaluation after an
	// edit of the request a sixth faster (84 to 70 µs in headless
	// Chromium), for memory a tab can spare. The page sets it, as GOGC=400
	// in the Go program's environment (web/src/core.js, core-worker.js):
	// runtime/debug.SetGCPercent would link fmt, reflect and os, 80 KB of
	// the page's WebAssembly gzipped.
	// The page fetches the service catalog beside the WebAssembly and
	// leaves its text in globalThis.slrplayCatalog before starting Go; the
	// core reads it when a scenario first needs it.
	if c := js.Global().Get("slrplayCatalog"); c.Type() == js.TypeString {
		bridge.UseCatalog(c.String)
	}
	// AWS's Service Authorization Reference comes after the page is ready
	// (useReference); an instance started again later finds it here.
	if c := js.Global().Get("slrplayReference"); c.Type() == js.TypeString && c.String() != "" {
		if res := bridge.UseReference(c.String()); res != "{}" {
			js.Global().Get("console").Call("error", "slrplay: "+res)
		} else if d := js.Global().Get("slrplayDetails"); d.Type() == js.TypeString && d.String() != "" {
			// and the services' details it had been given
			if res := bridge.UseDetails(d.String()); res != "{}" {
				js.Global().Get("console").Call("error", "slrplay: "+res)
			}
		}
	}
	api := js.Global().Get("Object").New()
	// After each call api.lastWanted holds the services whose details its
	// answer needed and the core lacked (bridge.Wanted: '["s3"]'), or "";
	// set only when it changes, so that a call costs no more crossings.
	shown := false
	register := func(name string, f func(args []string) string) {
		api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			in := make([]string, len(args))
			for i, a := range args {
				if a.Type() == js.TypeString {
					in[i] = a.String()
				}
			}
			bridge.Wanted() // what came before this call is not its own
			out := f(in)
			if w := bridge.Wanted(); w != "[]" {
				api.Set("lastWanted", w)
				shown = true
			} else if shown {
				api.Set("lastWanted", "")
				shown = false
			}
			return out
		}))
	}
	arg := func(args []string, i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	register("lint", func(a []string) string { return bridge.Lint(arg(a, 0), arg(a, 1)) })
	register("evaluate", func(a []string) string { return bridge.Evaluate(arg(a, 0)) })
	register("run", func(a []string) string { return bridge.Run(arg(a, 0)) })
	register("encode", func(a []string) string { return bridge.Encode(arg(a, 0)) })
	register("decode", func(a []string) string { return bridge.Decode(arg(a, 0)) })
	register("useReference", func(a []string) string { return bridge.UseReference(arg(a, 0)) })
	register("useDetails", func(a []string) string { return bridge.UseDetails(arg(a, 0)) })
	// Those that need AWS's reference; the page's core.js makes summarize
	// wait for it (a Promise) while it loads.
	register("summarize", func(a []string) string { return bridge.Summarize(arg(a, 0), arg(a, 1)) })
	register("names", func(a []string) string { return bridge.Names(arg(a, 0), arg(a, 1)) })
	register("describe", func(a []string) string { return bridge.Describe(arg(a, 0)) })
	register("describeKey", func(a []string) string { return bridge.DescribeKey(arg(a, 0)) })
	register("compare", func(a []string) string { return bridge.Compare(arg(a, 0), arg(a, 1), arg(a, 2)) })
	js.Global().Set("slrplay", api)
	if doc := js.Global().Get("document"); doc.Truthy() {
		doc.Get("documentElement").Get("dataset").Set("ready", "true")
	}
	select {} // keep the functions alive
}

// Command pack makes a WebAssembly module that Go's linker wrote smaller once
// compressed, with the same behaviour: it joins the data segments that the
// linker splits at every run of 8 zero bytes (see merge). `make page` runs it
// on the page's core, whose size has a budget of 1.2 MB gzipped.
//
//	go run ./wasm/browser/pack FILE.wasm
//
// rewrites FILE.wasm in place.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pack FILE.wasm (rewritten in place)")
		os.Exit(2)
	}
	name := os.Args[1]
	in, err := os.ReadFile(name)
	if err == nil {
		var out []byte
		if out, err = merge(in); err == nil {
			err = os.WriteFile(name, out, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack: "+name+": "+err.Error())
		os.Exit(1)
	}
}

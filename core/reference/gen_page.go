//go:build ignore

// gen_page writes the page's AWS reference into a directory (web/build.mjs
// runs it): index.txt, the name index the page loads once it is ready, and
// PREFIX.txt, each service's details, which it loads when first needed
// (Split).
//
//	go run gen_page.go [-in catalog.txt] -out DIR
package main

import (
	"flag"
	"os"
	"path/filepath"

	"slrplay/core/reference"
)

func main() {
	in := flag.String("in", "catalog.txt", "the whole catalog")
	out := flag.String("out", "", "the directory to write into")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		os.Stderr.WriteString("gen_page: " + err.Error() + "\n")
		os.Exit(1)
	}
}

func run(in, out string) error {
	text, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	index, details, err := reference.Split(string(text))
	if err != nil {
		return err
	}
	if _, ok := details["index"]; ok {
		return os.ErrExist // a service named like the index would overwrite it
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "index.txt"), []byte(index), 0o644); err != nil {
		return err
	}
	for prefix, d := range details {
		if err := os.WriteFile(filepath.Join(out, prefix+".txt"), []byte(d), 0o644); err != nil {
			return err
		}
	}
	return nil
}

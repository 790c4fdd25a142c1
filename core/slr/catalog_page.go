//go:build js

package slr

// catalogJSON is empty on the page: it fetches catalog.json beside its
// WebAssembly and gives it to UseCatalogLater.
var catalogJSON []byte

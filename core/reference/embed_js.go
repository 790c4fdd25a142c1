//go:build js

package reference

// catalogText is empty on the page: it loads the catalog after it is ready
// and gives it to Use.
var catalogText string

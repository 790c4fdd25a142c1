//go:build !js

package slr

import _ "embed"

// catalogJSON is the built-in catalog, compiled into the command line.
//
//go:embed catalog.json
var catalogJSON []byte

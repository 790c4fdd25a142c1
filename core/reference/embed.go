//go:build !js

package reference

import _ "embed"

// catalogText is the catalog compiled into the command line.
//
//go:embed catalog.txt
var catalogText string

//go:build !js

package eval

import (
	"strings"

	"github.com/gobwas/glob"
)

// globMatcher is a pattern compiled by gobwas/glob.
type globMatcher = *glob.Pattern

// compileGlob compiles a pattern whose wildcard bytes are marked with
// gobwas/glob, or returns nil where glob refuses it (the segment matcher
// then takes it). Only patterns glob matches in linear time come here (see
// globLinear).
func compileGlob(text string, isWild []bool) globMatcher {
	g, err := glob.Compile(globText(text, isWild))
	if err != nil {
		return nil
	}
	return g
}

// globText writes the pattern in glob's syntax: literal runs quoted, the
// wildcards as they are.
func globText(text string, isWild []bool) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if isWild[i] {
			b.WriteByte(text[i])
			continue
		}
		j := i
		for j < len(text) && !isWild[j] {
			j++
		}
		b.WriteString(glob.QuoteMeta(text[i:j]))
		i = j - 1
	}
	return b.String()
}

// Package shortid makes the short-link service's ids (CONTRACT 5): short,
// content-addressed names for scenarios, as golang/playground's are. It is
// apart from package share because a hash function costs the page's
// WebAssembly over 100 KB compressed and only the service needs one.
package shortid

import (
	"crypto/sha256"
	"encoding/base64"

	"slrplay/core/share"
)

// Len is the length of an id: 11 base64url characters, 66 bits of a SHA-256.
const Len = 11

// Of returns the id of a scenario: the same scenario, whatever its layout,
// always gets the same id.
func Of(scenario []byte) (string, error) {
	min, err := share.Minify(scenario)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(min)
	return base64.RawURLEncoding.EncodeToString(sum[:])[:Len], nil
}

// Valid reports whether s has the form of an id: Len characters of the
// base64url alphabet. (Decoding would not do: Go's base64 skips '\r' and
// '\n', so "AAAAAAAAAA\n" would pass.)
func Valid(s string) bool {
	if len(s) != Len {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

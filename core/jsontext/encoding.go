package jsontext

import "strings"

// BOM is the UTF-8 byte order mark some editors put at the start of a file.
// A reader skips it; a position does not count it.
const BOM = "\uFEFF"

// UTF16 names the encoding of a text written in UTF-16, "UTF-16
// (little-endian)" or "UTF-16 (big-endian)", and returns "" for anything
// else. UTF-16 is told by its byte order mark, or without one by the NUL
// byte beside each ASCII character: JSON begins with ASCII, and UTF-8 JSON
// never holds a NUL byte. Read as UTF-8, such a text is only a puzzling
// syntax error.
func UTF16(text string) string {
	const le, be = "UTF-16 (little-endian)", "UTF-16 (big-endian)"
	switch {
	case strings.HasPrefix(text, "\xFF\xFE"):
		return le
	case strings.HasPrefix(text, "\xFE\xFF"):
		return be
	}
	n := min(len(text), 64) &^ 1
	even, odd := 0, 0
	for i := range n {
		if text[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	switch {
	case n == 0:
		return ""
	case even == 0 && odd >= 2 && odd*4 >= n: // at least half the characters
		return le
	case odd == 0 && even >= 2 && even*4 >= n:
		return be
	}
	return ""
}

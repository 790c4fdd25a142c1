package jsontext

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Unquote decodes a JSON string literal, quotes included, that Scan has
// accepted.
func Unquote(raw string) string {
	s, _ := unquote(raw, 0, false)
	return s
}

// UnquoteAt decodes a JSON string literal (quotes included) found at offset
// base of some text, returning its contents and, for every decoded byte, the
// offset in that text of what it was decoded from (one more entry for the
// end), so that places in the contents map back to the text. Offsets are
// int32, as in a Tape: four bytes for every byte of the contents.
func UnquoteAt(raw string, base int) (string, []int32) { return unquote(raw, base, true) }

// unquote is UnquoteAt, keeping the offsets only when asked.
func unquote(raw string, base int, offsets bool) (string, []int32) {
	b := make([]byte, 0, len(raw))
	var off []int32
	if offsets {
		off = make([]int32, 0, len(raw))
	}
	emit := func(at int, s []byte) {
		b = append(b, s...)
		if offsets {
			for range len(s) {
				off = append(off, int32(base+at))
			}
		}
	}
	var one [utf8.UTFMax]byte
	for i := 1; i < len(raw)-1; {
		c := raw[i]
		if c != '\\' {
			one[0] = c
			emit(i, one[:1])
			i++
			continue
		}
		switch raw[i+1] {
		case 'u':
			r := rune(hex4(raw[i+2 : i+6]))
			n := 6
			if utf16.IsSurrogate(r) {
				// A pair is two escapes; a surrogate alone is U+FFFD, and
				// the escape after it is read on its own (as encoding/json
				// reads it).
				pair := unicode.ReplacementChar
				if i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
					pair = utf16.DecodeRune(r, rune(hex4(raw[i+8:i+12])))
				}
				r = pair
				if pair != unicode.ReplacementChar {
					n = 12
				}
			}
			emit(i, utf8.AppendRune(one[:0], r))
			i += n
		default:
			one[0] = unescaped[raw[i+1]]
			emit(i, one[:1])
			i += 2
		}
	}
	if offsets {
		off = append(off, int32(base+len(raw)-1))
	}
	return string(b), off
}

// unescaped maps the letter after a backslash to the byte it stands for.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func hex4(s string) int {
	n := 0
	for i := range len(s) {
		d, _ := HexDigit(s[i])
		n = n<<4 | int(d)
	}
	return n
}

// HexDigit is the value of a hexadecimal digit.
func HexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

package jsontext

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Text writes s in UTF-16, with a byte order mark if bom.
func utf16Text(s string, bigEndian, bom bool) string {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// TestEncodings: a UTF-8 byte order mark is skipped; UTF-16, with or
// without a mark, is named, not read as garbage; a bracket's place counts
// CR, LF and CRLF as one line end each.
func TestEncodings(t *testing.T) {
	const doc = `{"Version": "2012-10-17"}`
	tests := []struct {
		name, text, err string
	}{
		{"UTF-8 with a mark", BOM + doc, ""},
		{"UTF-16LE with a mark", utf16Text(doc, false, true), "the text is UTF-16 (little-endian), not UTF-8: save it as UTF-8"},
		{"UTF-16BE with a mark", utf16Text(doc, true, true), "the text is UTF-16 (big-endian), not UTF-8: save it as UTF-8"},
		{"UTF-16LE without", utf16Text(doc, false, false), "the text is UTF-16 (little-endian)"},
		{"UTF-16BE without", utf16Text("\r\n  "+doc, true, false), "the text is UTF-16 (big-endian)"},
		{"a NUL is not UTF-16", "{\x00}", "control character"},
		{"bracket after CRs", "{\r\"a\": [1,\r\n2}", "the array opened at line 2, column 6"},
		{"bracket after a mark", BOM + "[{}", "the array opened at line 1, column 1"},
	}
	for _, tt := range tests {
		v, err := Parse(tt.text)
		switch {
		case tt.err == "" && (err != nil || v.Get("Version").Str() != "2012-10-17"):
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Msg, tt.err)):
			t.Errorf("%s: %v, want %q", tt.name, err, tt.err)
		}
	}
	if UTF16("") != "" || UTF16("{}") != "" || UTF16("\xFF") != "" {
		t.Error("not UTF-16")
	}
}

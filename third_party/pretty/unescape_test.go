package pretty

import (
	"encoding/json"
	"testing"
)

// TestUnescapeAsEncodingJSON: unescape decodes as encoding/json does, which
// this copy no longer imports.
func TestUnescapeAsEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`"plain"`, `"a\"b"`, `"\\ \/ \b \f \n \r \t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`,
		`"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`, `"\u12"`, `"\u12zz"`, `"\x"`,
		"\"bad \xff utf8\"", "\"tab\tinside\"", `"é"`, `"trailing\"`, `"a" "b"`, ` "spaced\n" `, `""`, `"\"`,
	} {
		var want string
		json.Unmarshal([]byte(s), &want)
		if got := string(unescape([]byte(s))); got != want {
			t.Errorf("%q: got %q, encoding/json %q", s, got, want)
		}
	}
}

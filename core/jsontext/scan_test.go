package jsontext

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// tree writes a value as text: kinds, decoded strings, places and elements,
// so two readings of a document can be compared.
func tree(v Value) string {
	var b strings.Builder
	var walk func(v Value)
	walk = func(v Value) {
		fmt.Fprintf(&b, "%d@%d-%d", v.Kind(), v.Start(), v.End())
		switch v.Kind() {
		case String:
			fmt.Fprintf(&b, "%q", v.Str())
		case Array:
			b.WriteByte('[')
			v.Elements(func(_ int, el Value) bool {
				walk(el)
				b.WriteByte(',')
				return true
			})
			b.WriteByte(']')
		case Object:
			b.WriteByte('{')
			v.Members(func(k, val Value) bool {
				walk(k)
				b.WriteByte(':')
				walk(val)
				b.WriteByte(',')
				return true
			})
			b.WriteByte('}')
		}
	}
	walk(v)
	return b.String()
}

// gjsonTree writes r as tree does, from gjson's own reading.
func gjsonTree(r gjson.Result) string {
	var b strings.Builder
	var walk func(r gjson.Result)
	walk = func(r gjson.Result) {
		kind := map[gjson.Type]Kind{gjson.String: String, gjson.Number: Number, gjson.True: Bool, gjson.False: Bool, gjson.Null: Null}[r.Type]
		if r.IsArray() {
			kind = Array
		} else if r.IsObject() {
			kind = Object
		}
		fmt.Fprintf(&b, "%d@%d-%d", kind, r.Index, r.Index+len(r.Raw))
		switch kind {
		case String:
			fmt.Fprintf(&b, "%q", r.Str)
		case Array:
			b.WriteByte('[')
			r.ForEach(func(_, v gjson.Result) bool {
				walk(v)
				b.WriteByte(',')
				return true
			})
			b.WriteByte(']')
		case Object:
			b.WriteByte('{')
			r.ForEach(func(k, v gjson.Result) bool {
				walk(k)
				b.WriteByte(':')
				walk(v)
				b.WriteByte(',')
				return true
			})
			b.WriteByte('}')
		}
	}
	walk(r)
	return b.String()
}

// sameAsGJSON reports how the tape and gjson read a text that is valid
// JSON differently, or "" when they agree.
func sameAsGJSON(text string) (diff string, compared bool) {
	t := Scan(text)
	if len(t.Errors) > 0 || t.Seq || !gjson.Valid(text) {
		return "", false
	}
	root := gjson.Parse(text)
	// At the top, gjson's value keeps the space around it.
	root.Index, root.Raw = int(t.Nodes[0].Start), strings.Trim(root.Raw, " \t\r\n")
	got, want := tree(t.Root()), gjsonTree(root)
	if got != want {
		return fmt.Sprintf("tape  %s\ngjson %s", got, want), true
	}
	return "", true
}

var samples = []string{
	`{}`, `[]`, ` [ ] `, `"x"`, `1`, `-0.5e+3`, `true`, `null`,
	`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}`,
	`["a\"b", "c", "\u00fcber", "\ud83d\ude00", "tab\tthere", "\/\b\f\n\r"]`,
	`["\udc00\u0000", "\ud83d", "\ud83d\u0041", "\ud83dx", "\ude00\ud83d\ude00"]`, `["a", 1, true, null, ["b"], {"a": "b"}, {}]`,
	"[\n\t\"a\",\n\t\"\"\n]", `{"é": "日本", "k": {"n": {"m": [[[]]]}}}`, `{"a": "b", "a": "c"}`,
}

// TestTapeAgreesWithGJSON: on valid JSON, the tree the scanner records is
// the one gjson reads: the same kinds, strings, places and elements.
func TestTapeAgreesWithGJSON(t *testing.T) {
	for _, text := range samples {
		diff, compared := sameAsGJSON(text)
		if !compared {
			t.Errorf("%s: not compared", text)
		}
		if diff != "" {
			t.Errorf("%s:\n%s", text, diff)
		}
	}
}

// TestStringBytes: every byte, at every place in a string, whether the
// scanner skips it eight at a time or one by one: it refuses exactly what
// is not JSON, and reads the rest as gjson does.
func TestStringBytes(t *testing.T) {
	for at := range 20 {
		for c := range 256 {
			text := `["` + strings.Repeat("a", at) + string(rune(c))[:1] + `bcdefghijklmnopq"]`
			if c >= 0x80 {
				text = `["` + strings.Repeat("a", at) + "é" + `bcdefghijklmnopq"]`
			}
			s := Scan(text)
			if valid := json.Valid([]byte(text)); valid != (len(s.Errors) == 0) {
				t.Fatalf("byte %#x at %d: valid %v, scanner errors %v", c, at, valid, s.Errors)
			}
			if diff, _ := sameAsGJSON(text); diff != "" {
				t.Fatalf("byte %#x at %d:\n%s", c, at, diff)
			}
		}
	}
}

// FuzzTape: whatever valid JSON the fuzzer finds, the tape and gjson agree,
// and what the scanner accepts without a slip encoding/json accepts too
// (after a byte order mark).
//
//	go test ./core/jsontext -run '^$' -fuzz FuzzTape
func FuzzTape(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if diff, _ := sameAsGJSON(text); diff != "" {
			t.Fatal(diff)
		}
		// A byte order mark is skipped, as editors write it; encoding/json
		// refuses it.
		valid := json.Valid([]byte(strings.TrimPrefix(text, BOM)))
		if _, err := Parse(text); err == nil && !valid {
			t.Fatalf("Parse accepted what is not JSON: %q", text)
		} else if err != nil && valid {
			t.Fatalf("Parse refused valid JSON %q: %v", text, err.Msg)
		}
	})
}

// Messages name a control character as fmt's %U would, the way they did
// when they were made with fmt.
func TestCodePointAsFmt(t *testing.T) {
	for _, r := range []rune{0, 1, 0x1f, 0x7f, 0xff, 0x1234, 0xfffd, 0x10ffff} {
		if got, want := codePoint(r), fmt.Sprintf("%U", r); got != want {
			t.Errorf("codePoint(%d) = %s, want %s", r, got, want)
		}
	}
}

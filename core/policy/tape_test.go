package policy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// tapeTree writes the value at node n as text: kinds, decoded strings,
// places and elements, so two readings of a document can be compared.
func tapeTree(p *parser, n int32) string {
	var b strings.Builder
	var walk func(n int32)
	walk = func(n int32) {
		nd := p.tape[n]
		fmt.Fprintf(&b, "%d@%d-%d", nd.kind, nd.start, nd.end)
		switch nd.kind {
		case String:
			fmt.Fprintf(&b, "%q", p.str(n))
		case Array:
			b.WriteByte('[')
			for it := n + 1; it < nd.next; it = p.after(it) {
				walk(it)
				b.WriteByte(',')
			}
			b.WriteByte(']')
		case Object:
			b.WriteByte('{')
			p.members(n, func(k, v int32) {
				walk(k)
				b.WriteByte(':')
				walk(v)
				b.WriteByte(',')
			})
			b.WriteByte('}')
		}
	}
	walk(n)
	return b.String()
}

// gjsonTree writes r as tapeTree does, from gjson's own reading.
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

// sameAsGJSON reports how the scanner's tape and gjson read a text that is
// valid JSON differently, or "" when they agree.
func sameAsGJSON(text string) (diff string, compared bool) {
	s := scan(text)
	if len(s.errs) > 0 || s.seq || !gjson.Valid(text) {
		return "", false
	}
	p := &parser{text: text, tape: s.tape}
	root := gjson.Parse(text)
	// At the top, gjson's value keeps the space around it.
	root.Index, root.Raw = int(s.tape[0].start), strings.Trim(root.Raw, " \t\r\n")
	got, want := tapeTree(p, 0), gjsonTree(root)
	if got != want {
		return fmt.Sprintf("tape  %s\ngjson %s", got, want), true
	}
	return "", true
}

// TestTapeAgreesWithGJSON: on valid JSON, the tree the scanner records is
// the one gjson reads: the same kinds, strings, places and elements.
func TestTapeAgreesWithGJSON(t *testing.T) {
	for _, text := range []string{
		`{}`, `[]`, ` [ ] `, `"x"`, `1`, `-0.5e+3`, `true`, `null`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]}`,
		`["a\"b", "c", "\u00fcber", "\ud83d\ude00", "tab\tthere"]`, `["a", 1, true, null, ["b"], {"a": "b"}, {}]`,
		"[\n\t\"a\",\n\t\"\"\n]", `{"é": "日本", "k": {"n": {"m": [[[]]]}}}`, `{"a": "b", "a": "c"}`,
		BenchPolicy(2),
	} {
		diff, compared := sameAsGJSON(text)
		if !compared {
			t.Errorf("%s: not compared", text)
		}
		if diff != "" {
			t.Errorf("%s:\n%s", text, diff)
		}
	}
}

// FuzzTape: whatever valid JSON the fuzzer finds, the tape and gjson agree.
//
//	go test ./core/policy -run '^$' -fuzz FuzzTape
func FuzzTape(f *testing.F) {
	f.Add(BenchPolicy(1))
	f.Add(`{"a": ["\u00fc", 1e5, {"b": null}], "c": "\"\\/"}`)
	f.Fuzz(func(t *testing.T, text string) {
		if diff, _ := sameAsGJSON(text); diff != "" {
			t.Fatal(diff)
		}
	})
}

// TestStringBytes: every byte, at every place in a string, whether str
// skips it eight at a time or one by one: the scanner refuses exactly what
// is not JSON, and reads the rest as gjson does.
func TestStringBytes(t *testing.T) {
	for at := range 20 {
		for c := range 256 {
			text := `["` + strings.Repeat("a", at) + string(rune(c))[:1] + `bcdefghijklmnopq"]`
			if c >= 0x80 {
				text = `["` + strings.Repeat("a", at) + "é" + `bcdefghijklmnopq"]`
			}
			s := scan(text)
			if valid := json.Valid([]byte(text)); valid != (len(s.errs) == 0) {
				t.Fatalf("byte %#x at %d: valid %v, scanner errors %v", c, at, valid, s.errs)
			}
			if diff, _ := sameAsGJSON(text); diff != "" {
				t.Fatalf("byte %#x at %d:\n%s", c, at, diff)
			}
		}
	}
}

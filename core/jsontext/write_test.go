package jsontext

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"
	"unicode/utf8"
)

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var strs = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "line\nbreak\r\ttab\b\f", "\x00\x01\x1f\x7f",
	"über 日本 😀", "\u2028\u2029", "bad \xff utf-8 \xc3", "/slash", "\ufffd", "emoji \U0001F600 end",
}

// TestAppendStringMatchesEncodingJSON: strings are escaped byte for byte as
// encoding/json escapes them.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range strs {
		if got, want := string(AppendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
	for c := range 256 {
		s := string([]byte{'a', byte(c), 'b'})
		if got, want := string(AppendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("byte %#x: got %s, want %s", c, got, want)
		}
	}
}

// TestAppendFloatMatchesEncodingJSON: numbers are written as encoding/json
// writes them, exponent rules included.
func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 3600, 0.5, 1e-6, 1e-7, 9.99e-7, 1e20, 1e21, 123456789012345678901234.0, -1e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 1.5e300, 0.1 + 0.2} {
		if got, want := string(AppendFloat(nil, f)), marshal(t, f); got != want {
			t.Errorf("%g: got %s, want %s", f, got, want)
		}
	}
	if got := string(AppendFloat(nil, math.NaN())); got != "null" {
		t.Errorf("NaN: %s", got)
	}
}

type point struct{ X, Y int }

func (p point) AppendJSON(b []byte) []byte {
	o := StartObject(b)
	o.Int("X", p.X)
	o.Int("Y", p.Y)
	return o.End()
}

// TestAppendAnyMatchesEncodingJSON: decoded documents and the other kinds
// AppendAny takes come out as encoding/json writes them.
func TestAppendAnyMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	for _, v := range []any{
		nil, true, false, "s", 1.5, 42, int64(-7), uint64(1 << 60), at, at.Truncate(time.Second),
		[]any{}, []any(nil), []any{1.0, "a", nil, []any{true}}, []string{"a", "<b>"}, []string(nil),
		map[string]any{}, map[string]any{"b": 1.0, "a": []any{"x"}, "é": map[string]any{"z": nil, "<": "&"}},
		map[string]string{"k": "v", "a": ""}, map[string]any(nil),
	} {
		if got, want := string(AppendAny(nil, v)), marshal(t, v); got != want {
			t.Errorf("%#v: got %s, want %s", v, got, want)
		}
	}
	if got := string(Marshal([]any{point{1, 2}, Raw(`{"raw": true}`)})); got != `[{"X":1,"Y":2},{"raw": true}]` {
		t.Errorf("appenders: %s", got)
	}
}

// TestAnyMatchesEncodingJSON: a document read with Any is what
// encoding/json decodes into an interface, and writing it back gives what
// encoding/json writes.
func TestAnyMatchesEncodingJSON(t *testing.T) {
	for _, text := range append(samples, `{"a": 1e400}`, `[0.1, -0, 1E3, 12345678901234567890]`) {
		var want any
		if err := json.Unmarshal([]byte(text), &want); err != nil {
			continue // encoding/json refuses 1e400: out of range
		}
		v, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err.Msg)
		}
		if got, want := string(Marshal(v.Any())), marshal(t, want); got != want {
			t.Errorf("%s: got %s, want %s", text, got, want)
		}
	}
}

// TestCompactMatchesEncodingJSON: Compact keeps every value as written and
// drops only the space between them.
func TestCompactMatchesEncodingJSON(t *testing.T) {
	for _, text := range samples {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(text)); err != nil {
			t.Fatal(err)
		}
		want := buf.Bytes()
		got, err := Compact(text)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: got %s (%v), want %s", text, got, err, want)
		}
	}
	if _, err := Compact(`{"a": [1 2]}`); err == nil {
		t.Error("Compact took a broken document")
	}
}

// FuzzWrite: any string is written as encoding/json writes it, and any
// JSON text reads back through Any to what encoding/json makes of it.
//
//	go test ./core/jsontext -run '^$' -fuzz FuzzWrite
func FuzzWrite(f *testing.F) {
	for _, s := range append(strs, samples...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendString(nil, s)), marshal(t, s); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		var want any
		if json.Unmarshal([]byte(s), &want) != nil || !utf8.ValidString(s) {
			return
		}
		v, err := Parse(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err.Msg)
		}
		if got, want := string(Marshal(v.Any())), marshal(t, want); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

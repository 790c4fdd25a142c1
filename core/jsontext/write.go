package jsontext

import (
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Appender is a value that writes itself as JSON.
type Appender interface {
	AppendJSON(b []byte) []byte
}

// Marshal is v written as JSON (see AppendAny).
func Marshal(v any) []byte { return AppendAny(make([]byte, 0, 1024), v) }

// AppendAny appends v as JSON: nil, bools, strings, numbers, time.Time (RFC
// 3339), []any, []string, maps of strings to any or strings (keys sorted),
// Raw, and every Appender. The output is what encoding/json writes for the
// same value. Another type is a defect of the calling code: it panics.
func AppendAny(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case Appender:
		return v.AppendJSON(b)
	case bool:
		return strconv.AppendBool(b, v)
	case string:
		return AppendString(b, v)
	case float64:
		return AppendFloat(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case uint64:
		return strconv.AppendUint(b, v, 10)
	case time.Time:
		return AppendTime(b, v)
	case Raw:
		return append(b, v...)
	case []any:
		n := len(v)
		if v == nil {
			n = -1
		}
		return AppendArray(b, n, func(b []byte, i int) []byte { return AppendAny(b, v[i]) })
	case []string:
		return AppendStrings(b, v)
	case map[string]any:
		return appendMap(b, v)
	case map[string]string:
		return appendMap(b, v)
	}
	panic("jsontext: cannot write a value of this type")
}

// Raw is JSON text written as it is.
type Raw []byte

func appendMap[V any](b []byte, m map[string]V) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	o := StartObject(b)
	for _, k := range keys {
		o.Any(k, m[k])
	}
	return o.End()
}

// AppendArray appends an array of n elements, each written by el; null
// when n < 0.
func AppendArray(b []byte, n int, el func(b []byte, i int) []byte) []byte {
	if n < 0 {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = el(b, i)
	}
	return append(b, ']')
}

// AppendStrings appends a list of strings; null for a nil list, as
// encoding/json writes one.
func AppendStrings(b []byte, list []string) []byte {
	n := len(list)
	if list == nil {
		n = -1
	}
	return AppendArray(b, n, func(b []byte, i int) []byte { return AppendString(b, list[i]) })
}

// AppendList appends a list of values that write themselves; null for a nil
// list.
func AppendList[T Appender](b []byte, list []T) []byte {
	n := len(list)
	if list == nil {
		n = -1
	}
	return AppendArray(b, n, func(b []byte, i int) []byte { return list[i].AppendJSON(b) })
}

// AppendTime appends t as encoding/json does: RFC 3339 with nanoseconds
// when there are any.
func AppendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// AppendFloat appends f as encoding/json does: without an exponent between
// 1e-6 and 1e21, with a short one outside. NaN and the infinities, which
// JSON cannot hold, are written as null.
func AppendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-07 -> e-7, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as encoding/json escapes
// it: '<', '>' and '&' as \u003c and the like (so the text is safe inside
// HTML), U+2028 and U+2029, control characters, and bytes that are not
// UTF-8 as U+FFFD.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// safe marks the ASCII bytes a string holds as they are.
var safe = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// ObjectWriter writes a JSON object member by member.
type ObjectWriter struct {
	b     []byte
	empty bool
}

// StartObject begins an object at the end of b.
func StartObject(b []byte) ObjectWriter { return ObjectWriter{b: append(b, '{'), empty: true} }

// Key writes a member's key; the caller writes its value with Value.
func (o *ObjectWriter) Key(k string) {
	if !o.empty {
		o.b = append(o.b, ',')
	}
	o.empty = false
	o.b = AppendString(o.b, k)
	o.b = append(o.b, ':')
}

// Value writes a value by fn, after Key.
func (o *ObjectWriter) Value(fn func(b []byte) []byte) { o.b = fn(o.b) }

// Any writes a member whose value AppendAny writes.
func (o *ObjectWriter) Any(k string, v any) {
	o.Key(k)
	o.b = AppendAny(o.b, v)
}

// Str writes a string member.
func (o *ObjectWriter) Str(k, v string) {
	o.Key(k)
	o.b = AppendString(o.b, v)
}

// StrOmit writes a string member unless it is empty (omitempty).
func (o *ObjectWriter) StrOmit(k, v string) {
	if v != "" {
		o.Str(k, v)
	}
}

// Int writes a number member.
func (o *ObjectWriter) Int(k string, v int) {
	o.Key(k)
	o.b = strconv.AppendInt(o.b, int64(v), 10)
}

// Bool writes a boolean member.
func (o *ObjectWriter) Bool(k string, v bool) {
	o.Key(k)
	o.b = strconv.AppendBool(o.b, v)
}

// Member writes a member whose value writes itself. It takes the
// interface, not a type parameter: one copy of it in the page's core instead
// of one per type written (its size budget), for the small allocation of a
// struct put into an interface.
func Member(o *ObjectWriter, k string, v Appender) {
	o.Key(k)
	o.b = v.AppendJSON(o.b)
}

// Strings writes a member whose value is a list of strings (null for nil).
func (o *ObjectWriter) Strings(k string, list []string) {
	o.Key(k)
	o.b = AppendStrings(o.b, list)
}

// Time writes a member whose value is a time, as AppendTime does.
func (o *ObjectWriter) Time(k string, t time.Time) {
	o.Key(k)
	o.b = AppendTime(o.b, t)
}

// List writes a member whose value is a list of values that write
// themselves (null for a nil list).
func List[T Appender](o *ObjectWriter, k string, list []T) {
	o.Key(k)
	o.b = AppendList(o.b, list)
}

// End closes the object and returns the bytes.
func (o *ObjectWriter) End() []byte { return append(o.b, '}') }

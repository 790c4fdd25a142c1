// Package jsontext reads and writes JSON text for the rest of the core,
// keeping every value's place so that errors can name it.
//
// Scan checks a text (RFC 8259), names each syntax error and recovers from
// the common slips, and records every value in a Tape: its kind and its bytes
// in the text. Value reads a tape the way a program reads a document (a
// member by key, an element by index, a string decoded), and says where each
// value was written. The writing side (AppendString, AppendAny, ObjectWriter)
// produces the compact JSON that encoding/json would, byte for byte, which
// the tests check against it.
//
// The core has its own JSON layer because encoding/json works by reflection:
// with it, and gjson which imports it, the page's WebAssembly is larger by
// 170 KB compressed, a seventh of its budget.
package jsontext

import (
	"strconv"
)

// Kind is the JSON type of a value as written.
type Kind uint8

// Kinds. Missing means the element is absent.
const (
	Missing Kind = iota
	String
	Number
	Bool
	Null
	Array
	Object
)

var kindNames = [...]string{"nothing", "a string", "a number", "a boolean", "null", "an array", "an object"}

// String names the kind with its article, for messages: "an array".
func (k Kind) String() string { return kindNames[k] }

// Value is one value of a scanned document, or Missing.
type Value struct {
	t *Tape
	n int32
}

// Parse reads text as one JSON value. The first syntax error, if any, is
// returned with its place; so is text after the value.
func Parse(text string) (Value, *SyntaxError) {
	t := Scan(text)
	if len(t.Errors) > 0 {
		return Value{}, &t.Errors[0]
	}
	if t.Seq {
		end := int(t.Nodes[0].End)
		return Value{}, &SyntaxError{Start: end, End: end + 1, Msg: "unexpected ',' after the end of the document: one JSON value is expected"}
	}
	return t.Root(), nil
}

// Root is the tape's first top-level value.
func (t *Tape) Root() Value {
	if t.Stopped || len(t.Nodes) == 0 {
		return Value{}
	}
	return Value{t: t, n: 0}
}

func (v Value) node() *Node { return &v.t.Nodes[v.n] }

// Exists reports whether the value is there.
func (v Value) Exists() bool { return v.t != nil }

// Kind is the value's kind; Missing when it does not exist.
func (v Value) Kind() Kind {
	if v.t == nil {
		return Missing
	}
	return v.node().Kind
}

// Start and End are the value's bytes in the text (quotes and brackets
// included); 0 when it does not exist.
func (v Value) Start() int {
	if v.t == nil {
		return 0
	}
	return int(v.node().Start)
}

// End is the offset just after the value.
func (v Value) End() int {
	if v.t == nil {
		return 0
	}
	return int(v.node().End)
}

// Raw is the value's text as written.
func (v Value) Raw() string {
	if v.t == nil {
		return ""
	}
	return v.t.Text[v.node().Start:v.node().End]
}

// Str is a string value's contents, decoded; "" for other kinds.
func (v Value) Str() string {
	if v.Kind() != String {
		return ""
	}
	nd := v.node()
	raw := v.t.Text[nd.Start:nd.End]
	if !nd.Escaped {
		return raw[1 : len(raw)-1]
	}
	return Unquote(raw)
}

// Float is a number's value.
func (v Value) Float() (float64, bool) {
	if v.Kind() != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.Raw(), 64)
	return f, err == nil
}

// Int is a number's value when it is a whole number that fits an int64.
func (v Value) Int() (int64, bool) {
	if v.Kind() != Number {
		return 0, false
	}
	n, err := strconv.ParseInt(v.Raw(), 10, 64)
	return n, err == nil
}

// Bool is a boolean's value.
func (v Value) Bool() (value, ok bool) {
	if v.Kind() != Bool {
		return false, false
	}
	return v.Raw() == "true", true
}

// Elements calls fn with each element of an array, in order, until fn
// returns false.
func (v Value) Elements(fn func(i int, el Value) bool) {
	if v.Kind() != Array {
		return
	}
	i := 0
	for n := v.n + 1; n < v.node().Next; n = v.t.Nodes[n].Next {
		if !fn(i, Value{v.t, n}) {
			return
		}
		i++
	}
}

// Members calls fn with each key (a string Value) and value of an object,
// in order, until fn returns false.
func (v Value) Members(fn func(key, val Value) bool) {
	if v.Kind() != Object {
		return
	}
	for k := v.n + 1; k < v.node().Next; {
		val := k + 1
		if !fn(Value{v.t, k}, Value{v.t, val}) {
			return
		}
		k = v.t.Nodes[val].Next
	}
}

// Get is an object's member named key: the last one when the key is written
// twice, as JavaScript's JSON.parse and encoding/json read it. Missing when
// there is none or v is not an object.
func (v Value) Get(key string) Value {
	var found Value
	v.Members(func(k, val Value) bool {
		if k.Str() == key {
			found = val
		}
		return true
	})
	return found
}

// Any is the value as encoding/json decodes into an interface: strings,
// float64 numbers, bools, nil, []any and map[string]any.
func (v Value) Any() any {
	switch v.Kind() {
	case String:
		return v.Str()
	case Number:
		f, _ := v.Float()
		return f
	case Bool:
		b, _ := v.Bool()
		return b
	case Array:
		out := make([]any, 0, 4)
		v.Elements(func(_ int, el Value) bool {
			out = append(out, el.Any())
			return true
		})
		return out
	case Object:
		out := map[string]any{}
		v.Members(func(k, val Value) bool {
			out[k.Str()] = val.Any()
			return true
		})
		return out
	}
	return nil
}

// TypeError says that a value is not of the kind a document needs there.
func TypeError(name string, v Value, want string) error {
	return &PlacedError{Offset: v.Start(), Msg: name + " must be " + want + ", not " + v.Kind().String()}
}

// PlacedError is a problem with a document at a byte offset of its text.
type PlacedError struct {
	Offset int
	Msg    string
}

func (e *PlacedError) Error() string { return e.Msg }

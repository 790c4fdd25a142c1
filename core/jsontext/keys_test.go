package jsontext

import (
	"strconv"
	"testing"
)

func TestKeys(t *testing.T) {
	v, err := Parse(`{"a": 1, "b": 2, "\u0061": 3, "b": 4, "c": 5}`)
	if err != nil {
		t.Fatal(err)
	}
	var keys Keys
	var got []string
	v.Members(func(k, _ Value) bool {
		if first, twice := keys.Add(k); twice {
			got = append(got, first.Raw()+"@"+strconv.Itoa(first.Start())+" "+k.Raw())
		}
		return true
	})
	// An escaped key is the same key: "\u0061" repeats "a".
	want := []string{`"a"@1 "\u0061"`, `"b"@9 "b"`}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("repeats %q, want %q", got, want)
	}
}

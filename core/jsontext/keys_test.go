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
	var got []string
	for _, r := range repeats(v) {
		got = append(got, r[0].Raw()+"@"+strconv.Itoa(r[0].Start())+" "+r[1].Raw())
	}
	// An escaped key is the same key: "\u0061" repeats "a".
	want := []string{`"a"@1 "\u0061"`, `"b"@9 "b"`}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("repeats %q, want %q", got, want)
	}
}

// TestKeysMany crosses from the small array to the map: a repeat is found
// on either side of the change, and points at the first of its name.
func TestKeysMany(t *testing.T) {
	for _, n := range []int{fewKeys - 1, fewKeys, fewKeys + 1, 3 * fewKeys} {
		text := "{"
		for i := range n {
			text += `"k` + strconv.Itoa(i) + `": 0, `
		}
		for _, i := range []int{0, n / 2, n - 1} {
			text += `"k` + strconv.Itoa(i) + `": 1, `
		}
		text += `"last": 2}`
		v, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range repeats(v) {
			if first, k := r[0], r[1]; first.Start() >= k.Start() {
				t.Errorf("n=%d: %s's first is at %d, after it", n, k.Raw(), first.Start())
			}
			got = append(got, r[0].Str())
		}
		want := []string{"k0", "k" + strconv.Itoa(n/2), "k" + strconv.Itoa(n-1)}
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("n=%d: repeats %q, want %q", n, got, want)
		}
	}
}

// repeats are the keys of object v that Keys finds written twice, each
// with the first of its name: {first, repeat}.
func repeats(v Value) [][2]Value {
	var keys Keys
	var out [][2]Value
	v.Members(func(k, _ Value) bool {
		if first, twice := keys.Add(k); twice {
			out = append(out, [2]Value{first, k})
		}
		return true
	})
	return out
}

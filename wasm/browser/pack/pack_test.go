package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// module writes a WebAssembly module: the header, then the sections.
func module(sections ...[]byte) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range sections {
		b = append(b, s...)
	}
	return b
}

func section(id byte, body []byte) []byte {
	return append(appendUint([]byte{id}, len(body)), body...)
}

// image is the memory a module's data section sets, as addresses to bytes;
// and how many segments set it.
func image(t *testing.T, m []byte) (map[int]byte, int) {
	t.Helper()
	mem := map[int]byte{}
	n := 0
	for r := (reader{b: m, pos: 8}); r.pos < len(m); {
		id := r.byte()
		body := r.bytes(r.uint())
		if r.err != nil {
			t.Fatal(r.err)
		}
		if id != dataSection {
			continue
		}
		segs, err := readData(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segs {
			for i, c := range s.data {
				if c != 0 {
					mem[s.addr+i] = c
				}
			}
		}
		n += len(segs)
	}
	return mem, n
}

// others are a module's sections but its data section, in order.
func others(t *testing.T, m []byte) [][]byte {
	var out [][]byte
	for r := (reader{b: m, pos: 8}); r.pos < len(m); {
		start := r.pos
		id := r.byte()
		r.bytes(r.uint())
		if r.err != nil {
			t.Fatal(r.err)
		}
		if id != dataSection {
			out = append(out, m[start:r.pos])
		}
	}
	return out
}

func TestMergeKeepsMemory(t *testing.T) {
	type seg struct {
		addr int
		data string
	}
	// Out of order, as Go's linker writes its sections; gaps of 0, 8 and
	// maxGap bytes are filled, one of maxGap+1 is kept; an address above
	// 2^31 is a negative i32.const.
	segs := []seg{{5000, "late"}, {1024, "abc"}, {1027, "def"}, {1038, "gh"}, {1040 + maxGap, "x"}, {1041 + 2*maxGap + 1, "far"}, {1 << 31, "high"}}
	data := appendUint(nil, len(segs))
	want := map[int]byte{}
	for _, s := range segs {
		data = append(data, 0, 0x41)
		data = appendInt(data, int64(int32(uint32(s.addr))))
		data = append(data, 0x0b)
		data = appendUint(data, len(s.data))
		data = append(data, s.data...)
		for i := range len(s.data) {
			want[s.addr+i] = s.data[i]
		}
	}
	in := module(section(1, []byte{0}), section(5, []byte{1, 0, 1}), section(dataSection, data), section(0, []byte("\x04name")))
	out, err := merge(in)
	if err != nil {
		t.Fatal(err)
	}
	got, n := image(t, out)
	if len(got) != len(want) {
		t.Fatalf("%d bytes set, want %d", len(got), len(want))
	}
	for a, c := range want {
		if got[a] != c {
			t.Errorf("byte %d is %q, want %q", a, got[a], c)
		}
	}
	if n != 3 { // 1024..1040+maxGap with 5000 in it; 1041+2*maxGap+1; 1<<31
		t.Errorf("%d segments, want 3", n)
	}
	if a, b := others(t, in), others(t, out); !slices.EqualFunc(a, b, bytes.Equal) {
		t.Errorf("the other sections changed: %q, want %q", b, a)
	}
}

// A module pack does not know how to read is refused with the reason, never
// rewritten wrongly.
func TestMergeRefuses(t *testing.T) {
	seg := func(flags byte, addr int, data string) []byte {
		b := []byte{flags, 0x41}
		b = appendInt(b, int64(addr))
		b = append(b, 0x0b)
		b = appendUint(b, len(data))
		return append(b, data...)
	}
	two := func(a, b []byte) []byte { return append(append([]byte{2}, a...), b...) }
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"not wasm", []byte("\x7fELF\x02\x01\x01\x00"), "not a WebAssembly module"},
		{"cut short", module(section(dataSection, two(seg(0, 0, "ab"), seg(0, 10, "cd"))))[:20], "ends early"},
		{"passive", module(section(dataSection, append([]byte{1}, seg(1, 0, "ab")...))), "not an active segment"},
		{"overlap", module(section(dataSection, two(seg(0, 0, "abcd"), seg(0, 2, "x")))), "overlap"},
		{"after the last", module(section(dataSection, append(append([]byte{1}, seg(0, 0, "ab")...), 7))), "bytes after the last segment"},
		{"data count", module(section(12, []byte{1})), "data count"},
	} {
		_, err := merge(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

// On a module Go's linker wrote, merge joins its segments and sets the same
// memory.
func TestMergeGoModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go program for js/wasm")
	}
	dir := t.TempDir()
	src := "package main\n\nimport \"strconv\"\n\nvar table = map[string]int{\"a\": 1, \"b\": 2}\n\nfunc main() { println(strconv.Itoa(table[\"a\"])) }\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dir, "m.wasm")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-ldflags=-s -w", "-o", wasm, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	in, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	out, err := merge(in)
	if err != nil {
		t.Fatal(err)
	}
	before, n := image(t, in)
	after, m := image(t, out)
	if len(before) != len(after) {
		t.Fatalf("%d bytes set, want %d", len(after), len(before))
	}
	for a, c := range before {
		if after[a] != c {
			t.Fatalf("byte %d is %d, want %d", a, after[a], c)
		}
	}
	if m >= n/100 {
		t.Errorf("%d segments from %d: want far fewer", m, n)
	}
	if a, b := others(t, in), others(t, out); !slices.EqualFunc(a, b, bytes.Equal) {
		t.Error("the other sections changed")
	}
	// go build leaves a packed file that is up to date as it is, and make
	// page packs it again: that changes nothing.
	if again, err := merge(out); err != nil || !bytes.Equal(again, out) {
		t.Errorf("packing again changes the module (%v)", err)
	}
}

// Whatever the input, merge returns an error or a module that sets the same
// memory; it never panics.
func FuzzMerge(f *testing.F) {
	f.Add(module(section(dataSection, []byte{2, 0, 0x41, 10, 0x0b, 2, 'a', 'b', 0, 0x41, 0, 0x0b, 1, 'c'})))
	f.Add(module(section(5, []byte{1, 0, 1})))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := merge(in)
		if err != nil {
			return
		}
		before, _ := image(t, in)
		after, _ := image(t, out)
		if len(before) != len(after) {
			t.Fatalf("%d bytes set, want %d", len(after), len(before))
		}
		for a, c := range before {
			if after[a] != c {
				t.Fatalf("byte %d is %d, want %d", a, after[a], c)
			}
		}
	})
}

package main

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
)

// maxGap is the longest run of zero bytes that merge writes out to join two
// data segments: more than the 8 at which Go's linker starts a new segment,
// and small enough that no large stretch of zeros is written.
const maxGap = 4096

const dataSection = 11

// segment is an active data segment of memory 0: bytes written at an
// address when the module is instantiated.
type segment struct {
	addr int
	data []byte
}

// merge returns the module with its data segments sorted by address and
// joined wherever at most maxGap zero bytes lie between them; every other
// section is copied as it is. Memory starts zeroed, so the module sets the
// same memory as before.
//
// Go's linker writes a segment for every stretch of data between two runs of
// at least 8 zero bytes: the fewest bytes, but each segment's header is an
// address that compresses badly. The page's core has some 70,000 of them,
// 120 KB of its WebAssembly gzipped; filled in, the zeros cost little.
func merge(module []byte) ([]byte, error) {
	if !bytes.HasPrefix(module, []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	out := slices.Clone(module[:8])
	for r := (reader{b: module, pos: 8}); r.pos < len(module); {
		start := r.pos
		id := r.byte()
		size := r.uint()
		body := r.bytes(size)
		if r.err != nil {
			return nil, errors.New("section at byte " + strconv.Itoa(start) + ": " + r.err.Error())
		}
		if id == 12 { // data count: would need the new count
			return nil, errors.New("the module has a data count section, which Go's linker does not write")
		}
		if id != dataSection {
			out = append(out, module[start:r.pos]...)
			continue
		}
		segs, err := readData(body)
		if err != nil {
			return nil, errors.New("data section at byte " + strconv.Itoa(start) + ": " + err.Error())
		}
		body = writeData(join(segs))
		out = append(out, dataSection)
		out = appendUint(out, len(body))
		out = append(out, body...)
	}
	return out, nil
}

// readData reads a data section's segments, all active segments of memory 0
// at a constant address, as Go's linker writes them.
func readData(body []byte) ([]segment, error) {
	r := reader{b: body}
	n := r.uint()
	segs := make([]segment, 0, min(n, len(body)))
	for i := 0; i < n && r.err == nil; i++ {
		if flags := r.uint(); flags != 0 {
			return nil, errors.New("segment " + strconv.Itoa(i) + " is not an active segment of memory 0 (flags " + strconv.Itoa(flags) + ")")
		}
		if op := r.byte(); op != 0x41 { // i32.const
			return nil, errors.New("segment " + strconv.Itoa(i) + "'s address is not an i32.const")
		}
		addr := r.int()
		if end := r.byte(); end != 0x0b {
			return nil, errors.New("segment " + strconv.Itoa(i) + "'s address is not a constant")
		}
		segs = append(segs, segment{addr, r.bytes(r.uint())})
	}
	if r.err == nil && r.pos != len(body) {
		r.err = errors.New("bytes after the last segment")
	}
	if r.err != nil {
		return nil, r.err
	}
	slices.SortStableFunc(segs, func(a, b segment) int { return a.addr - b.addr })
	for i := 1; i < len(segs); i++ {
		if prev := segs[i-1]; segs[i].addr < prev.addr+len(prev.data) {
			return nil, errors.New("segments at " + strconv.Itoa(prev.addr) + " and " + strconv.Itoa(segs[i].addr) + " overlap")
		}
	}
	if len(segs) > 0 && (segs[0].addr < 0 || segs[len(segs)-1].addr+len(segs[len(segs)-1].data) > 1<<32) {
		return nil, errors.New("a segment lies outside 32-bit memory")
	}
	return segs, nil
}

// join merges sorted, disjoint segments less than maxGap apart.
func join(segs []segment) []segment {
	var out []segment
	for _, s := range segs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if gap := s.addr - (last.addr + len(last.data)); gap <= maxGap {
				last.data = append(append(last.data, make([]byte, gap)...), s.data...)
				continue
			}
		}
		out = append(out, segment{s.addr, slices.Clone(s.data)})
	}
	return out
}

func writeData(segs []segment) []byte {
	b := appendUint(nil, len(segs))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendInt(b, int64(int32(uint32(s.addr)))) // i32.const is signed
		b = append(b, 0x0b)
		b = appendUint(b, len(s.data))
		b = append(b, s.data...)
	}
	return b
}

// reader reads LEB128 numbers and bytes; its first error sticks.
type reader struct {
	b   []byte
	pos int
	err error
}

var errShort = errors.New("ends early")

func (r *reader) byte() byte {
	if r.err != nil || r.pos >= len(r.b) {
		r.err = errShort
		return 0
	}
	r.pos++
	return r.b[r.pos-1]
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n > len(r.b)-r.pos {
		r.err = errShort
		return nil
	}
	r.pos += n
	return r.b[r.pos-n : r.pos]
}

// uint reads an unsigned LEB128 number of at most 32 bits.
func (r *reader) uint() int {
	var n uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if n >= 1<<32 {
				r.err = errors.New("a number is too large")
			}
			return int(n)
		}
	}
	r.err = errors.New("a number is too long")
	return 0
}

// int reads a signed LEB128 number of at most 32 bits, an i32.const: an
// address, read back as unsigned.
func (r *reader) int() int {
	var n int64
	shift := 0
	for ; shift < 35; shift += 7 {
		c := r.byte()
		n |= int64(c&0x7f) << shift
		if c < 0x80 {
			if shift += 7; shift < 64 && c&0x40 != 0 {
				n |= -1 << shift
			}
			return int(uint32(int32(n)))
		}
	}
	r.err = errors.New("a number is too long")
	return 0
}

func appendUint(b []byte, n int) []byte {
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendInt(b []byte, n int64) []byte {
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 && c&0x40 == 0 || n == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

package flate

import (
	"bytes"
	stdflate "compress/flate"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// inputs are what a share link compresses (JSON text) and the shapes at
// deflate's edges: nothing, one byte, incompressible and long repeats.
func inputs() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	doc := `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}]}}`
	return map[string][]byte{
		"empty":  nil,
		"byte":   []byte("x"),
		"json":   []byte(doc),
		"jsons":  []byte(strings.Repeat(doc, 900)),
		"random": random,
		"zeros":  make([]byte, 200000),
	}
}

// The copy writes byte for byte what compress/flate writes, at every level,
// and reads it back.
func TestSameAsStandardLibrary(t *testing.T) {
	for name, in := range inputs() {
		for level := HuffmanOnly; level <= BestCompression; level++ {
			var want, got bytes.Buffer
			sw, err := stdflate.NewWriter(&want, level)
			if err != nil {
				t.Fatal(err)
			}
			w, err := NewWriter(&got, level)
			if err != nil {
				t.Fatal(err)
			}
			for _, zw := range []io.WriteCloser{sw, w} {
				if _, err := zw.Write(in); err != nil {
					t.Fatal(err)
				}
				if err := zw.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s at level %d: %d bytes, compress/flate %d", name, level, got.Len(), want.Len())
			}
			back, err := io.ReadAll(NewReader(&got))
			if err != nil || !bytes.Equal(back, in) {
				t.Errorf("%s at level %d: read back %d bytes, %v", name, level, len(back), err)
			}
		}
	}
}

// The one changed line keeps its message.
func TestInvalidLevelMessage(t *testing.T) {
	for _, level := range []int{-3, 10, 1 << 20} {
		_, err := NewWriter(io.Discard, level)
		_, want := stdflate.NewWriter(io.Discard, level)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("level %d: %v, compress/flate %v", level, err, want)
		}
	}
}

// Damaged input is refused as compress/flate refuses it.
func TestCorruptInput(t *testing.T) {
	in := []byte{0xff, 0xff, 0xff, 0x00}
	_, err := io.ReadAll(NewReader(bytes.NewReader(in)))
	_, want := io.ReadAll(stdflate.NewReader(bytes.NewReader(in)))
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("%v, compress/flate %v", err, want)
	}
}

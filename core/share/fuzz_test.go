package share

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzShareRoundTrip: links and documents go both ways without loss. Read
// as a link, what decodes encodes again to a link that decodes to the same
// scenario (minified) and step, and that encodes to itself; read as a
// document, what encodes decodes to the document minified. Never a panic.
//
//	go test ./core/share -run '^$' -fuzz FuzzShareRoundTrip
func FuzzShareRoundTrip(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/scenarios/*.json")
	for _, file := range files {
		if !strings.HasSuffix(file, ".golden.json") {
			b, _ := os.ReadFile(file)
			f.Add(b, 0)
			if frag, err := Encode(b, 2); err == nil {
				f.Add([]byte("https://play.example/#"+frag), 0)
			}
		}
	}
	f.Add([]byte(scenario), 3)
	f.Add([]byte("s=1.AAAA&step=2"), 0)
	f.Add([]byte(`{"scenario": 1, "steps": [], "s": "#s=1.x&step=2"}`), 1)
	f.Fuzz(func(t *testing.T, data []byte, step int) {
		step = max(step, 0)
		if l, err := Decode(string(data)); err == nil {
			frag, err := Encode(l.Scenario, l.Step)
			if err != nil {
				t.Fatalf("a decoded link does not encode: %v", err)
			}
			again, err := Decode(frag)
			if err != nil {
				t.Fatalf("an encoded link does not decode: %v", err)
			}
			min, _ := Minify(l.Scenario)
			if !bytes.Equal(again.Scenario, min) || again.Step != l.Step {
				t.Fatalf("decode(encode(decode(x))) differs:\n%s step %d\n%s step %d", min, l.Step, again.Scenario, again.Step)
			}
			if frag2, _ := Encode(again.Scenario, again.Step); frag2 != frag {
				t.Fatalf("encode is not stable:\n%s\n%s", frag, frag2)
			}
		}
		frag, err := Encode(data, step)
		if err != nil {
			return
		}
		l, err := Decode(frag)
		if err != nil {
			t.Fatalf("an encoded document does not decode: %v", err)
		}
		min, _ := Minify(data)
		if !bytes.Equal(l.Scenario, min) || l.Step != step {
			t.Fatalf("decode(encode(doc)) differs:\n%s step %d\n%s step %d", min, step, l.Scenario, l.Step)
		}
	})
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShare(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(file, []byte(`{"scenario": 1, "title": "t", "steps": [{"as": "admin", "op": "clock:Advance", "input": {"Seconds": 10}}]}`), 0o644)
	code, frag, _ := slrplay(t, "", "share", "encode", file)
	if code != 0 || !strings.HasPrefix(frag, "s=1.") {
		t.Fatalf("encode: exit %d, %q", code, frag)
	}
	code, out, _ := slrplay(t, "", "share", "decode", "https://play.example/#"+strings.TrimSpace(frag)+"&step=1")
	if code != 0 || !strings.Contains(out, `"title": "t"`) || !strings.Contains(out, `"op": "clock:Advance"`) {
		t.Errorf("decode: exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"share"}, {"share", "zip", file}, {"share", "decode", "s=9.abc"}, {"share", "encode", filepath.Join(t.TempDir(), "none")}} {
		if code, _, stderr := slrplay(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	os.WriteFile(file, []byte(`{"title": "not a scenario"}`), 0o644)
	if code, _, stderr := slrplay(t, "", "share", "encode", file); code != 2 || !strings.Contains(stderr, "s.json: not a scenario") {
		t.Errorf("encode of a non-scenario: exit %d, %q", code, stderr)
	}
}

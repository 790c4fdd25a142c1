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
}

// TestShareEncodeRefuses: encode refuses, with the place, whatever opening
// the link would refuse (the loader's and the runner's checks): a link that
// cannot open is never made.
func TestShareEncodeRefuses(t *testing.T) {
	advance := `{"op": "clock:Advance", "input": {"Seconds": 1}}`
	manySteps := strings.TrimSuffix(strings.Repeat(advance+",", 1001), ",")
	denials := strings.TrimSuffix(strings.Repeat(`{"as": "a", "op": "iam:GetRole", "input": {"RoleName": "x"}},`, 1000), ",")
	for _, tc := range []struct{ doc, want string }{
		{`{"title": "not a scenario"}`, `s.json:1:1: a scenario document starts with "scenario": 1`},
		{`{"scenario": 1, "steps": [` + manySteps + `]}`, "s.json:1:49027: more than 1000 steps"},
		{`{"scenario": 1, "description": "` + strings.Repeat("x", 2<<20) + `", "steps": []}`, "s.json is 2.1 MiB; documents are read up to 1 MiB"},
		{`{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1}, "expect": {"evalDecison": "allowed"}}]}`, `s.json:1:87: unknown field "evalDecison" in step 0's expect: did you mean "evalDecision"?`},
		{`{"scenario": 1, "steps": [], "steps": [` + advance + `]}`, `s.json:1:30: "steps" is written twice in the scenario`},
		{`{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/` + strings.Repeat("a", 900_000) + `"}}, "steps": [` + denials + `]}`,
			"step 9: the transcript passes 8388608 bytes (8 MiB)"},
	} {
		file := filepath.Join(t.TempDir(), "s.json")
		os.WriteFile(file, []byte(tc.doc), 0o644)
		if code, out, stderr := slrplay(t, "", "share", "encode", file); code != 2 || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%.60s: exit %d, %q, stderr %.300q", tc.doc, code, out, stderr)
		}
	}
}

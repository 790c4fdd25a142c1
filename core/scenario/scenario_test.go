package scenario

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden transcripts")

// TestScenarios runs every scenario of testdata/scenarios: each must meet
// all its expectations, and its transcript must equal the golden one
// (go test ./core/scenario -update rewrites them).
func TestScenarios(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/scenarios/*.json")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, _ := os.ReadFile(file)
			s, err := Load(filepath.Base(file), text)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := s.Run()
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range tr.Steps {
				if st.Expect != nil && !st.Expect.OK {
					t.Errorf("step %d (%s): %s", st.Index, st.Op, st.Expect.Detail)
				}
			}
			compact := tr.AppendJSON(nil)
			if want, _ := json.Marshal(tr); !bytes.Equal(compact, want) {
				t.Errorf("transcript JSON differs from encoding/json's:\n%s\n%s", compact, want)
			}
			var indented bytes.Buffer
			json.Indent(&indented, compact, "", " ")
			got := indented.Bytes()
			golden := strings.TrimSuffix(file, ".json") + ".golden.json"
			if *update {
				os.WriteFile(golden, append(got, '\n'), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no golden transcript (go test ./core/scenario -update): %v", err)
			}
			if !bytes.Equal(append(got, '\n'), want) {
				t.Errorf("transcript differs from %s", filepath.Base(golden))
			}
			// The same document gives the same transcript, byte for byte.
			s2, _ := Load(filepath.Base(file), text)
			if again, _ := s2.Run(); !bytes.Equal(compact, again.AppendJSON(nil)) {
				t.Error("two runs differ")
			}
		})
	}
}

// TestBadDocuments: every problem is an error at its place, never a panic.
func TestBadDocuments(t *testing.T) {
	steps := func(n int) string {
		return `[` + strings.TrimSuffix(strings.Repeat(`{"op": "clock:Advance", "input": {"Seconds": 1}},`, n), ",") + `]`
	}
	members := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `"k%d": %d`, i, i)
		}
		return b.String()
	}
	tests := []struct {
		name, doc, want string
		line, col       int
	}{
		{"not JSON", "{\n  \"scenario\": 1,\n  \"steps\": [\n}", "expected a value, found '}'", 4, 1},
		{"wrong type", "{\"scenario\": 1,\n \"seed\": \"one\", \"steps\": []}", "seed must be a whole number, not a string", 2, 10},
		{"wrong type in a step", "{\"scenario\": 1, \"steps\": [\n {\"op\": \"clock:Advance\", \"input\": [1]}]}", "input must be an object, not an array", 2, 35},
		{"no scenario", `{"steps": []}`, `"scenario": 1`, 1, 1},
		{"unknown op", "{\"scenario\": 1, \"steps\": [\n  {\"as\": \"a\", \"op\": \"iam:CreateServiceRole\"}]}", `unknown op "iam:CreateServiceRole"`, 2, 21},
		{"misspelt op", `{"scenario": 1, "steps": [{"as": "a", "op": "createservicelinkedrole"}]}`, `did you mean "iam:CreateServiceLinkedRole"`, 1, 45},
		{"missing principal", "{\"scenario\": 1, \"principals\": {},\n \"steps\": [{\"as\": \"nobody\", \"op\": \"iam:GetRole\"}]}", `names no principal of the scenario: "nobody"`, 2, 12},
		{"principal without arn", `{"scenario": 1, "principals": {"a": {}}, "steps": []}`, `principal "a" needs an arn`, 1, 37},
		{"invalid policy", `{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a", "policies": [{"Statement": [{"Effect": "Alow", "Action": "*", "Resource": "*"}]}]}}, "steps": []}`, "INVALID_EFFECT", 1, 120},
		{"bad account", `{"scenario": 1, "account": "12", "steps": []}`, "12 digits", 1, 28},
		{"bad start", `{"scenario": 1, "start": "yesterday", "steps": []}`, "RFC 3339", 1, 26},
		{"too many steps", `{"scenario": 1, "steps": ` + steps(MaxSteps+1) + `}`, "more than 1000 steps", 1, 0},
		{"too large", `{"scenario": 1, "description": "` + strings.Repeat("x", 5<<20) + `", "steps": []}`, "larger than 1048576 bytes (1 MiB): refused", 1, 1},
		{"bad service override", `{"scenario": 1, "services": [{"roleName": "x"}], "steps": []}`, "servicePrincipal", 1, 30},
		{"bad service field", "{\"scenario\": 1, \"services\": [{\"servicePrincipal\": \"rds.amazonaws.com\",\n \"regions\": \"all\"}], \"steps\": []}", "regions must be an array of Region names or null, not a string", 2, 13},
		// Nothing a document says is ignored: a misspelt or unknown member is an error naming it and the nearest known one.
		{"misspelt expectation", "{\"scenario\": 1, \"steps\": [{\"op\": \"clock:Advance\", \"input\": {\"Seconds\": 1},\n  \"expect\": {\"evalDecison\": \"allowed\"}}]}", `unknown field "evalDecison" in step 0's expect: did you mean "evalDecision"?`, 2, 14},
		{"misspelt top-level field", "{\"scenario\": 1,\n \"titel\": \"x\", \"steps\": []}", `unknown field "titel" in the scenario: did you mean "title"?`, 2, 2},
		{"unknown top-level field", `{"scenario": 1, "zzzzzz": 1, "steps": []}`, `unknown field "zzzzzz" in the scenario: it takes scenario, title`, 1, 17},
		{"misspelt principal field", `{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a", "polices": []}}, "steps": []}`, `unknown field "polices" in principal "a": did you mean "policies"?`, 1, 81},
		{"misspelt step field", `{"scenario": 1, "steps": [{"op": "clock:Advance", "inputs": {"Seconds": 1}}]}`, `unknown field "inputs" in step 0: did you mean "input"?`, 1, 51},
		{"misspelt service field", `{"scenario": 1, "services": [{"servicePrincipal": "rds.amazonaws.com", "roleNam": "x"}], "steps": []}`, `unknown field "roleNam" in services[0]: did you mean "roleName"?`, 1, 72},
		{"a parameter AWS does not take", "{\"scenario\": 1, \"principals\": {\"a\": {\"arn\": \"arn:aws:iam::111122223333:user/a\"}}, \"steps\": [\n{\"as\": \"a\", \"op\": \"iam:CreateServiceLinkedRole\", \"input\": {\"AWSServiceName\": \"ses.amazonaws.com\", \"RoleName\": \"x\"}}]}",
			`step 0: Unknown parameter in input: "RoleName", must be one of: AWSServiceName, Description, CustomSuffix, Tags`, 2, 99},
		{"a misspelt parameter", `{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a"}}, "steps": [{"as": "a", "op": "iam:GetRole", "input": {"RoleNme": "x"}}]}`, `Unknown parameter in input: "RoleNme", must be one of: RoleName (did you mean "RoleName"?)`, 1, 136},
		{"a misspelt tag member", `{"scenario": 1, "steps": [{"op": "iam:TagRole", "input": {"RoleName": "x", "Tags": [{"Key": "a", "value": "b"}, {"Key": "c", "Valeu": "d"}]}}]}`, `step 0: Unknown parameter in Tags[1]: "Valeu", must be one of: Key, Value (did you mean "Value"?)`, 1, 126},
		// A key written twice is refused: a JSON reader would keep only the last.
		{"duplicate steps", "{\"scenario\": 1, \"steps\": [],\n \"steps\": [{\"op\": \"clock:Advance\", \"input\": {\"Seconds\": 1}}]}", `"steps" is written twice in the scenario (first at 1:17)`, 2, 2},
		{"duplicate principal", "{\"scenario\": 1, \"principals\": {\"a\": {\"arn\": \"arn:aws:iam::111122223333:user/a\"},\n \"a\": {\"arn\": \"arn:aws:iam::111122223333:user/b\"}}, \"steps\": []}", `"a" is written twice in principals (first at 1:32)`, 2, 2},
		{"duplicate input parameter", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1, "Seconds": 2}}]}`, `"Seconds" is written twice in step 0's input`, 1, 75},
		{"duplicate key in an expected output", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1}, "expect": {"output": {"Clock": {"a": 1, "a": 2}}}}]}`, `"a" is written twice in step 0's expect (first at 1:108)`, 1, 116},
		{"duplicate key in a large object", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1}, "expect": {"output": {` + members(20) + `, "k3": 0}}}]}`, `"k3" is written twice in step 0's expect (first at 1:125)`, 1, 298},
		// clock:Advance takes a number of seconds from 0 to a century.
		{"seconds as a string", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": "1e18"}}]}`, `Seconds is a number of seconds from 0 to 3153600000 (a century), not "1e18"`, 1, 72},
		{"negative seconds", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": -1}}]}`, `not -1`, 1, 72},
		{"too many seconds", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1e18}}]}`, `not 1e18`, 1, 72},
		{"infinite seconds", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": 1e999}}]}`, `not 1e999`, 1, 72},
		{"no seconds", `{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {}}]}`, `clock:Advance needs Seconds`, 1, 60},
		{"no input", `{"scenario": 1, "steps": [{"op": "clock:Advance"}]}`, `clock:Advance needs Seconds`, 1, 27},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("s.json", []byte(tc.doc))
			e, ok := err.(*Error)
			if !ok || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("error %v, want one about %q", err, tc.want)
			}
			if e.Pos.Line != tc.line || tc.col > 0 && e.Pos.Column+1 != tc.col {
				t.Errorf("at %d:%d, want %d:%d (%s)", e.Pos.Line, e.Pos.Column+1, tc.line, tc.col, e)
			}
			if !strings.HasPrefix(e.Error(), "s.json:") {
				t.Errorf("error %q does not name the file", e.Error())
			}
		})
	}
}

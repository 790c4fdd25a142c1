package scenario

import (
	"bytes"
	"encoding/json"
	"flag"
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
			tr := s.Run()
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
			if again := s2.Run().AppendJSON(nil); !bytes.Equal(compact, again) {
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
		{"too large", `{"scenario": 1, "description": "` + strings.Repeat("x", 5<<20) + `", "steps": []}`, "at most", 1, 1},
		{"bad service override", `{"scenario": 1, "services": [{"roleName": "x"}], "steps": []}`, "servicePrincipal", 1, 30},
		{"bad service field", "{\"scenario\": 1, \"services\": [{\"servicePrincipal\": \"rds.amazonaws.com\",\n \"regions\": \"all\"}], \"steps\": []}", "regions must be an array of Region names or null, not a string", 2, 13},
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

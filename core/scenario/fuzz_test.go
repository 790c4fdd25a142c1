package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seeds adds the gallery's scenarios and a few documents that reach the
// runner's odd corners.
func seeds(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/scenarios/*.json")
	for _, file := range files {
		if !strings.HasSuffix(file, ".golden.json") {
			b, _ := os.ReadFile(file)
			f.Add(b)
		}
	}
	f.Add([]byte(`{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a"}}, "steps": [{"as": "a", "op": "sts:AssumeRole", "input": {"RoleArn": 5}}, {"as": "a", "op": "iam:GetServiceLinkedRoleDeletionStatus", "input": {"DeletionTaskId": "$0.x"}}]}`))
	f.Add([]byte(`{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}},
	 "steps": [{"as": "a", "op": "iam:CreateRole", "input": {"RoleName": "$0.A", "Path": "$0.B", "AssumeRolePolicyDocument": "$0.C"}},
	  {"as": "a", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSSM_OpsInsights"}, "expect": {"output": {"Role": {"A": 1, "B": 2}}}},
	  {"as": "a", "op": "service:Call", "input": {"Service": "ses.amazonaws.com", "Action": "ses:SendEmail", "Resource": "*", "Context": {"aws:SourceIp": "10.0.0.1", "AWS:sourceip": "10.0.0.2"}}},
	  {"op": "clock:Advance", "input": {"Seconds": 3153600000}},
	  {"as": "a", "op": "iam:ListRoles", "expect": {"paths": {"Roles.#": 1, "Roles.#(RoleName%\"*Ops*\")#.Path": ["/"], "Roles.0": {}}}},
	  {"as": "a", "op": "iam:GetRole", "input": {"RoleName": "$4.Roles.#(Path==\"/\").RoleName"}, "expect": {"paths": {"Role.Arn": "$4.Roles.0.Arn"}}}]}`))
}

// FuzzLoadRun: any document either loads and runs, or is refused with an
// error placed inside it; never a panic.
//
//	go test ./core/scenario -run '^$' -fuzz FuzzLoadRun
func FuzzLoadRun(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		s, err := Load("fuzz.json", doc)
		if err == nil {
			_, err = s.Run()
		}
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("not a placed error: %v", err)
			}
			if e.Pos.Line < 1 || e.Pos.Offset > len([]rune(string(doc))) {
				t.Fatalf("error placed outside the document: %+v", e)
			}
		}
	})
}

// FuzzScenarioDeterminism: the same document gives the same transcript,
// byte for byte, or the same refusal (CONTRACT 2): loading and running it
// twice, with Go's map order drawn afresh each time, must agree.
//
//	go test ./core/scenario -run '^$' -fuzz FuzzScenarioDeterminism
func FuzzScenarioDeterminism(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		once := func() []byte {
			s, err := Load("fuzz.json", doc)
			if err != nil {
				return []byte("load: " + err.Error())
			}
			tr, err := s.Run()
			if err != nil {
				return []byte("run: " + err.Error())
			}
			return tr.AppendJSON(nil)
		}
		if a, b := once(), once(); !bytes.Equal(a, b) {
			t.Fatalf("two runs of the same document differ (%d and %d bytes):\n%s", len(a), len(b), excerptDiff(a, b))
		}
	})
}

// excerptDiff shows where two transcripts part.
func excerptDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("…%s\n…%s", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

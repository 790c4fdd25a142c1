package scenario

import (
	"bytes"
	"strings"
	"testing"
)

// TestSameDocumentSameTranscript: a document whose steps have several
// unresolved references and expectations that fail in several places gives
// the same transcript, byte for byte, on every run (the first problem is
// found in key order, not in Go's random map order).
func TestSameDocumentSameTranscript(t *testing.T) {
	doc := []byte(`{"scenario": 1, "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin",
	  "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}},
	 "steps": [
	  {"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "ses.amazonaws.com"}},
	  {"as": "admin", "op": "iam:CreateRole", "input": {"RoleName": "$0.Role.A", "Path": "$0.Role.B", "AssumeRolePolicyDocument": "$0.Role.C"}},
	  {"as": "admin", "op": "iam:UpdateRole", "input": {"RoleName": "$0.X", "Description": "$0.Y", "MaxSessionDuration": "$0.Z"}},
	  {"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"},
	   "expect": {"output": {"Role": {"RoleName": "a", "Path": "b", "Arn": "c", "RoleId": "d", "Description": "e", "MaxSessionDuration": 1}}}},
	  {"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForAmazonSES"},
	   "expect": {"output": {"Role": {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}}}}]}`)
	var first []byte
	for i := range 20 {
		s, err := Load("s.json", doc)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := s.Run()
		if err != nil {
			t.Fatal(err)
		}
		got := tr.AppendJSON(nil)
		if i == 0 {
			first = got
			// What each step reports: the first reference and difference in key order.
			for _, want := range []string{`"$0.Role.C finds nothing in step 0's output (iam:CreateServiceLinkedRole): its Role is an object of Arn, `,
				`"$0.Y finds nothing in step 0's output (iam:CreateServiceLinkedRole): it is an object of Role"`,
				`"the output differs at Role.Arn"`, `"the output differs at Role.A"`} {
				if !bytes.Contains(got, []byte(want)) {
					t.Errorf("transcript lacks %s", want)
				}
			}
			continue
		}
		if !bytes.Equal(got, first) {
			t.Fatalf("run %d differs from the first", i)
		}
	}
}

// TestClockStops: the clock stops at MaxClock; a step that would pass it is
// the step's error, and the clock stays.
func TestClockStops(t *testing.T) {
	doc := `{"scenario": 1, "start": "9900-01-01T00:00:00Z", "steps": [` +
		strings.Repeat(`{"op": "clock:Advance", "input": {"Seconds": 3153600000}},`, 2) +
		`{"op": "clock:Advance", "input": {"Seconds": 0.5}}]}`
	tr := runDoc(t, doc)
	for i, want := range []string{"", "ValidationError", ""} {
		st := tr.Steps[i]
		got := ""
		if st.Error != nil {
			got = st.Error.Code
		}
		if got != want {
			t.Errorf("step %d: error %q, want %q", i, got, want)
		}
	}
	if e := tr.Steps[1].Error; e == nil || !strings.Contains(e.Message, "stops at 9999-12-31T23:59:59Z") {
		t.Errorf("error %v", e)
	}
	if c := tr.Steps[2].State.Clock.Format("2006-01-02T15:04:05.000Z07:00"); c != "9999-12-08T00:00:00.500Z" {
		t.Errorf("clock %s", c)
	}
}

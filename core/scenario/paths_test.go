package scenario

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// pathsDoc is a scenario whose admin may do anything, with the given steps
// after three: two service-linked roles created and the roles listed.
func pathsDoc(steps ...string) string {
	return `{"scenario": 1, "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin",
	  "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}},
	 "steps": [
	  {"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "batch.amazonaws.com"}},
	  {"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "ses.amazonaws.com"}},
	  {"as": "admin", "op": "iam:ListRoles", "input": {"PathPrefix": "/aws-service-role/"}}` +
		strings.Join(append([]string{""}, steps...), ",\n  ") + `]}`
}

func runDoc(t *testing.T, doc string) *Transcript {
	t.Helper()
	s, err := Load("s.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := s.Run()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestReferencePaths: a step's input refers to an earlier output with gjson
// paths: an index, a count, a query with a pattern.
func TestReferencePaths(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$2.Roles.0.RoleName"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$2.Roles.#(Arn%\"*SES\").RoleName"}}`,
		`{"as": "admin", "op": "iam:UpdateRoleDescription", "input": {"RoleName": "$1.Role.RoleName", "Description": "$2.Roles.#"}}`,
		`{"as": "admin", "op": "iam:UpdateRoleDescription", "input": {"RoleName": "$1.Role.RoleName", "Description": "$2.Roles.#(RoleName!%\"*SES\").Path"}}`,
	))
	for i, want := range map[int]string{3: "AWSServiceRoleForBatch", 4: "AWSServiceRoleForAmazonSES"} {
		st := tr.Steps[i]
		if st.Error != nil || st.Output["Role"].(map[string]any)["RoleName"] != want {
			t.Errorf("step %d: %v %v, want %s", i, st.Error, st.Output, want)
		}
	}
	for i, want := range map[int]string{5: "2", 6: "/aws-service-role/batch.amazonaws.com/"} {
		st := tr.Steps[i]
		if st.Error != nil || st.Output["Role"].(map[string]any)["Description"] != want {
			t.Errorf("step %d: %v %v, want the description %s", i, st.Error, st.Output, want)
		}
	}
}

// TestExpectPaths: expect.paths compares what each path finds with a JSON
// value, numbers by value and objects by members; it names the path, what
// it wanted and what it found.
func TestExpectPaths(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:ListRoles", "expect": {"paths": {"Roles.#": 2.0, "Roles.0.Path": "/aws-service-role/batch.amazonaws.com/",
		   "Roles.#(RoleName%\"*Batch\").Arn": "$0.Role.Arn", "Roles.1.MaxSessionDuration": 3.6e3, "Roles.#.RoleName": ["AWSServiceRoleForBatch", "AWSServiceRoleForAmazonSES"]}}}`,
		`{"as": "admin", "op": "iam:ListRoles", "expect": {"paths": {"Roles.#": 3, "Roles.0.Nope": 1, "Roles.0.Path": "/"}}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForBatch"},
		   "expect": {"paths": {"Role": {"RoleName": "AWSServiceRoleForBatch", "Path": "/aws-service-role/batch.amazonaws.com/"}}}}`,
	))
	if e := tr.Steps[3].Expect; !e.OK {
		t.Errorf("step 3: %s", e.Detail)
	}
	want := `expected Roles.# to be 3, got 2; expected Roles.0.Nope to be 1, it finds nothing; expected Roles.0.Path to be "/", got "/aws-service-role/batch.amazonaws.com/"`
	if e := tr.Steps[4].Expect; e.OK || e.Detail != want {
		t.Errorf("step 4: %+v\nwant %s", e, want)
	}
	// A path's value is the whole value: the role has more members.
	if e := tr.Steps[5].Expect; e.OK || !strings.HasPrefix(e.Detail, `expected Role to be {"Path":`) {
		t.Errorf("step 5: %+v", e)
	}
	if tr.OK {
		t.Error("the transcript is OK with failed expectations")
	}
}

// TestInvalidReference: a path that finds nothing is the step's error
// InvalidReference, which names the path, the step and what is there.
func TestInvalidReference(t *testing.T) {
	tr := runDoc(t, pathsDoc(
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$0.Role.RoleNam"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$2.Roles.#(RoleName==\"x\").Arn"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$3.Role.RoleName"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "$9.Role.RoleName"}}`,
		`{"as": "admin", "op": "iam:GetRole", "input": {"RoleName": "AWSServiceRoleForBatch"},
		  "expect": {"paths": {"Role.Arn": "$3.Role.Arn"}}}`,
	))
	for i, want := range map[int]string{
		3: `$0.Role.RoleNam finds nothing in step 0's output (iam:CreateServiceLinkedRole): its Role is an object of Arn, AssumeRolePolicyDocument, CreateDate, Description, MaxSessionDuration, Path, RoleId, RoleName`,
		4: `$2.Roles.#(RoleName=="x").Arn finds nothing in step 2's output (iam:ListRoles): its Roles is an array of 2`,
		5: `$3.Role.RoleName refers to step 3 (iam:GetRole), which failed with InvalidReference and has no output`,
		6: `$9.Role.RoleName refers to step 9, which has not run (this is step 6)`,
	} {
		e := tr.Steps[i].Error
		if e == nil || e.Code != "InvalidReference" || e.Message != want {
			t.Errorf("step %d: %+v\nwant %s", i, e, want)
		}
	}
	if e := tr.Steps[7].Expect; e.OK || !strings.HasPrefix(e.Detail, "the expectation's $3.Role.Arn refers to step 3") {
		t.Errorf("step 7: %+v", e)
	}
}

// TestHostilePaths: what a path may not hold is refused at Load, at its
// place: gjson's modifiers, multipaths, literals and JSON lines, which a
// lesson does not need and which could make gjson build large values; a
// pattern of three or more *, which gjson's matcher backtracks through; a
// path over MaxPath.
func TestHostilePaths(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{`Roles.@reverse`, "modifiers"},
		{`@this`, "modifiers"},
		{`Roles.#(RoleName.@pretty=="x")`, "modifiers"},
		{`Roles|@ugly`, "modifiers"},
		{`[Roles,Roles]`, "multipaths"},
		{`Roles.{a:Roles}`, "multipaths"},
		{`Roles.#[RoleName=="x"]`, "multipaths"},
		{`!true`, "literals"},
		{`Roles|!{"a":1}`, "literals"},
		{`..0`, "JSON lines"},
		{`Roles..0`, "JSON lines"},
		{`Roles.#(RoleName%"*a*a*b")`, "at most two *"},
		{`Roles.#(RoleName%*a*a*b)`, "at most two *"},
		{`Ro*l*e*s`, "at most two *"},
		{`Roles.#(RoleName%*a*.*a*.*b)`, "at most two *"},
		{`Roles.#(RoleName%*a*%*b)`, "at most two *"},
		{`Roles.#(RoleName%"*a*\u002ab")`, "at most two *"},
		{`Roles.#(Role*Name%"*a*")`, "at most two *"},
		{`Ro"les.@reverse`, "modifiers"},
		{`Roles.#(RoleName=="x)|@reverse`, "not closed"},
		{`Roles.#(RoleName=="x"`, "not closed"},
		{`Roles)`, "closes no query"},
		{strings.Repeat("a.", 200), "at most 256"},
		{``, "names no path"},
	} {
		for _, doc := range []string{
			pathsDoc(fmt.Sprintf(`{"as": "admin", "op": "iam:GetRole",
  "input": {"RoleName": %q}}`, "$2."+c.path)),
			pathsDoc(fmt.Sprintf(`{"as": "admin", "op": "iam:ListRoles",
  "expect": {"paths": {%q: 1}}}`, c.path)),
			pathsDoc(fmt.Sprintf(`{"as": "admin", "op": "iam:ListRoles",
  "expect": {"output": {"Roles": [{"RoleName": %q}]}}}`, "$2."+c.path)),
		} {
			if c.path == "" && strings.Contains(doc, `{"": 1}`) {
				continue // an empty path in paths is the whole output, which finds nothing
			}
			_, err := Load("s.json", []byte(doc))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "s.json:8:") {
				t.Errorf("%q: %v, want s.json:8: ... %s", c.path, err, c.want)
			}
		}
	}
	// Escaped, quoted or in a comparison, the same characters are keys and
	// values.
	for _, path := range []string{`Roles.#(RoleName=="a@b[c]{d}!e..f")`, `Role\@x`, `Roles.#(RoleName!="x")`, `Roles.#(RoleName!%"*S*")`, `Roles.#(Path%"*a*")#.#(RoleName%"*x*")`, `Ro*l*.Na*me*`, `Roles.#(Tags.#(Key%"*a*"))#`} {
		if err := checkPath(path); err != nil {
			t.Errorf("%q: %v", path, err)
		}
	}
}

// ec2Trust is a role trust policy that EC2 may assume the role by: a
// CreateRole needs a valid one.
const ec2Trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`

// TestPathWork: a document cannot make gjson read much: a step with 100
// references to a 600 KB output is refused at that step.
func TestPathWork(t *testing.T) {
	tags := make([]any, 100)
	for i := range tags {
		tags[i] = map[string]any{"Key": "$0.Role.Arn", "Value": "v"}
	}
	steps, _ := json.Marshal([]any{
		map[string]any{"as": "admin", "op": "iam:CreateRole", "input": map[string]any{"RoleName": "big", "Path": "/" + strings.Repeat("p", 300_000) + "/", "AssumeRolePolicyDocument": ec2Trust}},
		map[string]any{"as": "admin", "op": "iam:TagRole", "input": map[string]any{"RoleName": "big", "Tags": tags}},
	})
	doc := `{"scenario": 1, "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin",
	  "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]}},
	 "steps": ` + string(steps) + `}`
	s, err := Load("s.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Run()
	if err == nil || !strings.Contains(err.Error(), "step 1: its paths read more than 134217728 bytes") {
		t.Errorf("%v", err)
	}
	// The same references in an expectation's output are refused alike,
	// not left unchecked.
	steps, _ = json.Marshal([]any{
		map[string]any{"as": "admin", "op": "iam:CreateRole", "input": map[string]any{"RoleName": "big", "Path": "/" + strings.Repeat("p", 300_000) + "/", "AssumeRolePolicyDocument": ec2Trust}},
		map[string]any{"as": "admin", "op": "iam:GetRole", "input": map[string]any{"RoleName": "big"}, "expect": map[string]any{"output": map[string]any{"Role": map[string]any{"Tags": tags}}}},
	})
	s, err = Load("s.json", []byte(strings.Replace(doc, doc[strings.Index(doc, `"steps": `):], `"steps": `+string(steps)+`}`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err = s.Run(); err == nil || !strings.Contains(err.Error(), "step 1: its paths read more than 134217728 bytes") {
		t.Errorf("in an expectation: %v", err)
	}
}

// FuzzPath: any path either is refused by checkPath or is looked up in a
// step's output without a panic, and a path that finds something gives a
// value that writes as JSON.
//
//	go test ./core/scenario -run '^$' -fuzz FuzzPath
func FuzzPath(f *testing.F) {
	for _, p := range []string{`Roles.#`, `Roles.0.RoleName`, `Roles.#(RoleName%"*Batch").Arn`, `Roles.#(Path=="/")#.RoleName`,
		`Roles.#.Tags.#(Key=="a")#.Value`, `Role\.x`, `Roles.#(Tags.#(Key!%"a*"))`, `Roles|#`, `Ro?es.1`, `Roles.#(MaxSessionDuration>=3600)#|#`} {
		f.Add(p)
	}
	out := `{"Roles":[{"RoleName":"AWSServiceRoleForBatch","Path":"/aws-service-role/batch.amazonaws.com/","MaxSessionDuration":3600,"Tags":[{"Key":"a","Value":"b"}]},{"RoleName":"app","Path":"/","Tags":[]}]}`
	f.Fuzz(func(t *testing.T, path string) {
		if checkPath(path) != nil {
			return
		}
		l := &lookup{}
		v, found, err := l.get(out, path)
		if err != nil || !found && v != nil {
			t.Fatalf("%q: %v %v %v", path, v, found, err)
		}
	})
}

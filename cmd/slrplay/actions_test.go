package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestActionsJSON(t *testing.T) {
	code, out, stderr := slrplay(t, "", "actions", "--json", "s3:GetObject", "IAM:createservicelinkedrole", "ec2:DescribeInstances")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Patterns []struct {
			Pattern string
			Actions []struct {
				Action, AccessLevel          string
				ResourceTypes, ConditionKeys []string
			}
			DidYouMean []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Patterns) != 3 {
		t.Fatalf("%v:\n%s", err, out)
	}
	for i, want := range []struct {
		pattern, action, level, types, key string
	}{
		{"s3:GetObject", "s3:GetObject", "Read", "accesspointobject object", "s3:ExistingObjectTag/<key>"},
		{"IAM:createservicelinkedrole", "iam:CreateServiceLinkedRole", "Write", "role", "iam:AWSServiceName"},
		{"ec2:DescribeInstances", "ec2:DescribeInstances", "List", "", "ec2:Region"},
	} {
		p := got.Patterns[i]
		if p.Pattern != want.pattern || len(p.Actions) != 1 {
			t.Errorf("pattern %d: %+v", i, p)
			continue
		}
		a := p.Actions[0]
		if a.Action != want.action || a.AccessLevel != want.level || strings.Join(a.ResourceTypes, " ") != want.types ||
			a.ResourceTypes == nil || !strings.Contains(strings.Join(a.ConditionKeys, " "), want.key) {
			t.Errorf("%s: %+v", want.pattern, a)
		}
	}
	if !strings.Contains(out, `"s3:ExistingObjectTag/<key>"`) {
		t.Error("< and > escaped in the JSON")
	}

	code, out, _ = slrplay(t, "", "actions", "s3:Get*", "--json", "s3:GetObjekt")
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 1 || len(got.Patterns) != 2 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if n := len(got.Patterns[0].Actions); n < 50 || got.Patterns[0].DidYouMean != nil {
		t.Errorf("s3:Get*: %d actions, did you mean %q", n, got.Patterns[0].DidYouMean)
	}
	if p := got.Patterns[1]; p.Actions == nil || len(p.Actions) != 0 || strings.Join(p.DidYouMean, " ") != "s3:GetObject" {
		t.Errorf("s3:GetObjekt: %+v (want \"actions\": [] and a suggestion)", p)
	}
}

func TestActionsText(t *testing.T) {
	code, out, _ := slrplay(t, "", "actions", "iam:*ServiceLinkedRole*")
	want := "iam:*ServiceLinkedRole*: 3 actions (Read 1, Write 2)\n" +
		"  Read\n" +
		"    iam:GetServiceLinkedRoleDeletionStatus  role*\n" +
		"  Write\n" +
		"    iam:CreateServiceLinkedRole             role*\n" +
		"    iam:DeleteServiceLinkedRole             role*\n"
	if code != 0 || out != want {
		t.Errorf("exit %d:\n%s\nwant\n%s", code, out, want)
	}
	code, out, _ = slrplay(t, "", "actions", "ec2:DescribeInstances", "s3:GetObjekt", "workmial:ListUsers", "iam:CreateServiceLinkedRoles", "s3:Frobnicate", "ec2:Descibe*")
	for _, line := range []string{
		"ec2:DescribeInstances  Resource: *\n",
		"s3:GetObjekt: no AWS action matches; did you mean s3:GetObject?\n",
		"workmial:ListUsers: no AWS action matches; did you mean workmail:ListUsers?\n",
		"iam:CreateServiceLinkedRoles: no AWS action matches; did you mean iam:CreateServiceLinkedRole?\n",
		"s3:Frobnicate: no AWS action matches\n",
		"ec2:Descibe*: no AWS action matches; did you mean ec2:Describe*?\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("no %q in\n%s", line, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1: patterns matched nothing", code)
	}
}

func TestActionsExitCodes(t *testing.T) {
	tests := []struct {
		args   []string
		want   int
		stderr string
	}{
		{[]string{"actions", "s3:*"}, 0, ""},
		{[]string{"actions", "*"}, 0, ""},
		{[]string{"actions", "s3:Nope"}, 1, ""},
		{[]string{"actions"}, 2, "no pattern given"},
		{[]string{"actions", "--nope", "s3:*"}, 2, "flag provided but not defined"},
		{[]string{"actions", "s3GetObject"}, 2, `"s3GetObject" is not an action: write it as service:Action`},
		{[]string{"actions", "s3:Nope", "s3:Get Object"}, 2, "' ' cannot be part of an action"},
	}
	for _, tc := range tests {
		code, _, stderr := slrplay(t, "", tc.args...)
		if code != tc.want || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, stderr, tc.want, tc.stderr)
		}
	}
}

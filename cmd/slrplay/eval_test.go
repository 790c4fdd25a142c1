package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalText(t *testing.T) {
	code, out, _ := slrplay(t, "", "eval", "--policy", corpus+"workmail-console-mfa-region.json", "--action", "workmail:ListUsers",
		"--context", "aws:RequestedRegion=eu-west-1", "--context", "aws:MultiFactorAuthPresent=true")
	if code != 0 || !strings.HasPrefix(out, "ALLOWED\n") || !strings.Contains(out, corpus+"workmail-console-mfa-region.json:4:9: statement 0 allows it") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// Denied is an answer, not a failure: exit 0, and the missing key is named.
	code, out, _ = slrplay(t, "", "eval", "--policy", corpus+"workmail-console-mfa-region.json", "--action", "workmail:ListUsers",
		"--context", "aws:RequestedRegion=eu-west-1", "--explain")
	if code != 0 || !strings.HasPrefix(out, "DENIED (implicit deny") || !strings.Contains(out, "did not carry: aws:MultiFactorAuthPresent") ||
		!strings.Contains(out, `Bool aws:MultiFactorAuthPresent: request absent, policy ["true"] -> false`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestEvalJSONAndErrors(t *testing.T) {
	code, out, _ := slrplay(t, "", "eval", "--json", "--policy", corpus+"invalid-effect.json", "--action", "s3:GetObject")
	var res struct {
		EvalDecision string
		Errors       []struct {
			SourcePolicyID string
			IssueCode      string
		}
	}
	// A policy that does not validate is an ERROR finding: exit 1, as lint.
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 1 || res.EvalDecision != "error" ||
		len(res.Errors) != 1 || res.Errors[0].IssueCode != "INVALID_EFFECT" || res.Errors[0].SourcePolicyID != "identity[0]" {
		t.Errorf("exit %d, %v:\n%s", code, err, out)
	}
	for _, args := range [][]string{
		{"eval", "--policy", corpus + "admin.json"},                                                     // no action
		{"eval", "--policy", corpus + "nope.json", "--action", "s3:GetObject"},                          // unreadable
		{"eval", "--policy", corpus + "admin.json", "--action", "s3:GetObject", "--context", "novalue"}, // bad context
		{"eval", "--batch", corpus + "nope.jsonl"},
	} {
		if code, _, stderr := slrplay(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// TestEvalBatch: one result line per case line, in order; a malformed line
// gets an error line, a message with its place, and exit 2, and the others
// still run.
func TestEvalBatch(t *testing.T) {
	var in strings.Builder
	const n = 2000
	for i := range n {
		action := []string{"s3:GetObject", "s3:PutObject"}[i%2]
		fmt.Fprintf(&in, `{"id": "c%d", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}], "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": %q, "resource": "arn:aws:s3:::b/k"}}`+"\n", i, action)
		if i == 7 {
			in.WriteString("{\"id\": \"broken\", \"request\": \n")
		}
	}
	file := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(file, []byte(in.String()), 0o644)
	code, out, stderr := slrplay(t, "", "eval", "--batch", file)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 2 || len(lines) != n+1 || !strings.Contains(stderr, "cases.jsonl:9:") {
		t.Fatalf("exit %d, %d lines, stderr %q", code, len(lines), stderr)
	}
	for i, l := range lines {
		var r struct{ ID, EvalDecision string }
		json.Unmarshal([]byte(l), &r)
		want, id := []string{"allowed", "implicitDeny"}[min(i, n)%2], fmt.Sprintf("c%d", i)
		switch {
		case i == 8:
			want, id = "error", ""
		case i > 8:
			want, id = []string{"allowed", "implicitDeny"}[(i-1)%2], fmt.Sprintf("c%d", i-1)
		}
		if r.EvalDecision != want || r.ID != id {
			t.Fatalf("line %d: %s", i+1, l)
		}
	}
	// Standard input works the same.
	if code, out, _ := slrplay(t, strings.SplitN(in.String(), "\n", 2)[0], "eval", "--batch", "-"); code != 0 || !strings.Contains(out, `"evalDecision":"allowed"`) {
		t.Errorf("stdin: exit %d, %s", code, out)
	}
}

// TestEvalDerivesContext: single eval derives the keys AWS puts in every
// request (CONTRACT 1.2) and says which, unless --exact-context; --rcp and
// --resource-account are read.
func TestEvalDerivesContext(t *testing.T) {
	dir := t.TempDir()
	pol := write(t, dir, "p.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
  "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:PrincipalType": "User", "aws:ResourceAccount": "111122223333"}}}]}`)
	rcp := write(t, dir, "rcp.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
  "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}}]}`)
	base := []string{"eval", "--policy", pol, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--resource-account", "111122223333"}
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"ALLOWED"}},
		{[]string{"--explain"}, []string{"ALLOWED", "derived from the request: aws:CurrentTime=", "aws:PrincipalType=User", "aws:SecureTransport=true"}},
		{[]string{"--json"}, []string{`"evalDecision":"allowed"`, `"derivedContext":{"aws:CurrentTime":`, `"aws:ResourceAccount":"111122223333"`}},
		{[]string{"--exact-context"}, []string{"DENIED (implicit deny", "did not carry: aws:SecureTransport"}},
		{[]string{"--context", "aws:SecureTransport=false"}, []string{"DENIED (implicit deny"}},
		{[]string{"--rcp", rcp, "--principal", "arn:aws:iam::999999999999:user/eve"}, []string{"DENIED (explicit deny)"}},
	}
	for _, tt := range tests {
		code, out, stderr := slrplay(t, "", append(append([]string{}, base...), tt.args...)...)
		for _, w := range tt.want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("%v: exit %d, want %q in:\n%s%s", tt.args, code, w, out, stderr)
				break
			}
		}
	}
}

// TestEvalCatalogFindings: a request that cannot happen is an error naming
// the request; a policy's catalog findings are warnings beside the decision.
func TestEvalCatalogFindings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.json")
	os.WriteFile(file, []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetObject"], "Resource": "*"}]}`), 0o644)
	for _, c := range []struct {
		args   []string
		status int
		want   []string
	}{
		{[]string{"--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k"}, 0,
			[]string{"ALLOWED", "warning: " + file + ":1:72: The action s3:GetObjekt does not exist. Did you mean s3:GetObject? [INVALID_ACTION]"}},
		{[]string{"--action", "iam:CreateUser", "--resource", "arn:aws:s3:::b"}, 1,
			[]string{"NOT EVALUATED", "request: iam:CreateUser acts on user resources (arn:${Partition}:iam::${Account}:user/${UserNameWithPath}); the request's resource arn:aws:s3:::b is none of them. [RESOURCE_TYPE_MISMATCH]"}},
	} {
		var out, errOut bytes.Buffer
		status := run(append([]string{"eval", "--policy", file}, c.args...), strings.NewReader(""), &out, &errOut)
		if status != c.status {
			t.Errorf("%v: status %d, want %d (%s)", c.args, status, c.status, errOut.String())
		}
		for _, w := range c.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: no %q in\n%s", c.args, w, out.String())
			}
		}
	}
}

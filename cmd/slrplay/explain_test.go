package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalNamesTheGate: a denial's headline says which kind of policy
// refused and why, and how AWS's AccessDenied message would end; it never
// says "nothing allows it" above "identity: allowed".
func TestEvalNamesTheGate(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := file("all.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	s3 := file("s3.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`)
	denyIAM := file("deny-iam.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}`)
	trustAccount := file("bucket.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`)
	user := []string{"--action", "iam:CreateUser", "--resource", "arn:aws:iam::111122223333:user/x"}
	tests := []struct {
		name      string
		args      []string
		headline  string
		lines     []string
		forbidden string
	}{
		{"permissions boundary", append([]string{"--policy", all, "--boundary", s3}, user...),
			"DENIED (implicit deny): Your identity policy allows this, but the permissions boundary does not.",
			[]string{"  AWS's AccessDenied message ends: because no permissions boundary allows the iam:CreateUser action", "identity: allowed · permissions boundary: implicitDeny"},
			"nothing allows it"},
		{"explicit deny in an SCP", append([]string{"--policy", all, "--scp", denyIAM, "--scp", all}, user...),
			"DENIED (explicit deny): An explicit deny in the service control policy at level 1 (the organization root) refuses this: a Deny wins over every Allow.",
			[]string{"  AWS's AccessDenied message ends: with an explicit deny in a service control policy"}, ""},
		{"account root delegation", []string{"--principal", "arn:aws:iam::444455556666:user/bob", "--resource-policy", trustAccount,
			"--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--resource-account", "111122223333"},
			"DENIED (implicit deny): The resource policy trusts account 444455556666; in a cross-account request the caller's own identity policy must allow it too, and none does.",
			[]string{"  AWS's AccessDenied message ends: because no identity-based policy allows the s3:GetObject action"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := slrplay(t, "", append([]string{"eval"}, tc.args...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if first, _, _ := strings.Cut(out, "\n"); first != tc.headline {
				t.Errorf("headline %q\nwant     %q", first, tc.headline)
			}
			for _, l := range tc.lines {
				if !strings.Contains(out, l) {
					t.Errorf("no line %q in:\n%s", l, out)
				}
			}
			if tc.forbidden != "" && strings.Contains(out, tc.forbidden) {
				t.Errorf("%q in:\n%s", tc.forbidden, out)
			}
		})
	}
}

// TestExplainNotChecked: the trace says "not checked" of a part the
// evaluation never looked at, and says when no statement names the action
// rather than showing an empty trace.
func TestExplainNotChecked(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.json")
	os.WriteFile(p, []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}`), 0o644)
	_, out, _ := slrplay(t, "", "eval", "--policy", p, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--explain")
	for _, want := range []string{
		"DENIED (implicit deny): Nothing allows this: no statement of any policy names s3:GetObject.",
		"statement 0 (Allow): action no, resource not checked, principal not checked -> does not apply",
		`Bool aws:SecureTransport: request ["true"], policy ["true"] -> not checked`,
		"  no statement of any policy names s3:GetObject\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	// No statement at all: the trace says so instead of being empty.
	_, out, _ = slrplay(t, "", "eval", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", "--explain")
	if !strings.HasSuffix(out, "trace:\n  no statement of any policy names s3:GetObject\n") {
		t.Errorf("trace of no policies:\n%s", out)
	}
}

// TestRunNoFalseReason: a transcript's implicit deny does not claim that
// nothing allows it when the identity policy does and a trust policy
// refused; the AccessDenied below it names the gate.
func TestRunNoFalseReason(t *testing.T) {
	code, out, _ := slrplay(t, "", "run", "../../testdata/scenarios/trust-policy.json")
	if code != 0 || !strings.Contains(out, "IAM: DENIED (implicit deny)\n") || strings.Contains(out, "nothing allows it") ||
		!strings.Contains(strings.Join(strings.Fields(out), " "), "because no resource-based policy allows the sts:AssumeRole action") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

package eval

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRefusals: a denied request names the gate that refused, with AWS's
// ending for it (IAM-RULES D, "AccessDenied endings"), explicit denies
// first, and a sentence a learner can follow.
func TestRefusals(t *testing.T) {
	fullAccess := pol(allowAll)
	trustSES := pol(`{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sts:AssumeRole"}`)
	assume := "arn:aws:iam::111122223333:role/aws-service-role/ses.amazonaws.com/AWSServiceRoleForAmazonSES"
	denyStar := pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`)
	tests := []struct {
		name        string
		c           caseSpec
		want        Refusal
		ending      string
		explanation string
	}{
		{"nothing names the action", caseSpec{identity: []string{pol(allowEC2)}},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: no statement of any policy names s3:GetObject."},
		{"only an SCP names the action", caseSpec{identity: []string{pol(allowEC2)}, scps: [][]string{{fullAccess}}},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: no statement of an identity or resource policy names s3:GetObject."},
		{"a condition does not match", caseSpec{identity: []string{pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`)}},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: an Allow statement names s3:GetObject on this resource, but its conditions do not hold for the request. The request lacks aws:MultiFactorAuthPresent."},
		{"the resource does not match", caseSpec{identity: []string{pol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}`)}},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: an Allow statement names s3:GetObject, but not this resource."},
		{"the principal does not match", caseSpec{resource: pol(grantTo("arn:aws:iam::111122223333:user/carol"))},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: an Allow statement names s3:GetObject on this resource, but not you as its principal."},
		{"only a Deny that does not apply names the action", caseSpec{resource: pol(`{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}`)},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"Nothing allows this: no Allow statement of an identity or resource policy names s3:GetObject."},
		{"boundary", caseSpec{identity: []string{fullAccess}, boundary: pol(allowEC2)},
			Refusal{Gate: GateBoundary}, "because no permissions boundary allows the s3:GetObject action",
			"Your identity policy allows this, but the permissions boundary does not."},
		{"boundary caps a grant to the role", caseSpec{principal: session, resource: pol(grantTo(role)), boundary: pol(allowEC2)},
			Refusal{Gate: GateBoundary}, "because no permissions boundary allows the s3:GetObject action",
			"The resource policy allows this, but the permissions boundary does not."},
		{"session policy", caseSpec{principal: session, identity: []string{fullAccess}, session: pol(allowEC2)},
			Refusal{Gate: GateSession}, "because no session policy allows the s3:GetObject action",
			"Your identity policy allows this, but the session policy does not."},
		{"an SCP level", caseSpec{identity: []string{fullAccess}, scps: [][]string{{fullAccess}, {pol(allowEC2)}}},
			Refusal{Gate: GateSCP, Level: 2}, "because no service control policy allows the s3:GetObject action",
			"Your identity policy allows this, but no service control policy at level 2 (the account) allows it: every level from the organization root to the account must allow it."},
		{"an SCP and nothing else", caseSpec{scps: [][]string{{pol(allowEC2)}}},
			Refusal{Gate: GateSCP, Level: 1}, "because no service control policy allows the s3:GetObject action",
			"No service control policy at level 1 allows this: every level from the organization root to the account must allow it."},
		{"root under an SCP", caseSpec{principal: "arn:aws:iam::111122223333:root", scps: [][]string{{pol(allowEC2)}}},
			Refusal{Gate: GateSCP, Level: 1}, "because no service control policy allows the s3:GetObject action",
			"As the account's root user you may do this, but no service control policy at level 1 allows it: every level from the organization root to the account must allow it."},
		{"trust policy", caseSpec{identity: []string{fullAccess}, action: "sts:AssumeRole", resourceARN: assume, resource: trustSES},
			Refusal{Gate: GateResource}, "because no resource-based policy allows the sts:AssumeRole action",
			"Your identity policy allows this, but the role's trust policy does not let you assume the role: only a principal the trust policy names may."},
		{"cross account, no resource policy", caseSpec{principal: other, identity: []string{fullAccess}, resourceAccount: "111122223333"},
			Refusal{Gate: GateResource}, "because no resource-based policy allows the s3:GetObject action",
			"Your identity policy allows this, but the resource belongs to account 111122223333 and no resource policy there allows you: across accounts both the caller's identity policy and the resource policy must allow it."},
		{"cross account, account root trusted", caseSpec{principal: other, resource: pol(grantTo("arn:aws:iam::444455556666:root")), resourceAccount: "111122223333"},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"The resource policy trusts account 444455556666; in a cross-account request the caller's own identity policy must allow it too, and none does."},
		{"cross account, caller named", caseSpec{principal: other, resource: pol(grantTo(other)), resourceAccount: "111122223333"},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"The resource policy allows this, but in a cross-account request the caller's own identity policy must allow it too, and none does."},
		{"same account, account id trusted", caseSpec{resource: pol(grantTo("111122223333"))},
			Refusal{Gate: GateIdentity}, "because no identity-based policy allows the s3:GetObject action",
			"The resource policy trusts account 111122223333, which leaves the decision to the account's own policies, and no identity policy of yours allows it."},
		// Explicit denies, in each kind of policy.
		{"identity deny", caseSpec{identity: []string{pol(allowAll, denyGet)}},
			Refusal{Gate: GateIdentity, Explicit: true}, "with an explicit deny in an identity-based policy",
			"An explicit deny in the identity policy refuses this: a Deny wins over every Allow."},
		{"resource deny", caseSpec{identity: []string{fullAccess}, resource: pol(strings.Replace(grantStar, "Allow", "Deny", 1))},
			Refusal{Gate: GateResource, Explicit: true}, "with an explicit deny in a resource-based policy",
			"An explicit deny in the resource policy refuses this: a Deny wins over every Allow."},
		{"boundary deny", caseSpec{identity: []string{fullAccess}, boundary: pol(allowAll, denyGet)},
			Refusal{Gate: GateBoundary, Explicit: true}, "with an explicit deny in a permissions boundary",
			"An explicit deny in the permissions boundary refuses this: a Deny wins over every Allow."},
		{"session deny", caseSpec{principal: session, identity: []string{fullAccess}, session: pol(allowAll, denyGet)},
			Refusal{Gate: GateSession, Explicit: true}, "with an explicit deny in a session policy",
			"An explicit deny in the session policy refuses this: a Deny wins over every Allow."},
		{"SCP deny at the root", caseSpec{identity: []string{fullAccess}, scps: [][]string{{pol(allowAll, denyGet)}, {fullAccess}}},
			Refusal{Gate: GateSCP, Explicit: true, Level: 1}, "with an explicit deny in a service control policy",
			"An explicit deny in the service control policy at level 1 (the organization root) refuses this: a Deny wins over every Allow."},
		{"RCP deny", caseSpec{identity: []string{fullAccess}, rcps: [][]string{{denyStar}}},
			Refusal{Gate: GateRCP, Explicit: true, Level: 1}, "with an explicit deny in a resource control policy",
			"An explicit deny in the resource control policy at level 1 refuses this: a Deny wins over every Allow."},
		// Several refuse: an explicit deny first, then AWS's order.
		{"explicit deny before a missing boundary allow", caseSpec{identity: []string{pol(allowAll, denyGet)}, boundary: pol(allowEC2)},
			Refusal{Gate: GateIdentity, Explicit: true}, "with an explicit deny in an identity-based policy", ""},
		{"explicit boundary deny before a missing SCP allow", caseSpec{identity: []string{fullAccess}, boundary: pol(allowAll, denyGet), scps: [][]string{{pol(allowEC2)}}},
			Refusal{Gate: GateBoundary, Explicit: true}, "with an explicit deny in a permissions boundary", ""},
		{"SCP deny before identity deny", caseSpec{identity: []string{pol(allowAll, denyGet)}, scps: [][]string{{pol(allowAll, denyGet)}}},
			Refusal{Gate: GateSCP, Explicit: true, Level: 1}, "with an explicit deny in a service control policy", ""},
		{"missing SCP allow before a missing boundary allow", caseSpec{identity: []string{fullAccess}, boundary: pol(allowEC2), scps: [][]string{{pol(allowEC2)}}},
			Refusal{Gate: GateSCP, Level: 1}, "because no service control policy allows the s3:GetObject action", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.c)
			if res.DeniedBy == nil {
				t.Fatalf("%s with no refusal: %+v", res.EvalDecision, res)
			}
			if *res.DeniedBy != tc.want {
				t.Errorf("refused by %+v, want %+v", *res.DeniedBy, tc.want)
			}
			action := tc.c.action
			if action == "" {
				action = "s3:GetObject"
			}
			if got := res.DeniedBy.Ending(action); got != tc.ending {
				t.Errorf("ending %q\nwant   %q", got, tc.ending)
			}
			if tc.explanation != "" && res.Explanation != tc.explanation {
				t.Errorf("explanation %q\nwant        %q", res.Explanation, tc.explanation)
			}
			if want, _ := json.Marshal(res); string(res.AppendJSON(nil)) != string(want) {
				t.Errorf("JSON differs from encoding/json's:\n%s\n%s", res.AppendJSON(nil), want)
			}
		})
	}
	// An allowed request names no gate.
	if res := run(t, caseSpec{identity: []string{fullAccess}}); res.DeniedBy != nil || res.Explanation != "" || strings.Contains(string(res.AppendJSON(nil)), "deniedBy") {
		t.Errorf("allowed, yet %+v %q", res.DeniedBy, res.Explanation)
	}
}

// TestTraceNotChecked: a part of a statement the evaluation never looked at
// is null in the trace (CONTRACT 1.3), not false.
func TestTraceNotChecked(t *testing.T) {
	line := `{"identityPolicies": [` + pol(`{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`,
		`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}`, allowGet) + `],
		"resourcePolicy": ` + pol(grantTo("arn:aws:iam::111122223333:user/carol")) + `,
		"request": {"principal": "` + alice + `", "action": "s3:GetObject", "resource": "` + object + `"}}`
	res, err := RunCase([]byte(line), Options{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Trace []struct {
			Action, Resource, Principal *bool
			Applies                     bool
			Conditions                  []struct{ Result *bool }
		}
	}
	if err := json.Unmarshal(res.AppendJSON(nil), &got); err != nil {
		t.Fatal(err)
	}
	show := func(b *bool) string {
		if b == nil {
			return "null"
		}
		return map[bool]string{true: "true", false: "false"}[*b]
	}
	var parts []string
	for _, s := range got.Trace {
		parts = append(parts, show(s.Action)+" "+show(s.Resource)+" "+show(s.Principal))
	}
	want := []string{
		"false null null", // the action does not match: resource and principal are not looked at
		"true false null", // the resource does not: the principal is not (and identity policies have none)
		"true true null",  // applies; an identity policy has no Principal to check
		"true true false", // the resource policy names someone else
	}
	if c := got.Trace[0].Conditions; len(c) != 1 || c[0].Result != nil {
		t.Errorf("the condition of a statement whose action does not match: %+v, want one, not checked (null)", c)
	}
	if strings.Join(parts, "; ") != strings.Join(want, "; ") {
		t.Errorf("trace %q\nwant  %q", parts, want)
	}
	if want, _ := json.Marshal(res); string(res.AppendJSON(nil)) != string(want) {
		t.Errorf("JSON differs from encoding/json's:\n%s\n%s", res.AppendJSON(nil), want)
	}
}

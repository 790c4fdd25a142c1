package eval

import (
	"strconv"
	"strings"
)

// Gate is a kind of policy that can refuse a request, named as the key of
// its verdict in decisionDetails.
type Gate string

// The gates, in the order AWS's evaluation flow chart visits them: the
// organization's policies, then the resource's, the identity's, the
// permissions boundary and the session policy. When several refuse, the
// first of them is the one named.
const (
	GateRCP      Gate = "rcp"
	GateSCP      Gate = "scp"
	GateResource Gate = "resourcePolicy" // for sts:AssumeRole, the role's trust policy
	GateIdentity Gate = "identity"
	GateBoundary Gate = "permissionsBoundary"
	GateSession  Gate = "sessionPolicy"
)

// gateOrder lists the gates in the order a refusal names them.
var gateOrder = [...]Gate{GateRCP, GateSCP, GateResource, GateIdentity, GateBoundary, GateSession}

// awsNames are the policy types as AWS's AccessDenied messages write them.
var awsNames = map[Gate]string{
	GateRCP: "resource control policy", GateSCP: "service control policy", GateResource: "resource-based policy",
	GateIdentity: "identity-based policy", GateBoundary: "permissions boundary", GateSession: "session policy",
}

// Refusal says which gate refused a request: the policy type AWS's
// AccessDenied message names, and whether it denied explicitly.
type Refusal struct {
	Gate     Gate `json:"policyType"`
	Explicit bool `json:"explicit"` // a Deny statement, not a missing Allow
	// Level is, for SCPs and RCPs, the level that refused: 1 is the
	// organization root, the last the account.
	Level int `json:"level,omitempty"`
}

// Ending is how AWS's AccessDenied message for the action ends
// ("Troubleshoot access denied error messages", IAM User Guide):
// "because no permissions boundary allows the s3:GetObject action", or
// "with an explicit deny in a service control policy".
func (f Refusal) Ending(action string) string {
	name, ok := awsNames[f.Gate]
	if !ok {
		name = awsNames[GateIdentity]
	}
	if f.Explicit {
		article := "a "
		if name[0] == 'i' {
			article = "an "
		}
		return "with an explicit deny in " + article + name
	}
	return "because no " + name + " allows the " + action + " action"
}

// why is what a refusal's sentence needs beyond the verdicts.
type why struct {
	levels       int    // how many levels the refusing SCPs or RCPs have
	crossAccount bool   // the resource is in another account than the principal
	root         bool   // the principal is the root user of the resource's account
	trust        bool   // the resource policy is a role's trust policy
	resource     grant  // how the resource policy's Allow named the principal
	account      string // the principal's account, for an Allow that names it
	resourceAcct string // the account that owns the resource
	named        bool   // some statement's Action or NotAction covers the action
	grantNamed   bool   // some statement of an identity or resource policy does
	reach        reach  // how far the nearest Allow of those got
	action       string // the request's action, as asked
}

// reach is how far the furthest Allow of an identity or resource policy
// met a request: its action, then its resource, then its principal, and
// only its conditions failed.
type reach uint8

const (
	reachedNothing    reach = iota
	reachedAction           // the action is named; the resource is not
	reachedResource         // the action and resource; not the principal
	reachedConditions       // all but the conditions
)

// refuse records the gate that refused an implicitly denied request.
func (res *Result) refuse(g Gate, level int) {
	res.Refusal = Refusal{Gate: g, Level: level}
}

// Explanation says in a sentence why a request was refused, for a person
// learning IAM: which kind of policy refused, and what the others said.
// It is "" for a request that was allowed or not evaluated.
func (res *Result) Explanation() string {
	f, w, d := res.Refusal, res.why, res.Details
	if res.Decision != ExplicitDeny && res.Decision != ImplicitDeny {
		return ""
	}
	if f.Explicit {
		return "An explicit deny in " + w.policyName(f) + " refuses this: a Deny wins over every Allow."
	}
	// allower is what allows the request, when something does.
	allower := ""
	switch {
	case w.root:
		allower = "As the account's root user you may do this, but "
	case d.Identity == Allowed:
		allower = "Your identity policy allows this, but "
	case w.resource != noGrant && w.trust:
		allower = "The role's trust policy allows this, but "
	case w.resource != noGrant:
		allower = "The resource policy allows this, but "
	}
	switch f.Gate {
	case GateSCP:
		scp := strings.TrimPrefix(w.policyName(f), "the ")
		if allower == "" {
			return "No " + scp + " allows this: every level from the organization root to the account must allow it."
		}
		return allower + "no " + scp + " allows it: every level from the organization root to the account must allow it."
	case GateBoundary, GateSession:
		return sentence(allower, w.policyName(f)+" does not.")
	case GateResource:
		switch {
		case w.trust:
			return sentence(allower, "the role's trust policy does not let you assume the role: only a principal the trust policy names may.")
		case w.crossAccount:
			return sentence(allower, "the resource belongs to account "+w.resourceAcct+" and no resource policy there allows you: across accounts both the caller's identity policy and the resource policy must allow it.")
		}
		return sentence(allower, "no resource policy allows it.")
	}
	// The identity gate.
	switch {
	case w.resource == grantAccount && w.crossAccount:
		return "The resource policy trusts account " + w.account + "; in a cross-account request the caller's own identity policy must allow it too, and none does."
	case w.resource == grantAccount:
		return "The resource policy trusts account " + w.account + ", which leaves the decision to the account's own policies, and no identity policy of yours allows it."
	case w.resource != noGrant && w.crossAccount:
		return "The resource policy allows this, but in a cross-account request the caller's own identity policy must allow it too, and none does."
	case !w.named:
		return "Nothing allows this: no statement of any policy names " + w.action + "."
	case !w.grantNamed:
		return "Nothing allows this: no statement of an identity or resource policy names " + w.action + "."
	}
	switch w.reach {
	case reachedAction:
		return "Nothing allows this: an Allow statement names " + w.action + ", but not this resource."
	case reachedResource:
		return "Nothing allows this: an Allow statement names " + w.action + " on this resource, but not you as its principal."
	case reachedConditions:
		s := "Nothing allows this: an Allow statement names " + w.action + " on this resource, but its conditions do not hold for the request."
		if len(res.Missing) > 0 {
			s += " The request lacks " + strings.Join(res.Missing, ", ") + "."
		}
		return s
	}
	return "Nothing allows this: no Allow statement of an identity or resource policy names " + w.action + "."
}

// sentence joins what allows a request to what refuses it, or makes what
// refuses it a sentence of its own.
func sentence(allower, refuser string) string {
	if allower != "" {
		return allower + refuser
	}
	return strings.ToUpper(refuser[:1]) + refuser[1:]
}

// policyName names the refusing policy for a person: "the permissions
// boundary", "the service control policy at level 2 (the account)".
func (w why) policyName(f Refusal) string {
	switch f.Gate {
	case GateIdentity:
		return "the identity policy"
	case GateResource:
		if w.trust {
			return "the role's trust policy"
		}
		return "the resource policy"
	case GateBoundary:
		return "the permissions boundary"
	case GateSession:
		return "the session policy"
	}
	name := "the " + awsNames[f.Gate] + " at level " + strconv.Itoa(f.Level)
	switch {
	case w.levels < 2:
	case f.Level == 1:
		name += " (the organization root)"
	case f.Level == w.levels:
		name += " (the account)"
	}
	return name
}

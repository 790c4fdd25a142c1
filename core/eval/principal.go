package eval

import (
	"strings"

	"slrplay/core/policy"
)

// principal is one compiled Principal or NotPrincipal value.
type principal struct {
	kind  principalKind
	value string // the ARN, account or service as written
	acct  string // kindAccount: the account; kindRole: the role's account
	role  string // kindRole: the role name
}

type principalKind uint8

const (
	kindAny     principalKind = iota // "*"
	kindAccount                      // 111122223333 or arn:aws:iam::111122223333:root
	kindRole                         // arn:aws:iam::111122223333:role/path/name
	kindExact                        // a user, session, service or federated principal
)

func compilePrincipals(pr policy.Principal) []principal {
	if !pr.Present() {
		return nil
	}
	if pr.Kind == policy.String {
		return []principal{{kind: kindAny, value: "*"}}
	}
	var out []principal
	for _, e := range pr.Entries {
		for _, it := range e.Values.Items {
			out = append(out, compilePrincipal(e.Type.Text, it.Text))
		}
	}
	return out
}

func compilePrincipal(typ, v string) principal {
	switch {
	case v == "*":
		return principal{kind: kindAny, value: v}
	case typ != "AWS":
		return principal{kind: kindExact, value: v}
	case len(v) == 12 && strings.Trim(v, "0123456789") == "":
		return principal{kind: kindAccount, value: v, acct: v}
	}
	a, ok := policy.SplitARN(v)
	switch {
	case ok && a.Service == "iam" && a.Resource == "root":
		return principal{kind: kindAccount, value: v, acct: a.Account}
	case ok && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/"):
		name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
		return principal{kind: kindRole, value: v, acct: a.Account, role: name}
	}
	return principal{kind: kindExact, value: v}
}

// grant says how a Principal element matched a request, which decides
// whether a resource-based policy's Allow stands on its own (see Evaluate).
type grant uint8

const (
	noGrant      grant = iota
	grantAccount       // the caller's account: its own policies must allow too
	grantRole          // the role of a session, or "*": capped by boundary and session policy
	grantExact         // the user or session itself, or a service: not capped
)

// matchPrincipal says how a Principal value covers the request's principal.
// A role ARN covers the role's sessions.
func (p *principal) match(r *Request) grant {
	switch p.kind {
	case kindAny:
		return grantRole
	case kindAccount:
		if r.account == p.acct {
			return grantAccount
		}
	case kindRole:
		if r.Principal == p.value {
			return grantRole
		}
		if r.session && r.account == p.acct && r.role == p.role {
			return grantRole
		}
	case kindExact:
		if r.Principal == p.value {
			return grantExact
		}
	}
	return noGrant
}

// excludes says whether a NotPrincipal value names the request's principal.
// It compares names only: a role ARN does not name the role's sessions, and
// an account names its root user.
func (p *principal) excludes(r *Request) bool {
	switch p.kind {
	case kindAny:
		return true
	case kindAccount:
		return r.isRoot() && r.account == p.acct
	}
	return r.Principal == p.value
}

package policy

import (
	"errors"
	"strconv"
	"strings"
)

// Type is the kind of policy a document is used as; each has its own grammar.
type Type uint8

// Policy types.
const (
	Identity Type = iota // attached to a user, group or role
	Resource             // attached to a resource (bucket, queue, key, ...)
	Trust                // a role's trust policy (who may assume it)
	SCP                  // service control policy of AWS Organizations
	RCP                  // resource control policy of AWS Organizations
	Boundary             // permissions boundary
	Session              // session policy passed when assuming a role
)

var typeNames = [...]string{"identity", "resource", "trust", "scp", "rcp", "boundary", "session"}

// String returns the name used on the command line: identity, resource, ...
func (t Type) String() string { return typeNames[t] }

// Title returns the name used in messages.
func (t Type) Title() string {
	return [...]string{"identity-based policy", "resource-based policy", "role trust policy",
		"service control policy", "resource control policy", "permissions boundary", "session policy"}[t]
}

// ParseType reads a policy type name as given to --type.
func ParseType(s string) (Type, error) {
	for i, n := range typeNames {
		if strings.EqualFold(s, n) {
			return Type(i), nil
		}
	}
	return 0, errors.New("unknown policy type " + strconv.Quote(s) + ": use one of " + strings.Join(typeNames[:], ", "))
}

// grantsLikeIdentity reports whether the type is read like an identity policy:
// no Principal, Resource required.
func (t Type) identityLike() bool {
	return t == Identity || t == Boundary || t == Session || t == SCP
}

// DetectType guesses the policy type of a document from its Principal
// elements and actions: statements with principals that only assume roles
// make a trust policy, other principals a resource policy, none an identity
// policy. It is what lint uses when no --type is given.
func DetectType(d *Document) Type {
	principals, assumeOnly := false, true
	for i := range d.Statements {
		st := &d.Statements[i]
		if !st.Principal.Present() && !st.NotPrincipal.Present() {
			continue
		}
		principals = true
		if st.Resource.Present() || st.NotResource.Present() || len(st.Action.Items) == 0 {
			assumeOnly = false
		}
		for _, a := range st.Action.Items {
			if !strings.HasPrefix(strings.ToLower(a.Text), "sts:") {
				assumeOnly = false
			}
		}
	}
	switch {
	case !principals:
		return Identity
	case assumeOnly:
		return Trust
	}
	return Resource
}

package eval

import (
	"slices"
	"time"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// Decision is the outcome of a request.
type Decision string

// Decisions, named as the IAM policy simulator names them.
const (
	Allowed      Decision = "allowed"
	ExplicitDeny Decision = "explicitDeny"
	ImplicitDeny Decision = "implicitDeny"
	Error        Decision = "error" // a policy did not validate
)

// Set is the policies that apply to a request.
type Set struct {
	Identity []*Policy   // the principal's identity-based policies
	Resource *Policy     // the resource's policy; for sts:AssumeRole, the role's trust policy
	Boundary []*Policy   // the principal's permissions boundary (its statements pooled)
	Session  *Policy     // the session policy, for a role session
	SCPs     [][]*Policy // service control policies, org root first, account last
	RCPs     [][]*Policy // resource control policies, same shape; RCPFullAWSAccess is implied
}

// Details is the verdict of each kind of policy, "" where none applies.
type Details struct {
	Identity       Decision `json:"identity,omitempty"`
	ResourcePolicy Decision `json:"resourcePolicy,omitempty"`
	Boundary       Decision `json:"permissionsBoundary,omitempty"`
	Session        Decision `json:"sessionPolicy,omitempty"`
	SCP            Decision `json:"scp,omitempty"`
	RCP            Decision `json:"rcp,omitempty"`
}

// Match is a statement that took part in the decision.
type Match struct {
	Policy    *Policy
	Statement int
}

// Result is what Evaluate found. Reuse one across calls to evaluate without
// allocating.
type Result struct {
	Decision Decision
	Matched  []Match  // the deny statements that decided, or the allow statements that did
	Missing  []string // condition keys and variables the decision needed and the request lacked, sorted
	Details  Details
	Trace    []StatementTrace // with Options.Trace: every statement looked at
	// Refusal is the gate that refused a request that was denied.
	Refusal Refusal

	allows, denies []Match
	why            why
}

// Options tune Evaluate.
type Options struct {
	Trace bool   // record every statement and condition looked at
	Cache *Cache // RunCase: compile each policy once across cases
	// Now is the time a case with "deriveContext" is asked at; the zero
	// time means the clock's.
	Now time.Time
}

// StatementTrace says how one statement met the request.
type StatementTrace struct {
	Match
	// Action, Resource and Principal say whether each matched; a part the
	// evaluation stopped before, or that the statement does not have (an
	// identity policy's Principal), was not checked.
	Action, Resource, Principal Check
	Conditions                  []ConditionTrace
	Applies                     bool // everything matched: the statement's effect counts
}

// Check is how one part of a statement met a request.
type Check uint8

// A part was not looked at, matched, or did not.
const (
	NotChecked Check = iota
	Matched
	Mismatched
)

func checked(ok bool) Check {
	if ok {
		return Matched
	}
	return Mismatched
}

// String says the check as a trace line does: true, false, not checked.
func (c Check) String() string {
	switch c {
	case Matched:
		return "true"
	case Mismatched:
		return "false"
	}
	return "not checked"
}

// MarshalJSON writes null, true or false.
func (c Check) MarshalJSON() ([]byte, error) { return c.AppendJSON(nil), nil }

// AppendJSON writes null, true or false.
func (c Check) AppendJSON(b []byte) []byte {
	switch c {
	case Matched:
		return append(b, "true"...)
	case Mismatched:
		return append(b, "false"...)
	}
	return append(b, "null"...)
}

// ConditionTrace is one condition with the values compared.
type ConditionTrace struct {
	Operator      string   `json:"operator"`
	Key           string   `json:"key"`
	RequestValues []string `json:"requestValues"` // null when the key is absent
	PolicyValues  []string `json:"policyValues"`
	Result        Check    `json:"result"` // null: not checked, the statement stopped before it
}

// Evaluate decides the request r against the set, writing into res.
func (s *Set) Evaluate(r *Request, res *Result, opt Options) {
	res.Decision, res.Details = ImplicitDeny, Details{}
	res.Matched, res.Missing, res.Trace = res.Matched[:0], res.Missing[:0], res.Trace[:0]
	res.allows, res.denies = res.allows[:0], res.denies[:0]
	res.Refusal, res.why = Refusal{}, why{action: r.Action, account: r.account, resourceAcct: r.ResourceAccount}
	e := evaluation{r: r, res: res, trace: opt.Trace, boundary: len(s.Boundary) > 0}

	service := r.isService()
	e.granting = true // identity and resource policies grant; the others only limit
	identity := e.layer(s.Identity, false)
	if r.isRoot() && r.account == r.ResourceAccount {
		identity.allow = true // the root user may do anything in its own account
		res.why.root = true
	}
	res.Details.Identity = identity.decision(len(s.Identity) > 0 || r.isRoot())
	var resource verdict
	if s.Resource != nil {
		resource = e.layer([]*Policy{s.Resource}, true)
		res.Details.ResourcePolicy = resource.decision(true)
	}
	e.granting = false
	boundary := verdict{allow: true}
	if len(s.Boundary) > 0 && !service {
		boundary = e.layer(s.Boundary, false)
		res.Details.Boundary = boundary.decision(true)
	}
	session := verdict{allow: true}
	if s.Session != nil && r.isSession() {
		session = e.layer([]*Policy{s.Session}, false)
		res.Details.Session = session.decision(true)
	}
	// SCPs limit the account's principals, not AWS services; RCPs limit
	// who reaches the account's resources, services included (they guard
	// against the confused deputy).
	// The levels that first deny and first fail to allow are kept (from 1)
	// for the explanation.
	scp, rcp := verdict{allow: true}, verdict{allow: true}
	scpDeny, scpNoAllow, rcpDeny := 0, 0, 0
	if !service {
		for i, level := range s.SCPs {
			v := e.layer(level, false)
			if v.deny && scpDeny == 0 {
				scpDeny = i + 1
			}
			if !v.allow && scpNoAllow == 0 {
				scpNoAllow = i + 1
			}
			scp.allow, scp.deny = scp.allow && v.allow, scp.deny || v.deny
		}
		if len(s.SCPs) > 0 {
			res.Details.SCP = scp.decision(true)
		}
	}
	for i, level := range s.RCPs {
		v := e.layer(level, true)
		if v.deny && rcpDeny == 0 {
			rcpDeny = i + 1
		}
		rcp.deny = rcp.deny || v.deny // RCPFullAWSAccess allows at every level
	}
	if len(s.RCPs) > 0 {
		res.Details.RCP = rcp.decision(true)
	}
	slices.Sort(res.Missing)
	res.Missing = slices.Compact(res.Missing)

	sameAccount := service || r.account == r.ResourceAccount
	// A role's trust policy must name the principal itself: an identity
	// policy alone never lets anyone assume a role, even in its account.
	trust := s.Resource != nil && s.Resource.Type == policy.Trust
	w := &res.why
	w.crossAccount, w.trust, w.resource = !sameAccount, trust, resource.grant
	if identity.deny || resource.deny || boundary.deny || session.deny || scp.deny || rcp.deny {
		res.Decision = ExplicitDeny
		res.Matched = append(res.Matched, res.denies...)
		// The level that denied, or 1, for each gate in gateOrder.
		denied := [len(gateOrder)]int{rcpDeny, scpDeny, b2i(resource.deny), b2i(identity.deny), b2i(boundary.deny), b2i(session.deny)}
		for i, g := range gateOrder {
			if denied[i] > 0 {
				res.Refusal = Refusal{Gate: g, Explicit: true}
				if g == GateSCP || g == GateRCP {
					res.Refusal.Level = denied[i]
					w.levels = len(s.SCPs)
					if g == GateRCP {
						w.levels = len(s.RCPs)
					}
				}
				break
			}
		}
		return
	}
	if !scp.allow {
		res.refuse(GateSCP, scpNoAllow)
		w.levels = len(s.SCPs)
		return
	}
	capped := boundary.allow && session.allow
	allowed := false
	switch {
	case trust && resource.grant == noGrant:
	case !sameAccount:
		// Across accounts both sides must allow.
		allowed = identity.allow && capped && resource.grant != noGrant
	case resource.grant == grantExact:
		allowed = true // a grant to the user or session itself is not capped
	case resource.grant == grantRole && capped:
		allowed = true
	default:
		allowed = identity.allow && capped
	}
	if allowed {
		res.Decision = Allowed
		res.Matched = append(res.Matched, res.allows...)
		return
	}
	// The gate that refused, in the order of the checks above.
	switch {
	case resource.grant == noGrant && (trust || !sameAccount):
		res.refuse(GateResource, 0)
	case !identity.allow && (!sameAccount || resource.grant != grantRole):
		res.refuse(GateIdentity, 0)
	case !boundary.allow:
		res.refuse(GateBoundary, 0)
	default:
		res.refuse(GateSession, 0)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// verdict is what the statements of one kind of policy say.
type verdict struct {
	allow, deny bool
	grant       grant // for resource-based policies: how the best Allow named the principal
}

func (v verdict) decision(applies bool) Decision {
	switch {
	case !applies:
		return ""
	case v.deny:
		return ExplicitDeny
	case v.allow:
		return Allowed
	}
	return ImplicitDeny
}

type evaluation struct {
	r        *Request
	res      *Result
	trace    bool
	boundary bool // the principal has a permissions boundary
	granting bool // the policies looked at are identity or resource policies
}

// layer evaluates policies whose statements pool together. withPrincipal:
// the statements must name the principal (resource-based policies, RCPs).
func (e *evaluation) layer(ps []*Policy, withPrincipal bool) verdict {
	var v verdict
	for _, p := range ps {
		for _, i := range p.candidates(e.r.service) {
			st := p.stmts[i].compiled()
			g, applies := e.statement(p, int(i), st, withPrincipal)
			if !applies {
				continue
			}
			m := Match{Policy: p, Statement: int(i)}
			if st.deny {
				v.deny = true
				e.res.denies = append(e.res.denies, m)
			} else {
				v.allow = true
				v.grant = max(v.grant, g)
				e.res.allows = append(e.res.allows, m)
			}
		}
	}
	return v
}

// statement reports whether a statement applies to the request and, for
// one with a Principal, how it named the principal.
func (e *evaluation) statement(p *Policy, i int, st *stmt, withPrincipal bool) (grant, bool) {
	r := e.r
	var tr *StatementTrace
	if e.trace {
		e.res.Trace = append(e.res.Trace, StatementTrace{Match: Match{Policy: p, Statement: i}})
		tr = &e.res.Trace[len(e.res.Trace)-1]
	}
	action := st.notAction
	if _, ok := st.exact[r.action]; ok {
		action = !st.notAction
	}
	for j := 0; j < len(st.actions) && action == st.notAction; j++ {
		if st.actions[j].match(r.action) {
			action = !st.notAction
		}
	}
	if tr != nil {
		tr.Action = checked(action)
	}
	if !action {
		return e.stop(tr, st)
	}
	e.res.why.named = true
	e.res.why.grantNamed = e.res.why.grantNamed || e.granting
	e.reached(st, reachedAction)
	resource := st.notRes
	for j := range st.resources {
		m, partial := st.resources[j].matchResource(r)
		if partial {
			st.resources[j].missing(&r.Context, e.addMissing)
		}
		if m {
			resource = !st.notRes
			break
		}
	}
	if len(st.resources) == 0 {
		resource = true // role trust policies have no Resource
	}
	if tr != nil && len(st.resources) > 0 {
		tr.Resource = checked(resource)
	}
	if !resource {
		return e.stop(tr, st)
	}
	e.reached(st, reachedResource)
	g := grantExact
	if withPrincipal || st.hasPrinc {
		g = e.principal(st)
		if tr != nil {
			tr.Principal = checked(g != noGrant)
		}
		if g == noGrant {
			return e.stop(tr, st)
		}
	}
	e.reached(st, reachedConditions)
	ok := true
	for j := range st.conds {
		c := &st.conds[j]
		out := c.eval(r)
		if out.absent && !c.op.IfExists && c.op.Type != policy.OpNull {
			e.addMissing(c.name)
		}
		if out.partial {
			for k := range c.vals {
				if c.vals[k].tmpl != nil {
					c.vals[k].tmpl.missing(&r.Context, e.addMissing)
				}
			}
		}
		if tr != nil {
			tr.Conditions = append(tr.Conditions, conditionTrace(c, r, checked(out.ok)))
		}
		if !out.ok {
			ok = false
			if tr == nil {
				break
			}
		}
	}
	if tr != nil {
		tr.Applies = ok
	}
	return g, ok
}

// reached notes how far an Allow of an identity or resource policy got
// towards granting the request, for the explanation.
func (e *evaluation) reached(st *stmt, r reach) {
	if e.granting && !st.deny {
		e.res.why.reach = max(e.res.why.reach, r)
	}
}

// stop ends a statement that does not apply before its conditions: in a
// trace, each condition is listed as not checked.
func (e *evaluation) stop(tr *StatementTrace, st *stmt) (grant, bool) {
	if tr != nil {
		for j := range st.conds {
			tr.Conditions = append(tr.Conditions, conditionTrace(&st.conds[j], e.r, NotChecked))
		}
	}
	return noGrant, false
}

// conditionTrace is a condition as a trace shows it.
func conditionTrace(c *cond, r *Request, result Check) ConditionTrace {
	vals, _ := r.Context.lookup(c.key)
	pv := make([]string, len(c.vals))
	for k := range c.vals {
		pv[k] = c.vals[k].text
	}
	return ConditionTrace{Operator: c.opName, Key: c.name, RequestValues: vals, PolicyValues: pv, Result: result}
}

// principal says how a statement's Principal or NotPrincipal covers the
// request's principal.
func (e *evaluation) principal(st *stmt) grant {
	if !st.hasPrinc {
		return noGrant
	}
	if st.notPrinc {
		// A Deny with NotPrincipal always denies a principal that has a
		// permissions boundary, whatever it lists (IAM guide, boundaries).
		if st.deny && e.boundary {
			return grantRole
		}
		for j := range st.principals {
			if st.principals[j].excludes(e.r) {
				return noGrant
			}
		}
		return grantRole
	}
	best := noGrant
	for j := range st.principals {
		best = max(best, st.principals[j].match(e.r))
	}
	return best
}

func (e *evaluation) addMissing(key string) {
	e.res.Missing = append(e.res.Missing, key)
}

// Span is the place of a matched statement in its policy's source.
func (m Match) Span() diag.Span { return m.Policy.Doc.Statements[m.Statement].Span }

// Package eval decides IAM requests the way AWS does and says why.
//
// Prepare compiles a validated policy once: every Action, Resource, Principal
// and condition value becomes a matcher (wildcards through gobwas/glob, see
// pattern), and statements are indexed by the service prefix of their
// actions, so a request looks only at the statements that can concern its
// service. Evaluate then runs the whole of AWS's evaluation logic (explicit
// deny, SCPs level by level, RCPs, resource-based policies same-account and
// cross-account, permissions boundaries, session policies) and returns data:
// the decision, the statements that made it with their places in the source,
// per-policy-type details, the context keys it needed and did not get, and,
// when asked, a trace of every statement and condition with the values
// compared. An invalid policy is never evaluated: Prepare returns its
// findings instead.
package eval

import (
	"strings"
	"sync"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
)

// Policy is a compiled policy document.
type Policy struct {
	ID   string      // how results name it: "identity[0]", "resource", "scp[1][0]", ...
	Type policy.Type // the grammar it was checked against
	Doc  *policy.Document
	// Warnings are the catalog's findings (policy.Check): an unknown action
	// or condition key, which IAM accepts and the evaluation reads as AWS
	// does (the action matches nothing).
	Warnings diag.List

	stmts     []stmt
	byService map[string][]int32 // lower-case service prefix -> statements that may concern it, in order
	anyAction []int32            // statements for a service not in byService: "*", "s*:...", NotAction
}

// stmt is a compiled statement. Its matchers are built on first use (once,
// whichever request gets there first), so preparing a policy of thousands
// of statements costs little and a request pays only for the statements of
// its service.
type stmt struct {
	src  *policy.Statement
	vars bool // Version 2012-10-17: variables are substituted
	once sync.Once

	deny       bool
	actions    []pattern           // the ones with wildcards, and all when few
	exact      map[string]struct{} // plain names in lower case, when many
	notAction  bool
	resources  []template
	notRes     bool
	principals []principal
	notPrinc   bool
	hasPrinc   bool
	conds      []cond
}

// Prepare validates doc as a policy of type t and prepares it for
// evaluation. The findings are the grammar's; with an ERROR among them the
// policy is nil: an invalid policy gives findings, never a guess. The
// catalog's findings, which IAM accepts, are the policy's Warnings.
func Prepare(id string, doc *policy.Document, t policy.Type) (*Policy, diag.List) {
	findings, catalog := policy.Check(doc, t)
	if doc.Broken || findings.HasErrors() {
		return nil, findings
	}
	vars := doc.SubstitutesVariables()
	p := &Policy{ID: id, Type: t, Doc: doc, Warnings: catalog, stmts: make([]stmt, len(doc.Statements)), byService: map[string][]int32{}}
	services := map[string][]int32{}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		p.stmts[i].src, p.stmts[i].vars = st, vars
		acts := st.Action
		if st.NotAction.Present() {
			acts = st.NotAction
		}
		specific := !st.NotAction.Present()
		for j := 0; j < len(acts.Items) && specific; j++ {
			_, specific = serviceOf(acts.Items[j].Text)
		}
		if !specific {
			p.anyAction = append(p.anyAction, int32(i))
			continue
		}
		prev := ""
		for _, a := range acts.Items {
			svc, _ := serviceOf(a.Text)
			if svc == prev {
				continue // most actions of a statement share their service
			}
			prev = svc
			svc = strings.ToLower(svc) // no copy when already lower case
			if l := services[svc]; len(l) == 0 || l[len(l)-1] != int32(i) {
				services[svc] = append(l, int32(i))
			}
		}
	}
	// Each service's list holds its own statements and the ones for any
	// service, in statement order, so a request walks one list.
	for svc, own := range services {
		p.byService[svc] = mergeSorted(own, p.anyAction)
	}
	return p, findings
}

// serviceOf is the service prefix of an action as written, and false when
// the action may concern any service: "*", or a wildcard in the prefix
// ("s*:Get*").
func serviceOf(action string) (string, bool) {
	for i := range len(action) {
		switch action[i] {
		case ':':
			return action[:i], true
		case '*', '?':
			return "", false
		}
	}
	return "", false
}

// compiled returns the statement with its matchers built.
func (c *stmt) compiled() *stmt {
	c.once.Do(c.compile)
	return c
}

func (c *stmt) compile() {
	st := c.src
	c.deny = st.Effect.Text == "Deny"
	acts := st.Action
	if st.NotAction.Present() {
		acts, c.notAction = st.NotAction, true
	}
	// Many plain names are looked up in a set, not compared one by one.
	plain := make([]string, 0, len(acts.Items))
	for _, a := range acts.Items {
		if wildcardAt(a.Text) < 0 {
			plain = append(plain, a.Text)
		} else {
			c.actions = append(c.actions, compilePattern(a.Text, true))
		}
	}
	if len(plain) >= minExactSet {
		c.exact = lowerSet(plain)
	} else {
		for _, a := range plain {
			c.actions = append(c.actions, compilePattern(a, true))
		}
	}
	res := st.Resource
	if st.NotResource.Present() {
		res, c.notRes = st.NotResource, true
	}
	c.resources = make([]template, 0, len(res.Items))
	for _, r := range res.Items {
		c.resources = append(c.resources, newTemplate(r.Text, c.vars, false))
	}
	pr := st.Principal
	if st.NotPrincipal.Present() {
		pr, c.notPrinc = st.NotPrincipal, true
	}
	c.hasPrinc = pr.Present()
	c.principals = compilePrincipals(pr)
	c.conds = compileConditions(st.Condition, c.vars)
}

// minExactSet is how many plain action names make a set worth hashing.
const minExactSet = 8

// lowerSet is the set of names in lower case. They are lowered into one
// string, so that a statement of many actions costs a few allocations, not
// one per name.
func lowerSet(names []string) map[string]struct{} {
	var b strings.Builder
	n := 0
	for _, name := range names {
		n += len(name)
	}
	b.Grow(n)
	ends := make([]int, len(names))
	var buf [64]byte
	for i, name := range names {
		if len(name) <= len(buf) && isASCII(name) {
			for j := range len(name) {
				c := name[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[j] = c
			}
			b.Write(buf[:len(name)])
		} else {
			b.WriteString(strings.ToLower(name)) // as NewRequest lowers the request's action
		}
		ends[i] = b.Len()
	}
	all := b.String()
	set := make(map[string]struct{}, len(names))
	start := 0
	for _, end := range ends {
		set[all[start:end]] = struct{}{}
		start = end
	}
	return set
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// PrepareJSON prepares a policy given as the contract gives policies: a
// JSON object, or a JSON string holding the policy's text. Places in the
// findings refer to the object's text or to the string's content; inline
// says which (an object's places are offsets into raw). The findings are
// resolved; with an ERROR among them the policy is nil.
func PrepareJSON(id string, raw string, t policy.Type) (p *Policy, findings diag.List, inline bool) {
	text, inline := raw, true
	if len(raw) > 0 && raw[0] == '"' {
		if v, err := jsontext.Parse(text); err == nil {
			text, inline = v.Str(), false
		}
	}
	src := diag.NewSource(id, text)
	doc, syntax := policy.Parse(src)
	p, checks := Prepare(id, doc, t)
	findings = append(syntax, checks...).Resolve(src)
	if findings.HasErrors() {
		p = nil
	}
	if p != nil {
		p.Warnings = p.Warnings.Resolve(src)
	}
	return p, findings, inline
}

// mergeSorted merges two ascending lists into one.
func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0] < a[0] {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// candidates are the statements that may concern a service.
func (p *Policy) candidates(service string) []int32 {
	if l, ok := p.byService[service]; ok {
		return l
	}
	return p.anyAction
}

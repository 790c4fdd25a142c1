package eval

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
)

// CaseResult is the result of a case (CONTRACT 1.3), shaped like the IAM
// policy simulator's EvaluationResult.
type CaseResult struct {
	ID                   string        `json:"id"`
	EvalDecision         Decision      `json:"evalDecision"`
	MatchedStatements    []MatchedJSON `json:"matchedStatements"`
	MissingContextValues []string      `json:"missingContextValues"`
	DecisionDetails      Details       `json:"decisionDetails"`
	Errors               []CaseError   `json:"errors"`
	Trace                []TraceJSON   `json:"trace,omitempty"`
	// Policies are the compiled policies, for rendering the trace.
	Policies []*Policy `json:"-"`
}

// MatchedJSON is one matched statement in a result.
type MatchedJSON struct {
	SourcePolicyID   string     `json:"sourcePolicyId"`
	SourcePolicyType string     `json:"sourcePolicyType"`
	StatementIndex   int        `json:"statementIndex"`
	Sid              string     `json:"sid,omitempty"`
	StartPosition    LineColumn `json:"startPosition"`
	EndPosition      LineColumn `json:"endPosition"`
}

// LineColumn is a position as the simulator gives it: line from 1, column from 0.
type LineColumn struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// CaseError is a reason a case could not be evaluated: a finding of one of
// its policies, or a problem with the case itself.
type CaseError struct {
	SourcePolicyID string `json:"sourcePolicyId,omitempty"`
	diag.Report
}

// typeNames are the sourcePolicyType names of results, by policy type: a
// role's trust policy is its resource-based policy.
var typeNames = [...]string{
	policy.Identity: "IAM Policy", policy.Resource: "Resource Policy", policy.Trust: "Resource Policy",
	policy.Boundary: "Permissions Boundary", policy.Session: "Session Policy",
	policy.SCP: "Service Control Policy", policy.RCP: "Resource Control Policy",
}

// InvalidCase is the result given for a case that cannot be read at all: the
// "error" decision with an INVALID_CASE error saying why.
func InvalidCase(id, reason string) *CaseResult {
	return &CaseResult{ID: id, EvalDecision: Error, MatchedStatements: []MatchedJSON{}, MissingContextValues: []string{},
		Errors: []CaseError{{Report: diag.Report{FindingType: "ERROR", IssueCode: "INVALID_CASE", FindingDetails: reason,
			LearnMoreLink: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html", Locations: []diag.Location{}}}}}
}

// ErrCase is a case that cannot be read at all (not JSON, no request): the
// command line reports it as an input error.
type ErrCase struct {
	Reason string
	Offset int // byte offset in the line where reading stopped, -1 if none
}

func (e *ErrCase) Error() string { return e.Reason }

// RunCase reads one evaluation case (CONTRACT 1.2: a JSON object whose
// policies are JSON objects, or JSON strings holding a policy's text, to
// which places in results then refer) and evaluates it. A case whose
// policies do not validate gets the "error" decision and their findings; a
// case that is not a case at all returns an *ErrCase.
func RunCase(line []byte, opt Options) (*CaseResult, error) {
	c, serr := jsontext.Parse(string(line))
	if serr != nil {
		return nil, &ErrCase{Reason: "not a JSON evaluation case: " + serr.Msg, Offset: serr.Start}
	}
	id := ""
	bad := func(err error) (*CaseResult, error) {
		off := -1
		if pe := (*jsontext.PlacedError)(nil); errors.As(err, &pe) {
			off = pe.Offset
		}
		return &CaseResult{ID: id}, &ErrCase{Reason: "not a JSON evaluation case: " + err.Error(), Offset: off}
	}
	if c.Kind() != jsontext.Object {
		return bad(jsontext.TypeError("a case", c, "an object"))
	}
	id, err := optionalString(c, "id")
	if err != nil {
		return bad(err)
	}
	req := c.Get("request")
	if req.Kind() != jsontext.Object && req.Kind() != jsontext.Missing && req.Kind() != jsontext.Null {
		return bad(jsontext.TypeError("request", req, "an object"))
	}
	var fields [4]string
	for i, name := range []string{"principal", "action", "resource", "resourceAccount"} {
		if fields[i], err = optionalString(req, name); err != nil {
			return bad(err)
		}
	}
	principal, action, resource, resourceAccount := fields[0], fields[1], fields[2], fields[3]
	if action == "" {
		return &CaseResult{ID: id}, &ErrCase{Reason: `the case has no "request" with an "action"`, Offset: -1}
	}
	res := &CaseResult{ID: id, EvalDecision: Error, MatchedStatements: []MatchedJSON{}, MissingContextValues: []string{}, Errors: []CaseError{}}
	ctx, err := contextOf(req.Get("context"))
	if err != nil {
		return res, &ErrCase{Reason: err.Error(), Offset: -1}
	}
	var set Set
	b := builder{res: res, cache: opt.Cache}
	if ids := c.Get("identityPolicies"); ids.Kind() == jsontext.Array {
		ids.Elements(func(i int, raw jsontext.Value) bool {
			set.Identity = append(set.Identity, b.policy(indexed("identity", i), raw, policy.Identity))
			return true
		})
	}
	if rp := c.Get("resourcePolicy"); present(rp) {
		t := policy.Resource
		if strings.EqualFold(action, "sts:AssumeRole") {
			t = policy.Trust
		}
		set.Resource = b.policy("resource", rp, t)
	}
	set.Boundary = b.level("boundary", c.Get("permissionsBoundary"), policy.Boundary)
	if sp := c.Get("sessionPolicy"); present(sp) {
		set.Session = b.policy("session", sp, policy.Session)
	}
	c.Get("scps").Elements(func(i int, raw jsontext.Value) bool {
		set.SCPs = append(set.SCPs, b.level(indexed("scp", i), raw, policy.SCP))
		return true
	})
	c.Get("rcps").Elements(func(i int, raw jsontext.Value) bool {
		set.RCPs = append(set.RCPs, b.level(indexed("rcp", i), raw, policy.RCP))
		return true
	})
	if b.invalid {
		return res, nil
	}
	r := NewRequest(principal, action, resource, resourceAccount, ctx)
	if r.Resource == "" {
		r.Resource = "*"
	}
	var result Result
	set.Evaluate(r, &result, opt)
	out := NewCaseResult(id, &result)
	out.Policies = b.all
	return out, nil
}

// indexed is the id of element i of a list of policies: identity[0].
func indexed(prefix string, i int) string { return prefix + "[" + strconv.Itoa(i) + "]" }

// optionalString is obj's member name, which must be a string when present.
func optionalString(obj jsontext.Value, name string) (string, error) {
	v := obj.Get(name)
	switch v.Kind() {
	case jsontext.Missing, jsontext.Null:
		return "", nil
	case jsontext.String:
		return v.Str(), nil
	}
	return "", jsontext.TypeError(name, v, "a string")
}

// present reports whether a case gives a value: written, and not null.
func present(v jsontext.Value) bool { return v.Kind() != jsontext.Missing && v.Kind() != jsontext.Null }

// NewCaseResult gives an evaluation's result the shape of CONTRACT 1.3.
func NewCaseResult(id string, r *Result) *CaseResult {
	res := &CaseResult{ID: id, EvalDecision: r.Decision, DecisionDetails: r.Details,
		MatchedStatements: []MatchedJSON{}, MissingContextValues: append([]string{}, r.Missing...), Errors: []CaseError{}}
	for _, t := range r.Trace {
		res.Trace = append(res.Trace, traceJSON(t))
	}
	for _, m := range r.Matched {
		res.MatchedStatements = append(res.MatchedStatements, matchedJSON(m))
	}
	return res
}

func matchedJSON(m Match) MatchedJSON {
	st := &m.Policy.Doc.Statements[m.Statement]
	src := m.Policy.Doc.Source
	start, end := src.Pos(st.Span.Start), src.Pos(st.Span.End)
	return MatchedJSON{
		SourcePolicyID: m.Policy.ID, SourcePolicyType: typeNames[m.Policy.Type], StatementIndex: st.Index, Sid: st.Sid.Text,
		StartPosition: LineColumn{start.Line, start.Column}, EndPosition: LineColumn{end.Line, end.Column},
	}
}

// contextOf reads a case's context: each key a string, number, boolean, or
// an array of them (a multi-valued key).
func contextOf(obj jsontext.Value) (Context, error) {
	var c Context
	if present(obj) && obj.Kind() != jsontext.Object {
		return c, errors.New("the request's context is an object of condition keys")
	}
	// A key written twice keeps its last value, as JSON.parse reads it.
	last := map[string]jsontext.Value{}
	obj.Members(func(k, v jsontext.Value) bool {
		last[k.Str()] = v
		return true
	})
	var err error
	obj.Members(func(k, v jsontext.Value) bool {
		key := k.Str()
		if last[key] != v {
			return true
		}
		if v.Kind() != jsontext.Array {
			s, ok := scalarText(v)
			if !ok {
				err = fmt.Errorf("context key %q: a value is a string, number or boolean, or an array of them", key)
				return false
			}
			c.Add(key, s)
			return true
		}
		vals := make([]string, 0, 4)
		v.Elements(func(_ int, el jsontext.Value) bool {
			s, ok := scalarText(el)
			if !ok {
				err = fmt.Errorf("context key %q: values are strings, numbers or booleans", key)
				return false
			}
			vals = append(vals, s)
			return true
		})
		if err != nil {
			return false
		}
		c.Add(key, vals...)
		return true
	})
	return c, err
}

// scalarText writes a JSON scalar as the text AWS compares: true, 10, "x"
// (a number as encoding/json would write it back: 1e3 is 1000, unless a
// double cannot hold it exactly: 9007199254740993 stays as written, so that
// Numeric operators compare the number the case gives).
func scalarText(v jsontext.Value) (string, bool) {
	switch v.Kind() {
	case jsontext.String:
		return v.Str(), true
	case jsontext.Bool:
		return v.Raw(), true
	case jsontext.Number:
		f, _ := v.Float()
		s := string(jsontext.AppendFloat(nil, f))
		written, ok := policy.ParseNumber(v.Raw())
		if back, _ := policy.ParseNumber(s); ok && back.Cmp(written) != 0 {
			return v.Raw(), true
		}
		return s, true
	}
	return "", false
}

// builder compiles a case's policies, gathering the findings of invalid ones.
type builder struct {
	res     *CaseResult
	cache   *Cache
	all     []*Policy
	invalid bool
}

// policy compiles one policy given as a JSON object or a JSON string.
func (b *builder) policy(id string, raw jsontext.Value, t policy.Type) *Policy {
	p, findings := b.cache.prepare(id, raw.Raw(), t)
	if p == nil {
		b.invalid = true
		for _, f := range findings {
			if f.Severity == diag.Error {
				b.res.Errors = append(b.res.Errors, CaseError{SourcePolicyID: id, Report: f.Report()})
			}
		}
		return nil
	}
	b.all = append(b.all, p)
	return p
}

// level compiles a policy or an array of policies pooled together.
func (b *builder) level(id string, raw jsontext.Value, t policy.Type) []*Policy {
	switch {
	case !present(raw):
		return nil
	case raw.Kind() != jsontext.Array:
		return []*Policy{b.policy(id, raw, t)}
	}
	var out []*Policy
	raw.Elements(func(i int, r jsontext.Value) bool {
		out = append(out, b.policy(indexed(id, i), r, t))
		return true
	})
	return out
}

// TraceJSON is one statement of a trace (--explain): how each part of it met
// the request, and each condition with the values compared.
type TraceJSON struct {
	SourcePolicyID string           `json:"sourcePolicyId"`
	StatementIndex int              `json:"statementIndex"`
	Sid            string           `json:"sid,omitempty"`
	Effect         string           `json:"effect"`
	Action         bool             `json:"action"`
	Resource       bool             `json:"resource"`
	Principal      bool             `json:"principal"`
	Conditions     []ConditionTrace `json:"conditions,omitempty"`
	Applies        bool             `json:"applies"`
	Start          LineColumn       `json:"startPosition"`
}

func traceJSON(t StatementTrace) TraceJSON {
	m := matchedJSON(t.Match)
	st := &t.Policy.Doc.Statements[t.Statement]
	return TraceJSON{
		SourcePolicyID: m.SourcePolicyID, StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: st.Effect.Text,
		Action: t.Action, Resource: t.Resource, Principal: t.Principal, Conditions: t.Conditions, Applies: t.Applies,
		Start: m.StartPosition,
	}
}

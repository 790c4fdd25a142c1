package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// Case is an evaluation case as the command line's batch input and the page
// give it (CONTRACT 1.2). Policies are JSON objects, or JSON strings holding
// a policy's text; places in results refer to that text.
type Case struct {
	ID                  string            `json:"id"`
	IdentityPolicies    []json.RawMessage `json:"identityPolicies"`
	ResourcePolicy      json.RawMessage   `json:"resourcePolicy"`
	PermissionsBoundary json.RawMessage   `json:"permissionsBoundary"` // a policy or an array of them
	SessionPolicy       json.RawMessage   `json:"sessionPolicy"`
	SCPs                []json.RawMessage `json:"scps"` // levels: a policy or an array of them
	RCPs                []json.RawMessage `json:"rcps"`
	Request             *CaseRequest      `json:"request"`
}

// CaseRequest is a case's request.
type CaseRequest struct {
	Principal       string                     `json:"principal"`
	Action          string                     `json:"action"`
	Resource        string                     `json:"resource"`
	ResourceAccount string                     `json:"resourceAccount"`
	Context         map[string]json.RawMessage `json:"context"`
}

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

// typeNames are the sourcePolicyType names of results.
var typeNames = map[string]string{
	"identity": "IAM Policy", "resource": "Resource Policy", "boundary": "Permissions Boundary",
	"session": "Session Policy", "scp": "Service Control Policy", "rcp": "Resource Control Policy",
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

// RunCase reads one case and evaluates it. A case whose policies do not
// validate gets the "error" decision and their findings; a case that is not
// a case at all returns an *ErrCase.
func RunCase(line []byte, opt Options) (*CaseResult, error) {
	var c Case
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&c); err != nil {
		off := -1
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			off = int(syn.Offset)
		case errors.As(err, &typ):
			off = int(typ.Offset)
		}
		return nil, &ErrCase{Reason: "not a JSON evaluation case: " + err.Error(), Offset: off}
	}
	if c.Request == nil || c.Request.Action == "" {
		return &CaseResult{ID: c.ID}, &ErrCase{Reason: `the case has no "request" with an "action"`, Offset: -1}
	}
	res := &CaseResult{ID: c.ID, EvalDecision: Error, MatchedStatements: []MatchedJSON{}, MissingContextValues: []string{}, Errors: []CaseError{}}
	ctx, err := contextOf(c.Request.Context)
	if err != nil {
		return res, &ErrCase{Reason: err.Error(), Offset: -1}
	}
	var set Set
	b := builder{res: res}
	for i, raw := range c.IdentityPolicies {
		set.Identity = append(set.Identity, b.policy(fmt.Sprintf("identity[%d]", i), raw, policy.Identity))
	}
	if len(c.ResourcePolicy) > 0 && string(c.ResourcePolicy) != "null" {
		t := policy.Resource
		if strings.EqualFold(c.Request.Action, "sts:AssumeRole") {
			t = policy.Trust
		}
		set.Resource = b.policy("resource", c.ResourcePolicy, t)
	}
	set.Boundary = b.level("boundary", c.PermissionsBoundary, policy.Boundary)
	if len(c.SessionPolicy) > 0 && string(c.SessionPolicy) != "null" {
		set.Session = b.policy("session", c.SessionPolicy, policy.Session)
	}
	for i, raw := range c.SCPs {
		set.SCPs = append(set.SCPs, b.level(fmt.Sprintf("scp[%d]", i), raw, policy.SCP))
	}
	for i, raw := range c.RCPs {
		set.RCPs = append(set.RCPs, b.level(fmt.Sprintf("rcp[%d]", i), raw, policy.RCP))
	}
	if b.invalid {
		return res, nil
	}
	req := NewRequest(c.Request.Principal, c.Request.Action, c.Request.Resource, c.Request.ResourceAccount, ctx)
	if req.Resource == "" {
		req.Resource = "*"
	}
	var r Result
	set.Evaluate(req, &r, opt)
	out := NewCaseResult(c.ID, &r)
	out.Policies = b.all
	return out, nil
}

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
	kind, _, _ := strings.Cut(m.Policy.ID, "[")
	return MatchedJSON{
		SourcePolicyID: m.Policy.ID, SourcePolicyType: typeNames[kind], StatementIndex: st.Index, Sid: st.Sid.Text,
		StartPosition: LineColumn{start.Line, start.Column}, EndPosition: LineColumn{end.Line, end.Column},
	}
}

// contextOf reads a case's context: each key a string, number, boolean, or
// an array of them (a multi-valued key).
func contextOf(raw map[string]json.RawMessage) (Context, error) {
	var c Context
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var many []any
		var one any
		if err := json.Unmarshal(raw[k], &many); err == nil {
			vals := make([]string, 0, len(many))
			for _, v := range many {
				s, ok := scalarText(v)
				if !ok {
					return c, fmt.Errorf("context key %q: values are strings, numbers or booleans", k)
				}
				vals = append(vals, s)
			}
			c.Add(k, vals...)
			continue
		}
		if err := json.Unmarshal(raw[k], &one); err != nil {
			return c, fmt.Errorf("context key %q: %v", k, err)
		}
		s, ok := scalarText(one)
		if !ok {
			return c, fmt.Errorf("context key %q: a value is a string, number or boolean, or an array of them", k)
		}
		c.Add(k, s)
	}
	return c, nil
}

// scalarText writes a JSON scalar as the text AWS compares: true, 10, "x".
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool, float64:
		b, _ := json.Marshal(v)
		return string(b), true
	}
	return "", false
}

// builder compiles a case's policies, gathering the findings of invalid ones.
type builder struct {
	res     *CaseResult
	all     []*Policy
	invalid bool
}

// policy compiles one policy given as a JSON object or a JSON string.
func (b *builder) policy(id string, raw json.RawMessage, t policy.Type) *Policy {
	p, findings, _ := PrepareJSON(id, raw, t)
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
func (b *builder) level(id string, raw json.RawMessage, t policy.Type) []*Policy {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '[' {
		return []*Policy{b.policy(id, raw, t)}
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return []*Policy{b.policy(id, raw, t)}
	}
	var out []*Policy
	for i, r := range list {
		out = append(out, b.policy(fmt.Sprintf("%s[%d]", id, i), r, t))
	}
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

package eval

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
	"slrplay/core/reference"
)

// CaseResult is the result of a case (CONTRACT 1.3), shaped like the IAM
// policy simulator's EvaluationResult.
type CaseResult struct {
	ID                   string        `json:"id"`
	EvalDecision         Decision      `json:"evalDecision"`
	MatchedStatements    []MatchedJSON `json:"matchedStatements"`
	MissingContextValues []string      `json:"missingContextValues"`
	// DerivedContext are the keys "deriveContext" added, with their values.
	DerivedContext  map[string]string `json:"derivedContext,omitempty"`
	DecisionDetails Details           `json:"decisionDetails"`
	// DeniedBy is the gate that refused a denied request, and Explanation
	// says why in a sentence (Result.Explanation).
	DeniedBy    *Refusal    `json:"deniedBy,omitempty"`
	Explanation string      `json:"explanation,omitempty"`
	Errors      []CaseError `json:"errors"`
	// Warnings are the catalog's findings about the case's policies that
	// IAM accepts when it stores them (an unknown action matches nothing),
	// and do not stop the evaluation.
	Warnings []CaseError `json:"warnings,omitempty"`
	Trace    []TraceJSON `json:"trace,omitempty"`
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

// ErrCase is a case that cannot be read at all (not JSON, no request, a
// field the contract does not know): the command line reports it as an
// input error.
type ErrCase struct {
	Reason string
	Offset int       // byte offset in the line where reading stopped, -1 if none
	Path   diag.Path // the member at fault, if any
}

func (e *ErrCase) Error() string { return e.Reason }

// Result is the "error" result for the case text that gave e, its place
// (line from 1, column from 0) in the error's location.
func (e *ErrCase) Result(id, text string) *CaseResult {
	res := InvalidCase(id, e.Reason)
	if e.Offset >= 0 {
		at := diag.NewSource("", text).Pos(e.Offset)
		res.Errors[0].Locations = []diag.Location{{Path: append(diag.Path{}, e.Path...), Span: diag.Range{Start: at, End: at}}}
	}
	return res
}

// Sizes a case may have. Policies AWS stores are a few KiB at most (managed
// policies 6,144 characters, role trust policies 4,096 by default); these
// caps are far above them, for teaching, and low enough that reading what
// they admit stays within ten times its size in memory.
const (
	MaxPolicyBytes = 1 << 20 // one policy document, in a case or a file
	MaxCaseBytes   = 4 << 20 // one case: a batch line
)

// caseFields and requestFields are the members a case and its request may
// have (CONTRACT 1.2); anything else is a mistake to report, not skip.
var (
	caseFields    = []string{"id", "identityPolicies", "resourcePolicy", "permissionsBoundary", "sessionPolicy", "scps", "rcps", "request", "deriveContext"}
	requestFields = []string{"principal", "action", "resource", "resourceAccount", "context"}
)

// RunCase reads one evaluation case (CONTRACT 1.2: a JSON object whose
// policies are JSON objects, or JSON strings holding a policy's text, to
// which places in results then refer) and evaluates it. A case whose
// policies do not validate gets the "error" decision and their findings; a
// case that is not a case at all returns an *ErrCase.
func RunCase(line []byte, opt Options) (*CaseResult, error) {
	return RunCaseText(string(line), opt)
}

// RunCaseText is RunCase for a case the caller holds as a string (the
// page's, from JavaScript), read without a copy.
func RunCaseText(line string, opt Options) (*CaseResult, error) {
	if len(line) > MaxCaseBytes {
		return nil, &ErrCase{Reason: "the case is " + Size(len(line)) + "; cases are read up to " + Size(MaxCaseBytes), Offset: -1}
	}
	c, serr := jsontext.Parse(line)
	if serr != nil {
		return nil, &ErrCase{Reason: "not a JSON evaluation case: " + serr.Msg, Offset: serr.Start}
	}
	id := ""
	bad := func(err error) (*CaseResult, error) {
		if e, ok := errors.AsType[*ErrCase](err); ok {
			return &CaseResult{ID: id}, e
		}
		off := -1
		if pe, ok := errors.AsType[*jsontext.PlacedError](err); ok {
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
	if err := checkFields(c, nil, caseFields); err != nil {
		return bad(err)
	}
	req := c.Get("request")
	if req.Kind() != jsontext.Object && req.Kind() != jsontext.Missing && req.Kind() != jsontext.Null {
		return bad(jsontext.TypeError("request", req, "an object"))
	}
	if err := checkFields(req, diag.Path{}.Value("request"), requestFields); err != nil {
		return bad(err)
	}
	derive := false
	if d := c.Get("deriveContext"); present(d) {
		var ok bool
		if derive, ok = d.Bool(); !ok {
			return bad(jsontext.TypeError("deriveContext", d, "true or false"))
		}
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
		_, err = bad(err)
		return res, err
	}
	// The policies are found first and compiled once the case's tape, as
	// large as the case, is no longer needed.
	var set Set
	b := builder{res: res, cache: opt.Cache}
	for _, name := range []string{"identityPolicies", "scps", "rcps"} {
		if v := c.Get(name); present(v) && v.Kind() != jsontext.Array {
			return bad(jsontext.TypeError(name, v, "an array"))
		}
	}
	set.Identity = b.list("identity", c.Get("identityPolicies"), policy.Identity)
	if rp := c.Get("resourcePolicy"); present(rp) {
		t := policy.Resource
		if strings.EqualFold(action, "sts:AssumeRole") {
			t = policy.Trust
		}
		b.policy("resource", rp, t, func(p *Policy) { set.Resource = p })
	}
	set.Boundary = b.level("boundary", c.Get("permissionsBoundary"), policy.Boundary)
	if sp := c.Get("sessionPolicy"); present(sp) {
		b.policy("session", sp, policy.Session, func(p *Policy) { set.Session = p })
	}
	c.Get("scps").Elements(func(i int, raw jsontext.Value) bool {
		set.SCPs = append(set.SCPs, b.level(indexed("scp", i), raw, policy.SCP))
		return true
	})
	c.Get("rcps").Elements(func(i int, raw jsontext.Value) bool {
		set.RCPs = append(set.RCPs, b.level(indexed("rcp", i), raw, policy.RCP))
		return true
	})
	b.compile()
	if b.invalid {
		return res, nil
	}
	if resource == "" {
		resource = "*"
	}
	var derived map[string]string
	if derive {
		derived = DeriveContext(&ctx, principal, resource, resourceAccount, opt.Now)
	}
	if errs := CheckRequest(reference.Default(), action, resource); len(errs) > 0 {
		res.Errors = append(res.Errors, errs...)
		return res, nil
	}
	r := NewRequest(principal, action, resource, resourceAccount, ctx)
	var result Result
	set.Evaluate(r, &result, opt)
	out := NewCaseResult(id, &result)
	out.DerivedContext = derived
	out.Policies = b.all
	out.Warnings = res.Warnings
	return out, nil
}

// checkFields reports the first member of obj (at path) that is not one of
// known, naming the nearest known one, or that is written twice: a case
// must not be read as something other than what its author meant.
func checkFields(obj jsontext.Value, path diag.Path, known []string) error {
	var err error
	var keys jsontext.Keys
	obj.Members(func(k, _ jsontext.Value) bool {
		name := k.Str()
		_, twice := keys.Add(k)
		isKnown := slices.Contains(known, name)
		if isKnown && !twice {
			return true // the message below is built only for the member that has one
		}
		where := strings.TrimPrefix(strings.Join(pathNames(path), ".")+"."+name, ".")
		if !isKnown {
			msg := "unknown field " + where
			if near := policy.Suggest(name, known); near != "" {
				msg += ": did you mean " + near + "?"
			} else {
				msg += ": the fields are " + strings.Join(known, ", ")
			}
			err = &ErrCase{Reason: msg, Offset: k.Start(), Path: path.Key(name)}
		} else {
			err = &ErrCase{Reason: where + " is written twice: which one is meant?", Offset: k.Start(), Path: path.Key(name)}
		}
		return false
	})
	return err
}

// pathNames are the names of a path's steps.
func pathNames(p diag.Path) []string {
	out := make([]string, len(p))
	for i, e := range p {
		out[i] = e.Name
	}
	return out
}

// Size writes a byte count for a message: 900 bytes, 12.5 KiB, 55 MiB,
// rounded up so that a size over a limit never reads as the limit.
func Size(n int) string {
	const kib, mib = 1 << 10, 1 << 20
	switch {
	case n < kib:
		return strconv.Itoa(n) + " bytes"
	case n < mib:
		return strconv.FormatFloat(math.Ceil(float64(n)*10/kib)/10, 'g', -1, 64) + " KiB"
	}
	return strconv.FormatFloat(math.Ceil(float64(n)*10/mib)/10, 'g', -1, 64) + " MiB"
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
	if r.Decision == ExplicitDeny || r.Decision == ImplicitDeny {
		f := r.Refusal
		res.DeniedBy, res.Explanation = &f, r.Explanation()
	}
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
// an array of them (a multi-valued key). A key written twice, even in
// other capitals (AWS compares key names ignoring case), is an error: which
// value is meant cannot be told.
func contextOf(obj jsontext.Value) (Context, error) {
	var c Context
	if present(obj) && obj.Kind() != jsontext.Object {
		return c, jsontext.TypeError("request.context", obj, "an object of condition keys")
	}
	var err error
	path := diag.Path{}.Value("request").Value("context")
	obj.Members(func(k, v jsontext.Value) bool {
		key := k.Str()
		fail := func(msg string) bool {
			err = &ErrCase{Reason: "context key " + strconv.Quote(key) + ": " + msg, Offset: k.Start(), Path: path.Key(key)}
			return false
		}
		if _, dup := c.lookup(strings.ToLower(key)); dup {
			return fail("written twice (key names ignore case): list its values in one array")
		}
		if v.Kind() != jsontext.Array {
			s, ok := scalarText(v)
			if !ok {
				return fail("a value is a string, number or boolean, or an array of them")
			}
			c.Add(key, s)
			return true
		}
		vals := make([]string, 0, 4)
		ok := true
		v.Elements(func(_ int, el jsontext.Value) bool {
			var s string
			s, ok = scalarText(el)
			vals = append(vals, s)
			return ok
		})
		if !ok {
			return fail("values are strings, numbers or booleans")
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

// builder compiles a case's policies, gathering the findings of invalid
// ones. It notes each policy's text as the case is read, and compiles them
// all after.
type builder struct {
	res     *CaseResult
	cache   *Cache
	all     []*Policy
	invalid bool
	todo    []pending
}

// pending is a policy to compile, and where its compiled form goes.
type pending struct {
	id   string
	text string // the JSON object or string as written
	size int    // the policy's size, which for a JSON string is its contents'
	t    policy.Type
	put  func(*Policy)
}

// policy notes one policy given as a JSON object or a JSON string.
func (b *builder) policy(id string, raw jsontext.Value, t policy.Type, put func(*Policy)) {
	n := len(raw.Raw())
	if n > MaxPolicyBytes && raw.Kind() == jsontext.String {
		n = len(raw.Str()) // the policy's text, not its escapes
	}
	b.todo = append(b.todo, pending{id, raw.Raw(), n, t, put})
}

// compile compiles the policies noted, in order.
func (b *builder) compile() {
	for _, p := range b.todo {
		p.put(b.prepare(p))
	}
	b.todo = nil
}

// prepare compiles one policy; nil if it is too large or invalid.
func (b *builder) prepare(pd pending) *Policy {
	if pd.size > MaxPolicyBytes {
		b.invalid = true
		b.res.Errors = append(b.res.Errors, CaseError{SourcePolicyID: pd.id, Report: diag.Report{FindingType: "ERROR", IssueCode: "POLICY_TOO_LARGE",
			FindingDetails: pd.id + " is " + Size(pd.size) + "; policies are read up to " + Size(MaxPolicyBytes) + " (AWS stores a few KiB at most)",
			LearnMoreLink:  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html", Locations: []diag.Location{}}})
		return nil
	}
	p, findings := b.cache.prepare(pd.id, pd.text, pd.t)
	if p == nil {
		b.invalid = true
		for _, f := range findings {
			if f.Severity == diag.Error {
				b.res.Errors = append(b.res.Errors, CaseError{SourcePolicyID: pd.id, Report: f.Report()})
			}
		}
		return nil
	}
	b.all = append(b.all, p)
	for _, f := range p.Warnings {
		b.res.Warnings = append(b.res.Warnings, CaseError{SourcePolicyID: pd.id, Report: f.Report()})
	}
	return p
}

// level notes a policy or an array of policies pooled together.
func (b *builder) level(id string, raw jsontext.Value, t policy.Type) []*Policy {
	switch {
	case !present(raw):
		return nil
	case raw.Kind() != jsontext.Array:
		out := make([]*Policy, 1)
		b.policy(id, raw, t, func(p *Policy) { out[0] = p })
		return out
	}
	return b.list(id, raw, t)
}

// list notes the policies of an array, id[0], id[1], ...; the slice
// returned holds them once compiled.
func (b *builder) list(id string, raw jsontext.Value, t policy.Type) []*Policy {
	var els []jsontext.Value
	raw.Elements(func(_ int, el jsontext.Value) bool {
		els = append(els, el)
		return true
	})
	if els == nil {
		return nil
	}
	out := make([]*Policy, len(els))
	for i, el := range els {
		b.policy(indexed(id, i), el, t, func(p *Policy) { out[i] = p })
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
	Action         Check            `json:"action"` // null: not checked
	Resource       Check            `json:"resource"`
	Principal      Check            `json:"principal"`
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

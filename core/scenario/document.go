// Package scenario owns scenario documents (CONTRACT 2): who exists, what
// they may do, and the steps a learner walks through. Load reads and checks
// a document, placing every problem at its line and column; Run replays it
// against a core/slr account, authorizing each step with core/eval using the
// request context AWS would send, checks each step's expectation and
// records a transcript with the account's state after every step. The same
// document always gives the same transcript: ids come from the seed and time
// from the scenario's clock; nothing Go's map order decides reaches it.
//
// A step's input may refer to an earlier step's output: the string "$N.Path"
// is step N's output (steps count from 0) at a gjson path
// (https://github.com/tidwall/gjson/blob/master/SYNTAX.md), so a scenario
// need not know generated ids:
//
//	$2.DeletionTaskId                    a member
//	$0.Role.Arn                          a member of a member
//	$5.Roles.0.RoleName                  an element by index
//	$5.Roles.#                           an array's length
//	$5.Roles.#.RoleName                  every element's member, as an array
//	$5.Roles.#(RoleName%"*Batch").Arn    the first element a query finds
//	$5.Roles.#(Path=="/")#.RoleName      all those it finds
//
// Queries compare with == != < <= > >= and match patterns with % and !%
// (* any text, ? one character); a key's own . * ? # is escaped with \.
// A path that finds nothing is the step's error InvalidReference, which
// says what the output holds there. An expectation's "paths" maps gjson
// paths into the step's output to the JSON value each must find (numbers
// by value, objects by all their members): {"paths": {"Roles.#": 2}}.
// What paths may not hold, and what they may cost, is in MaxPath's doc.
//
// Nothing a document says is ignored: an unknown or misspelt member, a key
// written twice, a parameter an op does not take ("Unknown parameter in
// input", as the AWS SDKs say) are errors at their place, naming the nearest
// known name.
//
// Limits, so that a small document cannot cost much (a share link of 1.6 KB
// inflates to 1 MB): a document is at most 1 MiB (share.MaxScenario) and
// 1000 steps (MaxSteps); a clock:Advance passes at most a century
// (MaxAdvance) and the clock stops at MaxClock; a run's transcript is at
// most 8 MiB of JSON (MaxTranscript) and one step's record at most 1 MiB
// (MaxStepRecord), or the run is refused at the step that passes the bound;
// a path is at most 256 bytes (MaxPath) and a run's paths read at most
// MaxPathWork. A run thus allocates some tens of MB at most, whatever it repeats.
package scenario

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
	"slrplay/core/share"
	"slrplay/core/slr"
)

// MaxSteps bounds a scenario: a lesson of more steps is not a lesson, and a
// hostile document must not keep the page busy.
const MaxSteps = 1000

// Document is a scenario as written (CONTRACT 2).
type Document struct {
	Scenario    int
	Title       string
	Description string
	Account     string
	Region      string
	Start       string
	Seed        uint64
	// RoleQuota, when set, lowers the account's roles quota (1000) so that
	// a lesson can reach it in a few steps.
	RoleQuota  int
	Principals map[string]Principal
	SCPs       []jsontext.Value // levels: a policy or an array of them
	Services   []jsontext.Value // catalog entries (CONTRACT 3)
	Steps      []Step
}

// Principal is someone who acts in a scenario.
type Principal struct {
	Arn                 string
	Policies            []jsontext.Value
	PermissionsBoundary jsontext.Value
	MFA                 bool
	at                  int // where the principal is written
}

// Step is one operation.
type Step struct {
	As     string
	Op     string
	Input  map[string]any
	Expect *Expect
	Note   string
	at     int // where the step is written
	opAt   int // where its op is written
}

// Expect is what a step must give (CONTRACT 2.2).
type Expect struct {
	Error           string
	EvalDecision    string
	Output          map[string]any
	MessageContains string
	// Paths are gjson paths into the output, each with the JSON value it
	// must find (CONTRACT 2.2).
	Paths map[string]any
}

// Scenario is a loaded document, ready to run.
type Scenario struct {
	Doc        *Document
	Source     *diag.Source
	start      time.Time
	catalog    *slr.Catalog
	principals map[string]*actor
	scps       [][]*eval.Policy
}

// actor is a principal with its policies prepared.
type actor struct {
	name     string
	arn      string
	mfa      bool
	policies []*eval.Policy
	boundary []*eval.Policy
	// role is set for a role session (arn:aws:sts::ACCOUNT:assumed-role/
	// ROLE/SESSION): its permissions are the role's, at each step, and the
	// session policy of the sts:AssumeRole that began the session.
	role string
}

// sessionRole is the role of a role session's ARN
// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION); false for another ARN.
func sessionRole(arn string) (string, bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:sts::")
	if !ok {
		return "", false
	}
	_, rest, ok = strings.Cut(rest, ":assumed-role/")
	role, session, ok2 := strings.Cut(rest, "/")
	return role, ok && ok2 && role != "" && session != ""
}

// Error is a problem with a document, at its place.
type Error struct {
	Pos     diag.Pos
	File    string
	Message string
}

func (e *Error) Error() string {
	return e.File + ":" + strconv.Itoa(e.Pos.Line) + ":" + strconv.Itoa(e.Pos.Column+1) + ": " + e.Message
}

// ops are the operations a step may name (CONTRACT 2.1), each with the
// parameters its input may hold: the AWS API's own names for AWS
// operations, those the playground reads.
var ops = []struct {
	name  string
	input []string
}{
	// Tags is read only to refuse it as the API does: tags come after creation.
	{"iam:CreateServiceLinkedRole", []string{"AWSServiceName", "Description", "CustomSuffix", "Tags"}},
	{"iam:UpdateRoleDescription", []string{"RoleName", "Description"}},
	{"iam:UpdateRole", []string{"RoleName", "Description", "MaxSessionDuration"}},
	{"iam:DeleteServiceLinkedRole", []string{"RoleName"}},
	{"iam:GetServiceLinkedRoleDeletionStatus", []string{"DeletionTaskId"}},
	{"iam:GetRole", []string{"RoleName"}},
	{"iam:ListRoles", []string{"PathPrefix"}},
	{"iam:ListAttachedRolePolicies", []string{"RoleName"}},
	{"iam:CreateRole", []string{"RoleName", "Path", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "PermissionsBoundary", "Tags"}},
	{"iam:DeleteRole", []string{"RoleName"}},
	{"iam:AttachRolePolicy", []string{"RoleName", "PolicyArn"}},
	{"iam:DetachRolePolicy", []string{"RoleName", "PolicyArn"}},
	{"iam:PutRolePolicy", []string{"RoleName", "PolicyName", "PolicyDocument"}},
	{"iam:DeleteRolePolicy", []string{"RoleName", "PolicyName"}},
	{"iam:UpdateAssumeRolePolicy", []string{"RoleName", "PolicyDocument"}},
	{"iam:PutRolePermissionsBoundary", []string{"RoleName", "PermissionsBoundary"}},
	{"iam:TagRole", []string{"RoleName", "Tags"}},
	{"iam:UntagRole", []string{"RoleName", "TagKeys"}},
	{"sts:AssumeRole", []string{"RoleArn", "RoleSessionName", "Policy", "DurationSeconds"}},
	{"service:CreateResource", []string{"Service", "Region", "ResourceArn", "Tags"}},
	{"service:DeleteResource", []string{"ResourceArn"}},
	{"service:StartSession", []string{"Service", "Region"}},
	{"service:EndSession", []string{"Service", "Region"}},
	{"service:Call", []string{"Service", "Action", "Resource", "Context"}},
	{"aws:Call", []string{"Action", "Resource", "Region", "Context", "Tags", "TagKeys"}},
	{"clock:Advance", []string{"Seconds"}},
}

// opInputs is an op's parameters; false for an op not known.
func opInputs(op string) ([]string, bool) {
	for _, o := range ops {
		if o.name == op {
			return o.input, true
		}
	}
	return nil, false
}

// MaxAdvance is the most seconds one clock:Advance may pass: a century.
// (Go's time.Duration holds 292 years; and an hour or a day is what a lesson
// needs.)
const MaxAdvance = 100 * 365 * 24 * 60 * 60

// MaxClock is where the scenario's clock stops: the last second RFC 3339,
// and so aws:CurrentTime, can write.
var MaxClock = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// Load reads and checks a scenario document.
func Load(name string, text []byte) (*Scenario, error) {
	src := diag.NewSource(name, string(text))
	failAt := func(off int, msg string) error {
		return &Error{Pos: src.Pos(off), File: name, Message: msg}
	}
	if len(text) > share.MaxScenario {
		return nil, failAt(0, "the scenario is larger than "+strconv.Itoa(share.MaxScenario)+" bytes (1 MiB): refused")
	}
	root, serr := jsontext.Parse(string(text))
	if serr != nil {
		return nil, failAt(serr.Start, serr.Msg)
	}
	doc, err := decode(root, src)
	if err != nil {
		pe := err.(*jsontext.PlacedError)
		return nil, failAt(pe.Offset, pe.Msg)
	}
	at := func(member string) int { return root.Get(member).Start() }
	if doc.Scenario != 1 {
		return nil, failAt(at("scenario"), `a scenario document starts with "scenario": 1`)
	}
	if doc.Account == "" {
		doc.Account = "111122223333"
	}
	if len(doc.Account) != 12 || strings.Trim(doc.Account, "0123456789") != "" {
		return nil, failAt(at("account"), "the account is 12 digits, not "+quote(doc.Account))
	}
	if doc.Region == "" {
		doc.Region = "us-east-1"
	}
	if doc.RoleQuota < 0 || doc.RoleQuota > slr.MaxRoles {
		return nil, failAt(at("roleQuota"), "roleQuota lowers the quota of "+strconv.Itoa(slr.MaxRoles)+" roles: it is between 1 and "+strconv.Itoa(slr.MaxRoles))
	}
	s := &Scenario{Doc: doc, Source: src, principals: map[string]*actor{}}
	s.start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if doc.Start != "" {
		t, err := time.Parse(time.RFC3339, doc.Start)
		if err != nil {
			return nil, failAt(at("start"), "start is an RFC 3339 time such as 2026-01-01T00:00:00Z, not "+quote(doc.Start))
		}
		s.start = t.UTC()
	}
	if s.catalog, err = slr.Builtin().With(doc.Services); err != nil {
		pe := err.(*jsontext.PlacedError)
		return nil, failAt(pe.Offset, pe.Msg)
	}
	names := make([]string, 0, len(doc.Principals))
	for n := range doc.Principals {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := doc.Principals[n]
		if !strings.HasPrefix(p.Arn, "arn:aws:") {
			user := n
			if len(user) > 64 { // longer than IAM takes
				user = "NAME"
			}
			return nil, failAt(p.at, "principal "+quote(n)+" needs an arn (arn:aws:iam::"+doc.Account+":user/"+user+")")
		}
		a := &actor{name: n, arn: p.Arn, mfa: p.MFA}
		if role, ok := sessionRole(p.Arn); ok {
			if len(p.Policies) > 0 || (p.PermissionsBoundary.Kind() != jsontext.Missing && p.PermissionsBoundary.Kind() != jsontext.Null) {
				return nil, failAt(p.at, "principal "+quote(n)+" is a session of the role "+role+": its permissions are the role's and its session policy (sts:AssumeRole's Policy), so it declares no policies or permissionsBoundary")
			}
			a.role = role
		}
		for i, raw := range p.Policies {
			pol, err := prepare(n+".policies["+strconv.Itoa(i)+"]", raw, policy.Identity, src)
			if err != nil {
				return nil, err
			}
			a.policies = append(a.policies, pol)
		}
		if k := p.PermissionsBoundary.Kind(); k != jsontext.Missing && k != jsontext.Null {
			pol, err := prepare(n+".permissionsBoundary", p.PermissionsBoundary, policy.Boundary, src)
			if err != nil {
				return nil, err
			}
			a.boundary = []*eval.Policy{pol}
		}
		s.principals[n] = a
	}
	for i, raw := range doc.SCPs {
		level := []jsontext.Value{raw}
		if raw.Kind() == jsontext.Array {
			level = level[:0]
			raw.Elements(func(_ int, el jsontext.Value) bool {
				level = append(level, el)
				return true
			})
		}
		var ps []*eval.Policy
		for j, r := range level {
			pol, err := prepare("scp["+strconv.Itoa(i)+"]["+strconv.Itoa(j)+"]", r, policy.SCP, src)
			if err != nil {
				return nil, err
			}
			ps = append(ps, pol)
		}
		s.scps = append(s.scps, ps)
	}
	for i, st := range doc.Steps {
		if _, ok := opInputs(st.Op); !ok {
			return nil, failAt(st.opAt, "step "+strconv.Itoa(i)+": unknown op "+quote(st.Op)+closest(st.Op))
		}
		if st.Op == "clock:Advance" {
			continue
		}
		if _, ok := s.principals[st.As]; !ok && !isServicePrincipal(st.As) {
			return nil, failAt(st.at, "step "+strconv.Itoa(i)+": \"as\" names no principal of the scenario: "+quote(st.As))
		}
		if _, ok := s.principals[st.As]; !ok && st.Op == "aws:Call" {
			return nil, failAt(st.at, "step "+strconv.Itoa(i)+": aws:Call is a principal's own call, which IAM authorizes: \"as\" names a principal of the scenario, not the service "+quote(st.As)+" (service:Call acts with a service's role)")
		}
	}
	return s, nil
}

// prepare compiles a policy of the document; an invalid one is an error at
// the linter's first error, placed in the document (at the policy, when it
// is a JSON string).
func prepare(id string, raw jsontext.Value, t policy.Type, doc *diag.Source) (*eval.Policy, error) {
	p, findings, inline := eval.PrepareJSON(id, raw.Raw(), t)
	if p == nil {
		for _, f := range findings {
			if f.Severity == diag.Error {
				at := raw.Start()
				if inline {
					at += f.Span.Start
				}
				return nil, &Error{Pos: doc.Pos(at), File: doc.Name, Message: id + " is not a valid " + t.Title() + ": " + f.Message + " [" + f.Code + "]"}
			}
		}
	}
	return p, nil
}

func isServicePrincipal(s string) bool {
	return strings.HasSuffix(s, ".amazonaws.com") && !strings.ContainsAny(s, " :/")
}

// closest suggests the op nearest to a misspelt one.
func closest(op string) string {
	for _, o := range ops {
		if strings.EqualFold(o.name, op) || strings.EqualFold(o.name[strings.IndexByte(o.name, ':')+1:], op) {
			return ": did you mean " + strconv.Quote(o.name) + "?"
		}
	}
	names := make([]string, len(ops))
	for i, o := range ops {
		names[i] = o.name
	}
	if s := policy.Suggest(op, names); s != "" {
		return ": did you mean " + strconv.Quote(s) + "?"
	}
	return ""
}

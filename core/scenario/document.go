// Package scenario owns scenario documents (CONTRACT 2): who exists, what
// they may do, and the steps a learner walks through. Load reads and checks
// a document, placing every problem at its line and column; Run replays it
// against a core/slr account, authorizing each step with core/eval using the
// request context AWS would send, checks each step's expectation and
// records a transcript with the account's state after every step. The same
// document always gives the same transcript: ids come from the seed and time
// from the scenario's clock.
package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/policy"
	"slrplay/core/share"
	"slrplay/core/slr"
)

// MaxSteps bounds a scenario: a lesson of more steps is not a lesson, and a
// hostile document must not keep the page busy.
const MaxSteps = 1000

// Document is a scenario as written.
type Document struct {
	Scenario    int    `json:"scenario"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Account     string `json:"account"`
	Region      string `json:"region"`
	Start       string `json:"start"`
	Seed        uint64 `json:"seed"`
	// RoleQuota, when set, lowers the account's roles quota (1000) so that
	// a lesson can reach it in a few steps.
	RoleQuota  int                  `json:"roleQuota,omitempty"`
	Principals map[string]Principal `json:"principals"`
	SCPs       []json.RawMessage    `json:"scps"`
	Services   []json.RawMessage    `json:"services"`
	Steps      []Step               `json:"steps"`
}

// Principal is someone who acts in a scenario.
type Principal struct {
	Arn                 string            `json:"arn"`
	Policies            []json.RawMessage `json:"policies"`
	PermissionsBoundary json.RawMessage   `json:"permissionsBoundary"`
	MFA                 bool              `json:"mfa"`
}

// Step is one operation.
type Step struct {
	As     string         `json:"as"`
	Op     string         `json:"op"`
	Input  map[string]any `json:"input"`
	Expect *Expect        `json:"expect"`
	Note   string         `json:"note"`
}

// Expect is what a step must give (CONTRACT 2.2).
type Expect struct {
	Error           string         `json:"error,omitempty"`
	EvalDecision    string         `json:"evalDecision,omitempty"`
	Output          map[string]any `json:"output,omitempty"`
	MessageContains string         `json:"messageContains,omitempty"`
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
}

// Error is a problem with a document, at its place.
type Error struct {
	Pos     diag.Pos
	File    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Column+1, e.Message)
}

// ops are the operations a step may name (CONTRACT 2.1).
var ops = []string{
	"iam:CreateServiceLinkedRole", "iam:UpdateRoleDescription", "iam:UpdateRole", "iam:DeleteServiceLinkedRole",
	"iam:GetServiceLinkedRoleDeletionStatus", "iam:GetRole", "iam:ListRoles", "iam:CreateRole", "iam:DeleteRole",
	"iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
	"iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary", "iam:TagRole", "iam:UntagRole",
	"sts:AssumeRole", "service:CreateResource", "service:DeleteResource", "service:StartSession",
	"service:EndSession", "service:Call", "clock:Advance",
}

// Load reads and checks a scenario document.
func Load(name string, text []byte) (*Scenario, error) {
	src := diag.NewSource(name, string(text))
	offset := func(path string) int { return gjson.GetBytes(text, path).Index }
	at := func(path string) diag.Pos { return src.Pos(offset(path)) }
	fail := func(path, format string, args ...any) error {
		return &Error{Pos: at(path), File: name, Message: fmt.Sprintf(format, args...)}
	}
	if len(text) > share.MaxScenario {
		return nil, &Error{Pos: src.Pos(0), File: name, Message: fmt.Sprintf("the scenario is %d bytes; at most %d are read", len(text), share.MaxScenario)}
	}
	var doc Document
	dec := json.NewDecoder(bytes.NewReader(text))
	if err := dec.Decode(&doc); err != nil {
		off := 0
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		msg := err.Error()
		switch {
		case errors.As(err, &syn):
			off = int(syn.Offset)
		case errors.As(err, &typ):
			off = int(typ.Offset)
			if r := gjson.GetBytes(text, typ.Field); r.Exists() {
				off = r.Index + 1 // the value itself, not the end of it
			}
			msg = fmt.Sprintf("%s must be %s, not %s", typ.Field, typ.Type, typ.Value)
		}
		return nil, &Error{Pos: src.Pos(max(0, off-1)), File: name, Message: msg}
	}
	if doc.Scenario != 1 {
		return nil, fail("scenario", `a scenario document starts with "scenario": 1`)
	}
	if len(doc.Steps) > MaxSteps {
		return nil, fail(fmt.Sprintf("steps.%d", MaxSteps), "more than %d steps: split the scenario", MaxSteps)
	}
	if doc.Account == "" {
		doc.Account = "111122223333"
	}
	if len(doc.Account) != 12 || strings.Trim(doc.Account, "0123456789") != "" {
		return nil, fail("account", "the account is 12 digits, not %q", doc.Account)
	}
	if doc.Region == "" {
		doc.Region = "us-east-1"
	}
	if doc.RoleQuota < 0 || doc.RoleQuota > slr.MaxRoles {
		return nil, fail("roleQuota", "roleQuota lowers the quota of %d roles: it is between 1 and %d", slr.MaxRoles, slr.MaxRoles)
	}
	s := &Scenario{Doc: &doc, Source: src, principals: map[string]*actor{}}
	s.start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if doc.Start != "" {
		t, err := time.Parse(time.RFC3339, doc.Start)
		if err != nil {
			return nil, fail("start", "start is an RFC 3339 time such as 2026-01-01T00:00:00Z, not %q", doc.Start)
		}
		s.start = t.UTC()
	}
	var err error
	if s.catalog, err = slr.Builtin().With(doc.Services); err != nil {
		return nil, fail("services", "%v", err)
	}
	names := make([]string, 0, len(doc.Principals))
	for n := range doc.Principals {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := doc.Principals[n]
		where := "principals." + gjsonKey(n)
		if !strings.HasPrefix(p.Arn, "arn:aws:") {
			return nil, fail(where, "principal %q needs an arn (arn:aws:iam::%s:user/%s)", n, doc.Account, n)
		}
		a := &actor{name: n, arn: p.Arn, mfa: p.MFA}
		for i, raw := range p.Policies {
			pol, err := prepare(fmt.Sprintf("%s.policies[%d]", n, i), raw, policy.Identity, offset(fmt.Sprintf("%s.policies.%d", where, i)), src)
			if err != nil {
				return nil, err
			}
			a.policies = append(a.policies, pol)
		}
		if len(p.PermissionsBoundary) > 0 && string(p.PermissionsBoundary) != "null" {
			pol, err := prepare(n+".permissionsBoundary", p.PermissionsBoundary, policy.Boundary, offset(where+".permissionsBoundary"), src)
			if err != nil {
				return nil, err
			}
			a.boundary = []*eval.Policy{pol}
		}
		s.principals[n] = a
	}
	for i, raw := range doc.SCPs {
		var level []json.RawMessage
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			json.Unmarshal(raw, &level)
		} else {
			level = []json.RawMessage{raw}
		}
		var ps []*eval.Policy
		for j, r := range level {
			pol, err := prepare(fmt.Sprintf("scp[%d][%d]", i, j), r, policy.SCP, offset(fmt.Sprintf("scps.%d", i)), src)
			if err != nil {
				return nil, err
			}
			ps = append(ps, pol)
		}
		s.scps = append(s.scps, ps)
	}
	for i, st := range doc.Steps {
		where := fmt.Sprintf("steps.%d", i)
		if !slices.Contains(ops, st.Op) {
			return nil, fail(where+".op", "step %d: unknown op %q%s", i, st.Op, closest(st.Op))
		}
		if st.Op == "clock:Advance" {
			continue
		}
		if _, ok := s.principals[st.As]; !ok && !isServicePrincipal(st.As) {
			return nil, fail(where, "step %d: \"as\" names no principal of the scenario: %q", i, st.As)
		}
	}
	return s, nil
}

// prepare compiles a policy of the document, which starts at byte base of
// the document's text; an invalid one is an error at the linter's first
// error, placed in the document (at the policy, when it is a JSON string).
func prepare(id string, raw json.RawMessage, t policy.Type, base int, doc *diag.Source) (*eval.Policy, error) {
	p, findings, inline := eval.PrepareJSON(id, raw, t)
	if p == nil {
		for _, f := range findings {
			if f.Severity == diag.Error {
				at := base
				if inline {
					at += f.Span.Start
				}
				return nil, &Error{Pos: doc.Pos(at), File: doc.Name, Message: fmt.Sprintf("%s is not a valid %s: %s [%s]", id, t.Title(), f.Message, f.Code)}
			}
		}
	}
	return p, nil
}

func isServicePrincipal(s string) bool {
	return strings.HasSuffix(s, ".amazonaws.com") && !strings.ContainsAny(s, " :/")
}

// gjsonKey escapes a map key for a gjson path.
func gjsonKey(k string) string {
	r := strings.NewReplacer(".", `\.`, "*", `\*`, "?", `\?`)
	return r.Replace(k)
}

// closest suggests the op nearest to a misspelt one.
func closest(op string) string {
	for _, o := range ops {
		if strings.EqualFold(o, op) || strings.EqualFold(o[strings.IndexByte(o, ':')+1:], op) {
			return fmt.Sprintf(": did you mean %q?", o)
		}
	}
	return ""
}

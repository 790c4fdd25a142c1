package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"slrplay/core/eval"
)

// decisionWords say a decision to a person.
var decisionWords = map[eval.Decision]string{
	eval.Allowed:      "ALLOWED",
	eval.ExplicitDeny: "DENIED (explicit deny)",
	eval.ImplicitDeny: "DENIED (implicit deny)",
	eval.Error:        "NOT EVALUATED (a policy is invalid, or the request cannot happen in AWS)",
}

// renderResult writes a result for a person: the decision and, for a
// denial, which kind of policy refused and how AWS's message would end;
// what made it, each kind of policy's verdict, the keys the request lacked,
// and with explain the trace statement by statement. names maps policy ids
// to files.
func renderResult(w io.Writer, res *eval.CaseResult, action string, names map[string]string, explain bool) {
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	fmt.Fprintln(w, headline(res))
	if res.DeniedBy != nil {
		fmt.Fprintf(w, "  AWS's AccessDenied message ends: %s\n", res.DeniedBy.Ending(action))
	}
	// finding writes an error or a warning at its place: a policy's
	// line:column, or the request.
	finding := func(label string, e eval.CaseError) {
		at := "request"
		if e.SourcePolicyID != "" {
			at = name(e.SourcePolicyID)
		}
		if len(e.Locations) > 0 {
			s := e.Locations[0].Span.Start
			at += fmt.Sprintf(":%d:%d", s.Line, s.Column+1)
		}
		fmt.Fprintf(w, "  %s%s: %s [%s]\n", label, at, e.FindingDetails, e.IssueCode)
	}
	for _, e := range res.Errors {
		finding("", e)
	}
	for _, e := range res.Warnings {
		finding("warning: ", e)
	}
	verb := "allows"
	if res.EvalDecision == eval.ExplicitDeny {
		verb = "denies"
	}
	for _, m := range res.MatchedStatements {
		sid := ""
		if m.Sid != "" {
			sid = fmt.Sprintf(" %q", m.Sid)
		}
		fmt.Fprintf(w, "  %s:%d:%d: statement %d%s %s it\n", name(m.SourcePolicyID), m.StartPosition.Line, m.StartPosition.Column+1, m.StatementIndex, sid, verb)
	}
	d := res.DecisionDetails
	var parts []string
	for _, kv := range [...]struct {
		k string
		v eval.Decision
	}{{"identity", d.Identity}, {"resource policy", d.ResourcePolicy}, {"permissions boundary", d.Boundary}, {"session policy", d.Session}, {"SCPs", d.SCP}, {"RCPs", d.RCP}} {
		if kv.v != "" {
			parts = append(parts, kv.k+": "+string(kv.v))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(parts, " · "))
	}
	if len(res.MissingContextValues) > 0 {
		fmt.Fprintf(w, "  the request did not carry: %s\n", strings.Join(res.MissingContextValues, ", "))
	}
	if !explain {
		return
	}
	if len(res.DerivedContext) > 0 {
		keys := slices.Sorted(maps.Keys(res.DerivedContext))
		for i, k := range keys {
			keys[i] = k + "=" + res.DerivedContext[k]
		}
		fmt.Fprintf(w, "  derived from the request: %s\n", strings.Join(keys, ", "))
	}
	fmt.Fprintln(w, "trace:")
	mark := map[eval.Check]string{eval.Matched: "yes", eval.Mismatched: "no", eval.NotChecked: "not checked"}
	named := false
	for _, t := range res.Trace {
		named = named || t.Action == eval.Matched
		sid := ""
		if t.Sid != "" {
			sid = fmt.Sprintf(" %q", t.Sid)
		}
		fmt.Fprintf(w, "  %s:%d:%d statement %d%s (%s): action %s, resource %s, principal %s -> %s\n",
			name(t.SourcePolicyID), t.Start.Line, t.Start.Column+1, t.StatementIndex, sid, t.Effect,
			mark[t.Action], mark[t.Resource], mark[t.Principal], map[bool]string{true: "applies", false: "does not apply"}[t.Applies])
		for _, c := range t.Conditions {
			req := "absent"
			if c.RequestValues != nil {
				req = fmt.Sprintf("%q", c.RequestValues)
			}
			fmt.Fprintf(w, "      %s %s: request %s, policy %q -> %v\n", c.Operator, c.Key, req, c.PolicyValues, c.Result)
		}
	}
	if !named {
		fmt.Fprintf(w, "  no statement of any policy names %s\n", action)
	}
}

// headline says the decision and, for a denial, which kind of policy
// refused it and why, in the evaluator's sentence.
func headline(res *eval.CaseResult) string {
	if res.Explanation == "" {
		return decisionWords[res.EvalDecision]
	}
	kind := "implicit deny"
	if res.EvalDecision == eval.ExplicitDeny {
		kind = "explicit deny"
	}
	return "DENIED (" + kind + "): " + res.Explanation
}

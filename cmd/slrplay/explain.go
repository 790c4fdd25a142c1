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
	eval.ImplicitDeny: "DENIED (implicit deny: nothing allows it)",
	eval.Error:        "NOT EVALUATED (a policy is invalid, or the request cannot happen in AWS)",
}

// renderResult writes a result for a person: the decision, what made it,
// each kind of policy's verdict, the keys the request lacked, and with
// explain the trace statement by statement. names maps policy ids to files.
func renderResult(w io.Writer, res *eval.CaseResult, names map[string]string, explain bool) {
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	fmt.Fprintln(w, decisionWords[res.EvalDecision])
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
	mark := map[bool]string{true: "yes", false: "no"}
	for _, t := range res.Trace {
		sid := ""
		if t.Sid != "" {
			sid = fmt.Sprintf(" %q", t.Sid)
		}
		fmt.Fprintf(w, "  %s:%d:%d statement %d%s (%s): action %s", name(t.SourcePolicyID), t.Start.Line, t.Start.Column+1, t.StatementIndex, sid, t.Effect, mark[t.Action])
		if t.Action {
			fmt.Fprintf(w, ", resource %s", mark[t.Resource])
		}
		if t.Action && t.Resource {
			fmt.Fprintf(w, ", principal %s", mark[t.Principal])
		}
		fmt.Fprintf(w, " -> %s\n", map[bool]string{true: "applies", false: "does not apply"}[t.Applies])
		for _, c := range t.Conditions {
			req := "absent"
			if c.RequestValues != nil {
				req = fmt.Sprintf("%q", c.RequestValues)
			}
			fmt.Fprintf(w, "      %s %s: request %s, policy %q -> %v\n", c.Operator, c.Key, req, c.PolicyValues, c.Result)
		}
	}
}

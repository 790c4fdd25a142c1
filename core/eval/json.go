package eval

import "slrplay/core/jsontext"

// The JSON forms of results (CONTRACT 1.3), written field by field in the
// order and with the omissions their struct tags give; the tests check each
// against encoding/json's reading of the tags.

// AppendJSON writes the result.
func (r *CaseResult) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("id", r.ID)
	o.Str("evalDecision", string(r.EvalDecision))
	jsontext.List(&o, "matchedStatements", r.MatchedStatements)
	o.Strings("missingContextValues", r.MissingContextValues)
	if len(r.DerivedContext) > 0 {
		o.Any("derivedContext", r.DerivedContext)
	}
	jsontext.Member(&o, "decisionDetails", r.DecisionDetails)
	if r.DeniedBy != nil {
		jsontext.Member(&o, "deniedBy", *r.DeniedBy)
	}
	o.StrOmit("explanation", r.Explanation)
	jsontext.List(&o, "errors", r.Errors)
	if len(r.Warnings) > 0 {
		jsontext.List(&o, "warnings", r.Warnings)
	}
	if len(r.Trace) > 0 {
		jsontext.List(&o, "trace", r.Trace)
	}
	return o.End()
}

// AppendJSON writes the matched statement.
func (m MatchedJSON) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("sourcePolicyId", m.SourcePolicyID)
	o.Str("sourcePolicyType", m.SourcePolicyType)
	o.Int("statementIndex", m.StatementIndex)
	o.StrOmit("sid", m.Sid)
	jsontext.Member(&o, "startPosition", m.StartPosition)
	jsontext.Member(&o, "endPosition", m.EndPosition)
	return o.End()
}

// AppendJSON writes {"line", "column"}.
func (p LineColumn) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Int("line", p.Line)
	o.Int("column", p.Column)
	return o.End()
}

// AppendJSON writes the error: the policy's id, then the finding's fields.
func (e CaseError) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.StrOmit("sourcePolicyId", e.SourcePolicyID)
	e.WriteMembers(&o)
	return o.End()
}

// AppendJSON writes the verdict of each kind of policy that applied.
func (d Details) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.StrOmit("identity", string(d.Identity))
	o.StrOmit("resourcePolicy", string(d.ResourcePolicy))
	o.StrOmit("permissionsBoundary", string(d.Boundary))
	o.StrOmit("sessionPolicy", string(d.Session))
	o.StrOmit("scp", string(d.SCP))
	o.StrOmit("rcp", string(d.RCP))
	return o.End()
}

// AppendJSON writes the statement's trace.
func (t TraceJSON) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("sourcePolicyId", t.SourcePolicyID)
	o.Int("statementIndex", t.StatementIndex)
	o.StrOmit("sid", t.Sid)
	o.Str("effect", t.Effect)
	jsontext.Member(&o, "action", t.Action)
	jsontext.Member(&o, "resource", t.Resource)
	jsontext.Member(&o, "principal", t.Principal)
	if len(t.Conditions) > 0 {
		jsontext.List(&o, "conditions", t.Conditions)
	}
	o.Bool("applies", t.Applies)
	jsontext.Member(&o, "startPosition", t.Start)
	return o.End()
}

// AppendJSON writes the condition with the values compared.
func (c ConditionTrace) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("operator", c.Operator)
	o.Str("key", c.Key)
	o.Strings("requestValues", c.RequestValues)
	o.Strings("policyValues", c.PolicyValues)
	jsontext.Member(&o, "result", c.Result)
	return o.End()
}

// AppendJSON writes the gate that refused.
func (f Refusal) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("policyType", string(f.Gate))
	o.Bool("explicit", f.Explicit)
	if f.Level != 0 {
		o.Int("level", f.Level)
	}
	return o.End()
}

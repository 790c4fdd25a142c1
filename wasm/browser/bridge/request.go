package bridge

import (
	"encoding/json"
	"sort"

	"slrplay/core/eval"
)

// readRequest reads a case's "request" value (CONTRACT 1.2) the way
// eval.RunCase reads it: the same fields, the context's keys in sorted
// order, each value a string, number or boolean or an array of them, with
// numbers and booleans as the text AWS compares. Anything RunCase would
// refuse gives ok false, and the case then goes through RunCase, which says
// why. TestCachedMatchesRunCase holds the two readings together.
func readRequest(raw string) (*eval.Request, bool) {
	var r *eval.CaseRequest
	if json.Unmarshal([]byte(raw), &r) != nil || r == nil || r.Action == "" {
		return nil, false
	}
	keys := make([]string, 0, len(r.Context))
	for k := range r.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var ctx eval.Context
	for _, k := range keys {
		vals, ok := contextValues(r.Context[k])
		if !ok {
			return nil, false
		}
		ctx.Add(k, vals...)
	}
	req := eval.NewRequest(r.Principal, r.Action, r.Resource, r.ResourceAccount, ctx)
	if req.Resource == "" {
		req.Resource = "*"
	}
	return req, true
}

// contextValues reads one context value: a scalar or an array of scalars.
// The value is one JSON value already (a json.RawMessage of the request),
// so its first byte says which.
func contextValues(raw json.RawMessage) ([]string, bool) {
	if len(raw) > 0 && raw[0] == '[' {
		var many []any
		if json.Unmarshal(raw, &many) != nil {
			return nil, false
		}
		vals := make([]string, 0, len(many))
		for _, v := range many {
			s, ok := scalarText(v)
			if !ok {
				return nil, false
			}
			vals = append(vals, s)
		}
		return vals, true
	}
	if string(raw) == "null" {
		return []string{}, true // as eval reads it: null decodes as an empty array
	}
	var one any
	if json.Unmarshal(raw, &one) != nil {
		return nil, false
	}
	s, ok := scalarText(one)
	return []string{s}, ok
}

// scalarText is a JSON scalar as the text AWS compares: "x", true, 10.
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

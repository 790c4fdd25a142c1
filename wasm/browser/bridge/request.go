package bridge

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"slrplay/core/eval"
)

// readRequest reads a case's "request" value (CONTRACT 1.2) the way
// eval.RunCase reads it: the same fields, the context's keys in sorted
// order, each value a string, number or boolean or an array of them, with
// numbers and booleans as the text AWS compares. Anything RunCase would
// refuse gives ok false, and the case then goes through RunCase, which says
// why. TestCachedMatchesRunCase holds the two readings together.
func readRequest(raw string) (*eval.Request, bool) {
	if req, ok := plainRequest(raw); ok {
		return req, true
	}
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

// requestFields are the names a request's members have when the page
// writes them.
var requestFields = [...]string{"principal", "action", "resource", "resourceAccount", "context"}

// plainRequest reads the requests the page writes, about five times faster
// than encoding/json: members named exactly as above, each once, strings
// without escapes, context values that are such strings, booleans or small
// integers. Anything else (another spelling of a name, a repeated key, an
// escape, another kind of number) gives ok false, and readRequest reads it
// with encoding/json instead; both readings give the same request.
func plainRequest(raw string) (*eval.Request, bool) {
	if !json.Valid([]byte(raw)) {
		return nil, false
	}
	doc := gjson.Parse(raw)
	if !doc.IsObject() {
		return nil, false
	}
	var vals [len(requestFields)]gjson.Result
	var seen [len(requestFields)]bool
	ok := true
	doc.ForEach(func(k, v gjson.Result) bool {
		if strings.IndexByte(k.Raw, '\\') >= 0 {
			ok = false
			return false
		}
		for i, f := range requestFields {
			if k.Str == f {
				if seen[i] {
					ok = false
					return false
				}
				seen[i], vals[i] = true, v
				return true
			}
			if strings.EqualFold(k.Str, f) {
				ok = false // encoding/json would take it for the field: let it
				return false
			}
		}
		return true // a member the request does not have: ignored, as encoding/json does
	})
	if !ok {
		return nil, false
	}
	var str [4]string
	for i := range str {
		if !seen[i] {
			continue
		}
		s, isStr := plainString(vals[i])
		if !isStr {
			return nil, false
		}
		str[i] = s
	}
	if str[1] == "" {
		return nil, false
	}
	var ctx eval.Context
	if seen[4] {
		c := vals[4]
		if !c.IsObject() {
			return nil, false
		}
		type kv struct {
			key  string
			vals []string
		}
		var keys []kv
		c.ForEach(func(k, v gjson.Result) bool {
			if strings.IndexByte(k.Raw, '\\') >= 0 {
				ok = false
				return false
			}
			var vs []string
			if v.IsArray() {
				vs = []string{}
				v.ForEach(func(_, x gjson.Result) bool {
					s, isPlain := plainScalar(x)
					if !isPlain {
						ok = false
						return false
					}
					vs = append(vs, s)
					return true
				})
			} else {
				s, isPlain := plainScalar(v)
				if !isPlain {
					ok = false
					return false
				}
				vs = []string{s}
			}
			keys = append(keys, kv{k.Str, vs})
			return ok
		})
		if !ok {
			return nil, false
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].key < keys[j].key })
		for i := range keys {
			if i > 0 && keys[i].key == keys[i-1].key {
				return nil, false // a repeated key: encoding/json keeps the last one
			}
			ctx.Add(keys[i].key, keys[i].vals...)
		}
	}
	req := eval.NewRequest(str[0], str[1], str[2], str[3], ctx)
	if req.Resource == "" {
		req.Resource = "*"
	}
	return req, true
}

// plainString is a JSON string without escapes.
func plainString(v gjson.Result) (string, bool) {
	if v.Type != gjson.String || strings.IndexByte(v.Raw, '\\') >= 0 {
		return "", false
	}
	return v.Str, true
}

// plainScalar is a context value as AWS compares it, for the values whose
// text is the same however they are read: strings without escapes, true,
// false, and integers of at most 15 digits (which float64 holds exactly and
// writes back digit for digit).
func plainScalar(v gjson.Result) (string, bool) {
	switch v.Type {
	case gjson.String:
		return plainString(v)
	case gjson.True:
		return "true", true
	case gjson.False:
		return "false", true
	case gjson.Number:
		r := v.Raw
		if r == "0" || (len(r) <= 15 && r[0] >= '1' && r[0] <= '9' && strings.Trim(r, "0123456789") == "") {
			return r, true
		}
	}
	return "", false
}

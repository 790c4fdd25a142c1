package bridge

import (
	"errors"

	"slrplay/core/compare"
	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/jsontext"
	"slrplay/core/reference"
)

// Compare is `slrplay compare --json` (CONTRACT 7) for two policy texts, A
// and B, compared as identity policies or, with typ "scp", as SCPs. A
// policy that does not validate gets {"error": {"message", "policy",
// "line", "column"}} naming its first ERROR, placed as lint's JSON places
// it (line from 1, column from 0).
func Compare(textA, textB, typ string) string {
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	scp := false
	switch typ {
	case "", "identity":
	case "scp":
		scp = true
	default:
		return errorJSON(errCompareType)
	}
	a, bad := readForCompare("A", textA, scp)
	if bad != "" {
		return bad
	}
	b, bad := readForCompare("B", textB, scp)
	if bad != "" {
		return bad
	}
	r, err := compare.Compare(a, b, compare.Options{SCP: scp, Catalog: c})
	if err != nil {
		return errorJSON(err)
	}
	return string(r.JSON())
}

// readForCompare compiles one side, or returns the error JSON.
func readForCompare(id, text string, scp bool) (*eval.Policy, string) {
	p, _, findings := compare.ReadPolicy(id, id, text, scp)
	if p != nil {
		return p, ""
	}
	kind := "an identity policy"
	if scp {
		kind = "an SCP"
	}
	for _, f := range findings {
		if f.Severity == diag.Error {
			o := jsontext.StartObject(nil)
			o.Key("error")
			o.Value(func(b []byte) []byte {
				e := jsontext.StartObject(b)
				e.Str("message", id+" is not valid as "+kind+": "+f.Message)
				e.Str("policy", id)
				e.Int("line", f.Range.Start.Line)
				e.Int("column", f.Range.Start.Column)
				return e.End()
			})
			return nil, string(o.End())
		}
	}
	return nil, errorJSON(errCompareInvalid)
}

var (
	errCompareType    = errors.New(`compare takes the type "identity" (the default) or "scp"`)
	errCompareInvalid = errors.New("a policy does not validate")
)

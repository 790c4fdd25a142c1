package policy

import "strings"

// Variable is one ${...} in a policy string.
type Variable struct {
	Start, End int    // byte offsets of "${" and just past "}" in the string
	Name       string // aws:username; or "*", "?", "$" for the escaped characters
	Default    string // the text of ${name, 'default'}
	HasDefault bool
}

// Escape reports whether the variable stands for a literal character: ${*} ${?} ${$}.
func (v Variable) Escape() bool { return v.Name == "*" || v.Name == "?" || v.Name == "$" }

// ForEachVariable calls fn for every variable in s, in order, stopping if fn
// returns false. A malformed variable comes with the Access Analyzer issue
// code saying what is wrong (MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE,
// UNSUPPORTED_SPACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE); after an unclosed
// one the rest of s is literal text.
func ForEachVariable(s string, fn func(v Variable, problem string) bool) {
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return
		}
		start := i + j
		body := s[start+2:]
		end := strings.IndexByte(body, '}')
		if next := strings.Index(body, "${"); end < 0 || next >= 0 && next < end {
			fn(Variable{Start: start, End: len(s)}, "MISSING_BRACE_IN_VARIABLE")
			return
		}
		v := Variable{Start: start, End: start + 2 + end + 1}
		inner := body[:end]
		problem := ""
		name, def, hasDef := strings.Cut(inner, ",")
		v.Name = strings.TrimRight(name, " ") // spaces may end the name, as before a default
		switch {
		case strings.TrimSpace(inner) == "":
			problem = "EMPTY_VARIABLE"
		case strings.ContainsAny(v.Name, " \t"):
			problem = "UNSUPPORTED_SPACE_IN_VARIABLE"
		case hasDef:
			d := strings.TrimSpace(def)
			if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
				problem = "MISSING_QUOTE_IN_VARIABLE"
			} else {
				v.Default, v.HasDefault = d[1:len(d)-1], true
			}
		}
		if !fn(v, problem) {
			return
		}
		i = v.End
	}
}

// HasVariable reports whether s contains "${".
func HasVariable(s string) bool {
	i := strings.IndexByte(s, '$')
	return i >= 0 && strings.Contains(s[i:], "${")
}

// webIdentityPrefixes are the identity providers whose keys policies may use
// as variables (${cognito-identity.amazonaws.com:sub}, ${saml:sub}).
var webIdentityPrefixes = []string{"cognito-identity.amazonaws.com:", "www.amazon.com:", "graph.facebook.com:", "accounts.google.com:", "saml:", "token.actions.githubusercontent.com:"}

// knownVariable reports whether a variable name is one AWS fills in: a global
// or IAM/STS key of ours, or a key of a web identity or SAML provider, or any
// service key (svc:key) that we cannot check.
func knownVariable(name string) bool {
	if _, ok := LookupKey(name); ok {
		return true
	}
	lower := strings.ToLower(name)
	for _, p := range webIdentityPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	svc, key, ok := strings.Cut(name, ":")
	return ok && key != "" && svc != "" && !strings.EqualFold(svc, "aws")
}

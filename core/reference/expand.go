package reference

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PatternError says why a text is not an action pattern.
type PatternError struct {
	Pattern string
	Reason  string
}

func (e *PatternError) Error() string {
	return strconv.Quote(e.Pattern) + " is not an action: " + e.Reason
}

// Expand returns the actions the pattern covers, as a policy's Action
// element reads it: case-insensitive, * for any run and ? for one
// character, in the service prefix as in the action name ("s3:Get*",
// "s3:*", "*:Get*", "*"). They come by service, then by name. A pattern
// that names nothing the reference knows gives none and no error (ask
// Suggest what was meant); one that is no action at all, such as
// "s3GetObject", gives a PatternError.
func (c *Catalog) Expand(pattern string) ([]*Action, error) {
	if pattern == "*" {
		var all []*Action
		for _, s := range c.Services {
			all = s.appendMatching(all, "*")
		}
		return all, nil
	}
	prefix, op, err := splitPattern(pattern)
	if err != nil {
		return nil, err
	}
	var buf [128]byte
	lowered := lowerInto(buf[:0], op)
	op = string(lowered) // one small copy: the result may outlive buf
	if !hasWildcard(prefix) {
		s := c.Service(prefix)
		if s == nil {
			return nil, nil
		}
		return s.appendMatching(nil, op), nil
	}
	prefix = asciiLower(prefix)
	var out []*Action
	for _, s := range c.Services {
		if globSyntax.match(prefix, s.Prefix) {
			out = s.appendMatching(out, op)
		}
	}
	return out, nil
}

// appendMatching appends the service's actions whose names match the
// lower-case pattern.
func (s *Service) appendMatching(out []*Action, pattern string) []*Action {
	n := len(out)
	out = s.matching(out, pattern)
	if len(out) > n {
		s.need()
	}
	return out
}

// matching is appendMatching without noting that details are needed.
func (s *Service) matching(out []*Action, pattern string) []*Action {
	s.load()
	switch {
	case pattern == "*":
		out = grow(out, len(s.actions))
		for i := range s.actions {
			out = append(out, &s.actions[i])
		}
	case !hasWildcard(pattern):
		if a := s.byName[pattern]; a != nil {
			out = append(out, a)
		}
	case !hasWildcard(pattern[:len(pattern)-1]) && pattern[len(pattern)-1] == '*':
		// "describe*", the usual form: the actions are sorted, so the
		// ones it covers are side by side.
		prefix := pattern[:len(pattern)-1]
		i := sort.Search(len(s.actions), func(i int) bool { return s.actions[i].lower >= prefix })
		for ; i < len(s.actions) && strings.HasPrefix(s.actions[i].lower, prefix); i++ {
			out = append(out, &s.actions[i])
		}
	default:
		for i := range s.actions {
			if globSyntax.match(pattern, s.actions[i].lower) {
				out = append(out, &s.actions[i])
			}
		}
	}
	return out
}

func grow(s []*Action, n int) []*Action {
	if cap(s)-len(s) < n {
		s = append(make([]*Action, 0, len(s)+n), s...)
	}
	return s
}

// splitPattern splits "service:action" and checks its form as IAM does:
// one colon, text on both sides, letters, digits, '-' and wildcards in
// the prefix, '_' too in the action.
func splitPattern(pattern string) (prefix, op string, err error) {
	prefix, op, ok := strings.Cut(pattern, ":")
	switch {
	case !ok:
		return "", "", &PatternError{pattern, `write it as service:Action ("s3:GetObject"), or "*" for every action`}
	case prefix == "":
		return "", "", &PatternError{pattern, "the service prefix before ':' is missing"}
	case op == "":
		return "", "", &PatternError{pattern, "the action name after ':' is missing"}
	}
	for i := range len(pattern) {
		c := pattern[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '*' || c == '?' ||
			c == '_' && i > len(prefix) || i == len(prefix)) {
			r, _ := utf8.DecodeRuneInString(pattern[i:])
			return "", "", &PatternError{pattern, strconv.QuoteRune(r) + " cannot be part of an action"}
		}
	}
	return prefix, op, nil
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

package scenario

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"slrplay/core/jsontext"
	"slrplay/core/slr"
)

// check compares a step's result with its expectation, which may refer to
// earlier outputs too. Its error is errPathWork's.
func (l *lookup) check(e *Expect, res *StepResult) (*ExpectResult, error) {
	var problems []string
	var fatal error // errPathWork
	// refer resolves v's references; false when one is a problem, noted, or fatal.
	refer := func(v any) (any, bool) {
		r, err := l.resolve(v)
		if se, ok := err.(*slr.Error); ok {
			problems = append(problems, "the expectation's "+se.Message)
		} else if err != nil {
			fatal = err
		}
		return r, err == nil
	}
	code, msg := "", ""
	if res.Error != nil {
		code, msg = res.Error.Code, res.Error.Message
	}
	if e.Error != "" && code != e.Error {
		problems = append(problems, "expected error "+e.Error+", got "+orNone(code))
	}
	if e.MessageContains != "" && !strings.Contains(msg, e.MessageContains) {
		problems = append(problems, "expected a message containing "+strconv.Quote(e.MessageContains)+", got "+strconv.Quote(msg))
	}
	if e.EvalDecision != "" {
		got := ""
		if res.Authorization != nil {
			got = string(res.Authorization.EvalDecision)
		}
		if got != e.EvalDecision {
			problems = append(problems, "expected the decision "+e.EvalDecision+", got "+orNone(got))
		}
	}
	if e.Output != nil {
		if want, ok := refer(e.Output); ok {
			if path, ok := contains(res.Output, want, ""); !ok {
				problems = append(problems, "the output differs at "+path)
			}
		}
	}
	if len(e.Paths) > 0 {
		json := string(jsontext.Marshal(res.Output))
		show := func(v any) string { return shorten(string(jsontext.Marshal(v)), 160) } // an ARN whole
		for _, path := range sortedKeys(e.Paths) {                                      // the problems in the same order on every run
			want, ok := refer(e.Paths[path])
			if !ok {
				continue
			}
			got, found, err := l.get(json, path)
			switch {
			case err == errPathWork:
				fatal = err
			case err != nil:
				problems = append(problems, err.Error())
			case !found:
				problems = append(problems, "expected "+path+" to be "+show(want)+", it finds nothing")
			case !sameJSON(got, want):
				problems = append(problems, "expected "+path+" to be "+show(want)+", got "+show(got))
			}
		}
	}
	if fatal != nil {
		return nil, fatal
	}
	if e.Error == "" && e.MessageContains == "" && code != "" {
		problems = append(problems, "unexpected error "+code+": "+msg)
	}
	return &ExpectResult{OK: len(problems) == 0, Detail: strings.Join(problems, "; ")}, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// contains reports whether got holds want (objects partially, arrays
// element by element, everything else equal), and where it does not.
func contains(got, want any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return orNone(path), false
		}
		for _, k := range sortedKeys(w) { // the first difference, the same on every run
			if p, ok := contains(g[k], w[k], path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return orNone(path), false
		}
		for i := range w {
			if p, ok := contains(g[i], w[i], path+"["+strconv.Itoa(i)+"]"); !ok {
				return p, false
			}
		}
		return "", true
	}
	if !sameJSON(got, want) {
		return strings.TrimPrefix(path, "."), false
	}
	return "", true
}

// sameJSON reports whether two decoded JSON values are the same value:
// numbers by value (2, 2.0 and 2e0 alike), objects by members in any order.
// Their compact JSON, keys sorted and numbers in one form, says so.
func sameJSON(a, b any) bool {
	return string(jsontext.Marshal(a)) == string(jsontext.Marshal(b))
}

// sortedKeys lists a map's keys in order: whatever a map gives the
// transcript (the first problem found, values in a request's context) must
// not depend on Go's random iteration order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

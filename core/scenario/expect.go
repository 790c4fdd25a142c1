package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"slrplay/core/jsontext"
)

// check compares a step's result with its expectation.
func check(e *Expect, res *StepResult) *ExpectResult {
	var problems []string
	code, msg := "", ""
	if res.Error != nil {
		code, msg = res.Error.Code, res.Error.Message
	}
	if e.Error != "" && code != e.Error {
		problems = append(problems, fmt.Sprintf("expected error %s, got %s", e.Error, orNone(code)))
	}
	if e.MessageContains != "" && !strings.Contains(msg, e.MessageContains) {
		problems = append(problems, fmt.Sprintf("expected a message containing %q, got %q", e.MessageContains, msg))
	}
	if e.EvalDecision != "" {
		got := ""
		if res.Authorization != nil {
			got = string(res.Authorization.EvalDecision)
		}
		if got != e.EvalDecision {
			problems = append(problems, fmt.Sprintf("expected the decision %s, got %s", e.EvalDecision, orNone(got)))
		}
	}
	if e.Output != nil {
		if path, ok := contains(res.Output, e.Output, ""); !ok {
			problems = append(problems, "the output differs at "+path)
		}
	}
	if e.Error == "" && e.MessageContains == "" && code != "" {
		problems = append(problems, "unexpected error "+code+": "+msg)
	}
	return &ExpectResult{OK: len(problems) == 0, Detail: strings.Join(problems, "; ")}
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
			if p, ok := contains(g[i], w[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	}
	if string(jsontext.Marshal(got)) != string(jsontext.Marshal(want)) {
		return strings.TrimPrefix(path, "."), false
	}
	return "", true
}

// resolve replaces "$N.Path" strings in an input by step N's output there.
func resolve(in map[string]any, outputs []map[string]any) (map[string]any, error) {
	out, err := resolveValue(in, outputs)
	if err != nil {
		return nil, err
	}
	m, _ := out.(map[string]any)
	return m, nil
}

func resolveValue(v any, outputs []map[string]any) (any, error) {
	switch v := v.(type) {
	case string:
		if !strings.HasPrefix(v, "$") {
			return v, nil
		}
		num, path, _ := strings.Cut(v[1:], ".")
		n, err := strconv.Atoi(num)
		if err != nil {
			return v, nil // a literal $ text
		}
		if n < 0 || n >= len(outputs) {
			return nil, fmt.Errorf("%s refers to step %d, which has not run", v, n)
		}
		var cur any = outputs[n]
		for _, k := range strings.Split(path, ".") {
			m, ok := cur.(map[string]any)
			if !ok || m[k] == nil {
				return nil, fmt.Errorf("%s: step %d's output has no %s", v, n, path)
			}
			cur = m[k]
		}
		return cur, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for _, k := range sortedKeys(v) { // the first unresolved reference, the same on every run
			r, err := resolveValue(v[k], outputs)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			r, err := resolveValue(x, outputs)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// sortedKeys lists a map's keys in order: whatever a map gives the
// transcript (the first problem found, values in a request's context) must
// not depend on Go's random iteration order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

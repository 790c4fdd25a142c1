package bridge

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/policy"
	"slrplay/core/reference"
	"slrplay/core/summary"
)

// The page's editor aids (completion, hover, the request builder's ARN
// template) ask the core's own catalog rather than a second copy of its
// names: the page has already fetched AWS's reference for lint and
// evaluate, so the aids cost no download, and what they offer is what the checks
// accept (Expand's wildcards, case folding and all).

// errNoReference is the answer of every aid until the page gave the core
// AWS's reference (or when it could not load).
var errNoReference = errors.New("AWS's Service Authorization Reference is not loaded")

// Names lists the vocabulary the editor completes, as JSON:
//
//   - kind "services": {"services": [{"prefix": "s3", "name": "Amazon S3"}, ...]};
//   - kind "actions", arg a service prefix: {"service": "s3", "actions":
//     [{"name": "GetObject", "level": "Read"}, ...]};
//   - kind "keys", arg a service prefix or "": {"keys": [{"name", "type"}, ...]},
//     the service's keys (if any) then the global ones;
//   - kind "operators": {"operators": [{"name": "StringLikeIfExists", "type":
//     "String"}, ...]}, every condition operator AWS documents with its
//     IfExists and set-qualified forms (known without the reference).
//
// An unknown service gives an empty list; an unknown kind an error.
func Names(kind, arg string) string {
	if kind == "operators" {
		return operatorNames()
	}
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	switch kind {
	case "services":
		out := make([]any, len(c.Services))
		for i, s := range c.Services {
			out[i] = map[string]any{"prefix": s.Prefix, "name": s.Name}
		}
		return marshal(map[string]any{"services": out})
	case "actions":
		out := []any{}
		prefix := arg
		if s := c.Service(arg); s != nil {
			prefix = s.Prefix
			for _, a := range s.IndexActions() { // names and levels: no details needed
				out = append(out, map[string]any{"name": a.Name, "level": a.Level.String()})
			}
		}
		return marshal(map[string]any{"service": prefix, "actions": out})
	case "keys":
		out := []any{}
		key := func(k reference.ConditionKey) { out = append(out, map[string]any{"name": k.Name, "type": k.Type}) }
		if s := c.Service(arg); s != nil {
			for _, k := range s.ConditionKeys() {
				if c.GlobalKey(k.Name) == nil { // listed once, below
					key(k)
				}
			}
		}
		for _, k := range c.GlobalKeys {
			key(k)
		}
		return marshal(map[string]any{"keys": out})
	}
	return errorJSON(errors.New("names: unknown kind " + strconv.Quote(kind) + " (services, actions or keys)"))
}

// operatorNames is Names("operators"), sorted by name.
func operatorNames() string {
	bases := policy.OperatorNames()
	sort.Strings(bases)
	var out []any
	for _, base := range bases {
		typ := policy.ParseOperator(base).Type.String()
		forms := []string{base, "ForAnyValue:" + base, "ForAllValues:" + base}
		if base != "Null" { // NullIfExists is no operator
			forms = append(forms, base+"IfExists")
		}
		for _, f := range forms {
			out = append(out, map[string]any{"name": f, "type": typ})
		}
	}
	return marshal(map[string]any{"operators": out})
}

// maxListed bounds the actions and resource types Describe lists: "*"
// covers twenty thousand actions, and a tooltip shows a few.
const maxListed = 20

// Describe says what an action or action pattern names, for the editor's
// hover and the request builder: {"pattern", "count": how many actions it
// covers, "levels": {"Read": n, ...}, "services": how many services,
// "actions": the first few as {"action", "accessLevel", "resourceTypes":
// [{"name", "arn", "required"}]}, "resourceTypes": how many resource types
// the actions act on, "resourceTypeNames": the first few, "suggestions":
// what a pattern that names nothing likely meant}. A text that is no action pattern gives an error.
func Describe(pattern string) string {
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	actions, err := c.Expand(pattern)
	if err != nil {
		return errorJSON(err)
	}
	levels := map[string]any{}
	counts := map[string]int{}
	services := 0
	var last *reference.Service
	listed := []any{}
	types := map[*reference.ResourceType]bool{}
	typeNames := []any{}
	for _, a := range actions {
		for _, r := range a.Resources {
			if !types[r.Type] {
				types[r.Type] = true
				if len(typeNames) < maxListed {
					typeNames = append(typeNames, r.Type.Name)
				}
			}
		}
		counts[a.Level.String()]++
		if a.Service != last {
			last = a.Service
			services++
		}
		if len(listed) < maxListed {
			listed = append(listed, describeAction(a))
		}
	}
	for l, n := range counts {
		levels[l] = n
	}
	out := map[string]any{"pattern": pattern, "count": len(actions), "services": services, "levels": levels, "actions": listed,
		"resourceTypes": len(types), "resourceTypeNames": typeNames}
	if len(actions) == 0 {
		suggestions := []any{}
		for _, s := range c.Suggest(pattern) {
			suggestions = append(suggestions, s)
		}
		out["suggestions"] = suggestions
	}
	return marshal(out)
}

// DescribeKey says what a condition key is, for the editor's hover:
// {"name": as the reference writes it ("aws:RequestTag/${TagKey}"),
// "type", "global": true and its "category" for a global key, else the
// "service" and "serviceName" that define it}. A key the reference does
// not have gives an error.
func DescribeKey(name string) string {
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	if k := c.GlobalKey(name); k != nil {
		return marshal(map[string]any{"name": k.Name, "type": k.Type, "global": true, "category": k.Category})
	}
	prefix, _, _ := strings.Cut(name, ":")
	if s := c.Service(prefix); s != nil {
		if k := s.ConditionKey(name); k != nil {
			return marshal(map[string]any{"name": k.Name, "type": k.Type, "global": false, "service": s.Prefix, "serviceName": s.Name})
		}
	}
	return errorJSON(errors.New(strconv.Quote(name) + " is no condition key AWS's reference has"))
}

func describeAction(a *reference.Action) map[string]any {
	types := []any{}
	for _, r := range a.Resources {
		types = append(types, map[string]any{"name": r.Type.Name, "arn": r.Type.ARN, "required": r.Required})
	}
	return map[string]any{"action": a.FullName(), "accessLevel": a.Level.String(), "resourceTypes": types}
}

// Summarize is `slrplay summarize --json` (CONTRACT 6) for one policy
// named "policy", read as type typ ("" or "auto": detected). As on the
// command line, a policy IAM would refuse to store gets no summary: the
// answer is {"error": {"message", "line", "column"}} at its first error.
func Summarize(text, typ string) string {
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	t := policy.Auto
	if typ != "" && typ != "auto" {
		var err error
		if t, err = policy.ParseType(typ); err != nil {
			return errorJSON(err)
		}
	}
	src := diag.NewSource("policy", text)
	doc, t, refused := summary.Read(src, t)
	if refused != nil {
		for _, f := range refused {
			if f.Severity == diag.Error {
				return marshal(map[string]any{"error": map[string]any{
					"message": "not a valid " + t.Title() + ", nothing to summarize: " + f.Message,
					"line":    f.Range.Start.Line, "column": f.Range.Start.Column,
				}})
			}
		}
		return errorJSON(errors.New("not a valid " + t.Title() + ", nothing to summarize"))
	}
	return string(summary.JSON([]summary.File{{Name: src.Name, Summary: summary.Summarize(doc, c)}}))
}

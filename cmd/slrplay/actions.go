package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"slrplay/core/reference"
)

// actionsCmd lists the AWS actions each pattern covers (CONTRACT 6), with
// their access levels, resource types and condition keys. A pattern that
// covers nothing is a finding, as an unknown action is in lint: it says
// what was likely meant and the exit status is 1. A pattern that is no
// action at all ("s3GetObject") is bad input: exit 2.
func actionsCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("actions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the actions as JSON (CONTRACT 6)")
	patterns, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(patterns) == 0 {
		fmt.Fprint(stderr, "slrplay actions: no pattern given (for example 's3:Get*')\n")
		return 2
	}
	c := reference.Default()
	status := 0
	var out actionsReport
	for i, pattern := range patterns {
		actions, err := c.Expand(pattern)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay actions: %v\n", err)
			status = 2
			continue
		}
		r := patternReport{Pattern: pattern, Actions: make([]actionReport, len(actions))}
		for i, a := range actions {
			r.Actions[i] = newActionReport(a)
		}
		if len(actions) == 0 {
			status = max(status, 1)
			r.DidYouMean = c.Suggest(pattern)
		}
		if *asJSON {
			out.Patterns = append(out.Patterns, r)
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		renderActions(stdout, r, actions)
	}
	if *asJSON {
		if out.Patterns == nil {
			out.Patterns = []patternReport{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false) // "s3:ExistingObjectTag/<key>" as AWS writes it
		enc.SetIndent("", "  ")
		enc.Encode(out)
	}
	return status
}

// actionsReport is the JSON of CONTRACT 6.
type actionsReport struct {
	Patterns []patternReport `json:"patterns"`
}

type patternReport struct {
	Pattern string         `json:"pattern"`
	Actions []actionReport `json:"actions"`
	// DidYouMean is set when the pattern covers nothing.
	DidYouMean []string `json:"didYouMean,omitempty"`
}

type actionReport struct {
	Action        string   `json:"action"`
	AccessLevel   string   `json:"accessLevel"`
	ResourceTypes []string `json:"resourceTypes"`
	ConditionKeys []string `json:"conditionKeys"`
}

func newActionReport(a *reference.Action) actionReport {
	keys := a.AllConditionKeys()
	r := actionReport{Action: a.FullName(), AccessLevel: a.Level.String(), ResourceTypes: a.ResourceTypeNames(), ConditionKeys: make([]string, len(keys))}
	for i, k := range keys {
		r.ConditionKeys[i] = k.Name
	}
	return r
}

// renderActions prints a pattern's actions for a reader: how many, by
// access level, then each with its resource types (* marks a required
// one; "Resource: *" an action that has none).
func renderActions(w io.Writer, r patternReport, actions []*reference.Action) {
	if len(actions) == 0 {
		fmt.Fprintf(w, "%s: no AWS action matches", r.Pattern)
		if len(r.DidYouMean) > 0 {
			fmt.Fprintf(w, "; did you mean %s?", strings.Join(r.DidYouMean, " or "))
		}
		fmt.Fprintln(w)
		return
	}
	byLevel := map[reference.AccessLevel][]*reference.Action{}
	width := 0
	for _, a := range actions {
		byLevel[a.Level] = append(byLevel[a.Level], a)
		width = max(width, len(a.Service.Prefix)+1+len(a.Name))
	}
	var counts []string
	for _, l := range reference.Levels {
		if n := len(byLevel[l]); n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", l, n))
		}
	}
	fmt.Fprintf(w, "%s: %s (%s)\n", r.Pattern, plural(len(actions), "action"), strings.Join(counts, ", "))
	for _, l := range reference.Levels {
		if len(byLevel[l]) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s\n", l)
		for _, a := range byLevel[l] {
			fmt.Fprintf(w, "    %-*s  %s\n", width, a.FullName(), resourceList(a))
		}
	}
}

func resourceList(a *reference.Action) string {
	if len(a.Resources) == 0 {
		return "Resource: *"
	}
	names := make([]string, len(a.Resources))
	for i, r := range a.Resources {
		names[i] = r.Type.Name
		if r.Required {
			names[i] += "*"
		}
	}
	return strings.Join(names, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

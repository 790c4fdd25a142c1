// Package bridge is the logic behind the page's window.slrplay functions
// (CONTRACT 4): each takes and returns JSON strings shaped as the command
// line's output, from the same core. It is plain Go, tested natively; the
// js && wasm file beside it only registers these functions.
package bridge

import (
	"encoding/json"
	"errors"

	"slrplay/core/diag"
	"slrplay/core/policy"
	"slrplay/core/scenario"
	"slrplay/core/share"
)

// Lint checks a policy as type typ ("" or "auto": detected) and returns
// lint's JSON (CONTRACT 1.1) for one document named "policy".
func Lint(text, typ string) string {
	t := policy.Auto
	if typ != "" && typ != "auto" {
		var err error
		if t, err = policy.ParseType(typ); err != nil {
			return errorJSON(err)
		}
	}
	report, _, _ := policy.Report(diag.NewSource("policy", text), t)
	return marshal(struct {
		Files []policy.FileReport `json:"files"`
	}{[]policy.FileReport{report}})
}

// Evaluate decides an evaluation case (CONTRACT 1.2) and returns its result
// (1.3), with the trace; a case that cannot be read gets the "error"
// decision saying why. A case that differs from a recent one only in its
// request reuses that case's compiled policies (see cache.go).
func Evaluate(caseJSON string) string {
	return marshal(cases.evaluate(caseJSON))
}

// Run replays a scenario and returns its transcript (CONTRACT 2.4). A
// document that does not load returns {"error": {"message", "line",
// "column"}} with the place of the problem (line from 1, column from 0).
func Run(scenarioJSON string) string {
	s, err := scenario.Load("scenario", []byte(scenarioJSON))
	if err != nil {
		var e *scenario.Error
		if errors.As(err, &e) {
			return marshal(map[string]any{"error": map[string]any{"message": e.Message, "line": e.Pos.Line, "column": e.Pos.Column}})
		}
		return errorJSON(err)
	}
	return marshal(s.Run())
}

// Encode returns a scenario's share-link fragment (CONTRACT 5): {"fragment": "s=1...."}.
func Encode(scenarioJSON string) string {
	frag, err := share.Encode([]byte(scenarioJSON), 0)
	if err != nil {
		return errorJSON(err)
	}
	return marshal(map[string]string{"fragment": frag})
}

// Decode reads a link or fragment and returns {"scenario": {...}, "step": N},
// or {"error": {"message": ...}} saying why the link cannot be opened.
func Decode(fragment string) string {
	l, err := share.Decode(fragment)
	if err != nil {
		return errorJSON(err)
	}
	return marshal(map[string]any{"scenario": json.RawMessage(l.Scenario), "step": l.Step})
}

func errorJSON(err error) string {
	return marshal(map[string]any{"error": map[string]string{"message": err.Error()}})
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error": {"message": "internal: result is not JSON"}}`
	}
	return string(b)
}

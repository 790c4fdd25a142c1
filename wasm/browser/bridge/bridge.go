// Package bridge is the logic behind the page's window.slrplay functions
// (CONTRACT 4): each takes and returns JSON strings shaped as the command
// line's output, from the same core. It is plain Go, tested natively; the
// js && wasm file beside it only registers these functions.
package bridge

import (
	"errors"
	"unsafe"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
	"slrplay/core/reference"
	"slrplay/core/scenario"
	"slrplay/core/share"
	"slrplay/core/slr"
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
	return string(policy.LintJSON([]policy.FileReport{report}))
}

// Evaluate decides an evaluation case (CONTRACT 1.2) and returns its result
// (1.3), with the trace; a case that cannot be read gets the "error"
// decision saying why. Policies seen in earlier cases are not compiled
// again: the page decides its case anew at every edit of the request.
func Evaluate(caseJSON string) string {
	res, err := eval.RunCaseText(caseJSON, eval.Options{Trace: true, Cache: policies})
	if bad, ok := errors.AsType[*eval.ErrCase](err); ok {
		id := ""
		if res != nil {
			id = res.ID
		}
		res = eval.InvalidCase(id, bad.Reason)
	}
	return marshal(res)
}

// policies are the compiled policies of recent cases: enough for the
// page's tabs and the policies outside scripts evaluate between its edits.
var policies = eval.NewCache(64)

// Run replays a scenario and returns its transcript (CONTRACT 2.4). A
// document that does not load returns {"error": {"message", "line",
// "column"}} with the place of the problem (line from 1, column from 0).
func Run(scenarioJSON string) string {
	if len(slr.Builtin().Principals()) == 0 {
		why := ""
		if err := slr.ReadError(); err != nil {
			why = " (" + err.Error() + ")"
		}
		return errorJSON(errors.New("the service catalog (catalog.json) did not load" + why + ": reload the page"))
	}
	s, err := scenario.Load("scenario", []byte(scenarioJSON))
	var t *scenario.Transcript
	if err == nil {
		t, err = s.Run() // refused when its transcript would be too large
	}
	if err != nil {
		return placedErrorJSON(err)
	}
	return marshal(t)
}

// UseCatalog gives the core the service catalog the page fetched beside
// the WebAssembly (catalog.json), as a function that returns its text, read
// when a scenario first needs it: see slr.UseCatalogLater.
func UseCatalog(text func() string) {
	slr.UseCatalogLater(func() []byte { return []byte(text()) })
}

// UseReference gives the core AWS's Service Authorization Reference, which
// the page fetches once it is ready (core/reference's catalog.txt, or its
// name index): until then lint and evaluate leave out the checks that need
// it. Policies compiled before it came are compiled again, with its
// findings. It returns {} or {"error": {"message"}}.
//
// The page gives first the name index (reference/index.txt, core/reference's
// Split), then each service's details (UseDetails) when an answer wanted
// them (Wanted); or the whole catalog at once.
func UseReference(text string) string {
	c, err := reference.Parse(text)
	if err != nil {
		return errorJSON(err)
	}
	reference.Use(c)
	policies = eval.NewCache(64) // compiled with the catalog they were checked against
	return "{}"
}

// UseDetails completes the index UseReference gave with the details of the
// services in text (one or more of reference/PREFIX.txt, one after
// another). It returns {} or {"error": {"message"}}.
func UseDetails(text string) string {
	c := reference.Default()
	if c == nil {
		return errorJSON(errNoReference)
	}
	d, err := c.WithDetails(text)
	if err != nil {
		return errorJSON(err)
	}
	reference.Use(d)
	policies = eval.NewCache(64)
	return "{}"
}

// Wanted returns, as a JSON list, the services whose details the calls
// since it was last asked needed and the core lacked (["s3", "iam"]), and
// forgets them. The page asks after each call: if any, it fetches their
// details, gives them to UseDetails and calls again, so what it shows is
// what the whole catalog answers.
func Wanted() string {
	c := reference.Default()
	if c == nil {
		return "[]"
	}
	w := c.Wanted()
	if w == nil {
		return "[]" // after every call: kept cheap
	}
	return marshal(w)
}

// Encode returns a scenario's share-link fragment (CONTRACT 5): {"fragment": "s=1...."},
// or Run's error when the scenario would not open: no link is made of it.
func Encode(scenarioJSON string) string {
	if err := scenario.Check("scenario", []byte(scenarioJSON)); err != nil {
		return placedErrorJSON(err)
	}
	frag, err := share.Encode([]byte(scenarioJSON), 0)
	if err != nil {
		return errorJSON(err)
	}
	return marshal(map[string]any{"fragment": frag})
}

// Decode reads a link or fragment and returns {"scenario": {...}, "step": N},
// or {"error": {"message": ...}} saying why the link cannot be opened.
func Decode(fragment string) string {
	l, err := share.Decode(fragment)
	if err != nil {
		return errorJSON(err)
	}
	return marshal(map[string]any{"scenario": jsontext.Raw(l.Scenario), "step": l.Step})
}

// placedErrorJSON is a scenario's error with its place, {"error":
// {"message", "line", "column"}} (line from 1, column from 0).
func placedErrorJSON(err error) string {
	if e, ok := errors.AsType[*scenario.Error](err); ok {
		return marshal(map[string]any{"error": map[string]any{"message": e.Message, "line": e.Pos.Line, "column": e.Pos.Column}})
	}
	return errorJSON(err)
}

func errorJSON(err error) string {
	return marshal(map[string]any{"error": map[string]any{"message": err.Error()}})
}

// marshal is v as JSON text. Marshal's buffer is its own and never written
// again, so the text is that buffer, not a copy of it: every answer the
// page gets goes through here.
func marshal(v any) string {
	b := jsontext.Marshal(v)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

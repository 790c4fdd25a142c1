package bridge

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"slrplay/core/eval"
	"slrplay/core/reference"
	"slrplay/core/slr"
)

func TestLint(t *testing.T) {
	text, _ := os.ReadFile("../../../testdata/policies/workmail-read-only.json")
	var out struct {
		Files []struct {
			Valid    bool
			Findings []struct {
				IssueCode string
				Locations []struct {
					Span struct{ Start struct{ Line, Column int } }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(Lint(string(text), "identity")), &out); err != nil {
		t.Fatal(err)
	}
	f := out.Files[0]
	if f.Valid || len(f.Findings) != 2 || f.Findings[0].IssueCode != "JSON_SYNTAX_ERROR" || f.Findings[0].Locations[0].Span.Start.Column != 90 {
		t.Errorf("%+v", f)
	}
	if !strings.Contains(Lint("{}", "bogus"), `"error"`) {
		t.Error("an unknown type is not an error")
	}
}

// TestEvaluateMatchesCLI: the page's evaluate gives, case for case, the
// command line's result on the conformance corpus (same core, same shape).
func TestEvaluateMatchesCLI(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/eval/*.jsonl")
	n := 0
	for _, file := range files {
		f, _ := os.Open(file)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.TrimSpace(line) == "" {
				continue
			}
			line = withoutAnnotations(t, line)
			want, _ := eval.RunCase([]byte(line), eval.Options{Trace: true})
			wb, _ := json.Marshal(want)
			if got := Evaluate(line); got != string(wb) {
				t.Fatalf("%s: page and command line differ:\n%s\n%s", file, got, wb)
			}
			n++
		}
		f.Close()
	}
	if n < 200 {
		t.Errorf("compared %d cases", n)
	}
	if !strings.Contains(Evaluate("{"), `"INVALID_CASE"`) {
		t.Error("a broken case is not an INVALID_CASE error")
	}
}

// withoutAnnotations is a conformance line without what it adds to the
// evaluation case (expect, doc, rule, note), which the evaluator refuses.
func withoutAnnotations(t testing.TB, line string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"expect", "doc", "rule", "note"} {
		delete(m, k)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestRunAndShare(t *testing.T) {
	doc, _ := os.ReadFile("../../../testdata/scenarios/trust-policy.json")
	var tr struct {
		OK    bool
		Steps []any
	}
	if err := json.Unmarshal([]byte(Run(string(doc))), &tr); err != nil || !tr.OK || len(tr.Steps) != 3 {
		t.Errorf("run: %v %+v", err, tr)
	}
	var bad struct {
		Error struct {
			Message      string
			Line, Column int
		}
	}
	json.Unmarshal([]byte(Run("{\"scenario\": 1,\n \"steps\": [{\"op\": \"nope\"}]}")), &bad)
	if bad.Error.Line != 2 || !strings.Contains(bad.Error.Message, `unknown op "nope"`) {
		t.Errorf("bad scenario: %+v", bad)
	}
	var enc struct{ Fragment string }
	json.Unmarshal([]byte(Encode(string(doc))), &enc)
	var dec struct {
		Scenario map[string]any
		Step     int
	}
	if err := json.Unmarshal([]byte(Decode("https://x/#"+enc.Fragment+"&step=2")), &dec); err != nil || dec.Scenario["title"] == nil || dec.Step != 2 {
		t.Errorf("round trip: %v %+v", err, dec)
	}
	if !strings.Contains(Decode("#s=9.abc"), "version") {
		t.Error("a link of another version is not refused")
	}
	// The page's own state travels in the document it shares.
	withPage := strings.Replace(string(doc), "{", `{"playground": {"view": "policies", "tabs": [{"name": "a", "text": "{}"}]},`, 1)
	if err := json.Unmarshal([]byte(Encode(withPage)), &enc); err != nil || !strings.HasPrefix(enc.Fragment, "s=1.") {
		t.Errorf("encode of the page's state: %v %+v", err, enc)
	}
	// No link is made of a scenario that would not open: the loader's error, at its place.
	bad.Error.Line = 0
	json.Unmarshal([]byte(Encode("{\"scenario\": 1,\n \"steps\": [{\"op\": \"clock:Advance\", \"input\": {\"Seconds\": 1}, \"expect\": {\"evalDecison\": \"allowed\"}}]}")), &bad)
	if bad.Error.Line != 2 || bad.Error.Column != 71 || !strings.Contains(bad.Error.Message, `did you mean "evalDecision"?`) {
		t.Errorf("encode of a scenario that does not load: %+v", bad)
	}
}

// TestUseCatalogWhenRun: the page's service catalog is read when a scenario
// first runs, not when it is given (the core's start), and once; one that
// does not parse is said by Run, in place of a transcript.
func TestUseCatalogWhenRun(t *testing.T) {
	builtin, _ := os.ReadFile("../../../core/slr/catalog.json")
	defer slr.UseCatalog(builtin)
	doc, _ := os.ReadFile("../../../testdata/scenarios/trust-policy.json")
	reads := 0
	UseCatalog(func() string { reads++; return "not JSON" })
	Evaluate(`{"request": {"action": "s3:GetObject"}}`)
	if reads != 0 {
		t.Fatalf("the catalog was read %d times before any scenario ran", reads)
	}
	for range 2 {
		if got := Run(string(doc)); !strings.Contains(got, "the service catalog (catalog.json) did not load (catalog.json is not JSON") {
			t.Errorf("run with a catalog that does not parse: %s", got)
		}
	}
	if reads != 1 {
		t.Errorf("the catalog was read %d times, not once", reads)
	}
	// A link is read and made with the same catalog: the first to need it reads it.
	reads = 0
	UseCatalog(func() string { reads++; return string(builtin) })
	var enc struct{ Fragment string }
	if err := json.Unmarshal([]byte(Encode(string(doc))), &enc); err != nil || enc.Fragment == "" || reads != 1 {
		t.Errorf("encode with the page's catalog (read %d times): %v %+v", reads, err, enc)
	}
	if got := Run(string(doc)); !strings.Contains(got, `"ok":true`) || reads != 1 {
		t.Errorf("run with the page's catalog (read %d times): %.200s", reads, got)
	}
}

func TestUseReference(t *testing.T) {
	before := reference.Default()
	defer reference.Use(before)
	if got := UseReference("not a catalog"); !strings.Contains(got, `"error"`) {
		t.Errorf("UseReference of junk = %s, want an error", got)
	}
	if reference.Default() != before {
		t.Errorf("a catalog that does not parse replaced the one in use")
	}
	text, err := os.ReadFile("../../../core/reference/catalog.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := UseReference(string(text)); got != "{}" {
		t.Fatalf("UseReference = %s", got)
	}
	if reference.Default() == before || reference.Default().Action("s3:GetObject") == nil {
		t.Errorf("the catalog given is not the one in use")
	}
	// A case compiled before, with a statement naming a misspelt action, is
	// compiled again: its warnings come from the catalog now in use.
	c := `{"id": "w", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetObject"], "Resource": "*"}]}],
	       "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {}}}`
	if got := Evaluate(c); !strings.Contains(got, `"warnings"`) || !strings.Contains(got, "INVALID_ACTION") {
		t.Errorf("Evaluate after UseReference = %s, want the misspelt action among its warnings", got)
	}
}

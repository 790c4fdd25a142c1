package eval

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"slrplay/core/jsontext"
)

// corpusCase is what a conformance case adds to an evaluation case.
type corpusCase struct {
	ID     string `json:"id"`
	Doc    string `json:"doc"`
	Rule   string `json:"rule"`
	Note   string `json:"note"`
	Expect struct {
		EvalDecision         Decision          `json:"evalDecision"`
		MissingContextValues []string          `json:"missingContextValues"`
		DecisionDetails      map[string]string `json:"decisionDetails"`
		// Errors and Warnings, when given, are the issue codes the result
		// lists, in order.
		Errors   []string `json:"errors"`
		Warnings []string `json:"warnings"`
	} `json:"expect"`
}

// TestConformance runs every case of testdata/eval: each is an evaluation
// case (CONTRACT 1.2) with the decision AWS reaches and the page that says so.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/eval/*.jsonl")
	ids := map[string]bool{}
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			text := sc.Bytes()
			if len(strings.TrimSpace(string(text))) == 0 {
				continue
			}
			var c corpusCase
			if err := json.Unmarshal(text, &c); err != nil {
				t.Errorf("%s:%d: %v", file, line, err)
				continue
			}
			n++
			where := filepath.Base(file) + ":" + c.ID
			if c.ID == "" || ids[c.ID] {
				t.Errorf("%s: missing or repeated id", where)
			}
			ids[c.ID] = true
			if c.Doc == "" || c.Expect.EvalDecision == "" {
				t.Errorf("%s: every case names its source (doc) and its expected decision", where)
			}
			text = caseOf(text)
			res, err := RunCase(text, Options{})
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			traced, _ := RunCase(text, Options{Trace: true})
			for _, r := range []*CaseResult{res, traced} {
				want, _ := json.Marshal(r)
				if got := r.AppendJSON(nil); string(got) != string(want) {
					t.Errorf("%s: result JSON differs from encoding/json's:\n%s\n%s", where, got, want)
				}
			}
			if res.EvalDecision != c.Expect.EvalDecision {
				t.Errorf("%s: %s, want %s (%s; %s)", where, res.EvalDecision, c.Expect.EvalDecision, c.Note, c.Doc)
				if res.EvalDecision == Error {
					t.Logf("  errors: %+v", res.Errors)
				}
				continue
			}
			issueCodes := func(l []CaseError) []string {
				out := []string{}
				for _, e := range l {
					out = append(out, e.IssueCode)
				}
				return out
			}
			if c.Expect.Errors != nil && !slices.Equal(issueCodes(res.Errors), c.Expect.Errors) {
				t.Errorf("%s: errors %q, want %q (%s)", where, issueCodes(res.Errors), c.Expect.Errors, c.Note)
			}
			if c.Expect.Warnings != nil && !slices.Equal(issueCodes(res.Warnings), c.Expect.Warnings) {
				t.Errorf("%s: warnings %q, want %q (%s)", where, issueCodes(res.Warnings), c.Expect.Warnings, c.Note)
			}
			if c.Expect.MissingContextValues != nil && !slices.Equal(res.MissingContextValues, c.Expect.MissingContextValues) {
				t.Errorf("%s: missing context %q, want %q (%s)", where, res.MissingContextValues, c.Expect.MissingContextValues, c.Note)
			}
			got := map[string]string{}
			b, _ := json.Marshal(res.DecisionDetails)
			json.Unmarshal(b, &got)
			for k, v := range c.Expect.DecisionDetails {
				if got[k] != v {
					t.Errorf("%s: decisionDetails.%s = %q, want %q (%s)", where, k, got[k], v, c.Note)
				}
			}
		}
		f.Close()
	}
	if n < 200 {
		t.Errorf("the conformance corpus has %d cases; it should have at least 200", n)
	}
}

// annotations are the members a conformance case adds to an evaluation
// case: what the answer must be, and why.
var annotations = []string{"expect", "doc", "rule", "note"}

// caseOf is a conformance line as the evaluation case it holds: the
// annotations blanked out, every other byte (and so every place in its
// policies) where it was.
func caseOf(line []byte) []byte {
	c, err := jsontext.Parse(string(line))
	if err != nil {
		return line
	}
	out := slices.Clone(line)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			out[i] = ' '
		}
	}
	c.Members(func(k, v jsontext.Value) bool {
		if !slices.Contains(annotations, k.Str()) {
			return true
		}
		blank(k.Start(), v.End())
		after := v.End()
		for after < len(out) && isSpace(out[after]) {
			after++
		}
		if out[after] == ',' {
			blank(after, after+1)
			return true
		}
		before := k.Start() - 1
		for before > 0 && isSpace(out[before]) {
			before--
		}
		if out[before] == ',' {
			blank(before, before+1)
		}
		return true
	})
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

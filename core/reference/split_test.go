package reference_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/internal/managed"
	"slrplay/core/policy"
	"slrplay/core/reference"
	"slrplay/core/summary"
)

// TestSplitAnswersAsWhole asks, of every AWS managed policy, what the
// page asks: its lint, its summary, and the evaluation of requests for
// actions it names, on "*" and on an S3 object. Each is answered as the
// page does with the name index: from the index alone, then again with
// the details of each service the answer wanted, until it wants none. The
// answer kept must be the whole catalog's, word for word.
func TestSplitAnswersAsWhole(t *testing.T) {
	all := managed.Policies(t)
	text, err := os.ReadFile("catalog.txt")
	if err != nil {
		t.Fatal(err)
	}
	whole := reference.Default()
	index, details, err := reference.Split(string(text))
	if err != nil {
		t.Fatal(err)
	}
	bare, err := reference.Parse(index)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reference.Use(whole) })

	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	if testing.Short() {
		names = names[:100]
	}
	rounds, fetched := 0, 0
	for _, name := range names {
		doc := all[name]
		for i, ask := range questions(t, name, doc, whole) {
			reference.Use(whole)
			want := ask()
			// Each policy starts from the bare index: what it wants is all
			// it gets.
			c := bare
			c.Wanted()
			for round := 0; ; round++ {
				reference.Use(c)
				got := ask()
				wanted := c.Wanted()
				if len(wanted) == 0 {
					if got != want {
						t.Fatalf("%s, question %d, after %d rounds:\n got %s\nwant %s", name, i, round, got, want)
					}
					break
				}
				if round > 3 {
					t.Fatalf("%s, question %d: still wants %v after %d rounds", name, i, wanted, round)
				}
				var b strings.Builder
				for _, p := range wanted {
					b.WriteString(details[p])
				}
				if c, err = c.WithDetails(b.String()); err != nil {
					t.Fatal(err)
				}
				rounds++
				fetched += len(wanted)
			}
		}
	}
	t.Logf("%d policies: %d rounds of details, %d services' details fetched", len(names), rounds, fetched)
}

// questions are the page's calls about one policy, each giving its answer
// as text: lint, summary, and evaluations.
func questions(t *testing.T, name, doc string, whole *reference.Catalog) []func() string {
	lint := func() string {
		report, _, _ := policy.Report(diag.NewSource(name, doc), policy.Identity)
		return string(policy.LintJSON([]policy.FileReport{report}))
	}
	sum := func() string {
		d, _, refused := summary.Read(diag.NewSource(name, doc), policy.Identity)
		if refused != nil {
			return "refused"
		}
		return string(summary.JSON([]summary.File{{Name: name, Summary: summary.Summarize(d, reference.Default())}}))
	}
	out := []func() string{lint, sum}
	for _, action := range requestActions(doc, whole) {
		for _, resource := range []string{"*", "arn:aws:s3:::amzn-s3-demo-bucket/key"} {
			line, _ := json.Marshal(map[string]any{
				"id": name, "identityPolicies": []string{doc},
				"request": map[string]any{"principal": "arn:aws:iam::111122223333:user/alice", "action": action, "resource": resource},
			})
			out = append(out, func() string {
				res, err := eval.RunCase(line, eval.Options{Trace: true})
				if err != nil {
					return "error: " + err.Error()
				}
				return string(res.AppendJSON(nil))
			})
		}
	}
	return out
}

// requestActions are up to three actions a policy names: the first of
// each of its first statements' patterns that covers any.
func requestActions(doc string, whole *reference.Catalog) []string {
	var p struct {
		Statement json.RawMessage
	}
	json.Unmarshal([]byte(doc), &p)
	var stmts []struct{ Action any }
	if json.Unmarshal(p.Statement, &stmts) != nil {
		var one struct{ Action any }
		json.Unmarshal(p.Statement, &one)
		stmts = append(stmts, one)
	}
	var out []string
	for _, st := range stmts {
		var patterns []string
		switch a := st.Action.(type) {
		case string:
			patterns = []string{a}
		case []any:
			for _, x := range a {
				if s, ok := x.(string); ok {
					patterns = append(patterns, s)
				}
			}
		}
		for _, pat := range patterns {
			if len(out) == 3 {
				return out
			}
			acts, _ := whole.Expand(pat)
			if len(acts) > 0 {
				out = append(out, acts[0].FullName())
			} else {
				out = append(out, pat) // an unknown action: its error, with the index's "did you mean"
			}
			break
		}
	}
	return out
}

// TestIndexAloneClaimsNothingFalse: where a service's details never come
// (the page offline), the checks that need them are skipped: lint and
// evaluate with the bare index report nothing the whole catalog does not.
func TestIndexAloneClaimsNothingFalse(t *testing.T) {
	all := managed.Policies(t)
	whole := reference.Default()
	text, err := os.ReadFile("catalog.txt")
	if err != nil {
		t.Fatal(err)
	}
	index, _, err := reference.Split(string(text))
	if err != nil {
		t.Fatal(err)
	}
	bare, err := reference.Parse(index)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reference.Use(whole) })
	findings := func(answer string) []string {
		var v struct {
			Files            []struct{ Findings []json.RawMessage }
			Errors, Warnings []json.RawMessage
		}
		json.Unmarshal([]byte(answer), &v)
		var out []string
		for _, f := range v.Files {
			for _, x := range f.Findings {
				out = append(out, string(x))
			}
		}
		for _, x := range append(v.Errors, v.Warnings...) {
			out = append(out, string(x))
		}
		return out
	}
	skipped := 0
	for name, doc := range all {
		for i, ask := range questions(t, name, doc, whole) {
			if i == 1 {
				continue // the page gives no summary without the details it needs
			}
			reference.Use(whole)
			want := findings(ask())
			reference.Use(bare)
			got := findings(ask())
			for _, f := range got {
				if !slices.Contains(want, f) {
					t.Fatalf("%s, question %d: without details %s, which the whole catalog does not say", name, i, f)
				}
			}
			skipped += len(want) - len(got)
		}
	}
	t.Logf("%d findings the bare index leaves out", skipped)
}

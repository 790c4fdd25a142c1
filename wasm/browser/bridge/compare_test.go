package bridge

import (
	"encoding/json"
	"strings"
	"testing"

	"slrplay/core/compare"
	"slrplay/core/reference"
)

const (
	cmpA = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`
	cmpB = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}`
)

// TestCompareMatchesCore: the page's compare gives what the command line's
// `compare --json` prints (the same core, the same JSON).
func TestCompareMatchesCore(t *testing.T) {
	got := Compare(cmpA, cmpB, "")
	a, _, _ := compare.ReadPolicy("A", "A", cmpA, false)
	b, _, _ := compare.ReadPolicy("B", "B", cmpB, false)
	r, err := compare.Compare(a, b, compare.Options{Catalog: reference.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if got != string(r.JSON()) {
		t.Errorf("bridge %s\ncore   %s", got, r.JSON())
	}
	var out struct {
		Result string
		NewInB []struct{ Sentence string }
	}
	if err := json.Unmarshal([]byte(got), &out); err != nil || out.Result != "broader" || len(out.NewInB) != 1 || !strings.Contains(out.NewInB[0].Sentence, "B adds s3:PutObject") {
		t.Errorf("%v: %s", err, got)
	}
	if got := Compare(cmpA, cmpA, "scp"); !strings.Contains(got, `"equivalent"`) {
		t.Errorf("scp: %s", got)
	}
}

func TestCompareRefuses(t *testing.T) {
	for _, c := range []struct{ a, b, typ, want string }{
		{cmpA, "{\n \"Statement\": [", "", `"policy":"B","line":2`},
		{`{"Statement": {"Effect": "Alow", "Action": "*", "Resource": "*"}}`, cmpB, "", `"policy":"A"`},
		{cmpA, cmpB, "resource", "identity"},
	} {
		if got := Compare(c.a, c.b, c.typ); !strings.Contains(got, c.want) || !strings.Contains(got, `"error"`) {
			t.Errorf("Compare(%q, %q, %q) = %s, want an error with %s", c.a, c.b, c.typ, got, c.want)
		}
	}
}

// TestCompareWithoutReference: before the page loads AWS's catalog,
// compare says so (the requests it compares over are the catalog's).
func TestCompareWithoutReference(t *testing.T) {
	before := reference.Default()
	defer reference.Use(before)
	reference.Use(nil)
	if got := Compare(cmpA, cmpB, ""); !strings.Contains(got, "not loaded") {
		t.Errorf("without the reference: %s", got)
	}
}

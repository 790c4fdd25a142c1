package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePolicies writes policy texts into a temporary directory and returns
// their paths.
func writePolicies(t *testing.T, texts ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, text := range texts {
		p := filepath.Join(dir, string(rune('a'+i))+".json")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

const (
	getOnly = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`
	getPut  = `{"Version": "2012-10-17", "Statement": [{"Sid": "Put", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}`
)

// compareJSON is CONTRACT 7's shape; decoding rejects any other field.
type compareJSON struct {
	Result, Headline string
	NewInB, NewInA   []struct {
		Request struct {
			Principal, Action, Resource, ResourceAccount string
			Context                                      map[string]any
		}
		Statements []map[string]any
		Actions    []string
		Sentence   string
	}
	Unknown []struct {
		Statement map[string]any
		Reason    string
	}
}

func TestCompareCommand(t *testing.T) {
	p := writePolicies(t, getOnly, getPut)
	code, out, stderr := slrplay(t, "", "compare", p[0], p[1])
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"broader: B allows everything A allows, and more", `B adds s3:PutObject on arn:aws:s3:::b/*`, `statement 0 "Put"`} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	// The reverse question, as JSON.
	code, out, _ = slrplay(t, "", "compare", "--json", p[1], p[0])
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got compareJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if got.Result != "narrower" || len(got.NewInA) != 1 || len(got.NewInB) != 0 {
		t.Fatalf("got %+v", got)
	}
	w := got.NewInA[0]
	if w.Request.Action != "s3:PutObject" || !strings.HasPrefix(w.Request.Resource, "arn:aws:s3:::b/") || w.Request.Context == nil || len(w.Statements) != 1 {
		t.Errorf("witness %+v", w)
	}
	// The same policy twice: equivalent, still exit 0.
	if code, out, _ := slrplay(t, "", "compare", p[0], p[0]); code != 0 || !strings.Contains(out, "equivalent") {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestCompareSCP(t *testing.T) {
	p := writePolicies(t,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}`)
	code, out, stderr := slrplay(t, "", "compare", "--type", "scp", p[0], p[1])
	if code != 0 || !strings.Contains(out, "narrower") || !strings.Contains(out, "A adds s3:DeleteBucket") {
		t.Errorf("exit %d: %s%s", code, out, stderr)
	}
}

func TestCompareBadInput(t *testing.T) {
	p := writePolicies(t, getOnly, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"compare", p[0], p[1]}, filepath.Base(p[1]) + ":3:"},
		{[]string{"compare", p[0]}, "give two policies"},
		{[]string{"compare", p[0], p[0], p[0]}, "give two policies"},
		{[]string{"compare", p[0], filepath.Join(filepath.Dir(p[0]), "missing.json")}, "missing.json"},
		{[]string{"compare", "--type", "resource", p[0], p[0]}, "identity or scp"},
		{[]string{"compare", "--nope", p[0], p[0]}, "nope"},
	}
	for _, tt := range tests {
		code, out, stderr := slrplay(t, "", tt.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, stderr, tt.want)
		}
	}
}

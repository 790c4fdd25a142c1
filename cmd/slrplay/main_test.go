package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const corpus = "../../testdata/policies/"

// slrplay runs the command line in-process and returns its status and output.
func slrplay(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestLintExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"lint", corpus + "workmail-console-mfa-region.json"}, 0},
		{[]string{"lint", corpus + "missing-version.json"}, 0},             // warnings only
		{[]string{"lint", "--strict", corpus + "missing-version.json"}, 1}, // --strict: any finding
		{[]string{"lint", corpus + "workmail-read-only.json"}, 1},
		{[]string{"lint", corpus + "workmail-console-mfa-region.json", corpus + "invalid-effect.json"}, 1},
		{[]string{"lint", corpus + "no-such-file.json"}, 2},
		{[]string{"lint", corpus + "invalid-effect.json", corpus + "no-such-file.json"}, 2},
		{[]string{"lint"}, 2},
		{[]string{"lint", "--type", "bogus", corpus + "admin.json"}, 2},
		{[]string{"lint", "--nope", corpus + "admin.json"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{}, 2},
		{[]string{"help"}, 0},
	}
	for _, tc := range tests {
		if got, _, stderr := slrplay(t, "", tc.args...); got != tc.want {
			t.Errorf("slrplay %v: exit %d, want %d (stderr %q)", tc.args, got, tc.want, stderr)
		}
	}
}

func TestLintText(t *testing.T) {
	code, out, _ := slrplay(t, "", "lint", corpus+"workmail-read-only.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	want := corpus + "workmail-read-only.json:1:91: error: expected ',' between array elements: add one after \"ses:Describe*\" [JSON_SYNTAX_ERROR]\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("output starts\n%q\nwant\n%q", out, want)
	}
	if !strings.Contains(out, "1:300: error: unexpected '}' after the end of the document") {
		t.Errorf("stray brace not reported:\n%s", out)
	}
}

func TestLintStdinAndType(t *testing.T) {
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`
	code, out, _ := slrplay(t, trust, "lint", "-")
	if code != 0 || !strings.Contains(out, "<stdin>: no findings (role trust policy)") {
		t.Errorf("detected: exit %d, %q", code, out)
	}
	// The same text as an identity policy: Principal is not allowed there.
	code, out, _ = slrplay(t, trust, "lint", "-", "--type", "identity")
	if code != 1 || !strings.Contains(out, "<stdin>:1:") || !strings.Contains(out, "[UNSUPPORTED_PRINCIPAL]") || !strings.Contains(out, "[MISSING_RESOURCE]") {
		t.Errorf("as identity: exit %d, %q", code, out)
	}
}

// TestLintJSON: --json prints Access Analyzer's finding shape (CONTRACT 1.1).
func TestLintJSON(t *testing.T) {
	code, out, _ := slrplay(t, "", "lint", "--json", corpus+"invalid-effect.json", corpus+"resource-bucket-policy.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Files []struct {
			File       string `json:"file"`
			PolicyType string `json:"policyType"`
			Valid      bool   `json:"valid"`
			Findings   []struct {
				FindingType, IssueCode, FindingDetails, LearnMoreLink string
				Locations                                             []struct {
					Path []map[string]any `json:"path"`
					Span struct {
						Start struct{ Line, Column, Offset int } `json:"start"`
						End   struct{ Line, Column, Offset int } `json:"end"`
					} `json:"span"`
				} `json:"locations"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Files) != 2 || got.Files[0].Valid || !got.Files[1].Valid || got.Files[1].PolicyType != "resource" || got.Files[1].Findings == nil {
		t.Fatalf("files: %+v", got.Files)
	}
	f := got.Files[0].Findings[0]
	text, _ := os.ReadFile(corpus + "invalid-effect.json")
	off := bytes.Index(text, []byte(`"allow"`))
	loc := f.Locations[0]
	if f.FindingType != "ERROR" || f.IssueCode != "INVALID_EFFECT" ||
		!strings.HasSuffix(f.LearnMoreLink, "#access-analyzer-reference-policy-checks-error-invalid-effect") ||
		loc.Span.Start.Offset != off || loc.Span.End.Offset != off+7 || loc.Span.Start.Line != 5 || loc.Span.Start.Column != 22 {
		t.Errorf("finding %+v", f)
	}
	path, _ := json.Marshal(loc.Path)
	if string(path) != `[{"value":"Statement"},{"index":0},{"value":"Effect"}]` {
		t.Errorf("path %s", path)
	}
}

func TestLintManyFiles(t *testing.T) {
	files, _ := filepath.Glob(corpus + "*.json")
	code, out, _ := slrplay(t, "", append([]string{"lint"}, files...)...)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	for _, f := range files {
		if !strings.Contains(out, f) {
			t.Errorf("no output for %s", f)
		}
	}
}

// TestUsage: --help names serve's real defaults (read from its own flags)
// and the exit statuses a script can rely on.
func TestUsage(t *testing.T) {
	code, out, _ := slrplay(t, "", "--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	_, _, flags := slrplay(t, "", "serve", "-h")
	for _, name := range []string{"addr", "dir"} {
		m := regexp.MustCompile(`(?m)^\s+-` + name + ` .*\n.*\(default "([^"]*)"\)`).FindStringSubmatch(flags)
		if m == nil {
			t.Fatalf("serve -h names no default for --%s:\n%s", name, flags)
		}
		if want := "[--" + name + " " + m[1] + "]"; !strings.Contains(out, want) {
			t.Errorf("usage does not say serve's default %s", want)
		}
	}
	for _, want := range []string{"exit status", "\n  0  ok; a denied request is an answer", "\n  1  an ERROR finding", "failed expectation (run)", "\n  2  a usage or input error"} {
		if !strings.Contains(out, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

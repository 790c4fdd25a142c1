package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scenarios = "../../testdata/scenarios/"

func TestRun(t *testing.T) {
	code, out, _ := slrplay(t, "", "run", scenarios+"workmail-event-logging.json")
	if code != 0 || !strings.Contains(out, "error UnmodifiableEntity") || !strings.Contains(out, "every expectation met") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = slrplay(t, "", "run", "--json", scenarios+"trust-policy.json")
	var tr struct {
		OK    bool
		Steps []struct {
			Op            string
			Authorization *struct{ EvalDecision string }
		}
	}
	if err := json.Unmarshal([]byte(out), &tr); err != nil || code != 0 || !tr.OK || len(tr.Steps) != 3 || tr.Steps[1].Authorization.EvalDecision != "implicitDeny" {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}
}

func TestRunFailures(t *testing.T) {
	dir := t.TempDir()
	failing := filepath.Join(dir, "failing.json")
	os.WriteFile(failing, []byte(`{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a"}},
  "steps": [{"as": "a", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "ses.amazonaws.com"}, "expect": {"evalDecision": "allowed"}}]}`), 0o644)
	if code, out, _ := slrplay(t, "", "run", failing); code != 1 || !strings.Contains(out, "EXPECTED OTHERWISE") {
		t.Errorf("failing expectation: exit %d\n%s", code, out)
	}
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte("{\"scenario\": 1, \"steps\": [\n {\"as\": \"a\", \"op\": \"iam:Nope\"}]}"), 0o644)
	if code, _, stderr := slrplay(t, "", "run", broken); code != 2 || !strings.Contains(stderr, "broken.json:2:") {
		t.Errorf("broken document: exit %d, %q", code, stderr)
	}
	if code, _, _ := slrplay(t, "", "run"); code != 2 {
		t.Error("no file: want exit 2")
	}
}

// TestRunBounded: a document that would make a transcript a thousand times
// its size (a principal's 900 KB ARN in each of 1000 denials) is refused at
// the step where the transcript passes its bound, naming it, and prints no
// transcript; so is a document over 1 MiB on stdin.
func TestRunBounded(t *testing.T) {
	steps := make([]string, 1000)
	for i := range steps {
		steps[i] = `{"as": "a", "op": "iam:GetRole", "input": {"RoleName": "x"}}`
	}
	doc := `{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/` + strings.Repeat("a", 900_000) + `"}},
 "steps": [` + strings.Join(steps, ",\n") + `]}`
	file := filepath.Join(t.TempDir(), "hostile.json")
	os.WriteFile(file, []byte(doc), 0o644)
	for _, args := range [][]string{{"run", file}, {"run", "--json", file}} {
		code, out, stderr := slrplay(t, "", args...)
		if code != 2 || out != "" || !strings.Contains(stderr, "hostile.json:11:1: step 9:") ||
			!strings.Contains(stderr, "step 9: the transcript passes 8388608 bytes (8 MiB)") || len(stderr) > 400 {
			t.Errorf("%v: exit %d, %d bytes out, stderr %.300q", args, code, len(out), stderr)
		}
	}
	big := `{"scenario": 1, "description": "` + strings.Repeat("x", 5<<20) + `", "steps": []}`
	if code, out, stderr := slrplay(t, big, "run", "-"); code != 2 || out != "" || !strings.Contains(stderr, "<stdin> is over 1 MiB") {
		t.Errorf("5 MiB on stdin: exit %d, %q", code, stderr)
	}
}

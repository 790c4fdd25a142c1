package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const scenarios = "../../testdata/scenarios/"

// TestRunText: the text transcript of every gallery scenario keeps within
// 100 columns and cuts nothing; two of them equal their golden text
// (go test ./cmd/slrplay -run TestRunText -update rewrites it), which shows
// the lesson's description, a deletion's Status and its RoleUsageList whole,
// and which resource each service:DeleteResource removed.
func TestRunText(t *testing.T) {
	files, _ := filepath.Glob(scenarios + "*.json")
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		code, out, stderr := slrplay(t, "", "run", file)
		if code != 0 || stderr != "" {
			t.Errorf("%s: exit %d, %s", file, code, stderr)
		}
		for i, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > 100 {
				t.Errorf("%s:%d: %d columns: %s", filepath.Base(file), i+1, n, line)
			}
		}
	}
	for _, name := range []string{"six-resources-five-reported", "workmail-event-logging"} {
		_, out, _ := slrplay(t, "", "run", scenarios+name+".json")
		golden := filepath.Join("testdata", "run", name+".txt")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			os.WriteFile(golden, []byte(out), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("no golden text (go test ./cmd/slrplay -run TestRunText -update): %v", err)
		}
		if out != string(want) {
			t.Errorf("%s: the transcript differs from %s:\n%s", name, golden, out)
		}
	}
	_, out, _ := slrplay(t, "", "run", scenarios+"six-resources-five-reported.json")
	for _, want := range []string{
		"Here the service\nreports at most five",
		"   Status: FAILED\n   Reason:\n",
		"           - arn:aws:ses:us-east-1:111122223333:configuration-set/set-5\n",
		"9. admin: service:DeleteResource\n   removed: arn:aws:ses:us-east-1:111122223333:configuration-set/set-1 (ses.amazonaws.com,\n     us-east-1)\n",
		"   Status: SUCCEEDED\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
}

// TestWrap: a long value wraps within the width, at spaces, else after an
// ARN's / or :, else anywhere; nothing of it is lost.
func TestWrap(t *testing.T) {
	var b strings.Builder
	p := printer{w: &b}
	arn := "arn:aws:iam::111122223333:role/" + strings.Repeat("x", 60) + "/" + strings.Repeat("y", 150)
	p.wrap("   Arn: ", "     ", arn)
	p.wrap("   Arn: ", "     ", "arn:aws:iam::111122223333:role/"+strings.Repeat("z", 70))
	want := "   Arn: arn:aws:iam::111122223333:role/" + strings.Repeat("x", 60) + "/\n" +
		"     " + strings.Repeat("y", 95) + "\n" +
		"     " + strings.Repeat("y", 55) + "\n" +
		"   Arn: arn:aws:iam::111122223333:role/\n" +
		"     " + strings.Repeat("z", 70) + "\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

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

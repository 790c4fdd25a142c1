package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const summaries = "../../testdata/summary/"

// TestSummarizeGolden compares what summarize prints, as text and as
// JSON, with the golden files (-update rewrites them).
func TestSummarizeGolden(t *testing.T) {
	for _, name := range []string{"summary-all-elements", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess", "IAMUserChangePassword"} {
		for _, format := range []string{"txt", "json"} {
			args := []string{"summarize", summaries + name + ".json"}
			if format == "json" {
				args = append(args, "--json")
			}
			code, out, stderr := slrplay(t, "", args...)
			if code != 0 || stderr != "" {
				t.Fatalf("%s: exit %d: %s", name, code, stderr)
			}
			golden := summaries + name + ".golden." + format
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("%s differs from %s (go test -run Summarize -update rewrites it):\n%s", name, golden, out)
			}
		}
	}
}

// summarizeJSON is CONTRACT 6's shape; decoding rejects any other field.
type summarizeJSON struct {
	Files []struct {
		File     string
		Services []struct {
			Service, Name, Effect, AccessLevel string
			Levels                             map[string]struct{ Granted, Total int }
			Resources, Conditions, Actions     []string
		}
		Uncategorized struct{ Services, Actions []string }
		Warnings      []string
	}
}

func decodeSummary(t *testing.T, out string) summarizeJSON {
	t.Helper()
	var got summarizeJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v:\n%.2000s", err, out)
	}
	return got
}

func TestSummarizeJSON(t *testing.T) {
	code, out, stderr := slrplay(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "summarize", "--json", "-", summaries+"AmazonS3ReadOnlyAccess.json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := decodeSummary(t, out)
	if len(got.Files) != 2 || got.Files[0].File != "<stdin>" {
		t.Fatalf("%+v", got.Files)
	}
	admin := got.Files[0]
	if len(admin.Services) < 400 || len(admin.Warnings) != 0 || admin.Uncategorized.Services == nil || admin.Uncategorized.Actions == nil {
		t.Errorf("AdministratorAccess: %d services, warnings %q, uncategorized %+v", len(admin.Services), admin.Warnings, admin.Uncategorized)
	}
	for _, s := range admin.Services {
		if s.AccessLevel != "Full access" || s.Effect != "Allow" || s.Conditions == nil || len(s.Actions) == 0 {
			t.Fatalf("%+v", s)
		}
		n := 0
		for level, c := range s.Levels {
			if c.Granted != c.Total || !strings.Contains("List Read Write Permissions management Tagging", level) {
				t.Errorf("%s %s: %+v", s.Service, level, c)
			}
			n += c.Total
		}
		if n != len(s.Actions) {
			t.Errorf("%s: levels count %d actions, %d listed", s.Service, n, len(s.Actions))
		}
	}
	// S3's levels in the console's order.
	s3Out := out[strings.Index(out, `"service": "s3"`):]
	last := 0
	for _, level := range []string{"List", "Read", "Write", "Permissions management", "Tagging"} {
		i := strings.Index(s3Out, `"`+level+`"`)
		if i < last {
			t.Errorf("%s out of the console's order:\n%.600s", level, s3Out)
		}
		last = i
	}
	s3 := got.Files[1].Services
	if len(s3) != 2 || s3[0].Service != "s3" || s3[0].Name != "Amazon S3" || s3[0].Levels["List"].Granted != s3[0].Levels["List"].Total || s3[0].Levels["Write"].Granted != 0 {
		t.Errorf("AmazonS3ReadOnlyAccess: %+v", s3)
	}
}

func TestSummarizeExitCodes(t *testing.T) {
	invalid := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}`
	for _, c := range []struct {
		name, stdin string
		args        []string
		want        int
		stdout      string // a part of standard output
		stderr      string // a part of standard error
	}{
		{"valid", "", []string{summaries + "IAMUserChangePassword.json"}, 0, "Limited: Read, Write", ""},
		{"warnings are an answer", "", []string{summaries + "summary-all-elements.json"}, 0, "uncategorized service: codedploy (did you mean codedeploy?)", ""},
		{"invalid policy: lint's findings", invalid, []string{"-"}, 1, "", "<stdin>:1:37: error: "},
		{"invalid policy in JSON", invalid, []string{"--json", "-"}, 1, `"files": []`, "MISSING_ACTION"},
		{"--type", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, []string{"--type", "scp", "-"}, 0, "service control policy", ""},
		{"unreadable file", "", []string{summaries + "no-such.json", summaries + "IAMUserChangePassword.json"}, 2, "IAMUserChangePassword.json", "no-such.json"},
		{"no file", "", nil, 2, "", "no files given"},
		{"unknown type", "", []string{"--type", "role", "-"}, 2, "", "role"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := slrplay(t, c.stdin, append([]string{"summarize"}, c.args...)...)
			if code != c.want || !strings.Contains(out, c.stdout) || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, c.want, out, stderr)
			}
			if c.want == 1 && !strings.Contains(out, `"files"`) && out != "" {
				t.Errorf("a summary of a policy that does not validate:\n%s", out)
			}
		})
	}
}

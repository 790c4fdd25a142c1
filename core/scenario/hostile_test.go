package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"slrplay/core/share"
)

// hostile is a document under the loader's caps whose transcript would
// repeat one large value in every step: 1000 steps of a principal with a
// 900 KB ARN, all denied, make a transcript of 900 MB; a role with a 900 KB
// path shows it in every step's state.
func hostile(t testing.TB, big string) []byte {
	steps := make([]map[string]any, 1000)
	for i := range steps {
		steps[i] = map[string]any{"as": "a", "op": "iam:GetRole", "input": map[string]any{"RoleName": "x"}}
	}
	arn := "arn:aws:iam::111122223333:user/a"
	var policies []any
	switch big {
	case "arn":
		arn += strings.Repeat("a", 900_000)
	case "path":
		policies = []any{map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}
		steps[0] = map[string]any{"as": "a", "op": "iam:CreateRole", "input": map[string]any{
			"RoleName": "big", "Path": "/" + strings.Repeat("p", 900_000) + "/", "AssumeRolePolicyDocument": ec2Trust}}
	case "many":
		// 1000 steps of 9 KB each: no step too large, the whole too large.
		arn += strings.Repeat("a", 9_000)
	}
	doc, err := json.Marshal(map[string]any{"scenario": 1, "principals": map[string]any{"a": map[string]any{"arn": arn, "policies": policies}}, "steps": steps})
	if err != nil || len(doc) > share.MaxScenario {
		t.Fatalf("the hostile document is %d bytes: %v", len(doc), err)
	}
	return doc
}

// TestErrorsAreShort: an error names what it refuses without repeating it
// whole: a 500 KB name is cut in the message.
func TestErrorsAreShort(t *testing.T) {
	huge := strings.Repeat("é", 250_000)
	for _, doc := range []string{
		`{"scenario": 1, "steps": [{"as": "a", "op": "` + huge + `"}]}`,
		`{"scenario": 1, "steps": [{"as": "` + huge + `", "op": "iam:GetRole"}]}`,
		`{"scenario": 1, "` + huge + `": 1, "steps": []}`,
		`{"scenario": 1, "steps": [{"op": "iam:GetRole", "input": {"` + huge + `": 1}}]}`,
		`{"scenario": 1, "steps": [{"op": "iam:GetRole", "input": {"` + huge + `": 1, "` + huge + `": 1}}]}`,
		`{"scenario": 1, "account": "` + huge + `", "steps": []}`,
		`{"scenario": 1, "start": "` + huge + `", "steps": []}`,
		`{"scenario": 1, "principals": {"` + huge + `": {}}, "steps": []}`,
		`{"scenario": 1, "steps": [{"op": "clock:Advance", "input": {"Seconds": "` + huge + `"}}]}`,
	} {
		_, err := Load("s.json", []byte(doc))
		if err == nil || len(err.Error()) > 400 || !utf8.ValidString(err.Error()) {
			t.Errorf("%d bytes of error: %.400s", len(fmt.Sprint(err)), err)
		}
	}
}

// TestTranscriptBounded: a run that would pass MaxStepRecord or
// MaxTranscript is refused at the step that passes it, with its place and
// the bound, having allocated a bounded amount on the way (the 900 MB
// transcripts allocated gigabytes).
func TestTranscriptBounded(t *testing.T) {
	for _, tc := range []struct{ big, want string }{
		{"arn", "step 9: the transcript passes 8388608 bytes (8 MiB) here"},
		{"path", "step 0: its record in the transcript is"},
		{"many", "the transcript passes 8388608 bytes (8 MiB) here"},
	} {
		t.Run(tc.big, func(t *testing.T) {
			doc := hostile(t, tc.big)
			s, err := Load("hostile.json", doc)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			tr, err := s.Run()
			runtime.ReadMemStats(&after)
			e, ok := err.(*Error)
			if !ok || tr != nil || !strings.Contains(e.Message, tc.want) {
				t.Fatalf("Run: %v, want a refusal %q", err, tc.want)
			}
			if e.Pos.Line != 1 || e.File != "hostile.json" {
				t.Errorf("refusal placed at %+v in %s", e.Pos, e.File)
			}
			if len(e.Error()) > 300 {
				t.Errorf("the refusal repeats the document: %d bytes", len(e.Error()))
			}
			// The steps before the refused one make a transcript within the bound.
			var k int
			fmt.Sscanf(e.Message, "step %d:", &k)
			if tc.big == "many" {
				var d map[string]any
				json.Unmarshal(doc, &d)
				d["steps"] = d["steps"].([]any)[:k]
				shorter, _ := json.Marshal(d)
				s, _ := Load("shorter.json", shorter)
				tr, err := s.Run()
				if err != nil {
					t.Fatalf("the first %d steps: %v", k, err)
				}
				if n := len(tr.AppendJSON(nil)); n > MaxTranscript || n < MaxTranscript-MaxStepRecord {
					t.Errorf("the first %d steps make %d bytes: the refusal was not at the bound", k, n)
				}
			}
			t.Logf("%s; allocated %d MB", e.Message, (after.TotalAlloc-before.TotalAlloc)>>20)
			// Allocated in all: a few times the transcript's bound, not
			// its thousand-fold.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 6*MaxTranscript {
				t.Errorf("the refused run allocated %d MB", alloc>>20)
			}
		})
	}
}

// TestSizerExact: the size Run counts for each step is its record's length
// in the transcript, byte for byte, on every gallery scenario.
func TestSizerExact(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/scenarios/*.json")
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		text, _ := os.ReadFile(file)
		s, err := Load(file, text)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := s.Run()
		if err != nil {
			t.Fatal(err)
		}
		var z sizer
		for i := range tr.Steps {
			if got, want := z.size(&tr.Steps[i]), len(tr.Steps[i].AppendJSON(nil)); got != want {
				t.Errorf("%s step %d: counted %d bytes, the record has %d", filepath.Base(file), i, got, want)
			}
		}
	}
}

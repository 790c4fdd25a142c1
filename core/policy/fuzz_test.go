package policy_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// FuzzParse: whatever the text, linting it as any policy type ends without a
// panic, and every finding points inside the input.
//
//	go test ./core/policy -run '^$' -fuzz FuzzParse
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(policy.BenchPolicy(1))
	f.Add(`%7B%22Statement%22%3A%5B%5D%7D`)
	f.Add(`{"PolicyDocument": "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:${aws:username\"}}"}`)
	f.Fuzz(func(t *testing.T, text string) {
		runes := utf8.RuneCountInString(text)
		for typ := policy.Identity; typ <= policy.Session; typ++ {
			src := diag.NewSource("fuzz", text)
			_, _, findings := policy.Lint(src, typ)
			for _, fd := range findings {
				places := append([]diag.Place{{Span: fd.Span, Range: fd.Range}}, fd.More...)
				for _, p := range places {
					if p.Span.Start < 0 || p.Span.End > len(text) || p.Span.Start > p.Span.End {
						t.Fatalf("%s: span %+v outside the %d-byte input", fd.Code, p.Span, len(text))
					}
					if p.Range.End.Offset > runes || p.Range.Start.Line < 1 {
						t.Fatalf("%s: range %+v outside the input", fd.Code, p.Range)
					}
				}
				if _, ok := policy.Severity(fd.Code); !ok {
					t.Fatalf("unknown issue code %s", fd.Code)
				}
			}
		}
	})
}

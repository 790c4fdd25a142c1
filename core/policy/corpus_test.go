package policy_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

const corpusDir = "../../testdata/policies"

// corpusType is the policy type a corpus file is linted as: its name's prefix
// when that names a type (scp-..., trust-...), else detected.
func corpusType(name string) policy.Type {
	prefix, _, _ := strings.Cut(filepath.Base(name), "-")
	if t, err := policy.ParseType(prefix); err == nil {
		return t
	}
	return policy.Auto
}

// golden renders findings as the command line does, then the path of each
// finding, so a golden file shows both what a person reads and what a tool reads.
func golden(src *diag.Source, typ policy.Type, findings diag.List) []byte {
	var b bytes.Buffer
	b.WriteString("# linted as " + typ.String() + "\n")
	diag.Render(&b, src, findings)
	for _, f := range findings {
		paths, _ := json.Marshal(f.Report().Locations)
		b.WriteString(f.Code + " " + string(paths) + "\n")
	}
	return b.Bytes()
}

// marshal is v as encoding/json writes it: the reference the core's own
// JSON writing is checked against.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCorpus lints every policy under testdata/policies and compares the
// findings with the .golden file beside it (go test -update rewrites them).
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	n := 0
	for _, file := range files {
		if strings.HasSuffix(file, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src := diag.NewSource(filepath.Base(file), string(text))
			_, used, findings := policy.Lint(src, corpusType(file))
			for _, f := range findings {
				if f.Span.Start < 0 || f.Span.End > len(text) || f.Span.Start > f.Span.End {
					t.Errorf("%s: span %v outside the input", f.Code, f.Span)
				}
				if f.Link == "" || f.Message == "" {
					t.Errorf("%s: no message or link", f.Code)
				}
			}
			report, _, _ := policy.Report(src, used)
			if got, want := string(report.AppendJSON(nil)), marshal(t, report); got != want {
				t.Errorf("lint JSON differs from encoding/json's:\n%s\n%s", got, want)
			}
			got := golden(src, used, findings)
			want, err := os.ReadFile(file + ".golden")
			if *update {
				if err := os.WriteFile(file+".golden", got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err != nil {
				t.Fatalf("no golden file (run go test ./core/policy -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("findings differ from %s.golden:\n--- got\n%s\n--- want\n%s", filepath.Base(file), got, want)
			}
		})
	}
	if n < 40 {
		t.Errorf("corpus has %d policies; expected the full corpus", n)
	}
}

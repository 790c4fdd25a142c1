package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"slrplay/core/compare"
	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/reference"
)

// compareCmd answers whether B allows a request A does not, and the
// reverse (CONTRACT 7). The answer, whatever it is, exits 0; a file that
// cannot be read or a policy that does not validate is an input error:
// exit 2, with lint's findings at file:line:col.
func compareCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the comparison as JSON (CONTRACT 7)")
	typeName := fs.String("type", "identity", "compare as identity policies or as scp (which requests each SCP lets through)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) != 2 {
		fmt.Fprintf(stderr, "slrplay compare: give two policies, A and B (got %d)\n", len(files))
		return 2
	}
	var scp bool
	switch *typeName {
	case "identity":
	case "scp":
		scp = true
	default:
		fmt.Fprintf(stderr, "slrplay compare: --type %s: compare takes identity or scp\n", *typeName)
		return 2
	}
	var pols [2]*eval.Policy
	for i, name := range files {
		text, err := readPolicy(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay compare: %v\n", err)
			return 2
		}
		p, src, findings := compare.ReadPolicy(string(rune('A'+i)), displayName(name), text, scp)
		if p == nil {
			kind := "an identity policy"
			if scp {
				kind = "an SCP"
			}
			fmt.Fprintf(stderr, "slrplay compare: %s is not valid as %s:\n", src.Name, kind)
			var errs diag.List
			for _, f := range findings {
				if f.Severity == diag.Error {
					errs = append(errs, f)
				}
			}
			diag.Render(stderr, src, errs)
			return 2
		}
		pols[i] = p
	}
	r, err := compare.Compare(pols[0], pols[1], compare.Options{SCP: scp, Catalog: reference.Default()})
	if err != nil {
		fmt.Fprintf(stderr, "slrplay compare: %v\n", err)
		return 2
	}
	if *asJSON {
		var b bytes.Buffer
		json.Indent(&b, r.JSON(), "", "  ")
		b.WriteByte('\n')
		stdout.Write(b.Bytes())
		return 0
	}
	fmt.Fprintf(stdout, "A = %s, B = %s\n", files[0], files[1])
	io.WriteString(stdout, limitLines(r.Text(), maxCompareLines))
	return 0
}

// maxCompareLines keeps the text at a glance; --json lists everything.
const maxCompareLines = 40

// limitLines keeps the first n lines of text and says how many it left out.
func limitLines(text string, n int) string {
	lines := bytes.SplitAfter([]byte(text), []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= n {
		return text
	}
	out := bytes.Join(lines[:n], nil)
	return string(out) + fmt.Sprintf("  ... and %d more (--json lists them all)\n", len(lines)-n)
}

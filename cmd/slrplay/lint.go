package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

func lintCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print findings as JSON (Access Analyzer's shape)")
	strict := fs.Bool("strict", false, "exit 1 on any finding, not only errors")
	typeName := fs.String("type", "", "policy type: identity, resource, trust, scp, rcp, boundary or session (default: detected)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, "slrplay lint: no files given (use - for standard input)\n")
		return 2
	}
	typ := policy.Auto
	if *typeName != "" {
		if typ, err = policy.ParseType(*typeName); err != nil {
			fmt.Fprintf(stderr, "slrplay lint: %v\n", err)
			return 2
		}
	}
	status := 0
	var results []policy.FileReport
	for _, name := range files {
		text, err := readPolicy(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay lint: %v\n", err)
			status = 2
			continue
		}
		src := diag.NewSource(displayName(name), text)
		report, used, findings := policy.Report(src, typ)
		if findings.HasErrors() || *strict && len(findings) > 0 {
			status = max(status, 1)
		}
		if *asJSON {
			results = append(results, report)
			continue
		}
		if len(findings) == 0 {
			fmt.Fprintf(stdout, "%s: no findings (%s)\n", src.Name, used.Title())
			continue
		}
		diag.Render(stdout, src, findings)
	}
	if *asJSON {
		var out bytes.Buffer
		json.Indent(&out, policy.LintJSON(results), "", "  ")
		out.WriteByte('\n')
		stdout.Write(out.Bytes())
	}
	return status
}

// parseInterspersed parses flags that may come before, between or after the
// file arguments, as users type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

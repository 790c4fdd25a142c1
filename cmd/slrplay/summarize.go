package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"slrplay/core/diag"
	"slrplay/core/policy"
	"slrplay/core/reference"
	psummary "slrplay/core/summary"
)

// summarizeCmd prints what each policy grants per service, as the IAM
// console's policy summary shows it (CONTRACT 6). A policy must validate
// first: one with an ERROR finding gets lint's findings on standard error,
// no summary, and exit status 1, as lint would give it (a summary of a
// policy AWS refuses would describe nothing real). An unreadable file is
// exit 2. Warnings of the summary itself, such as an unknown action, are
// part of the answer: exit 0.
func summarizeCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the summaries as JSON (CONTRACT 6)")
	typeName := fs.String("type", "", "policy type: identity, resource, trust, scp, rcp, boundary or session (default: detected)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, "slrplay summarize: no files given (use - for standard input)\n")
		return 2
	}
	typ := policy.Auto
	if *typeName != "" {
		if typ, err = policy.ParseType(*typeName); err != nil {
			fmt.Fprintf(stderr, "slrplay summarize: %v\n", err)
			return 2
		}
	}
	c := reference.Default()
	status := 0
	var out []psummary.File
	for i, name := range files {
		text, err := readPolicy(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay summarize: %v\n", err)
			status = 2
			continue
		}
		src := diag.NewSource(displayName(name), text)
		doc, used, refused := psummary.Read(src, typ)
		if refused != nil {
			fmt.Fprintf(stderr, "slrplay summarize: %s is not a valid %s; nothing to summarize:\n", src.Name, used.Title())
			diag.Render(stderr, src, refused)
			status = max(status, 1)
			continue
		}
		sum := psummary.Summarize(doc, c)
		if *asJSON {
			out = append(out, psummary.File{Name: src.Name, Summary: sum})
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		renderSummary(stdout, src.Name, used, sum, c)
	}
	if *asJSON {
		var b bytes.Buffer
		json.Indent(&b, psummary.JSON(out), "", "  ")
		b.WriteByte('\n')
		stdout.Write(b.Bytes())
	}
	return status
}

// renderSummary prints a summary for a reader: a table of the console's
// columns (service, effect, access level, actions covered, resource,
// request condition), denies first, each resource and condition on its
// own line; then what the reference does not know, with what was likely
// meant; then the warnings.
func renderSummary(w io.Writer, name string, typ policy.Type, s *psummary.Summary, c *reference.Catalog) {
	fmt.Fprintf(w, "%s: %s, %s\n", name, typ.Title(), plural(len(s.Services), "service row"))
	if len(s.Services) > 0 {
		rows := [][][]string{{{"SERVICE"}, {"EFFECT"}, {"ACCESS LEVEL"}, {"ACTIONS"}, {"RESOURCE"}, {"REQUEST CONDITION"}}}
		for _, r := range s.Services {
			granted, total := 0, 0
			for _, l := range r.Levels {
				granted += l.Granted
				total += l.Total
			}
			conds := r.Conditions
			if len(conds) == 0 {
				conds = []string{"None"}
			}
			rows = append(rows, [][]string{{r.Service.Name}, {r.Effect}, {r.AccessLevel}, {fmt.Sprintf("%d/%d", granted, total)}, orNone(r.Resources), conds})
		}
		writeTable(w, rows)
	}
	for _, p := range s.Uncategorized.Services {
		fmt.Fprintf(w, "uncategorized service: %s%s\n", p, didYouMean(c.SuggestServices(p)))
	}
	for _, a := range s.Uncategorized.Actions {
		fmt.Fprintf(w, "uncategorized action: %s%s\n", a, didYouMean(c.Suggest(a)))
	}
	for _, m := range s.Warnings {
		fmt.Fprintf(w, "warning: %s\n", m)
	}
}

func orNone(list []string) []string {
	if len(list) == 0 {
		return []string{"None"}
	}
	return list
}

func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(names, " or ") + "?)"
}

// writeTable writes rows of cells, a cell holding one or more lines,
// columns padded to their widest line.
func writeTable(w io.Writer, rows [][][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			for _, line := range cell {
				widths[i] = max(widths[i], len(line))
			}
		}
	}
	var b strings.Builder
	for _, r := range rows {
		height := 0
		for _, cell := range r {
			height = max(height, len(cell))
		}
		for l := range height {
			b.Reset()
			for i, cell := range r {
				text := ""
				if l < len(cell) {
					text = cell[l]
				}
				if i == len(r)-1 {
					b.WriteString(text)
				} else {
					fmt.Fprintf(&b, "%-*s  ", widths[i], text)
				}
			}
			fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		}
	}
}

package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"slrplay/core/jsontext"
	"slrplay/core/scenario"
)

// runCmd replays scenarios and prints their transcripts; exit 1 if a step's
// expectation fails.
func runCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the transcript as JSON (CONTRACT 2.4)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, "slrplay run: no scenario given\n")
		return 2
	}
	status := 0
	for _, file := range files {
		text, err := readInput(file, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay run: %v\n", err)
			status = 2
			continue
		}
		s, err := scenario.Load(displayName(file), []byte(text))
		if err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			status = 2
			continue
		}
		t, err := s.Run()
		if err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			status = 2
			continue
		}
		if !t.OK {
			status = max(status, 1)
		}
		if *asJSON {
			writeJSONLine(stdout, t)
			continue
		}
		renderTranscript(stdout, t)
	}
	return status
}

// renderTranscript tells a run as a lesson: each step, who asked, whether
// IAM allowed it and why, what came back, and what changed in the account.
func renderTranscript(w io.Writer, t *scenario.Transcript) {
	fmt.Fprintf(w, "%s\n", t.Title)
	var before scenario.State
	for i, st := range t.Steps {
		fmt.Fprintf(w, "\n%d. %s: %s", st.Index, st.As, st.Op)
		if st.Note != "" {
			fmt.Fprintf(w, " — %s", st.Note)
		}
		fmt.Fprintln(w)
		if a := st.Authorization; a != nil {
			line := "   IAM: " + decisionWords[a.EvalDecision]
			for _, m := range a.MatchedStatements {
				line += fmt.Sprintf("; %s statement %d", m.SourcePolicyID, m.StatementIndex)
				if m.Sid != "" {
					line += fmt.Sprintf(" (%s)", m.Sid)
				}
			}
			if len(a.MissingContextValues) > 0 {
				line += "; the request lacked " + strings.Join(a.MissingContextValues, ", ")
			}
			fmt.Fprintln(w, line)
		}
		if st.Error != nil {
			fmt.Fprintf(w, "   error %s: %s\n", st.Error.Code, st.Error.Message)
		} else if len(st.Output) > 0 {
			out := string(jsontext.Marshal(st.Output))
			if len(out) > 160 {
				out = out[:157] + "..."
			}
			fmt.Fprintf(w, "   -> %s\n", out)
		}
		if i == 0 || changed(before, st.State) {
			fmt.Fprintf(w, "   account: %s\n", summary(st.State))
		}
		if st.Expect != nil {
			if st.Expect.OK {
				fmt.Fprintln(w, "   expected: yes")
			} else {
				fmt.Fprintf(w, "   EXPECTED OTHERWISE: %s\n", st.Expect.Detail)
			}
		}
		before = st.State
	}
	verdict := "every expectation met"
	if !t.OK {
		verdict = "some expectations FAILED"
	}
	fmt.Fprintf(w, "\n%s: %d steps, %s\n", t.Title, len(t.Steps), verdict)
}

func changed(a, b scenario.State) bool {
	return string(a.AppendJSON(nil)) != string(b.AppendJSON(nil))
}

// summary writes the account's state in one line.
func summary(s scenario.State) string {
	var roles []string
	for _, r := range s.Roles {
		roles = append(roles, r.RoleName)
	}
	var tasks []string
	for _, t := range s.DeletionTasks {
		tasks = append(tasks, t.RoleName+" "+t.Status)
	}
	parts := []string{"clock " + s.Clock.Format("15:04:05"), fmt.Sprintf("roles [%s]", strings.Join(roles, ", "))}
	if len(tasks) > 0 {
		parts = append(parts, fmt.Sprintf("deletions [%s]", strings.Join(tasks, ", ")))
	}
	parts = append(parts, fmt.Sprintf("%d resources, %d sessions", len(s.Resources), len(s.Sessions)))
	return strings.Join(parts, " · ")
}

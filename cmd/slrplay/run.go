package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"slrplay/core/jsontext"
	"slrplay/core/scenario"
	"slrplay/core/slr"
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
		renderTranscript(stdout, s.Doc.Description, t)
	}
	return status
}

// width is the transcript's line width: long values wrap, indented, to
// stay within it, so that none is cut.
const width = 100

// renderTranscript tells a run as a lesson: what it is about, then each
// step, who asked, whether IAM allowed it and why, what came back (all of
// it: a deletion's Status and RoleUsageList are the lesson), and what
// changed in the account.
func renderTranscript(w io.Writer, description string, t *scenario.Transcript) {
	p := printer{w: w}
	p.line(t.Title)
	if description != "" {
		p.line("")
		for _, para := range strings.Split(strings.TrimSpace(description), "\n") {
			p.wrap("", "", para)
		}
	}
	var before scenario.State
	for i, st := range t.Steps {
		p.line("")
		head := fmt.Sprintf("%d. %s: %s", st.Index, st.As, st.Op)
		if st.Note != "" {
			head += " — " + st.Note
		}
		p.wrap("", "   ", head)
		if a := st.Authorization; a != nil {
			line := "IAM: " + decisionWords[a.EvalDecision]
			for _, m := range a.MatchedStatements {
				line += fmt.Sprintf("; %s statement %d", m.SourcePolicyID, m.StatementIndex)
				if m.Sid != "" {
					line += fmt.Sprintf(" (%s)", m.Sid)
				}
			}
			if len(a.MissingContextValues) > 0 {
				line += "; the request lacked " + strings.Join(a.MissingContextValues, ", ")
			}
			p.wrap("   ", "     ", line)
		}
		if st.Error != nil {
			p.wrap("   ", "     ", fmt.Sprintf("error %s: %s", st.Error.Code, st.Error.Message))
		} else {
			for _, k := range members(st.Output) {
				p.value("   "+k+": ", "     ", st.Output[k])
			}
		}
		for _, r := range removed(before.Resources, st.State.Resources) {
			p.wrap("   ", "     ", fmt.Sprintf("removed: %s (%s, %s)", r.Arn, r.Service, r.Region))
		}
		if i == 0 || changed(before, st.State) {
			p.wrap("   ", "     ", "account: "+summary(st.State))
		}
		if st.Expect != nil {
			if st.Expect.OK {
				p.line("   expected: yes")
			} else {
				p.wrap("   ", "     ", "EXPECTED OTHERWISE: "+st.Expect.Detail)
			}
		}
		before = st.State
	}
	verdict := "every expectation met"
	if !t.OK {
		verdict = "some expectations FAILED"
	}
	p.line("")
	p.wrap("", "", fmt.Sprintf("%s: %d steps, %s", t.Title, len(t.Steps), verdict))
}

// removed is the resources of before that after no longer has: what a
// service:DeleteResource step removed. A resource is its ARN: an account
// holds one resource by each.
func removed(before, after []*slr.Resource) []*slr.Resource {
	var out []*slr.Resource
	for _, r := range before {
		if !slices.ContainsFunc(after, func(a *slr.Resource) bool { return a.Arn == r.Arn }) {
			out = append(out, r)
		}
	}
	return out
}

// printer writes a transcript's lines, wrapping them at width.
type printer struct{ w io.Writer }

func (p printer) line(s string) { fmt.Fprintln(p.w, s) }

// value writes a step's output value after first (its indentation and key),
// members and elements of objects and arrays each on a line of their own
// under rest unless the whole fits on the line as compact JSON.
func (p printer) value(first, rest string, v any) {
	switch v := v.(type) {
	case map[string]any:
		if p.fits(first, v) {
			return
		}
		keys := members(v)
		if strings.HasSuffix(first, "- ") { // an array's element: its first member on the dash's line
			p.value(first+keys[0]+": ", rest+"  ", v[keys[0]])
			keys = keys[1:]
		} else {
			p.line(strings.TrimSuffix(first, " "))
		}
		for _, k := range keys {
			p.value(rest+k+": ", rest+"  ", v[k])
		}
	case []any:
		if p.fits(first, v) {
			return
		}
		p.line(strings.TrimSuffix(first, " "))
		for _, el := range v {
			p.value(rest+"- ", rest+"  ", el)
		}
	default:
		text := string(jsontext.Marshal(v))
		if s, ok := v.(string); ok && s != "" {
			text = s
		} else if doc, err := jsontext.Parse(text); err == nil && doc.Kind() == jsontext.String && doc.Str() != "" {
			text = doc.Str() // a time
		}
		p.wrap(first, rest, text)
	}
}

// members is an object's keys as the transcript shows them: those of
// single values first (a deletion's Status before its Reason), then those
// of objects and arrays, each group in key order.
func members(m map[string]any) []string {
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int {
		return compound(m[a]) - compound(m[b])
	})
	return keys
}

func compound(v any) int {
	switch v.(type) {
	case map[string]any, []any:
		return 1
	}
	return 0
}

// fits writes an object or array on one line as compact JSON when it fits.
func (p printer) fits(first string, v any) bool {
	text := string(jsontext.Marshal(v))
	if utf8.RuneCountInString(first)+utf8.RuneCountInString(text) > width {
		return false
	}
	p.line(first + text)
	return true
}

// wrap writes text after first, its further lines after rest, breaking at
// spaces within width, and within a word only when the word alone passes
// it: after a / or : of an ARN, a , of a policy document, or else anywhere.
func (p printer) wrap(first, rest, text string) {
	text = strings.Join(strings.Fields(text), " ")
	prefix := first
	for {
		room := max(width-utf8.RuneCountInString(prefix), 20)
		if utf8.RuneCountInString(text) <= room {
			p.line(prefix + text)
			return
		}
		cut := byteIndex(text, room) // the first rune that does not fit
		if sp := strings.LastIndexByte(text[:cut+1], ' '); sp > 0 {
			p.line(prefix + text[:sp])
			text = text[sp+1:]
		} else {
			if after := strings.LastIndexAny(text[:cut], ",/:"); after > 0 {
				cut = after + 1 // after an ARN's / or :, a policy's ,
			}
			p.line(prefix + text[:cut])
			text = text[cut:]
		}
		prefix = rest
	}
}

// byteIndex is the byte offset of the nth rune of s.
func byteIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
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

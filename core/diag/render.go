package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MarshalJSON writes a path element as Access Analyzer does:
// {"value": "Statement"}, {"key": "StringEquals"} or {"index": 0}.
func (e PathElem) MarshalJSON() ([]byte, error) {
	switch e.Kind {
	case IndexOf:
		return json.Marshal(struct {
			Index int `json:"index"`
		}{e.N})
	case KeyOf:
		return json.Marshal(struct {
			Key string `json:"key"`
		}{e.Name})
	default:
		return json.Marshal(struct {
			Value string `json:"value"`
		}{e.Name})
	}
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (e *PathElem) UnmarshalJSON(b []byte) error {
	var v struct {
		Index *int    `json:"index"`
		Key   *string `json:"key"`
		Value *string `json:"value"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch {
	case v.Index != nil:
		*e = PathElem{Kind: IndexOf, N: *v.Index}
	case v.Key != nil:
		*e = PathElem{Kind: KeyOf, Name: *v.Key}
	case v.Value != nil:
		*e = PathElem{Kind: ValueOf, Name: *v.Value}
	default:
		return fmt.Errorf("path element needs index, key or value: %s", b)
	}
	return nil
}

// Location is where a finding points, in Access Analyzer's shape.
type Location struct {
	Path Path  `json:"path"`
	Span Range `json:"span"`
}

// Report is the JSON form of a finding (Access Analyzer's ValidatePolicyFinding).
type Report struct {
	FindingType    string     `json:"findingType"`
	IssueCode      string     `json:"issueCode"`
	FindingDetails string     `json:"findingDetails"`
	LearnMoreLink  string     `json:"learnMoreLink"`
	Locations      []Location `json:"locations"`
}

// Report returns the JSON form of a resolved finding.
func (f Finding) Report() Report {
	locs := make([]Location, 0, 1+len(f.More))
	locs = append(locs, Location{Path: nonNil(f.Path), Span: f.Range})
	for _, p := range f.More {
		locs = append(locs, Location{Path: nonNil(p.Path), Span: p.Range})
	}
	return Report{
		FindingType:    f.Severity.String(),
		IssueCode:      f.Code,
		FindingDetails: f.Message,
		LearnMoreLink:  f.Link,
		Locations:      locs,
	}
}

func nonNil(p Path) Path {
	if p == nil {
		return Path{}
	}
	return p
}

// Reports returns the JSON form of every finding, never nil.
func (l List) Reports() []Report {
	out := make([]Report, len(l))
	for i, f := range l {
		out[i] = f.Report()
	}
	return out
}

// maxShown is how many characters of a source line the text form shows: long
// one-line policies (as pasted from documentation) are cut to a window around
// the caret.
const maxShown = 100

// Render writes resolved findings as text, one block each:
//
//	file:line:col: severity: message [CODE]
//	    the source line
//	    ^~~~
//
// Columns are shown from 1 (as compilers do); JSON keeps Access Analyzer's 0.
func Render(w io.Writer, src *Source, l List) error {
	var b strings.Builder
	for _, f := range l {
		name := src.Name
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", name, f.Range.Start.Line, f.Range.Start.Column+1,
			f.Severity.Word(), f.Message, f.Code)
		writeExcerpt(&b, src.Line(f.Range.Start.Line), f.Range)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeExcerpt writes the source line and a caret under the start of r,
// underlining the rest of r on that line.
func writeExcerpt(b *strings.Builder, line string, r Range) {
	runes := []rune(line)
	col := min(r.Start.Column, len(runes))
	width := 1
	if r.End.Line == r.Start.Line {
		width = max(1, min(r.End.Column, len(runes))-col)
	}
	from, to := 0, len(runes)
	if to > maxShown {
		from = max(0, col-maxShown/3)
		to = min(len(runes), from+maxShown)
	}
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "…"
	}
	if to < len(runes) {
		suffix = "…"
	}
	shown := runes[from:to]
	for i, r := range shown {
		if r < ' ' && r != '\t' || r == utf8.RuneError {
			shown[i] = ' '
		}
	}
	b.WriteString("    " + prefix + string(shown) + suffix + "\n    ")
	if prefix != "" {
		b.WriteString(" ")
	}
	for _, r := range shown[:col-from] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("^")
	if n := min(width, to-col) - 1; n > 0 {
		b.WriteString(strings.Repeat("~", n))
	}
	b.WriteString("\n")
}

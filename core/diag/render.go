package diag

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"slrplay/core/jsontext"
)

// AppendJSON writes a path element as Access Analyzer does:
// {"value": "Statement"}, {"key": "StringEquals"} or {"index": 0}.
func (e PathElem) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	switch e.Kind {
	case IndexOf:
		o.Int("index", e.N)
	case KeyOf:
		o.Str("key", e.Name)
	default:
		o.Str("value", e.Name)
	}
	return o.End()
}

// MarshalJSON is AppendJSON, for encoding/json.
func (e PathElem) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// UnmarshalJSON reads the form AppendJSON writes.
func (e *PathElem) UnmarshalJSON(b []byte) error {
	v, err := jsontext.Parse(string(b))
	if err != nil {
		return err
	}
	if i, ok := v.Get("index").Int(); ok {
		*e = PathElem{Kind: IndexOf, N: int(i)}
	} else if k := v.Get("key"); k.Kind() == jsontext.String {
		*e = PathElem{Kind: KeyOf, Name: k.Str()}
	} else if val := v.Get("value"); val.Kind() == jsontext.String {
		*e = PathElem{Kind: ValueOf, Name: val.Str()}
	} else {
		return errors.New("path element needs index, key or value: " + string(b))
	}
	return nil
}

// AppendJSON writes the path as Access Analyzer does: an array of elements.
func (p Path) AppendJSON(b []byte) []byte { return jsontext.AppendList(b, p) }

// AppendJSON writes {"line", "column", "offset"}.
func (p Pos) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Int("line", p.Line)
	o.Int("column", p.Column)
	o.Int("offset", p.Offset)
	return o.End()
}

// AppendJSON writes {"start", "end"}.
func (r Range) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	jsontext.Member(&o, "start", r.Start)
	jsontext.Member(&o, "end", r.End)
	return o.End()
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

// AppendJSON writes {"path", "span"}.
func (l Location) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	jsontext.Member(&o, "path", l.Path)
	jsontext.Member(&o, "span", l.Span)
	return o.End()
}

// AppendJSON writes the finding in Access Analyzer's shape.
func (r Report) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	r.WriteMembers(&o)
	return o.End()
}

// WriteMembers writes the finding's members into an object that may hold
// more (an evaluation result's errors name their policy first).
func (r Report) WriteMembers(o *jsontext.ObjectWriter) {
	o.Str("findingType", r.FindingType)
	o.Str("issueCode", r.IssueCode)
	o.Str("findingDetails", r.FindingDetails)
	o.Str("learnMoreLink", r.LearnMoreLink)
	jsontext.List(o, "locations", r.Locations)
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
// The excerpt costs the same however long the line, so rendering a million
// findings on a one-line document stays linear.
func Render(w io.Writer, src *Source, l List) error {
	var b strings.Builder
	name := src.Name
	if name == "" {
		name = "-"
	}
	for _, f := range l {
		b.WriteString(name + ":" + strconv.Itoa(f.Range.Start.Line) + ":" + strconv.Itoa(f.Range.Start.Column+1) + ": " +
			f.Severity.Word() + ": " + f.Message + " [" + f.Code + "]\n")
		writeExcerpt(&b, src, f.Span)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeExcerpt writes the line holding the start of sp, or a window of it,
// and a caret under that start, underlining the rest of sp on that line.
func writeExcerpt(b *strings.Builder, src *Source, sp Span) {
	src.index()
	text := src.Text
	caret := max(0, min(sp.Start, len(text)))
	line, _ := slices.BinarySearch(src.lines, caret+1)
	start, end := src.lines[line-1], len(text)
	if line < len(src.lines) {
		end = src.lines[line] - 1
	}
	if start == 0 && strings.HasPrefix(text, BOM) {
		start = len(BOM)
		caret = max(caret, start)
	}
	for end > start && (text[end-1] == '\r' || text[end-1] == '\n') {
		end--
	}
	caret = min(caret, end)
	from := caret
	if fits(text[start:end]) {
		from = start
	}
	for n := 0; from > start && n < maxShown/3; n++ {
		_, size := utf8.DecodeLastRuneInString(text[start:from])
		from -= size
	}
	to := from
	for n := 0; to < end && n < maxShown; n++ {
		_, size := utf8.DecodeRuneInString(text[to:end])
		to += size
	}
	b.WriteString("    ")
	if from > start {
		b.WriteString("…")
	}
	for _, r := range text[from:to] {
		if r < ' ' && r != '\t' || r == utf8.RuneError {
			r = ' '
		}
		b.WriteRune(r)
	}
	if to < end {
		b.WriteString("…")
	}
	b.WriteString("\n    ")
	if from > start {
		b.WriteString(" ")
	}
	for _, r := range text[from:caret] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString("^")
	if n := utf8.RuneCountInString(text[caret:max(caret, min(sp.End, to))]) - 1; n > 0 && sp.End <= end {
		b.WriteString(strings.Repeat("~", n))
	}
	b.WriteString("\n")
}

// fits reports whether a line is at most maxShown characters, looking at no
// more than that many.
func fits(line string) bool {
	n := 0
	for range line {
		if n++; n > maxShown {
			return false
		}
	}
	return true
}

// Package diag owns source positions and findings: the values every other
// package uses to say "this place in your text is wrong, and why".
//
// Positions follow IAM Access Analyzer: Line counts from 1, Column and Offset
// count characters (Unicode code points) from 0. Inside the core, places are
// kept as byte Spans into a Source and turned into Positions only when a
// finding is reported, so parsing never pays for line bookkeeping.
//
// Findings carry Access Analyzer's shape (findingType, issueCode,
// findingDetails, learnMoreLink, locations); the same values are rendered as
// text for the command line (see Render) and as JSON for tools and the page.
package diag

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a place in a source text.
type Pos struct {
	Line   int `json:"line"`   // from 1
	Column int `json:"column"` // characters from the start of the line, from 0
	Offset int `json:"offset"` // characters from the start of the text, from 0
}

// Range is the part of a text between two positions, End exclusive.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Span is a byte range [Start, End) in a Source's text.
type Span struct {
	Start, End int
}

// Source is a named text with a lazily built line table, so byte offsets can
// be turned into positions. It is safe for concurrent use (a compiled
// policy and its Source are shared by concurrent evaluations): the table is
// built once, by whichever call needs it first. Its Name and Text are not
// to be changed after that.
type Source struct {
	Name  string
	Text  string
	once  sync.Once
	lines []int // byte offset of the start of every line
	ascii bool
	runes []int // characters before every checkpoint byte offset, for non-ASCII text
}

// checkpoint is the distance in bytes between the points where a non-ASCII
// Source remembers its character count, so a position costs at most this
// much counting however long the line.
const checkpoint = 256

// NewSource returns a Source for text read from name ("-" or "" for stdin).
func NewSource(name, text string) *Source {
	return &Source{Name: name, Text: text}
}

// index builds the line table on first use.
func (s *Source) index() { s.once.Do(s.build) }

func (s *Source) build() {
	// Counted first: growing the table by appending costs three times
	// its size, and a long policy has tens of thousands of lines.
	n := 1 + strings.Count(s.Text, "\n") + strings.Count(s.Text, "\r") - strings.Count(s.Text, "\r\n")
	s.lines = append(make([]int, 0, n), 0)
	s.ascii = true
	for i := 0; i < len(s.Text); i++ {
		switch c := s.Text[i]; {
		case c == '\n', c == '\r' && (i+1 == len(s.Text) || s.Text[i+1] != '\n'):
			s.lines = append(s.lines, i+1)
		case c >= utf8.RuneSelf:
			s.ascii = false
		}
	}
	if !s.ascii {
		s.runes = make([]int, len(s.Text)/checkpoint+1)
		for k := 1; k < len(s.runes); k++ {
			s.runes[k] = s.runes[k-1] + chars(s.Text[(k-1)*checkpoint:k*checkpoint])
		}
	}
}

// charOffset counts the characters before byte offset off.
func (s *Source) charOffset(off int) int {
	k := off / checkpoint
	return s.runes[k] + chars(s.Text[k*checkpoint:off])
}

// chars counts the characters that start in s: every byte but UTF-8
// continuation bytes, so a count split anywhere adds up.
func chars(s string) int {
	n := 0
	for i := range len(s) {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// Pos returns the position of byte offset off, clamped to the text.
//
// Lines end at LF, CRLF or a lone CR, as editors end them. A byte order
// mark at the start of the text is not a character: editors do not show
// it, so the column of what follows it is 0.
func (s *Source) Pos(off int) Pos {
	s.index()
	off = max(0, min(off, len(s.Text)))
	line, _ := slices.BinarySearch(s.lines, off+1)
	start := s.lines[line-1]
	if s.ascii {
		return Pos{Line: line, Column: off - start, Offset: off}
	}
	bom := 0
	if strings.HasPrefix(s.Text, BOM) {
		bom = 1
		start, off = max(start, len(BOM)), max(off, len(BOM))
	}
	chars := s.charOffset(off)
	return Pos{Line: line, Column: chars - s.charOffset(start), Offset: chars - bom}
}

// BOM is the UTF-8 byte order mark some editors put at the start of a file.
const BOM = "\uFEFF"

// Range returns the positions of a byte span.
func (s *Source) Range(sp Span) Range {
	return Range{Start: s.Pos(sp.Start), End: s.Pos(sp.End)}
}

// Line returns the text of line n (from 1) without its line break.
func (s *Source) Line(n int) string {
	s.index()
	if n < 1 || n > len(s.lines) {
		return ""
	}
	end := len(s.Text)
	if n < len(s.lines) {
		end = s.lines[n] - 1
	}
	line := s.Text[s.lines[n-1]:end]
	if n == 1 {
		line = strings.TrimPrefix(line, BOM)
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line
}

// Severity is Access Analyzer's findingType.
type Severity uint8

// Severities, most serious first.
const (
	Error Severity = iota
	SecurityWarning
	Warning
	Suggestion
)

var severityNames = [...]string{"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}
var severityWords = [...]string{"error", "security warning", "warning", "suggestion"}

// String returns the Access Analyzer name: ERROR, SECURITY_WARNING, ...
func (s Severity) String() string { return severityNames[s] }

// Word returns the lower-case word used in text output.
func (s Severity) Word() string { return severityWords[s] }

// ParseSeverity reads an Access Analyzer findingType.
func ParseSeverity(name string) (Severity, bool) {
	i := slices.Index(severityNames[:], name)
	return Severity(max(i, 0)), i >= 0
}

// PathElem is one step of a path into a policy document, as in Access
// Analyzer's PathElement: Value names the value under an object key, Key names
// the key itself, Index an array element.
type PathElem struct {
	Kind PathKind
	Name string // for Value and Key
	N    int    // for Index
}

// PathKind says which PathElem field applies.
type PathKind uint8

// Path element kinds.
const (
	ValueOf PathKind = iota
	KeyOf
	IndexOf
)

// Path is a route from the document root to the place a finding is about.
type Path []PathElem

// Value appends a step into the value under key.
func (p Path) Value(key string) Path {
	return append(p[:len(p):len(p)], PathElem{Kind: ValueOf, Name: key})
}

// Key appends a step naming key itself.
func (p Path) Key(key string) Path {
	return append(p[:len(p):len(p)], PathElem{Kind: KeyOf, Name: key})
}

// Index appends a step into array element i.
func (p Path) Index(i int) Path { return append(p[:len(p):len(p)], PathElem{Kind: IndexOf, N: i}) }

// Finding is one thing wrong with, or worth saying about, a document.
type Finding struct {
	Severity Severity
	Code     string // Access Analyzer issueCode, or our own in the same style
	Message  string // findingDetails: what is wrong and what to do
	Link     string // learnMoreLink
	Path     Path
	Span     Span    // bytes of Source.Text
	Range    Range   // filled in by List.Resolve
	More     []Place // further places the finding is about, if any
}

// Place is a further location of a finding.
type Place struct {
	Path  Path
	Span  Span
	Range Range
}

// List is the findings of one document, kept in source order.
type List []Finding

// HasErrors reports whether any finding is an ERROR.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(f Finding) bool { return f.Severity == Error })
}

// Worst returns the most serious severity in the list, and false if it is empty.
func (l List) Worst() (Severity, bool) {
	if len(l) == 0 {
		return Suggestion, false
	}
	w := Suggestion
	for _, f := range l {
		w = min(w, f.Severity)
	}
	return w, true
}

// Resolve fills in every finding's Range from its Span, then sorts the list by
// place, then severity, then code, and drops exact repeats (as go/scanner's
// ErrorList does), so output is stable whatever order checks ran in.
func (l List) Resolve(src *Source) List {
	for i := range l {
		l[i].Range = src.Range(l[i].Span)
		for j := range l[i].More {
			l[i].More[j].Range = src.Range(l[i].More[j].Span)
		}
	}
	// Sorted as pointers, not in place, with the index as the last key (a
	// stable order without a stable sort): the page's core then sorts with
	// the code it has for pointers, not a copy of a sort for this struct or
	// of a stable sort (its size budget).
	type placed struct {
		f *Finding
		i int
	}
	places := make([]placed, len(l))
	order := make([]*placed, len(l))
	for i := range l {
		places[i] = placed{&l[i], i}
		order[i] = &places[i]
	}
	slices.SortFunc(order, func(x, y *placed) int {
		a, b := x.f, y.f
		return cmp.Or(
			cmp.Compare(a.Span.Start, b.Span.Start),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Span.End, b.Span.End),
			cmp.Compare(x.i, y.i),
		)
	})
	out := make(List, 0, len(l))
	for _, p := range order {
		f := *p.f
		if n := len(out); n > 0 && out[n-1].Span == f.Span && out[n-1].Code == f.Code && out[n-1].Message == f.Message {
			continue
		}
		out = append(out, f)
	}
	return out
}

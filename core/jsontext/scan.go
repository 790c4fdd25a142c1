package jsontext

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds nesting. A policy needs five levels (document, Statement,
// statement, Condition, operator, key list); hostile input such as megabytes
// of '[' stops here at once instead of exhausting the stack.
const maxDepth = 32

// SyntaxError is a JSON syntax problem at bytes Start to End of the
// scanned text, with a message that says what is wrong and what to do.
// Recoverable errors (a missing ',' or ':', a trailing ',') leave a document
// whose shape is still clear, so scanning goes on and reports more; any other
// error stops it.
type SyntaxError struct {
	Start, End  int
	Msg         string
	Recoverable bool
}

func (e *SyntaxError) Error() string { return e.Msg }

// MaxErrors is how many recoverable slips one scan reports before it stops.
const MaxErrors = 1000

// Tape is what Scan read: every value of the text, in order, and the syntax
// errors found.
type Tape struct {
	Text    string
	Nodes   []Node
	Errors  []SyntaxError
	Scalars int  // strings, numbers and literals seen as values (not keys)
	Objects int  // objects seen
	Stopped bool // a fatal error was found: the nodes are incomplete
	Seq     bool // the text is several top-level values separated by ','
}

// scanner checks that a text is JSON (RFC 8259), recovering where the intent
// is plain, and records every value it reads in the tape, so readers walk the
// document without reading its text again.
type scanner struct {
	*Tape
	pos int
}

// Node is one value of the scanned text, or one object key, in the order
// they are written: an array's elements follow it, an object's keys and
// values follow it in turn. Next is the index of the node after this one's
// last descendant, so a container's elements are n+1, Nodes[n+1].Next, ...
// up to Nodes[n].Next.
type Node struct {
	Kind       Kind
	Escaped    bool  // a string with backslash escapes, to be decoded
	Start, End int32 // the value's bytes, quotes and brackets included
	Next       int32
}

// Scan reads text as JSON and returns its tape. A top-level sequence of
// objects separated by commas (statements pasted from documentation without
// their policy around them) is accepted and flagged with Seq.
func Scan(text string) *Tape { return ScanInto(&Tape{}, text) }

// ScanInto is Scan writing into t, whose memory it reuses: for a reader
// that drops the tape once it has read the document (a pool of tapes saves
// an allocation the size of the document). What t held is overwritten.
func ScanInto(t *Tape, text string) *Tape {
	nodes := t.Nodes[:0]
	if want := len(text)/16 + 4; cap(nodes) < want {
		nodes = make([]Node, 0, want)
	}
	*t = Tape{Text: text, Nodes: nodes, Errors: t.Errors[:0]}
	s := &scanner{Tape: t}
	if enc := UTF16(text); enc != "" {
		s.fail(0, 0, "the text is "+enc+", not UTF-8: save it as UTF-8")
		return t
	}
	if strings.HasPrefix(text, BOM) {
		s.pos = len(BOM) // editors write it; it is not part of the JSON
	}
	s.skipSpace()
	if s.pos == len(s.Text) {
		s.fail(0, 0, "the document is empty: expected a JSON value")
		return t
	}
	first := s.Text[s.pos]
	s.value(0)
	for !s.Stopped {
		s.skipSpace()
		if s.pos == len(s.Text) {
			break
		}
		c := s.Text[s.pos]
		if c == ',' && first == '{' {
			s.pos++
			s.skipSpace()
			if s.pos < len(s.Text) && s.Text[s.pos] == '{' {
				s.Seq = true
				s.value(0)
				continue
			}
		}
		s.fail(s.pos, s.pos+1, "unexpected "+describe(s.Text, s.pos)+" after the end of the document: is it left over from an edit?")
	}
	return t
}

func (s *scanner) fail(start, end int, msg string) {
	s.Errors = append(s.Errors, s.clamp(start, end, msg))
	s.Stopped = true
}

func (s *scanner) recover(start, end int, msg string) {
	if len(s.Errors) == MaxErrors {
		s.fail(start, end, msg+"; after "+strconv.Itoa(MaxErrors)+" such slips the rest is not read")
		return
	}
	e := s.clamp(start, end, msg)
	e.Recoverable = true
	s.Errors = append(s.Errors, e)
}

// clamp keeps a span inside the text: a slip at the very end points at the end.
func (s *scanner) clamp(start, end int, msg string) SyntaxError {
	start = min(start, len(s.Text))
	return SyntaxError{Start: start, End: min(max(end, start), len(s.Text)), Msg: msg}
}

func (s *scanner) skipSpace() {
	text, i := s.Text, s.pos // locals: the loop reloads nothing through s
	for i < len(text) && space[text[i]] {
		i++
	}
	s.pos = i
}

// push records a node. The tape doubles when full: append grows a large
// slice by a quarter at a time, which for a dense megabyte of JSON copies
// the tape a dozen times.
func (s *scanner) push(n Node) {
	if len(s.Nodes) == cap(s.Nodes) {
		s.Nodes = slices.Grow(s.Nodes, len(s.Nodes)+1)
	}
	s.Nodes = append(s.Nodes, n)
}

// space marks JSON's white space.
var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// startsValue reports whether c can begin a JSON value.
func startsValue(c byte) bool {
	switch c {
	case '{', '[', '"', '-', 't', 'f', 'n':
		return true
	}
	return c >= '0' && c <= '9'
}

func (s *scanner) value(depth int) {
	s.skipSpace()
	if s.pos == len(s.Text) {
		s.fail(s.pos, s.pos, "unexpected end of the document: expected a value")
		return
	}
	if depth >= maxDepth {
		s.fail(s.pos, s.pos+1, "nesting deeper than "+strconv.Itoa(maxDepth)+" levels: a policy document never needs that")
		return
	}
	n := len(s.Nodes)
	s.push(Node{Start: int32(s.pos)})
	kind := Missing
	switch c := s.Text[s.pos]; {
	case c == '{':
		s.Objects++
		kind = Object
		s.object(depth + 1)
	case c == '[':
		kind = Array
		s.array(depth + 1)
	case c == '"':
		s.Scalars++
		kind = String
		s.Nodes[n].Escaped = s.str()
	case c == '-' || c >= '0' && c <= '9':
		s.Scalars++
		kind = Number
		s.number()
	case c == '\'':
		s.fail(s.pos, s.pos+1, "strings must be in double quotes (\"), not single quotes")
	case c == '/':
		s.fail(s.pos, s.pos+1, "comments are not allowed in JSON")
	default:
		s.Scalars++
		kind = s.literal()
	}
	s.Nodes[n].Kind, s.Nodes[n].End, s.Nodes[n].Next = kind, int32(s.pos), int32(len(s.Nodes))
}

// delimited reads the elements of an object (close '}') or array (close ']')
// after its opening bracket, recovering from missing and trailing commas.
func (s *scanner) delimited(depth int, close byte, what string) {
	open := s.pos
	s.pos++
	s.skipSpace()
	if s.pos < len(s.Text) && s.Text[s.pos] == close {
		s.pos++
		return
	}
	for !s.Stopped {
		s.skipSpace()
		elem := s.pos
		if close == '}' {
			s.member(depth)
		} else {
			s.value(depth)
		}
		if s.Stopped {
			return
		}
		end := s.pos
		s.skipSpace()
		if s.pos == len(s.Text) {
			s.fail(s.pos, s.pos, "unexpected end of the document: expected ',' or '"+string(close)+"' to close the "+
				what+" opened at "+lineCol(s.Text, open))
			return
		}
		switch c := s.Text[s.pos]; {
		case c == close:
			s.pos++
			return
		case c == ',':
			comma := s.pos
			s.pos++
			s.skipSpace()
			if s.pos < len(s.Text) && s.Text[s.pos] == close {
				s.recover(comma, comma+1, "a ',' must not follow the last element of "+article(what)+": remove it")
				s.pos++
				return
			}
		case startsValue(c) && (close == ']' || c == '"'):
			s.recover(end, max(s.pos, end+1), "expected ',' between "+what+" elements: add one after "+excerpt(s.Text[elem:end]))
		case c == '}' || c == ']':
			s.fail(s.pos, s.pos+1, "expected '"+string(close)+"' to close the "+what+" opened at "+lineCol(s.Text, open)+", found '"+string(c)+"'")
			return
		default:
			s.fail(s.pos, s.pos+1, "expected ',' or '"+string(close)+"' after "+article(what)+" element, found "+describe(s.Text, s.pos))
			return
		}
	}
}

func (s *scanner) object(depth int) { s.delimited(depth, '}', "object") }
func (s *scanner) array(depth int)  { s.delimited(depth, ']', "array") }

// member reads `"key": value`.
func (s *scanner) member(depth int) {
	s.skipSpace()
	if s.pos == len(s.Text) {
		s.fail(s.pos, s.pos, "unexpected end of the document: expected an object key in double quotes")
		return
	}
	if c := s.Text[s.pos]; c != '"' {
		msg := "expected an object key in double quotes, found " + describe(s.Text, s.pos)
		switch {
		case isIdentStart(c):
			msg = "object keys must be in double quotes"
		case c == '\'':
			msg = "object keys must be in double quotes (\"), not single quotes"
		case c == '/':
			msg = "comments are not allowed in JSON"
		}
		s.fail(s.pos, s.pos+1, msg)
		return
	}
	s.push(Node{Kind: String, Start: int32(s.pos)})
	key := &s.Nodes[len(s.Nodes)-1]
	key.Escaped = s.str()
	if s.Stopped {
		return
	}
	end := s.pos
	key.End, key.Next = int32(end), int32(len(s.Nodes))
	s.skipSpace()
	switch {
	case s.pos < len(s.Text) && s.Text[s.pos] == ':':
		s.pos++
	case s.pos < len(s.Text) && startsValue(s.Text[s.pos]):
		s.recover(end, max(s.pos, end+1), "expected ':' between the key and its value")
	default:
		s.fail(s.pos, s.pos+1, "expected ':' after the object key, found "+describe(s.Text, s.pos))
		return
	}
	s.value(depth)
}

// plain marks the bytes a string may hold as they are; the others (quote,
// backslash, control characters) need a closer look.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= ' ' && c != '"' && c != '\\'
	}
	return t
}()

// str reads a string literal starting at the opening quote and reports
// whether it holds escapes.
func (s *scanner) str() (escaped bool) {
	open := s.pos
	i := s.pos + 1
	for i < len(s.Text) {
		text := s.Text // a local: the loop reloads nothing through s
		// Eight bytes at a time while none is a quote, a backslash or a
		// control character (the "has zero byte" bit trick), then one by one.
		const ones, highs = 0x0101010101010101, 0x8080808080808080
		for i+8 <= len(text) {
			b := text[i : i+8]
			v := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
			quote, backslash := v^(ones*'"'), v^(ones*'\\')
			if ((quote-ones)&^quote|(backslash-ones)&^backslash|(v-ones*' ')&^v)&highs != 0 {
				break
			}
			i += 8
		}
		for i < len(text) && plain[text[i]] {
			i++
		}
		if i == len(s.Text) {
			break
		}
		c := s.Text[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return escaped
		case c == '\\':
			escaped = true
			if i+1 >= len(s.Text) {
				i++
				continue
			}
			switch s.Text[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if !isHex4(s.Text[i+2:]) {
					s.fail(i, min(i+6, len(s.Text)), "\\u must be followed by four hexadecimal digits")
					return false
				}
				i += 6
			default:
				_, n := utf8.DecodeRuneInString(s.Text[i+1:])
				s.fail(i, i+1+n, "invalid escape "+strconv.Quote(s.Text[i:i+1+n])+" in a string: write a backslash as \\\\")
				return false
			}
		case c == '\n' || c == '\r':
			s.fail(open, i, "a string must end on the line it starts: is a closing '\"' missing?")
			return false
		case c < ' ':
			s.fail(i, i+1, "control characters must be escaped inside a string")
			return false
		default:
			i++
		}
	}
	s.fail(open, len(s.Text), "unterminated string: a closing '\"' is missing")
	return false
}

func isHex4(s string) bool {
	return len(s) >= 4 && isHex(s[0]) && isHex(s[1]) && isHex(s[2]) && isHex(s[3])
}

func isHex(c byte) bool { _, ok := HexDigit(c); return ok }

// number reads a JSON number.
func (s *scanner) number() {
	start := s.pos
	i := s.pos
	if s.Text[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s.Text) && s.Text[i] >= '0' && s.Text[i] <= '9' {
			i++
			n++
		}
		return n
	}
	bad := func() {
		end := i
		for end < len(s.Text) && isIdentPart(s.Text[end]) {
			end++
		}
		s.fail(start, max(end, start+1), strconv.Quote(s.Text[start:max(end, start+1)])+" is not a JSON number: put text in double quotes")
	}
	intStart := i
	if n := digits(); n == 0 || n > 1 && s.Text[intStart] == '0' {
		bad()
		return
	}
	if i < len(s.Text) && s.Text[i] == '.' {
		i++
		if digits() == 0 {
			bad()
			return
		}
	}
	if i < len(s.Text) && (s.Text[i] == 'e' || s.Text[i] == 'E') {
		i++
		if i < len(s.Text) && (s.Text[i] == '+' || s.Text[i] == '-') {
			i++
		}
		if digits() == 0 {
			bad()
			return
		}
	}
	if i < len(s.Text) && isIdentPart(s.Text[i]) {
		bad()
		return
	}
	s.pos = i
}

// literal reads true, false or null, and explains anything else.
func (s *scanner) literal() Kind {
	start := s.pos
	end := start
	for end < len(s.Text) && isIdentPart(s.Text[end]) {
		end++
	}
	word := s.Text[start:end]
	switch word {
	case "true", "false":
		s.pos = end
		return Bool
	case "null":
		s.pos = end
		return Null
	case "True", "TRUE", "False", "FALSE", "Null", "NULL", "None", "none":
		fix := map[byte]string{'t': "true", 'T': "true", 'f': "false", 'F': "false", 'n': "null", 'N': "null"}[word[0]]
		s.fail(start, end, strconv.Quote(word)+" is not JSON: write "+fix+" (lower case), or put text in double quotes")
		return Missing
	}
	if word == "" {
		s.fail(start, start+1, "expected a value, found "+describe(s.Text, start))
		return Missing
	}
	s.fail(start, end, strconv.Quote(word)+" is not a JSON value: put text in double quotes")
	return Missing
}

func isIdentStart(c byte) bool { return c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' }
func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':' || c == '+'
}

// describe names the character at i for a message: 'x', or "end of line".
func describe(text string, i int) string {
	if i >= len(text) {
		return "the end of the document"
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	switch {
	case r == '\n' || r == '\r':
		return "a line break"
	case r < ' ':
		return "control character " + codePoint(r)
	}
	return "'" + string(r) + "'"
}

// excerpt shortens an element's text for a message.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:37]) + "..."
}

// codePoint writes a character's code point as fmt's %U does: "U+" and at
// least four hexadecimal digits in upper case.
func codePoint(r rune) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	return "U+" + strings.Repeat("0", max(0, 4-len(h))) + h
}

func article(what string) string {
	if what == "object" {
		return "an object"
	}
	return "an array"
}

// lineCol gives "line L, column C" (both from 1) for a byte offset, for
// messages that point back at an opening bracket. Lines end as diag.Source
// ends them (LF, CRLF or CR), and a byte order mark takes no column.
func lineCol(text string, off int) string {
	line, col := 1, 1
	text = strings.TrimPrefix(text[:off], BOM)
	for i, r := range text {
		switch {
		case r == '\n' && i > 0 && text[i-1] == '\r': // CRLF ends one line
		case r == '\n' || r == '\r':
			line, col = line+1, 1
		default:
			col++
		}
	}
	return "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
}

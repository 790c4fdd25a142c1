package policy

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
)

// Parse reads a policy from src. It accepts what people paste: a policy
// document; the URL-encoded text the IAM API returns; a policy inside a
// PolicyDocument, AssumeRolePolicyDocument, PolicyVersion.Document or Policy
// field (as the AWS CLI prints them), as an object or as a JSON string; a
// single statement; and statements in an array or separated by commas.
//
// The findings are JSON syntax errors only; Validate checks the grammar. The
// Document is never nil; when its Broken field is set the text could not be
// read and there is nothing to validate.
func Parse(src *diag.Source) (*Document, diag.List) {
	d, found := parse(src)
	return d, found.list
}

// parse is Parse keeping the count of findings past MaxFindings.
func parse(src *diag.Source) (*Document, collector) {
	p := parser{doc: &Document{Source: src}}
	p.read(src.Text, nil, 0)
	return p.doc, p.findings
}

// maxWrapping bounds how many wrappers (URL encoding, JSON strings,
// PolicyDocument fields) are taken off before the policy itself.
const maxWrapping = 4

// origin maps byte offsets of the text being read to the text the user gave:
// entry i is the original offset of byte i, with one more entry for the end.
// nil means the text is the user's own. Entries are int32, as the scanner's
// offsets are: a map costs four bytes per byte of a policy, not eight.
type origin []int32

func (o origin) at(i int) int {
	if o == nil {
		return i
	}
	return int(o[max(0, min(i, len(o)-1))])
}

// through maps offsets of a text derived from this one, where inner[i] is the
// offset in this text of the derived text's byte i.
func (o origin) through(inner []int32) origin {
	if o == nil {
		return inner
	}
	out := make(origin, len(inner))
	for i, at := range inner {
		out[i] = int32(o.at(int(at)))
	}
	return out
}

type parser struct {
	doc      *Document
	findings collector
	text     string
	org      origin
	tape     []jsontext.Node // the scanner's record of text's values
	values   []Value         // arena for list items
	blocks   []Block
	keys     []KeyValues
}

func (p *parser) fail(code, msg string, sp diag.Span) {
	p.findings.add(diag.Finding{Severity: severities[code], Code: code, Message: msg, Link: LearnMore(code), Span: sp})
}

func (p *parser) broken(code, msg string, sp diag.Span) {
	p.fail(code, msg, sp)
	p.doc.Broken = true
}

// read parses text, whose offsets map to the user's text through org.
func (p *parser) read(text string, org origin, depth int) {
	if depth > maxWrapping {
		p.broken("INVALID_POLICY_SHAPE", "the policy is wrapped too many times to be read", diag.Span{End: len(p.doc.Source.Text)})
		return
	}
	if strings.HasPrefix(text, "\uFEFF") { // a byte order mark: read it as spaces, keeping offsets
		text = "   " + text[3:]
	}
	if t := strings.TrimLeft(text, " \t\r\n"); len(t) >= 3 && t[0] == '%' && (strings.EqualFold(t[:3], "%7B") || strings.EqualFold(t[:3], "%5B")) {
		dec, off, bad := urlDecode(text)
		if bad >= 0 {
			p.broken("JSON_SYNTAX_ERROR", "invalid URL encoding: '%' must be followed by two hexadecimal digits",
				diag.Span{Start: org.at(bad), End: org.at(min(bad+3, len(text)))})
			return
		}
		p.doc.Wrapper = append(p.doc.Wrapper, "URL encoding")
		p.read(dec, org.through(off), depth+1)
		return
	}
	if strings.TrimLeft(text, " \t\r\n") == "" {
		p.broken("JSON_SYNTAX_ERROR", `the document is empty: expected a JSON object such as {"Version": "2012-10-17", "Statement": [...]}`, diag.Span{Start: org.at(0), End: org.at(0)})
		return
	}
	s := tapes.Get().(*jsontext.Tape)
	defer tapes.Put(s)
	jsontext.ScanInto(s, text)
	for _, e := range s.Errors {
		p.fail("JSON_SYNTAX_ERROR", e.Msg, diag.Span{Start: org.at(e.Start), End: org.at(e.End)})
	}
	if s.Stopped {
		p.doc.Broken = true
		return
	}
	p.text, p.org, p.tape = text, org, s.Nodes
	if p.values == nil {
		p.values = make([]Value, 0, s.Scalars)
		// Condition operators, and the keys under them, are each fewer
		// than half the objects in all but odd policies (every statement
		// and every Condition is an object too); the arenas grow if not.
		p.blocks = make([]Block, 0, s.Objects/2+1)
		p.keys = make([]KeyValues, 0, s.Objects/2+1)
	}
	const root = 0
	trimmed := strings.TrimRight(text, " \t\r\n")
	p.doc.Span = diag.Span{Start: org.at(int(p.tape[root].Start)), End: org.at(len(trimmed))}
	if s.Seq {
		// Statements separated by commas: read as the array they stand for.
		p.doc.Form = FormStatements
		p.doc.Text = "[" + trimmed[p.tape[root].Start:] + "]"
		p.statementList(root, int32(len(p.tape)))
		return
	}
	p.doc.Text = trimmed[p.tape[root].Start:]
	switch p.tape[root].Kind {
	case Object:
		p.object(root, depth)
	case Array:
		p.doc.Form = FormStatements
		p.statements(root)
	case String:
		p.doc.Wrapper = append(p.doc.Wrapper, "JSON string")
		p.unquoted(root, depth)
	default:
		p.broken("INVALID_POLICY_SHAPE", `a policy document is a JSON object: {"Version": "2012-10-17", "Statement": [...]}`, p.doc.Span)
	}
}

// The tape, read: a node's kind, text, place and elements.

func (p *parser) kind(n int32) Kind   { return p.tape[n].Kind }
func (p *parser) raw(n int32) string  { return p.text[p.tape[n].Start:p.tape[n].End] }
func (p *parser) after(n int32) int32 { return p.tape[n].Next }

func (p *parser) span(n int32) diag.Span {
	return diag.Span{Start: p.org.at(int(p.tape[n].Start)), End: p.org.at(int(p.tape[n].End))}
}

// str is a string node's contents. Strings without escapes, nearly all of
// them, are the text between their quotes.
func (p *parser) str(n int32) string {
	nd := &p.tape[n]
	if !nd.Escaped {
		return p.text[nd.Start+1 : nd.End-1]
	}
	return jsontext.Unquote(p.text[nd.Start:nd.End])
}

// members calls fn with each key and value of object n, in order.
func (p *parser) members(n int32, fn func(k, v int32)) {
	for k := n + 1; k < p.tape[n].Next; {
		v := k + 1
		fn(k, v)
		k = p.tape[v].Next
	}
}

// tapes are the scanner's tapes, reused: the parser reads a tape into the
// Document and drops it, and a policy's tape is as large as its text.
var tapes = sync.Pool{New: func() any { return new(jsontext.Tape) }}

// wrappers are the fields that AWS's APIs and CLI put a policy in. Role and
// PolicyVersion hold the field that holds it.
var wrappers = []string{"PolicyDocument", "AssumeRolePolicyDocument", "Document", "Policy", "PolicyVersion", "Role"}

var policyElements = []string{"Version", "Id", "Statement"}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

// object reads an object at the top: a policy, a wrapper or a bare statement.
func (p *parser) object(root int32, depth int) {
	d := p.doc
	var seen [3]bool
	var others []int32 // keys that are not policy elements, each followed by its value
	p.members(root, func(k, v int32) {
		switch p.str(k) {
		case "Version":
			d.Version = p.member(&seen[0], k, v)
		case "Id":
			d.ID = p.member(&seen[1], k, v)
		case "Statement":
			if p.repeated(&seen[2], k) {
				break
			}
			d.StatementKind = p.kind(v)
			d.StatementSpan = p.span(v)
			p.statements(v)
		default:
			others = append(others, k)
		}
	})
	if !seen[0] && !seen[1] && !seen[2] && len(others) > 0 {
		for _, k := range others {
			if statementElement(p.str(k)) >= 0 {
				d.Form = FormStatement
				d.StatementKind = Object
				p.statement(root, 0)
				return
			}
		}
		for _, k := range others {
			name, v := p.str(k), k+1
			if slices.Contains(wrappers, name) && (p.kind(v) == Object || p.kind(v) == String) {
				d.Wrapper = append(d.Wrapper, name)
				if p.kind(v) == String {
					p.unquoted(v, depth)
				} else {
					p.doc.Span, p.doc.Text = p.span(v), p.raw(v)
					p.object(v, depth+1)
				}
				return
			}
		}
	}
	for _, k := range others {
		p.doc.Unknown = append(p.doc.Unknown, p.scalar(k))
	}
}

// unquoted reads a policy held in a JSON string.
func (p *parser) unquoted(n int32, depth int) {
	text, off := jsontext.UnquoteAt(p.raw(n), int(p.tape[n].Start))
	p.values = nil
	p.read(text, p.org.through(off), depth+1)
}

// member reads a scalar element, noting a repeat.
func (p *parser) member(seen *bool, k, v int32) Value {
	if p.repeated(seen, k) {
		return Value{}
	}
	return p.scalar(v)
}

// repeated reports and records a key seen twice in one object: AWS would keep
// only one of them, and guessing which is not our business.
func (p *parser) repeated(seen *bool, k int32) bool {
	if *seen {
		p.doc.Repeated = append(p.doc.Repeated, p.scalar(k))
		return true
	}
	*seen = true
	return false
}

// scalar reads any value as a Value; objects and arrays keep only their kind
// and place.
func (p *parser) scalar(n int32) Value {
	var v Value
	p.read1(n, &v)
	return v
}

// read1 is scalar writing into v: a list's items go straight into the
// arena, not through a copy.
func (p *parser) read1(n int32, v *Value) {
	nd := &p.tape[n]
	v.Kind, v.Span = nd.Kind, diag.Span{Start: p.org.at(int(nd.Start)), End: p.org.at(int(nd.End))}
	switch nd.Kind {
	case String:
		v.Text = p.str(n)
	case Number, Bool:
		v.Text = p.text[nd.Start:nd.End]
	}
}

// list reads an element holding a string or an array of them. Items of other
// kinds are kept with their kind, for validation to report.
func (p *parser) list(n int32) List {
	l := List{Kind: p.kind(n), Span: p.span(n)}
	start := len(p.values)
	switch l.Kind {
	case Array:
		for it := n + 1; it < p.after(n); it = p.after(it) {
			p.values = append(p.values, Value{})
			p.read1(it, &p.values[len(p.values)-1])
		}
	case Object, Null:
		return l
	default:
		p.values = append(p.values, p.scalar(n))
	}
	l.Items = p.values[start:len(p.values):len(p.values)]
	return l
}

// maxStatements bounds how many statements are read. AWS's largest policies
// hold a few hundred; a document with more is not a policy, and reading
// millions of empty statements would cost memory for nothing.
const maxStatements = 50000

// statements reads the Statement element: an array, or a single object.
func (p *parser) statements(n int32) {
	switch p.kind(n) {
	case Array:
		p.statementList(n+1, p.after(n))
	case Object:
		p.statement(n, 0)
	}
}

// statementList reads the statements at nodes from, tape[from].next, ...
// up to end: an array's elements, or statements separated by commas.
func (p *parser) statementList(from, end int32) {
	// Sized once: a Statement is large, and growing the list by appending
	// would cost three times its size.
	count := 0
	for n := from; n < end && count <= maxStatements; n = p.after(n) {
		count++
	}
	p.doc.Statements = slices.Grow(p.doc.Statements, count)
	i := 0
	for n := from; n < end; n = p.after(n) {
		if i == maxStatements {
			p.broken("INVALID_POLICY_SHAPE", "more than "+strconv.Itoa(maxStatements)+" statements: this is not a policy AWS would accept, and the rest is not read", p.span(n))
			return
		}
		if p.kind(n) == Object {
			p.statement(n, i)
		} else {
			p.doc.Statements = append(p.doc.Statements, Statement{Index: i, Span: p.span(n), NotObject: p.kind(n)})
		}
		i++
	}
}

// statement reads one statement object.
func (p *parser) statement(n int32, index int) {
	if p.doc.Statements == nil {
		p.doc.Statements = make([]Statement, 0, 4)
	}
	p.doc.Statements = append(p.doc.Statements, Statement{Index: index, Span: p.span(n)})
	st := &p.doc.Statements[len(p.doc.Statements)-1]
	var seen [9]bool
	p.members(n, func(k, val int32) {
		e := statementElement(p.str(k))
		if e < 0 {
			st.Unknown = append(st.Unknown, p.scalar(k))
			return
		}
		if seen[e] {
			st.Repeated = append(st.Repeated, p.scalar(k))
			return
		}
		seen[e] = true
		switch e {
		case 0:
			st.Sid = p.scalar(val)
		case 1:
			st.Effect = p.scalar(val)
		case 2:
			st.Principal = p.principal(val)
		case 3:
			st.NotPrincipal = p.principal(val)
		case 4:
			st.Action = p.list(val)
		case 5:
			st.NotAction = p.list(val)
		case 6:
			st.Resource = p.list(val)
		case 7:
			st.NotResource = p.list(val)
		case 8:
			st.Condition = p.condition(val)
		}
	})
}

// statementElement returns the index of an element name in statementElements,
// or -1.
func statementElement(name string) int {
	switch name {
	case "Sid":
		return 0
	case "Effect":
		return 1
	case "Principal":
		return 2
	case "NotPrincipal":
		return 3
	case "Action":
		return 4
	case "NotAction":
		return 5
	case "Resource":
		return 6
	case "NotResource":
		return 7
	case "Condition":
		return 8
	}
	return -1
}

// principal reads "*" or {"AWS": ..., "Service": ...}.
func (p *parser) principal(n int32) Principal {
	pr := Principal{Kind: p.kind(n), Span: p.span(n)}
	switch pr.Kind {
	case Object:
		p.members(n, func(k, v int32) {
			pr.Entries = append(pr.Entries, PrincipalEntry{Type: p.scalar(k), Values: p.list(v)})
		})
	case Array:
	default:
		pr.Star = p.scalar(n)
	}
	return pr
}

// condition reads {"Operator": {"key": value-or-values, ...}, ...}.
func (p *parser) condition(n int32) Condition {
	c := Condition{Kind: p.kind(n), Span: p.span(n)}
	if c.Kind != Object {
		return c
	}
	start := len(p.blocks)
	p.members(n, func(k, v int32) {
		// Each block and key is written in place in its arena, not copied in.
		p.blocks = append(p.blocks, Block{Op: ParseOperator(p.str(k)), Kind: p.kind(v), Span: p.span(v)})
		b := &p.blocks[len(p.blocks)-1]
		p.read1(k, &b.Operator)
		if b.Kind == Object {
			kstart := len(p.keys)
			p.members(v, func(key, vals int32) {
				p.keys = append(p.keys, KeyValues{})
				kv := &p.keys[len(p.keys)-1]
				p.read1(key, &kv.Key)
				kv.Values = p.list(vals)
			})
			b.Keys = p.keys[kstart:len(p.keys):len(p.keys)]
		}
	})
	c.Blocks = p.blocks[start:len(p.blocks):len(p.blocks)]
	return c
}

// urlDecode undoes percent-encoding, returning the decoded text, the offset
// in text of every decoded byte (plus the end), and the offset of a bad
// escape or -1.
func urlDecode(text string) (string, []int32, int) {
	var b strings.Builder
	b.Grow(len(text))
	off := make([]int32, 0, len(text)+1)
	for i := 0; i < len(text); {
		if text[i] != '%' {
			b.WriteByte(text[i])
			off = append(off, int32(i))
			i++
			continue
		}
		c, ok := hex2(text[i+1:])
		if !ok {
			return "", nil, i
		}
		b.WriteByte(c)
		off = append(off, int32(i))
		i += 3
	}
	off = append(off, int32(len(text)))
	return b.String(), off, -1
}

// hex2 reads the two hexadecimal digits at the start of s.
func hex2(s string) (byte, bool) {
	if len(s) < 2 {
		return 0, false
	}
	hi, ok1 := jsontext.HexDigit(s[0])
	lo, ok2 := jsontext.HexDigit(s[1])
	return hi<<4 | lo, ok1 && ok2
}

// StatementPath is the Access Analyzer path of statement i.
func (d *Document) StatementPath(i int) diag.Path {
	if d.StatementKind == Object {
		return diag.Path{{Kind: diag.ValueOf, Name: "Statement"}}
	}
	return diag.Path{{Kind: diag.ValueOf, Name: "Statement"}, {Kind: diag.IndexOf, N: i}}
}

package policy

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"slrplay/core/diag"
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
// nil means the text is the user's own.
type origin []int

func (o origin) at(i int) int {
	if o == nil {
		return i
	}
	return o[max(0, min(i, len(o)-1))]
}

// through maps offsets of a text derived from this one, where inner[i] is the
// offset in this text of the derived text's byte i.
func (o origin) through(inner []int) origin {
	if o == nil {
		return inner
	}
	out := make(origin, len(inner))
	for i, at := range inner {
		out[i] = o.at(at)
	}
	return out
}

type parser struct {
	doc      *Document
	findings collector
	text     string
	org      origin
	values   []Value // arena for list items
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
	s := scan(text)
	for _, e := range s.errs {
		p.fail("JSON_SYNTAX_ERROR", e.msg, diag.Span{Start: org.at(e.span.start), End: org.at(e.span.end)})
	}
	if s.stopped {
		p.doc.Broken = true
		return
	}
	end := org.at(len(strings.TrimRight(text, " \t\r\n")))
	if s.seq {
		// Statements separated by commas: read them as the array they stand for.
		off := make([]int, len(text)+3)
		for i := range off {
			off[i] = max(0, min(i-1, len(text)))
		}
		text, org = "["+text+"]", org.through(off)
	}
	p.text, p.org = text, org
	if p.values == nil {
		p.values = make([]Value, 0, s.scalars)
		// Condition operators and keys are fewer than the objects in all
		// but odd policies; the arenas grow if not.
		p.blocks = make([]Block, 0, s.objects)
		p.keys = make([]KeyValues, 0, s.objects)
	}
	root := gjson.Parse(text)
	p.doc.Span = diag.Span{Start: org.at(root.Index), End: end}
	p.doc.Text = strings.TrimRight(text[root.Index:], " \t\r\n")
	switch {
	case root.IsObject() && !s.seq:
		p.object(root, s.top, depth)
	case root.IsArray():
		p.doc.Form = FormStatements
		p.statements(root)
	case root.Type == gjson.String:
		p.doc.Wrapper = append(p.doc.Wrapper, "JSON string")
		p.unquoted(root, depth)
	default:
		p.broken("INVALID_POLICY_SHAPE", `a policy document is a JSON object: {"Version": "2012-10-17", "Statement": [...]}`, p.doc.Span)
	}
}

// wrappers are the fields that AWS's APIs and CLI put a policy in. Role and
// PolicyVersion hold the field that holds it.
var wrappers = []string{"PolicyDocument", "AssumeRolePolicyDocument", "Document", "Policy", "PolicyVersion", "Role"}

var policyElements = []string{"Version", "Id", "Statement"}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

// object reads an object at the top: a policy, a wrapper or a bare statement.
func (p *parser) object(root gjson.Result, top []member, depth int) {
	d := p.doc
	var seen [3]bool
	var others []gjson.Result // keys that are not policy elements
	p.eachMember(root, top, func(k, v gjson.Result) bool {
		switch k.Str {
		case "Version":
			d.Version = p.member(&seen[0], k, v)
		case "Id":
			d.ID = p.member(&seen[1], k, v)
		case "Statement":
			if p.repeated(&seen[2], k) {
				break
			}
			d.StatementKind = kindOf(v)
			d.StatementSpan = p.span(v)
			p.statements(v)
		default:
			others = append(others, k, v)
		}
		return true
	})
	if !seen[0] && !seen[1] && !seen[2] && len(others) > 0 {
		for i := 0; i < len(others); i += 2 {
			if statementElement(others[i].Str) >= 0 {
				d.Form = FormStatement
				d.StatementKind = Object
				p.statement(root, 0)
				return
			}
		}
		for i := 0; i < len(others); i += 2 {
			if k, v := others[i], others[i+1]; slices.Contains(wrappers, k.Str) && (v.IsObject() || v.Type == gjson.String) {
				d.Wrapper = append(d.Wrapper, k.Str)
				if v.Type == gjson.String {
					p.unquoted(v, depth)
				} else {
					p.doc.Span, p.doc.Text = p.span(v), v.Raw
					p.object(v, nil, depth+1)
				}
				return
			}
		}
	}
	for i := 0; i < len(others); i += 2 {
		p.doc.Unknown = append(p.doc.Unknown, p.scalar(others[i]))
	}
}

// eachMember calls fn for each member of obj, from the places the scanner
// noted when it has them (top), else with gjson's ForEach.
func (p *parser) eachMember(obj gjson.Result, top []member, fn func(k, v gjson.Result) bool) {
	if top == nil {
		obj.ForEach(fn)
		return
	}
	for _, m := range top {
		k := gjson.Parse(p.text[m.key.start:m.key.end])
		v := gjson.Parse(p.text[m.value.start:m.value.end])
		k.Index, v.Index = m.key.start, m.value.start
		if !fn(k, v) {
			return
		}
	}
}

// unquoted reads a policy held in a JSON string.
func (p *parser) unquoted(v gjson.Result, depth int) {
	text, off := unquote(v.Raw, v.Index)
	p.values = nil
	p.read(text, p.org.through(off), depth+1)
}

// member reads a scalar element, noting a repeat.
func (p *parser) member(seen *bool, k, v gjson.Result) Value {
	if p.repeated(seen, k) {
		return Value{}
	}
	return p.scalar(v)
}

// repeated reports and records a key seen twice in one object: AWS would keep
// only one of them, and guessing which is not our business.
func (p *parser) repeated(seen *bool, k gjson.Result) bool {
	if *seen {
		p.doc.Repeated = append(p.doc.Repeated, p.scalar(k))
		return true
	}
	*seen = true
	return false
}

func (p *parser) span(r gjson.Result) diag.Span {
	return diag.Span{Start: p.org.at(r.Index), End: p.org.at(r.Index + len(r.Raw))}
}

func kindOf(r gjson.Result) Kind {
	switch r.Type {
	case gjson.String:
		return String
	case gjson.Number:
		return Number
	case gjson.True, gjson.False:
		return Bool
	case gjson.Null:
		return Null
	case gjson.JSON:
		if r.IsArray() {
			return Array
		}
		return Object
	}
	return Missing
}

// scalar reads any value as a Value; objects and arrays keep only their kind
// and place.
func (p *parser) scalar(r gjson.Result) Value {
	v := Value{Kind: kindOf(r), Span: p.span(r)}
	switch v.Kind {
	case String:
		v.Text = r.Str
	case Number, Bool:
		v.Text = r.Raw
	}
	return v
}

// list reads an element holding a string or an array of them. Items of other
// kinds are kept with their kind, for validation to report.
func (p *parser) list(r gjson.Result) List {
	l := List{Kind: kindOf(r), Span: p.span(r)}
	start := len(p.values)
	switch l.Kind {
	case Array:
		if !p.strings(r) {
			p.values = p.values[:start]
			r.ForEach(func(_, item gjson.Result) bool {
				p.values = append(p.values, p.scalar(item))
				return true
			})
		}
	case Object, Null:
		return l
	default:
		p.values = append(p.values, p.scalar(r))
	}
	l.Items = p.values[start:len(p.values):len(p.values)]
	return l
}

// strings reads an array that holds only strings without escapes (Action and
// Resource lists, condition values: nearly every array in a policy) straight
// from its text, which the scanner has already checked. gjson would read it
// once more for every item; this reads it once. It reports false, having read
// nothing useful, for any other array.
func (p *parser) strings(r gjson.Result) bool {
	raw, base := r.Raw, r.Index
	for i := 1; i < len(raw)-1; i++ {
		switch c := raw[i]; c {
		case ' ', '\t', '\n', '\r', ',':
		case '"':
			end := i + 1
			for end < len(raw) && raw[end] != '"' && raw[end] != '\\' {
				end++
			}
			if end >= len(raw) || raw[end] != '"' {
				return false
			}
			p.values = append(p.values, Value{Kind: String, Text: raw[i+1 : end],
				Span: diag.Span{Start: p.org.at(base + i), End: p.org.at(base + end + 1)}})
			i = end
		default:
			return false
		}
	}
	return true
}

// maxStatements bounds how many statements are read. AWS's largest policies
// hold a few hundred; a document with more is not a policy, and reading
// millions of empty statements would cost memory for nothing.
const maxStatements = 50000

// statements reads the Statement element: an array, or a single object.
func (p *parser) statements(v gjson.Result) {
	switch {
	case v.IsArray():
		i := 0
		v.ForEach(func(_, item gjson.Result) bool {
			if i == maxStatements {
				p.broken("INVALID_POLICY_SHAPE", fmt.Sprintf("more than %d statements: this is not a policy AWS would accept, and the rest is not read", maxStatements), p.span(item))
				return false
			}
			if item.IsObject() {
				p.statement(item, i)
			} else {
				p.doc.Statements = append(p.doc.Statements, Statement{Index: i, Span: p.span(item), NotObject: kindOf(item)})
			}
			i++
			return true
		})
	case v.IsObject():
		p.statement(v, 0)
	}
}

// statement reads one statement object.
func (p *parser) statement(v gjson.Result, index int) {
	if p.doc.Statements == nil {
		p.doc.Statements = make([]Statement, 0, 4)
	}
	p.doc.Statements = append(p.doc.Statements, Statement{Index: index, Span: p.span(v)})
	st := &p.doc.Statements[len(p.doc.Statements)-1]
	var seen [9]bool
	v.ForEach(func(k, val gjson.Result) bool {
		e := statementElement(k.Str)
		if e < 0 {
			st.Unknown = append(st.Unknown, p.scalar(k))
			return true
		}
		if seen[e] {
			st.Repeated = append(st.Repeated, p.scalar(k))
			return true
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
		return true
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
func (p *parser) principal(v gjson.Result) Principal {
	pr := Principal{Kind: kindOf(v), Span: p.span(v)}
	switch pr.Kind {
	case Object:
		v.ForEach(func(k, val gjson.Result) bool {
			pr.Entries = append(pr.Entries, PrincipalEntry{Type: p.scalar(k), Values: p.list(val)})
			return true
		})
	case Array:
	default:
		pr.Star = p.scalar(v)
	}
	return pr
}

// condition reads {"Operator": {"key": value-or-values, ...}, ...}.
func (p *parser) condition(v gjson.Result) Condition {
	c := Condition{Kind: kindOf(v), Span: p.span(v)}
	if c.Kind != Object {
		return c
	}
	start := len(p.blocks)
	v.ForEach(func(k, val gjson.Result) bool {
		b := Block{Operator: p.scalar(k), Op: ParseOperator(k.Str), Kind: kindOf(val), Span: p.span(val)}
		if b.Kind == Object {
			kstart := len(p.keys)
			val.ForEach(func(key, vals gjson.Result) bool {
				p.keys = append(p.keys, KeyValues{Key: p.scalar(key), Values: p.list(vals)})
				return true
			})
			b.Keys = p.keys[kstart:len(p.keys):len(p.keys)]
		}
		p.blocks = append(p.blocks, b)
		return true
	})
	c.Blocks = p.blocks[start:len(p.blocks):len(p.blocks)]
	return c
}

// urlDecode undoes percent-encoding, returning the decoded text, the offset
// in text of every decoded byte (plus the end), and the offset of a bad
// escape or -1.
func urlDecode(text string) (string, []int, int) {
	var b strings.Builder
	b.Grow(len(text))
	off := make([]int, 0, len(text)+1)
	for i := 0; i < len(text); {
		if text[i] != '%' {
			b.WriteByte(text[i])
			off = append(off, i)
			i++
			continue
		}
		if !isHex2(text[i+1:]) {
			return "", nil, i
		}
		b.WriteByte(unhex(text[i+1])<<4 | unhex(text[i+2]))
		off = append(off, i)
		i += 3
	}
	off = append(off, len(text))
	return b.String(), off, -1
}

func isHex2(s string) bool { return len(s) >= 2 && isHex(s[0]) && isHex(s[1]) }

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// unquote decodes a JSON string literal (quotes included) found at offset
// base, returning its contents and the offset of every decoded byte.
func unquote(raw string, base int) (string, []int) {
	var b strings.Builder
	off := make([]int, 0, len(raw))
	emit := func(at int, s string) {
		b.WriteString(s)
		for range len(s) {
			off = append(off, base+at)
		}
	}
	for i := 1; i < len(raw)-1; {
		c := raw[i]
		if c != '\\' {
			emit(i, raw[i:i+1])
			i++
			continue
		}
		switch raw[i+1] {
		case 'u':
			r := rune(hexVal(raw[i+2 : i+6]))
			n := 6
			if utf16.IsSurrogate(r) && i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
				r = utf16.DecodeRune(r, rune(hexVal(raw[i+8:i+12])))
				n = 12
			}
			emit(i, string(utf8.AppendRune(nil, r)))
			i += n
		default:
			emit(i, string(map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[raw[i+1]]))
			i += 2
		}
	}
	off = append(off, base+len(raw)-1)
	return b.String(), off
}

func hexVal(s string) int {
	n := 0
	for i := range len(s) {
		n = n<<4 | int(unhex(s[i]))
	}
	return n
}

// StatementPath is the Access Analyzer path of statement i.
func (d *Document) StatementPath(i int) diag.Path {
	if d.StatementKind == Object {
		return diag.Path{{Kind: diag.ValueOf, Name: "Statement"}}
	}
	return diag.Path{{Kind: diag.ValueOf, Name: "Statement"}, {Kind: diag.IndexOf, N: i}}
}

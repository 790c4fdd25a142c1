// Package policy reads IAM policy documents the way AWS does and says exactly
// what is wrong with one.
//
// Parse turns text into a Document: every statement and every element keeps
// the byte Span it came from in the text the user gave (even when that text
// was URL-encoded, wrapped in a PolicyDocument, or held in a JSON string), so
// findings and evaluation results can point back at it. JSON syntax is checked
// by core/jsontext's scanner, which recovers from the common slips (a
// missing ',' or ':', a trailing ',') and names them, and records every value
// it reads in a tape (kind, place, extent), so the parser builds the Document
// without reading the text again. Validate then applies the grammar of one policy type (identity,
// resource, trust, SCP, RCP, boundary, session) and Access Analyzer's checks,
// using its issue codes and severities. Lint does both.
package policy

import (
	"slrplay/core/diag"
	"slrplay/core/jsontext"
)

// Kind is the JSON type of a value as written.
type Kind = jsontext.Kind

// Kinds. Missing means the element is absent.
const (
	Missing = jsontext.Missing
	String  = jsontext.String
	Number  = jsontext.Number
	Bool    = jsontext.Bool
	Null    = jsontext.Null
	Array   = jsontext.Array
	Object  = jsontext.Object
)

// Value is one JSON scalar, or an object key, with its place.
type Value struct {
	Kind Kind
	Text string    // string contents, unescaped; for numbers and booleans the literal as written
	Span diag.Span // the value as written, quotes included
}

// Present reports whether the value was written at all.
func (v Value) Present() bool { return v.Kind != Missing }

// SubstitutesVariables reports whether AWS fills in the document's policy
// variables: only under "Version": "2012-10-17", which statements pasted
// without a document around them are read as.
func (d *Document) SubstitutesVariables() bool {
	return d.Form != FormPolicy || d.Version.Kind == String && d.Version.Text == "2012-10-17"
}

// List is an element that holds one string or an array of them: Action,
// Resource, the values of a principal type or of a condition key.
type List struct {
	Kind  Kind // String or Array when well formed; Missing when absent
	Span  diag.Span
	Items []Value // scalar items only; other items are reported and left out
}

// Present reports whether the element was written at all.
func (l List) Present() bool { return l.Kind != Missing }

// Principal is a Principal or NotPrincipal element: "*" or an object mapping
// principal types (AWS, Service, Federated, CanonicalUser) to lists.
type Principal struct {
	Kind    Kind
	Span    diag.Span
	Star    Value // the "*" form
	Entries []PrincipalEntry
}

// Present reports whether the element was written at all.
func (p Principal) Present() bool { return p.Kind != Missing }

// PrincipalEntry is one principal type and its values.
type PrincipalEntry struct {
	Type   Value // the key: AWS, Service, Federated, CanonicalUser
	Values List
}

// Condition is a Condition element: operators, each with keys and values.
type Condition struct {
	Kind   Kind
	Span   diag.Span
	Blocks []Block
}

// Present reports whether the element was written at all.
func (c Condition) Present() bool { return c.Kind != Missing }

// Block is one condition operator and the keys it tests (AND between keys).
type Block struct {
	Operator Value // the operator as written, a key of the Condition object
	Op       Operator
	Kind     Kind
	Span     diag.Span
	Keys     []KeyValues
}

// KeyValues is one condition key and its values (OR between values).
type KeyValues struct {
	Key    Value
	Values List
}

// Statement is one statement of a policy.
type Statement struct {
	Index int
	Span  diag.Span
	// NotObject is the kind written when the array element is not an object.
	NotObject    Kind
	Sid          Value
	Effect       Value
	Principal    Principal
	NotPrincipal Principal
	Action       List
	NotAction    List
	Resource     List
	NotResource  List
	Condition    Condition
	Unknown      []Value // keys that are not statement elements
	Repeated     []Value // keys written twice
}

// Form says how the policy was written, so the page can say what it read.
type Form uint8

// Forms of input that Parse accepts.
const (
	FormPolicy     Form = iota // a policy document
	FormStatement              // one statement without a document around it
	FormStatements             // statements in an array or separated by commas
)

// Document is a parsed policy.
type Document struct {
	Source *diag.Source
	Form   Form
	// Wrapper names what the policy was found inside ("PolicyDocument",
	// "URL encoding", "JSON string", ...), outermost first; empty for a bare policy.
	Wrapper []string
	Span    diag.Span
	// Text is the policy as AWS would store it: the document's own JSON after
	// URL encoding, JSON string quoting and wrappers are taken off.
	Text          string
	Version       Value
	ID            Value
	StatementKind Kind // Array, Object (a single statement), or another kind when wrong
	StatementSpan diag.Span
	Statements    []Statement
	Unknown       []Value // top-level keys that are not policy elements
	Repeated      []Value // top-level keys written twice
	// Broken is set when the text is not JSON that can be read: there is
	// nothing to validate or evaluate.
	Broken bool
}

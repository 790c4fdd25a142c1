package scenario

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"slrplay/core/jsontext"
	"slrplay/core/slr"
)

// Paths into a step's output (CONTRACT 2.1, 2.2) are gjson paths
// (https://github.com/tidwall/gjson/blob/master/SYNTAX.md): a key
// (Role.Arn), an index (Roles.0.RoleName), a count (Roles.#), every
// element's member (Roles.#.RoleName), the first element a query finds
// (Roles.#(RoleName%"*Batch").Arn) or all of them (Roles.#(Path=="/")#),
// wildcards in keys (Role.Role*), and a key's special character escaped
// (\. \* \#).
//
// A path comes from a share link, so it may be hostile. It is at most
// MaxPath bytes, and it takes only what a lesson needs: gjson's modifiers
// (@reverse, @this, ...), multipaths ([a,b] {a,b}), literals (!true) and
// JSON lines (..) are refused, and so are unbalanced queries; a key, or a
// query (its path and its % or !% pattern together), holds at most two *,
// which gjson's matcher (tidwall/match) decides in time linear in the
// text; with three or more it backtracks, up to 10,000 steps per character
// of every string it tries. What is left
// reads the output once per part of the path at most, and a run's paths
// together read at most MaxPathWork (bytes of output times bytes of path),
// or the run is refused at the step that passes it: a 1 MiB document could
// otherwise hold 100,000 references to a 1 MB output.
const (
	// MaxPath is the longest path, in bytes.
	MaxPath = 256
	// MaxPathWork bounds what a run's paths read together: the sum, over
	// every path looked up, of its output's size times the path's length.
	MaxPathWork = 1 << 27
)

// checkPath says what a path has that Load refuses, for a message that
// names the path; nil when it is one to look up.
func checkPath(path string) error {
	if path == "" {
		return errors.New("names no path: write $N.Path, such as $0.Role.Arn")
	}
	if len(path) > MaxPath {
		return errors.New("the path is " + strconv.Itoa(len(path)) + " bytes; a path is at most " + strconv.Itoa(MaxPath))
	}
	emptyPart := errors.New("the path has an empty part (JSON lines, .., are not taken): write keys between the dots")
	if path[0] == '.' || path[0] == '|' {
		return emptyPart
	}
	// The stars of each pattern: a key between dots, or a query, whose
	// path and value together count (a stack, for queries in queries).
	// Quotes quote only in a query, as gjson reads them.
	stars := []int{0}
	quoted := false
	for i := 0; i < len(path); i++ {
		c, depth := path[i], len(stars)-1
		switch {
		case c == '\\':
			if quoted && i+5 < len(path) && path[i+1] == 'u' && strings.EqualFold(path[i+2:i+6], "002a") {
				c = '*' // gjson decodes a quoted value's \u002a before matching
			} else {
				i++ // an escaped character is itself
				continue
			}
		case c == '"' && depth > 0:
			quoted = !quoted
			continue
		}
		switch {
		case c == '*':
			if stars[depth]++; stars[depth] > 2 {
				return errors.New("a key or a query holds at most two *: more make gjson's matcher backtrack")
			}
		case quoted:
		case c == '@':
			return errors.New("gjson's modifiers (@reverse, @this, ...) are not taken: write the path to the value itself (a key's @ is written \\@)")
		case c == '[' || c == '{':
			return errors.New("multipaths ([a,b], {a,b}) are not taken: write one path per value (a query is #(...))")
		case c == '!' && (depth == 0 || i+1 == len(path) || path[i+1] != '=' && path[i+1] != '%'):
			return errors.New("literals (!true) are not taken; a query compares with == != < <= > >= % !%")
		case c == '.' && i+1 < len(path) && path[i+1] == '.':
			return emptyPart
		case c == '(':
			stars = append(stars, 0)
		case c == ')' && depth > 0:
			stars = stars[:depth]
		case c == ')':
			return errors.New("a ) closes no query: a query is #(...)")
		case (c == '.' || c == '|') && depth == 0:
			stars[0] = 0
		}
	}
	if quoted || len(stars) > 1 {
		return errors.New("a query is not closed: a query is #(...), its strings in double quotes")
	}
	return nil
}

// reference splits a string of the form "$N.Path" into N and the path; ok
// is false for any other string, such as "$" or "$US", which is itself.
func reference(s string) (n int, path string, ok bool) {
	if len(s) < 2 || s[0] != '$' {
		return 0, "", false
	}
	num, path, _ := strings.Cut(s[1:], ".")
	n, err := strconv.Atoi(num)
	if err != nil || num[0] < '0' || num[0] > '9' {
		return 0, "", false
	}
	return n, path, true
}

// references checks every "$N.Path" string in a value of the document.
func references(v jsontext.Value) error {
	var err error
	switch v.Kind() {
	case jsontext.String:
		if _, path, ok := reference(v.Str()); ok {
			if perr := checkPath(path); perr != nil {
				err = &jsontext.PlacedError{Offset: v.Start(), Msg: quote(v.Str()) + ": " + perr.Error()}
			}
		}
	case jsontext.Object:
		v.Members(func(_, val jsontext.Value) bool {
			err = references(val)
			return err == nil
		})
	case jsontext.Array:
		v.Elements(func(_ int, el jsontext.Value) bool {
			err = references(el)
			return err == nil
		})
	}
	return err
}

// errPathWork is a run whose paths would read more than MaxPathWork.
var errPathWork = errors.New("its paths read more than " + strconv.Itoa(MaxPathWork) + " bytes of outputs (output size times path length, summed over the run): refer to smaller outputs, or less often")

// lookup finds paths in the outputs of a run's steps, each output written
// as JSON once.
type lookup struct {
	steps []StepResult // those that have run
	json  []string     // their outputs' JSON, as needed
	work  int          // what the run's paths have read
}

// get is the value at path in the JSON text of an output; found is false
// when the path finds nothing. It charges the run's MaxPathWork.
func (l *lookup) get(json, path string) (v any, found bool, err error) {
	if err := checkPath(path); err != nil { // Load checked the document's; a run checks anyway
		return nil, false, err
	}
	if l.work += len(json) * len(path); l.work > MaxPathWork {
		return nil, false, errPathWork
	}
	r := gjson.Get(json, path)
	if !r.Exists() {
		return nil, false, nil
	}
	if doc, serr := jsontext.Parse(r.Raw); serr == nil {
		return doc.Any(), true, nil
	}
	return r.Value(), true, nil // a count, which gjson gives without its text
}

// output is step n's output as JSON.
func (l *lookup) output(n int) string {
	for len(l.json) <= n {
		l.json = append(l.json, "")
	}
	if l.json[n] == "" {
		l.json[n] = string(jsontext.Marshal(l.steps[n].Output))
	}
	return l.json[n]
}

// resolve replaces "$N.Path" strings in a value by step N's output at that
// path. A reference that finds nothing is the error InvalidReference,
// which says what there is; errPathWork ends the run.
func (l *lookup) resolve(v any) (any, error) {
	switch v := v.(type) {
	case string:
		n, path, ok := reference(v)
		if !ok {
			return v, nil
		}
		if n >= len(l.steps) {
			return nil, invalidReference(v + " refers to step " + strconv.Itoa(n) + ", which has not run (this is step " + strconv.Itoa(len(l.steps)) + ")")
		}
		st := &l.steps[n]
		if st.Error != nil {
			return nil, invalidReference(v + " refers to step " + strconv.Itoa(n) + " (" + st.Op + "), which failed with " + st.Error.Code + " and has no output")
		}
		json := l.output(n)
		got, found, err := l.get(json, path)
		if err != nil {
			if err == errPathWork {
				return nil, err
			}
			return nil, invalidReference(v + ": " + err.Error())
		}
		if !found {
			has, err := l.has(json, path)
			if err != nil {
				return nil, err
			}
			return nil, invalidReference(v + " finds nothing in step " + strconv.Itoa(n) + "'s output (" + st.Op + "): " + has)
		}
		return got, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for _, k := range sortedKeys(v) { // the first unresolved reference, the same on every run
			r, err := l.resolve(v[k])
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			r, err := l.resolve(x)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// has says what an output holds where a path stops finding: the members
// of the longest part of the path that finds something ("its Role has Arn,
// CreateDate, ..."), or of the whole output.
func (l *lookup) has(json, path string) (string, error) {
	parts := splitPath(path)
	for i := len(parts) - 1; i >= 0; i-- {
		v, found, err := l.get(json, parts[i])
		if err != nil {
			return "", err
		}
		if found {
			return "its " + parts[i] + " is " + describe(v), nil
		}
	}
	v, _ := jsontext.Parse(json)
	return "it is " + describe(v.Any()), nil
}

// splitPath is the path's beginnings that end before one of its dots or
// pipes (not those in a query or escaped), shortest first: Role.Tags.0 →
// Role, Role.Tags.
func splitPath(path string) []string {
	var out []string
	depth, quoted := 0, false
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '\\':
			i++
		case c == '"' && depth > 0:
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == '.' || c == '|') && depth == 0:
			out = append(out, path[:i])
		}
	}
	return out
}

// describe is a value for a message: an object's member names, an array's
// length, a scalar's kind, cut when long.
func describe(v any) string {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			return "an empty object"
		}
		keys := sortedKeys(v)
		more := ""
		if len(keys) > 12 {
			keys, more = keys[:12], ", …"
		}
		return "an object of " + strings.Join(keys, ", ") + more
	case []any:
		return "an array of " + strconv.Itoa(len(v))
	}
	return excerpt(string(jsontext.Marshal(v)))
}

func invalidReference(msg string) *slr.Error {
	return &slr.Error{Code: "InvalidReference", Message: msg}
}

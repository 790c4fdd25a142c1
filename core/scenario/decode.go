package scenario

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"slrplay/core/diag"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
	"slrplay/core/slr"
)

// The members each object of a scenario may hold (CONTRACT 2). Nothing a
// document says is ignored: another member is an error that names it, its
// place and the nearest of these, and so is a key written twice, of which a
// JSON reader would silently keep one.
var (
	// "playground" is the page's: its policy tabs and view, which it writes
	// into the documents it shares (web/src/share.js) and reads back; the
	// scenario does not read it.
	documentFields  = []string{"scenario", "title", "description", "account", "region", "start", "seed", "roleQuota", "principals", "scps", "services", "steps", "playground"}
	principalFields = []string{"arn", "policies", "permissionsBoundary", "mfa"}
	stepFields      = []string{"as", "op", "input", "expect", "note"}
	expectFields    = []string{"error", "evalDecision", "messageContains", "output", "paths"}
)

// decoder reads a scenario document's fields (CONTRACT 2), each of the kind
// the contract gives it; a member of another kind is an error at its place.
type decoder struct {
	src *diag.Source // to name where a key was first written
}

func decode(root jsontext.Value, src *diag.Source) (*Document, error) {
	dec := decoder{src}
	d := &Document{}
	if root.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("a scenario", root, "a JSON object")
	}
	err := dec.members("the scenario", root, documentFields, func(name string, v jsontext.Value) (err error) {
		switch name {
		case "scenario":
			var n int64
			n, err = whole(name, v)
			d.Scenario = int(n)
		case "title":
			d.Title, err = str(name, v)
		case "description":
			d.Description, err = str(name, v)
		case "account":
			d.Account, err = str(name, v)
		case "region":
			d.Region, err = str(name, v)
		case "start":
			d.Start, err = str(name, v)
		case "seed":
			var n int64
			if n, err = whole(name, v); err == nil && n < 0 {
				err = jsontext.TypeError(name, v, "a whole number from 0")
			}
			d.Seed = uint64(n)
		case "roleQuota":
			var n int64
			n, err = whole(name, v)
			d.RoleQuota = int(n)
		case "principals":
			d.Principals, err = dec.principals(v)
		case "scps":
			d.SCPs, err = list(name, v)
		case "services":
			if d.Services, err = list(name, v); err == nil {
				err = dec.services(d.Services)
			}
		case "steps":
			d.Steps, err = dec.steps(v)
		}
		return err
	})
	return d, err
}

// members calls fn with each member of the object v, in order, until fn
// fails. A key written twice is an error at the second; so is one that
// known does not list (known nil: any key), with the nearest known one.
func (dec decoder) members(what string, v jsontext.Value, known []string, fn func(name string, v jsontext.Value) error) error {
	var keys jsontext.Keys
	var err error
	v.Members(func(k, val jsontext.Value) bool {
		name := k.Str()
		if first, twice := keys.Add(k); twice {
			p := dec.src.Pos(first.Start())
			err = &jsontext.PlacedError{Offset: k.Start(), Msg: quote(name) + " is written twice in " + what + " (first at " + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column+1) + "): a JSON reader keeps only one, so write it once"}
			return false
		}
		if known != nil && !slices.Contains(known, name) {
			err = &jsontext.PlacedError{Offset: k.Start(), Msg: unknown(name, what, known)}
			return false
		}
		err = fn(name, val)
		return err == nil
	})
	return err
}

// unknown says that what has no such field, and which it has.
func unknown(name, what string, known []string) string {
	msg := "unknown field " + quote(name) + " in " + what
	if s := policy.Suggest(name, known); s != "" {
		return msg + ": did you mean " + quote(s) + "?"
	}
	return msg + ": it takes " + strings.Join(known, ", ")
}

// unique refuses a key written twice anywhere in v, a value the scenario
// passes on as written (a step's input, an expected output).
func (dec decoder) unique(what string, v jsontext.Value) error {
	var err error
	switch v.Kind() {
	case jsontext.Object:
		return dec.members(what, v, nil, func(_ string, val jsontext.Value) error { return dec.unique(what, val) })
	case jsontext.Array:
		v.Elements(func(_ int, el jsontext.Value) bool {
			err = dec.unique(what, el)
			return err == nil
		})
	}
	return err
}

// services checks a scenario's services entries: the catalog's fields
// (CONTRACT 3), each once; slr reads their values.
func (dec decoder) services(entries []jsontext.Value) error {
	for i, e := range entries {
		what := "services[" + strconv.Itoa(i) + "]"
		if e.Kind() != jsontext.Object {
			continue // slr names the mistake
		}
		err := dec.members(what, e, slr.ServiceFields, func(_ string, v jsontext.Value) error { return dec.unique(what, v) })
		if err != nil {
			return err
		}
	}
	return nil
}

func (dec decoder) principals(v jsontext.Value) (map[string]Principal, error) {
	out := map[string]Principal{}
	if v.Kind() == jsontext.Null {
		return out, nil
	}
	if v.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("principals", v, "an object of principals by name")
	}
	err := dec.members("principals", v, nil, func(name string, pv jsontext.Value) error {
		if pv.Kind() != jsontext.Object {
			return jsontext.TypeError("principal "+quote(name), pv, "an object")
		}
		p := Principal{at: pv.Start()}
		err := dec.members("principal "+quote(name), pv, principalFields, func(field string, f jsontext.Value) (err error) {
			switch field {
			case "arn":
				p.Arn, err = str(field, f)
			case "policies":
				p.Policies, err = list(field, f)
			case "permissionsBoundary":
				p.PermissionsBoundary = f
			case "mfa":
				p.MFA, err = boolean(field, f)
			}
			return err
		})
		out[name] = p
		return err
	})
	return out, err
}

func (dec decoder) steps(v jsontext.Value) ([]Step, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Array {
		return nil, jsontext.TypeError("steps", v, "an array")
	}
	var out []Step
	var err error
	v.Elements(func(i int, sv jsontext.Value) bool {
		if i == MaxSteps { // and read no further: a hostile document holds a million
			err = &jsontext.PlacedError{Offset: sv.Start(), Msg: "more than " + strconv.Itoa(MaxSteps) + " steps: split the scenario"}
			return false
		}
		if sv.Kind() != jsontext.Object {
			err = jsontext.TypeError("a step", sv, "an object")
			return false
		}
		what := "step " + strconv.Itoa(i)
		st := Step{at: sv.Start(), opAt: sv.Start()}
		var input jsontext.Value
		err = dec.members(what, sv, stepFields, func(field string, f jsontext.Value) (err error) {
			switch field {
			case "as":
				st.As, err = str(field, f)
			case "op":
				st.Op, err = str(field, f)
				st.opAt = f.Start()
			case "note":
				st.Note, err = str(field, f)
			case "input":
				input = f
				if st.Input, err = object(field, f); err == nil {
					err = dec.unique(what+"'s input", f)
				}
				if err == nil {
					err = references(f)
				}
			case "expect":
				st.Expect, err = dec.expect(what, f)
			}
			return err
		})
		if err == nil {
			err = dec.input(what, st.Op, input, max(input.Start(), st.at))
		}
		out = append(out, st)
		return err == nil
	})
	return out, err
}

// input checks a step's input against its op's parameters, as the AWS
// SDKs do before sending a request: another parameter is an error
// ("Unknown parameter in input"), and so is a member of a tag other than
// Key and Value (in any case, as the IAM API's JSON reader takes them), and
// a clock:Advance that is not a number of seconds from 0 to MaxAdvance. An
// op not known is left to Load, which names the nearest.
func (dec decoder) input(what, op string, in jsontext.Value, at int) error {
	params, ok := opInputs(op)
	if !ok {
		return nil
	}
	err := parameters(what, "input", in, params, slices.Contains[[]string])
	if err == nil {
		in.Get("Tags").Elements(func(i int, tag jsontext.Value) bool {
			err = parameters(what, "Tags["+strconv.Itoa(i)+"]", tag, []string{"Key", "Value"}, func(names []string, name string) bool {
				return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
			})
			return err == nil
		})
	}
	if err != nil || op != "clock:Advance" {
		return err
	}
	sec := in.Get("Seconds")
	if sec.Kind() == jsontext.Missing || sec.Kind() == jsontext.Null {
		return &jsontext.PlacedError{Offset: at, Msg: what + ": clock:Advance needs Seconds, the seconds that pass"}
	}
	if f, ok := sec.Float(); !ok || math.IsInf(f, 0) || f < 0 || f > MaxAdvance {
		return &jsontext.PlacedError{Offset: sec.Start(), Msg: what + ": Seconds is a number of seconds from 0 to " + strconv.Itoa(MaxAdvance) + " (a century), not " + excerpt(sec.Raw())}
	}
	return nil
}

// parameters refuses a member of the object v (the input, or a structure
// in it at where) that is not among names, in the AWS SDKs' words.
func parameters(what, where string, v jsontext.Value, names []string, known func([]string, string) bool) error {
	var err error
	v.Members(func(k, _ jsontext.Value) bool {
		if name := k.Str(); !known(names, name) {
			msg := what + ": Unknown parameter in " + where + ": " + quote(name) + ", must be one of: " + strings.Join(names, ", ")
			if s := policy.Suggest(name, names); s != "" {
				msg += " (did you mean " + quote(s) + "?)"
			}
			err = &jsontext.PlacedError{Offset: k.Start(), Msg: msg}
		}
		return err == nil
	})
	return err
}

func (dec decoder) expect(what string, v jsontext.Value) (*Expect, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("expect", v, "an object")
	}
	e := &Expect{}
	what += "'s expect"
	err := dec.members(what, v, expectFields, func(field string, f jsontext.Value) (err error) {
		switch field {
		case "error":
			e.Error, err = str(field, f)
		case "evalDecision":
			e.EvalDecision, err = str(field, f)
		case "messageContains":
			e.MessageContains, err = str(field, f)
		case "output":
			if e.Output, err = object(field, f); err == nil {
				err = dec.unique(what, f)
			}
			if err == nil {
				err = references(f)
			}
		case "paths":
			if e.Paths, err = object(field, f); err == nil {
				err = dec.paths(what, f)
			}
		}
		return err
	})
	return e, err
}

// paths checks an expectation's paths (CONTRACT 2.2): each key a gjson
// path Run looks up, each once, each value any JSON value, which may refer
// to an earlier output.
func (dec decoder) paths(what string, v jsontext.Value) error {
	err := dec.members(what+"'s paths", v, nil, func(_ string, val jsontext.Value) error {
		if err := dec.unique(what, val); err != nil {
			return err
		}
		return references(val)
	})
	v.Members(func(k, _ jsontext.Value) bool {
		if perr := checkPath(k.Str()); err == nil && perr != nil {
			err = &jsontext.PlacedError{Offset: k.Start(), Msg: what + "'s paths: " + quote(k.Str()) + ": " + perr.Error()}
		}
		return err == nil
	})
	return err
}

// The kinds of members, as a document gives them: null is a member not
// given.

func str(name string, v jsontext.Value) (string, error) {
	switch v.Kind() {
	case jsontext.String:
		return v.Str(), nil
	case jsontext.Null:
		return "", nil
	}
	return "", jsontext.TypeError(name, v, "a string")
}

func whole(name string, v jsontext.Value) (int64, error) {
	if v.Kind() == jsontext.Null {
		return 0, nil
	}
	n, ok := v.Int()
	if !ok {
		return 0, jsontext.TypeError(name, v, "a whole number")
	}
	return n, nil
}

func boolean(name string, v jsontext.Value) (bool, error) {
	if v.Kind() == jsontext.Null {
		return false, nil
	}
	b, ok := v.Bool()
	if !ok {
		return false, jsontext.TypeError(name, v, "true or false")
	}
	return b, nil
}

func object(name string, v jsontext.Value) (map[string]any, error) {
	switch v.Kind() {
	case jsontext.Object:
		return v.Any().(map[string]any), nil
	case jsontext.Null:
		return nil, nil
	}
	return nil, jsontext.TypeError(name, v, "an object")
}

// list reads an array's elements; null is no elements.
func list(name string, v jsontext.Value) ([]jsontext.Value, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Array {
		return nil, jsontext.TypeError(name, v, "an array")
	}
	var out []jsontext.Value
	v.Elements(func(_ int, el jsontext.Value) bool {
		out = append(out, el)
		return true
	})
	return out, nil
}

// quote is a name of the document as a message shows it: quoted, and cut
// when long, so that a message never repeats a hostile document's bulk.
func quote(s string) string {
	if len(s) > 64 {
		cut := 60
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return string(jsontext.AppendString(nil, s))
}

// excerpt is a value's text for a message, shortened when long: messages
// must not repeat a hostile document.
func excerpt(raw string) string { return shorten(raw, 40) }

// shorten is s cut to at most n bytes, "..." marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

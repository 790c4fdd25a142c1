package scenario

import "slrplay/core/jsontext"

// decode reads a scenario document's fields (CONTRACT 2), each of the kind
// the contract gives it; a member of another kind is an error at its place.
// Unknown members are ignored, so that documents can carry more.
func decode(root jsontext.Value) (*Document, error) {
	d := &Document{}
	if root.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("a scenario", root, "a JSON object")
	}
	var err error
	root.Members(func(k, v jsontext.Value) bool {
		switch name := k.Str(); name {
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
			d.Principals, err = principals(v)
		case "scps":
			d.SCPs, err = list(name, v)
		case "services":
			d.Services, err = list(name, v)
		case "steps":
			d.Steps, err = steps(v)
		}
		return err == nil
	})
	return d, err
}

func principals(v jsontext.Value) (map[string]Principal, error) {
	out := map[string]Principal{}
	if v.Kind() == jsontext.Null {
		return out, nil
	}
	if v.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("principals", v, "an object of principals by name")
	}
	var err error
	v.Members(func(k, pv jsontext.Value) bool {
		name := k.Str()
		if pv.Kind() != jsontext.Object {
			err = jsontext.TypeError("principal "+quote(name), pv, "an object")
			return false
		}
		p := Principal{at: pv.Start()}
		pv.Members(func(k, f jsontext.Value) bool {
			switch field := k.Str(); field {
			case "arn":
				p.Arn, err = str(field, f)
			case "policies":
				p.Policies, err = list(field, f)
			case "permissionsBoundary":
				p.PermissionsBoundary = f
			case "mfa":
				p.MFA, err = boolean(field, f)
			}
			return err == nil
		})
		out[name] = p
		return err == nil
	})
	return out, err
}

func steps(v jsontext.Value) ([]Step, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Array {
		return nil, jsontext.TypeError("steps", v, "an array")
	}
	var out []Step
	var err error
	v.Elements(func(i int, sv jsontext.Value) bool {
		if sv.Kind() != jsontext.Object {
			err = jsontext.TypeError("a step", sv, "an object")
			return false
		}
		st := Step{at: sv.Start(), opAt: sv.Start()}
		sv.Members(func(k, f jsontext.Value) bool {
			switch field := k.Str(); field {
			case "as":
				st.As, err = str(field, f)
			case "op":
				st.Op, err = str(field, f)
				st.opAt = f.Start()
			case "note":
				st.Note, err = str(field, f)
			case "input":
				st.Input, err = object(field, f)
			case "expect":
				st.Expect, err = expect(f)
			}
			return err == nil
		})
		out = append(out, st)
		return err == nil
	})
	return out, err
}

func expect(v jsontext.Value) (*Expect, error) {
	if v.Kind() == jsontext.Null {
		return nil, nil
	}
	if v.Kind() != jsontext.Object {
		return nil, jsontext.TypeError("expect", v, "an object")
	}
	e := &Expect{}
	var err error
	v.Members(func(k, f jsontext.Value) bool {
		switch field := k.Str(); field {
		case "error":
			e.Error, err = str(field, f)
		case "evalDecision":
			e.EvalDecision, err = str(field, f)
		case "messageContains":
			e.MessageContains, err = str(field, f)
		case "output":
			e.Output, err = object(field, f)
		}
		return err == nil
	})
	return e, err
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

func quote(s string) string { return string(jsontext.AppendString(nil, s)) }

package scenario

import (
	"strings"

	"slrplay/core/jsontext"
	"slrplay/core/slr"
)

// The transcript's JSON form (CONTRACT 2.4), written field by field in the
// order and with the omissions its struct tags give; the tests check it
// against encoding/json's reading of the tags on every gallery scenario.

// AppendJSON writes the transcript.
func (t *Transcript) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("title", t.Title)
	o.Bool("ok", t.OK)
	jsontext.List(&o, "steps", t.Steps)
	return o.End()
}

// AppendJSON writes one step of the transcript.
func (s StepResult) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Int("index", s.Index)
	o.Str("as", s.As)
	o.Str("op", s.Op)
	o.StrOmit("note", s.Note)
	if s.Authorization != nil {
		jsontext.Member(&o, "authorization", s.Authorization)
	}
	if len(s.Output) > 0 {
		o.Any("output", s.Output)
	}
	if s.Error != nil {
		jsontext.Member(&o, "error", s.Error)
	}
	if s.Expect != nil {
		jsontext.Member(&o, "expect", s.Expect)
	}
	jsontext.Member(&o, "state", s.State)
	return o.End()
}

// AppendJSON writes {"ok", "detail"}.
func (e *ExpectResult) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Bool("ok", e.OK)
	o.StrOmit("detail", e.Detail)
	return o.End()
}

// AppendJSON writes the account's state.
func (s State) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Time("clock", s.Clock)
	jsontext.List(&o, "roles", s.Roles)
	jsontext.List(&o, "deletionTasks", s.DeletionTasks)
	jsontext.List(&o, "resources", s.Resources)
	jsontext.List(&o, "sessions", s.Sessions)
	return o.End()
}

// AppendJSON writes a role as the transcript shows it.
func (r RoleState) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("RoleName", r.RoleName)
	o.Str("Arn", r.Arn)
	o.StrOmit("Description", r.Description)
	o.Bool("ServiceLinked", r.ServiceLinked)
	if len(r.Tags) > 0 {
		jsontext.List(&o, "Tags", r.Tags)
	}
	if r.RoleLastUsed != nil {
		jsontext.Member(&o, "RoleLastUsed", r.RoleLastUsed)
	}
	return o.End()
}

// toMap is a record as a step's output holds it: its JSON form, read back.
func toMap(v jsontext.Appender) map[string]any {
	doc, _ := jsontext.Parse(string(v.AppendJSON(nil)))
	m, _ := doc.Any().(map[string]any)
	return m
}

// tags reads a step's Tags input, [{"Key": ..., "Value": ...}, ...], its
// field names in any case as the IAM API's JSON reader takes them.
func tags(v any) []slr.Tag {
	list, _ := v.([]any)
	var out []slr.Tag
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil
		}
		var t slr.Tag
		for _, k := range sortedKeys(m) {
			s, ok := m[k].(string)
			switch {
			case strings.EqualFold(k, "Key") && ok:
				t.Key = s
			case strings.EqualFold(k, "Value") && ok:
				t.Value = s
			case strings.EqualFold(k, "Key"), strings.EqualFold(k, "Value"):
				return nil // not a string: not a tag
			}
		}
		out = append(out, t)
	}
	return out
}

// strs reads an input that holds one value or a list of them as strings:
// true, 10, "x".
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case bool, float64:
		return []string{string(jsontext.Marshal(v))}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, strs(x)...)
		}
		return out
	}
	return nil
}

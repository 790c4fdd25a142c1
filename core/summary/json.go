package summary

import "slrplay/core/jsontext"

// File is one document's summary as `summarize --json` gives it.
type File struct {
	Name    string
	Summary *Summary
}

// JSON is `summarize --json` (CONTRACT 6) for some documents:
// {"files": [{"file", "services", "uncategorized", "warnings"}, ...]}.
func JSON(files []File) []byte {
	if files == nil {
		files = []File{}
	}
	o := jsontext.StartObject(nil)
	jsontext.List(&o, "files", files)
	return o.End()
}

// AppendJSON writes the file's summary; lists are [] when empty, never null.
func (f File) AppendJSON(b []byte) []byte {
	s := f.Summary
	o := jsontext.StartObject(b)
	o.Str("file", f.Name)
	jsontext.List(&o, "services", nonNil(s.Services))
	o.Key("uncategorized")
	o.Value(func(b []byte) []byte {
		u := jsontext.StartObject(b)
		u.Strings("services", nonNil(s.Uncategorized.Services))
		u.Strings("actions", nonNil(s.Uncategorized.Actions))
		return u.End()
	})
	o.Strings("warnings", nonNil(s.Warnings))
	return o.End()
}

// AppendJSON writes a row: {"service", "name", "effect", "accessLevel",
// "levels": {"List": {"granted", "total"}, ...}, "resources", "conditions",
// "actions"}.
func (s Service) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("service", s.Service.Prefix)
	o.Str("name", s.Service.Name)
	o.Str("effect", s.Effect)
	o.Str("accessLevel", s.AccessLevel)
	o.Key("levels")
	o.Value(func(b []byte) []byte {
		l := jsontext.StartObject(b)
		for _, lv := range s.Levels {
			l.Key(lv.Level.String())
			l.Value(func(b []byte) []byte {
				c := jsontext.StartObject(b)
				c.Int("granted", lv.Granted)
				c.Int("total", lv.Total)
				return c.End()
			})
		}
		return l.End()
	})
	o.Strings("resources", nonNil(s.Resources))
	o.Strings("conditions", nonNil(s.Conditions))
	actions := s.Actions()
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.FullName()
	}
	o.Strings("actions", names)
	return o.End()
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

package jsontext

// Keys remembers an object's keys as they are read, to find one written
// twice: a JSON reader silently keeps one of the two, so the places that
// refuse to guess (an evaluation case, a scenario) ask Keys.
type Keys struct{ seen map[string]Value }

// Add records key k. If a key of the same name came before, it returns
// that first one and true.
func (s *Keys) Add(k Value) (first Value, twice bool) {
	name := k.Str()
	if first, twice = s.seen[name]; twice {
		return first, true
	}
	if s.seen == nil {
		s.seen = make(map[string]Value)
	}
	s.seen[name] = k
	return Value{}, false
}

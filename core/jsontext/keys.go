package jsontext

// Keys remembers an object's keys as they are read, to find one written
// twice: a JSON reader silently keeps one of the two, so the places that
// refuse to guess (an evaluation case, a scenario) ask Keys.
//
// Most objects have a few keys: those are kept in a small array and
// compared in turn, which allocates nothing (the page checks a case's
// fields on every evaluation); past fewKeys they go into a map, so that a
// hostile object of a million keys costs no more than one map.
type Keys struct {
	few  [fewKeys]Value
	n    int              // how many of few are used
	seen map[string]Value // every key, once there are more than fewKeys
}

const fewKeys = 16

// Add records key k. If a key of the same name came before, it returns
// that first one and true.
func (s *Keys) Add(k Value) (first Value, twice bool) {
	name := k.Str()
	if s.seen != nil {
		if first, twice = s.seen[name]; twice {
			return first, true
		}
		s.seen[name] = k
		return Value{}, false
	}
	for _, f := range s.few[:s.n] {
		if f.Str() == name {
			return f, true
		}
	}
	if s.n < fewKeys {
		s.few[s.n] = k
		s.n++
		return Value{}, false
	}
	s.seen = make(map[string]Value, 4*fewKeys)
	for _, f := range s.few {
		s.seen[f.Str()] = f
	}
	s.seen[name] = k
	return Value{}, false
}

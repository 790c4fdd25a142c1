package jsontext

// Compact returns a JSON text without its insignificant white space, every
// value kept as written (as encoding/json's Compact does), or the text's
// first syntax error.
func Compact(text string) ([]byte, *SyntaxError) {
	root, err := Parse(text)
	if err != nil {
		return nil, err
	}
	return appendCompact(make([]byte, 0, len(text)), root), nil
}

func appendCompact(b []byte, v Value) []byte {
	switch v.Kind() {
	case Array:
		b = append(b, '[')
		v.Elements(func(i int, el Value) bool {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCompact(b, el)
			return true
		})
		return append(b, ']')
	case Object:
		b = append(b, '{')
		first := true
		v.Members(func(k, val Value) bool {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, k.Raw()...)
			b = append(b, ':')
			b = appendCompact(b, val)
			return true
		})
		return append(b, '}')
	}
	return append(b, v.Raw()...)
}

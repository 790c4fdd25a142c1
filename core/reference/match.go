package reference

import (
	"bytes"
	"slices"
	"strings"
)

// Three kinds of pattern meet here, and one matcher serves them all:
// action patterns ("s3:Get*", with * and ? as in policies), ARN formats
// ("arn:${Partition}:s3:::${BucketName}/${ObjectName}", whose variables
// stand for non-empty text and where a few formats hold a *), and condition
// key names ("aws:RequestTag/${TagKey}", "s3:ExistingObjectTag/<key>").
// A pattern is literals separated by gaps; a gap is a run of * and
// variables and stands for at least as many bytes as it has variables. A
// ? in an action pattern is part of its literal, where it matches any one
// byte. Each literal is placed at its leftmost place after the one before
// it, which leaves the most room to the literals after it: no
// backtracking, and each literal is looked for once.

// syntax says how a pattern writes its wildcards.
type syntax bool

const (
	globSyntax     syntax = false // * and ?
	templateSyntax syntax = true  // ${Name}, <name> and *
)

// gapStart reports whether a gap starts at t[0].
func (x syntax) gapStart(t string) bool {
	switch t[0] {
	case '*':
		return true
	case '$':
		return x == templateSyntax && len(t) > 1 && t[1] == '{' && strings.IndexByte(t, '}') > 0
	case '<':
		return x == templateSyntax && strings.IndexByte(t, '>') > 0
	}
	return false
}

// gap reads the gap at the start of t and returns how many bytes it needs
// at least.
func (x syntax) gap(t string) (min int, rest string) {
	for t != "" && x.gapStart(t) {
		switch t[0] {
		case '*':
			t = t[1:]
		case '$':
			min, t = min+1, t[strings.IndexByte(t, '}')+1:]
		case '<':
			min, t = min+1, t[strings.IndexByte(t, '>')+1:]
		}
	}
	return min, t
}

// literal reads the literal at the start of t.
func (x syntax) literal(t string) (lit, rest string) {
	for i := range len(t) {
		if x.gapStart(t[i:]) {
			return t[:i], t[i:]
		}
	}
	return t, ""
}

// equal compares s with the literal of the same length.
func (x syntax) equal(s, lit string) bool {
	if x == templateSyntax {
		return s == lit
	}
	for i := range len(lit) {
		if lit[i] != s[i] && lit[i] != '?' {
			return false
		}
	}
	return true
}

// index finds the literal's leftmost place in s, or -1.
func (x syntax) index(s, lit string) int {
	if x == templateSyntax || strings.IndexByte(lit, '?') < 0 {
		return strings.Index(s, lit)
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if x.equal(s[i:i+len(lit)], lit) {
			return i
		}
	}
	return -1
}

// match reports whether s matches the pattern p, byte for byte (fold case
// before for a case-insensitive match).
func (x syntax) match(p, s string) bool {
	lit, p := x.literal(p)
	if len(s) < len(lit) || !x.equal(s[:len(lit)], lit) {
		return false
	}
	pos := len(lit)
	for p != "" {
		var min int
		min, p = x.gap(p)
		lit, p = x.literal(p)
		switch {
		case lit == "": // the pattern ends with the gap
			return len(s)-pos >= min
		case p == "": // the last literal ends the text
			end := len(s) - len(lit)
			return end >= pos+min && x.equal(s[end:], lit)
		default:
			if pos+min > len(s) {
				return false
			}
			i := x.index(s[pos+min:], lit)
			if i < 0 {
				return false
			}
			pos += min + i + len(lit)
		}
	}
	return pos == len(s)
}

// matchARN reports whether arn has the format: field by field up to the
// resource part, a format's last field ending in a gap takes the rest.
func matchARN(format, arn string) bool {
	for {
		f, fRest, fMore := strings.Cut(format, ":")
		if !fMore {
			return templateSyntax.match(f, arn)
		}
		a, aRest, aMore := strings.Cut(arn, ":")
		if !aMore || !templateSyntax.match(f, a) {
			return false
		}
		format, arn = fRest, aRest
	}
}

// keyMatches reports whether the condition key name, case-insensitive,
// is the documented key, whose name may hold variables.
func keyMatches(documented, name string) bool {
	if !hasVariable(documented) {
		return strings.EqualFold(documented, name)
	}
	var b1, b2 [128]byte
	d := lowerInto(b1[:0], documented)
	switch {
	case d[len(d)-1] == '/': // "sagemaker:ResourceTag/": the source left the variable out
		d = append(d, "<key>"...)
	case bytes.HasSuffix(d, []byte("/tag-key")): // "secretsmanager:ResourceTag/tag-key": a placeholder in words
		d = append(d[:len(d)-len("tag-key")], "<key>"...)
	}
	return templateSyntax.match(string(d), string(lowerInto(b2[:0], name)))
}

// hasVariable reports whether a documented key stands for many: it holds
// a variable ("${TagKey}", "<key>"), ends with "/" where the source left
// the variable out, or with "/tag-key", the placeholder two services write
// in words.
func hasVariable(key string) bool {
	return strings.Contains(key, "${") || strings.IndexByte(key, '<') >= 0 || strings.HasSuffix(key, "/") ||
		len(key) > 8 && strings.EqualFold(key[len(key)-8:], "/tag-key")
}

// keySet finds condition keys by name.
type keySet struct {
	exact []*ConditionKey // sorted by name, case folded
	vars  []*ConditionKey // names with variables
}

func newKeySet(keys []ConditionKey) keySet {
	var s keySet
	for i := range keys {
		if hasVariable(keys[i].Name) {
			s.vars = append(s.vars, &keys[i])
		} else {
			s.exact = append(s.exact, &keys[i])
		}
	}
	slices.SortFunc(s.exact, func(a, b *ConditionKey) int { return CompareFold(a.Name, b.Name) })
	return s
}

func (s keySet) find(name string) *ConditionKey {
	if i, ok := slices.BinarySearchFunc(s.exact, name, func(k *ConditionKey, name string) int { return CompareFold(k.Name, name) }); ok {
		return s.exact[i]
	}
	for _, k := range s.vars {
		if keyMatches(k.Name, name) {
			return k
		}
	}
	return nil
}

// CompareFold compares ASCII strings as if in lower case, without a copy:
// the order the reference keeps its names in.
func CompareFold(a, b string) int {
	for i := range min(len(a), len(b)) {
		if x, y := lowerByte(a[i]), lowerByte(b[i]); x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerInto appends s in lower case (ASCII) to b; with b on the stack,
// a map lookup of string(result) does not allocate.
func lowerInto(b []byte, s string) []byte {
	for i := range len(s) {
		b = append(b, lowerByte(s[i]))
	}
	return b
}

// asciiLower is s with A-Z in lower case, byte for byte: the same offsets.
func asciiLower(s string) string {
	return string(lowerInto(make([]byte, 0, len(s)), s))
}

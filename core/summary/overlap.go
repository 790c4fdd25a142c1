package summary

import "strings"

// A statement's Resource holds ARN patterns (* and ? as wildcards) and the
// reference gives each resource type's ARN format ("arn:${Partition}:s3:::
// ${BucketName}/${ObjectName}"). A resource applies to an action when some
// ARN could match both the pattern and one of the action's formats: the
// two patterns overlap. overlaps decides that exactly on a product of the
// two patterns read as automata, in time proportional to the product of
// their lengths, with no backtracking.

// token is one step of a pattern: a byte, any one byte, or any run of
// bytes; noColon keeps a format's variable inside its ARN field.
type token struct {
	kind    uint8 // lit, one, star
	c       byte
	noColon bool
}

const (
	lit = iota
	one
	star
)

// policyTokens reads a policy's ARN pattern: * is any run, ? any byte,
// and a policy variable ("${aws:username}") any run too, as it may stand
// for any value; ${*}, ${?} and ${$} are those characters.
func policyTokens(p string) []token {
	t := make([]token, 0, len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '$' && i+1 < len(p) && p[i+1] == '{' {
			if end := strings.IndexByte(p[i:], '}'); end > 0 {
				switch name := p[i+2 : i+end]; name {
				case "*", "?", "$":
					t = append(t, token{kind: lit, c: name[0]})
				default:
					t = append(t, token{kind: star})
				}
				i += end
				continue
			}
		}
		switch p[i] {
		case '*':
			t = append(t, token{kind: star})
		case '?':
			t = append(t, token{kind: one})
		default:
			t = append(t, token{kind: lit, c: p[i]})
		}
	}
	return t
}

// formatTokens reads a reference ARN format: a ${Variable} stands for a
// non-empty run that stays within its colon-separated field, except in
// the last field, where it may take colons too ("function:my-fn:1" is a
// Lambda function's ARN); a * in a format is any run.
func formatTokens(f string) []token {
	t := make([]token, 0, len(f))
	lastColon := -1
	for i := range len(f) {
		if f[i] == ':' {
			lastColon = i
		}
	}
	for i := 0; i < len(f); i++ {
		switch {
		case f[i] == '$' && i+1 < len(f) && f[i+1] == '{':
			end := i + 2
			for end < len(f) && f[end] != '}' {
				end++
			}
			if end == len(f) { // not a variable: its text
				t = append(t, token{kind: lit, c: f[i]})
				continue
			}
			inField := i < lastColon
			t = append(t, token{kind: one, noColon: inField}, token{kind: star, noColon: inField})
			i = end
		case f[i] == '*':
			t = append(t, token{kind: star})
		default:
			t = append(t, token{kind: lit, c: f[i]})
		}
	}
	return t
}

// overlaps reports whether some text matches both token lists.
func overlaps(a, b []token) bool {
	w := len(b) + 1
	seen := make([]bool, (len(a)+1)*w)
	stack := []int{0}
	seen[0] = true
	push := func(i, j int) {
		if k := i*w + j; !seen[k] {
			seen[k] = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/w, k%w
		if i == len(a) && j == len(b) {
			return true
		}
		// A run may end: step past it without reading.
		if i < len(a) && a[i].kind == star {
			push(i+1, j)
		}
		if j < len(b) && b[j].kind == star {
			push(i, j+1)
		}
		// Both read one byte that each allows.
		if i < len(a) && j < len(b) && compatible(a[i], b[j]) {
			ni, nj := i+1, j+1
			if a[i].kind == star {
				ni = i
			}
			if b[j].kind == star {
				nj = j
			}
			push(ni, nj)
		}
	}
	return false
}

// compatible reports whether one byte exists that both tokens read.
func compatible(x, y token) bool {
	switch {
	case x.kind == lit && y.kind == lit:
		return x.c == y.c
	case x.kind == lit:
		return !(y.noColon && x.c == ':')
	case y.kind == lit:
		return !(x.noColon && y.c == ':')
	}
	return true // two wildcards: any byte but ':' does
}

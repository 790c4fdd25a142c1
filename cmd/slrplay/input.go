package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"slrplay/core/eval"
	"slrplay/core/jsontext"
)

// maxDocument is the cap on a scenario or any other document a command
// reads whole: the share links' cap (CONTRACT 5), so what runs can be shared.
const maxDocument = 1 << 20

// readPolicy reads a policy document from a named file, or standard input
// for "-", up to eval.MaxPolicyBytes.
func readPolicy(name string, stdin io.Reader) (string, error) {
	return readText(name, stdin, "policies", eval.MaxPolicyBytes)
}

// readInput reads a document from a named file, or standard input for "-",
// up to maxDocument.
func readInput(name string, stdin io.Reader) (string, error) {
	return readText(name, stdin, "documents", maxDocument)
}

// readText reads a named file, or standard input for "-", holding at most
// limit bytes of what: a larger input is refused with both sizes, having
// read no more than the limit (a policy path mistyped as a disk image fails
// at once); a text in UTF-16 is named as such.
func readText(name string, stdin io.Reader, what string, limit int) (string, error) {
	var r io.Reader = stdin
	size := -1 // unknown, as for a pipe
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(min(fi.Size(), 1<<62))
		}
		r = f
	}
	if size > limit {
		return "", fmt.Errorf("%s is %s; %s are read up to %s", displayName(name), eval.Size(size), what, eval.Size(limit))
	}
	// A file's text is read into memory of its size, once: a Builder
	// gives its bytes as the string without a copy.
	var b strings.Builder
	b.Grow(min(max(size, 512), limit) + 1)
	if _, err := io.Copy(&b, io.LimitReader(r, int64(limit)+1)); err != nil {
		return "", fmt.Errorf("%s: %w", displayName(name), err)
	}
	if b.Len() > limit {
		return "", fmt.Errorf("%s is over %s; %s are read up to %s", displayName(name), eval.Size(limit), what, eval.Size(limit))
	}
	if err := checkEncoding(name, []byte(b.String()[:min(b.Len(), 64)])); err != nil {
		return "", err
	}
	return b.String(), nil
}

// checkEncoding refuses a text in UTF-16, which would read as garbage.
func checkEncoding(name string, start []byte) error {
	if enc := jsontext.UTF16(string(start[:min(len(start), 64)])); enc != "" {
		return fmt.Errorf("%s is %s; save it as UTF-8", displayName(name), enc)
	}
	return nil
}

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}

// lineReader reads the lines of a JSON Lines file: each ends at LF, CRLF or
// a lone CR, as diag counts lines, and is read up to a cap, so that one
// enormous line costs no more memory than the cap.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line []byte
}

// next returns the next line without its end, with its length in bytes
// (more than max when the line was cut), and io.EOF after the last line.
func (l *lineReader) next() (line []byte, size int, err error) {
	l.line = l.line[:0]
	for {
		if l.r.Buffered() == 0 {
			if _, err := l.r.Peek(1); err != nil {
				if err == io.EOF && size > 0 {
					err = nil
				}
				return l.line, size, err
			}
		}
		buf, _ := l.r.Peek(l.r.Buffered())
		i := bytes.IndexAny(buf, "\r\n")
		if i < 0 {
			l.keep(buf)
			size += len(buf)
			l.r.Discard(len(buf))
			continue
		}
		l.keep(buf[:i])
		size += i
		cr := buf[i] == '\r'
		l.r.Discard(i + 1)
		if cr { // only then look ahead: a pipe's next line may not be written yet
			if next, err := l.r.Peek(1); err == nil && next[0] == '\n' {
				l.r.Discard(1) // CRLF ends one line
			}
		}
		return l.line, size, nil
	}
}

// keep adds p to the line, up to one byte past the cap (enough to tell).
// The buffer doubles as it grows (append grows a large slice by a quarter,
// copying it each time) and is kept for the next line.
func (l *lineReader) keep(p []byte) {
	p = p[:min(len(p), max(0, l.max+1-len(l.line)))]
	if len(l.line)+len(p) > cap(l.line) {
		l.line = slices.Grow(l.line, max(len(p), cap(l.line)))
	}
	l.line = append(l.line, p...)
}

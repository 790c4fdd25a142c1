// Package share owns share links: a scenario carried in a URL fragment
// (#s=1.<base64url of raw DEFLATE of the minified JSON>&step=N), the
// light check that a document is a scenario at all. It uses the standard
// library (its DEFLATE as copied, without fmt, in third_party/flate) and
// core/jsontext only, so the short-link worker can import it without the
// evaluator. The short-link service's ids are in package shortid, so that
// the page, which never makes one, does not carry a hash function.
package share

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"slrplay/core/jsontext"
	"slrplay/third_party/flate"
)

// Version is the link format this package writes: the "1." before the data.
const Version = "1"

// MaxScenario is the most a link may inflate to: far above any scenario a
// person writes, low enough that a hostile link cannot exhaust memory.
const MaxScenario = 1 << 20

// writers keeps DEFLATE writers for reuse: each holds several hundred KB of
// tables, too much to make for every link.
var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestCompression)
	return w
}}

// Link is a decoded share link.
type Link struct {
	Scenario []byte // the scenario's minified JSON
	Step     int    // the step to open at, 0 if the link does not say
}

// Encode returns the fragment of a link to the scenario (without the '#'):
// s=1.<data>, and &step=N when step > 0. The same scenario gives the same
// link: the JSON is minified first and DEFLATE is deterministic.
func Encode(scenario []byte, step int) (string, error) {
	min, err := Minify(scenario)
	if err != nil {
		return "", err
	}
	if err := Check(min); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w := writers.Get().(*flate.Writer)
	defer writers.Put(w)
	w.Reset(&buf)
	w.Write(min)
	w.Close()
	frag := "s=" + Version + "." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if step > 0 {
		frag += "&step=" + strconv.Itoa(step)
	}
	return frag, nil
}

// Decode reads a link: a whole URL, a fragment with or without '#', or just
// the 1.<data> part. It refuses, saying why, another version, bad base64,
// bad DEFLATE, more than MaxScenario once inflated, and a document that is
// not a scenario.
func Decode(link string) (Link, error) {
	frag := strings.TrimSpace(link)
	if i := strings.IndexByte(frag, '#'); i >= 0 {
		frag = frag[i+1:]
	}
	var l Link
	data := frag
	if strings.Contains(frag, "=") {
		q, err := parseFragment(frag)
		if err != nil {
			return l, errors.New("the link's fragment is not readable: " + err.Error())
		}
		data = q["s"]
		if data == "" {
			if q["id"] != "" {
				return l, errors.New("this is a short link (#id=...): it is resolved by the short-link service, not decoded")
			}
			return l, errors.New("the link has no scenario: expected #s=1.<data>")
		}
		if st := q["step"]; st != "" {
			n, err := strconv.Atoi(st)
			if err != nil || n < 0 {
				return l, errors.New("step " + strconv.Quote(st) + " is not a step number")
			}
			l.Step = n
		}
	}
	version, payload, ok := strings.Cut(data, ".")
	if !ok {
		return l, errors.New("the link's scenario has no version: expected 1.<data>")
	}
	if version != Version {
		return l, errors.New("this link was made by version " + strconv.Quote(version) + " of the link format; this playground reads version " + Version)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return l, errors.New("the link is damaged (bad base64url at " + err.Error() + "): was it cut when copied?")
	}
	doc, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), MaxScenario+1))
	if err != nil {
		return l, errors.New("the link is damaged (its compressed data does not inflate: " + err.Error() + "): was it cut when copied?")
	}
	if len(doc) > MaxScenario {
		return l, errors.New("the link's scenario is larger than " + strconv.Itoa(MaxScenario) + " bytes once inflated: refused")
	}
	if err := Check(doc); err != nil {
		return l, err
	}
	l.Scenario = doc
	return l, nil
}

// parseFragment reads a fragment's name=value pairs, separated by '&', with
// %XX escapes and '+' for a space as in a query string; the first value of a
// name counts. (net/url does this too, and costs the page 10 KB of
// WebAssembly for these few lines.)
func parseFragment(frag string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(frag, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		n, err := unescape(name)
		if err != nil {
			return nil, err
		}
		v, err := unescape(value)
		if err != nil {
			return nil, err
		}
		if _, seen := out[n]; !seen {
			out[n] = v
		}
	}
	return out, nil
}

// unescape undoes %XX escapes and '+' for a space.
func unescape(s string) (string, error) {
	if !strings.ContainsAny(s, "%+") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			hi, ok1 := hexDigit(s, i+1)
			lo, ok2 := hexDigit(s, i+2)
			if !ok1 || !ok2 {
				return "", errors.New("invalid escape " + strconv.Quote(s[i:min(i+3, len(s))]))
			}
			b = append(b, hi<<4|lo)
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

func hexDigit(s string, i int) (byte, bool) {
	if i >= len(s) {
		return 0, false
	}
	return jsontext.HexDigit(s[i])
}

// Check is the light test that a document is a scenario (CONTRACT 2): at
// most MaxScenario bytes, a JSON object with "scenario": 1 and a "steps"
// array; the scenario loader checks the rest (the command line and the page
// run it before they make a link).
func Check(doc []byte) error {
	if len(doc) > MaxScenario {
		return errors.New("the scenario is larger than " + strconv.Itoa(MaxScenario) + " bytes (1 MiB): no link can carry it")
	}
	v, err := jsontext.Parse(string(doc))
	if err != nil {
		return errors.New("not a scenario: " + err.Msg)
	}
	if v.Get("scenario").Raw() != "1" {
		return errors.New(`not a scenario: it needs "scenario": 1`)
	}
	if v.Get("steps").Kind() != jsontext.Array {
		return errors.New(`not a scenario: it needs a "steps" array`)
	}
	return nil
}

// Minify returns the document without insignificant white space: the form
// links and ids are made from, so that layout never changes either.
func Minify(doc []byte) ([]byte, error) {
	min, err := jsontext.Compact(string(doc))
	if err != nil {
		return nil, errors.New("not a scenario: " + err.Msg)
	}
	return min, nil
}

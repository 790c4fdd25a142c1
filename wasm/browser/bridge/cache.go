package bridge

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"slrplay/core/eval"
)

// The page re-evaluates a case every time the learner edits the request:
// same policies, new principal, action, resource or context. Reading and
// compiling the policies is almost all of an evaluation's cost, so the
// bridge keeps the compiled policies of the last few cases, keyed by the
// case's text without its request. A case whose text differs from a cached
// one only in its "request" value is decided against the cached policies;
// every other case goes through eval.RunCase, the command line's path.

// cacheSize is how many policy sets are kept: the page's own case and a few
// that outside scripts evaluate between its edits.
const cacheSize = 4

// compiledCase is a case's policies compiled once.
type compiledCase struct {
	cut   int    // where the request value starts in the case's text
	rest  string // the case's text without its request value
	trust bool   // the request was sts:AssumeRole: the resource policy was read as a trust policy
	id    string
	set   eval.Set
	all   []*eval.Policy // every policy, in the order RunCase lists them, for the trace
}

type caseCache struct {
	mu      sync.Mutex
	entries []*compiledCase // most recently used first
	hits    int             // cases decided from the cache
}

var cases caseCache

// evaluate decides a case, from the cache when only its request changed.
func (c *caseCache) evaluate(line string) *eval.CaseResult {
	reqRaw, cut, ok := requestValue(line)
	if ok {
		if res, hit := c.decide(line, cut, reqRaw); hit {
			return res
		}
	}
	res, err := eval.RunCase([]byte(line), opts)
	if bad, isBad := err.(*eval.ErrCase); isBad {
		id := ""
		if res != nil {
			id = res.ID
		}
		return eval.InvalidCase(id, bad.Reason)
	}
	if ok && res.EvalDecision != eval.Error {
		c.remember(line, cut, reqRaw, res)
	}
	return res
}

// opts are the page's evaluation options: always with the trace, which the
// page shows on demand.
var opts = eval.Options{Trace: true}

// decide evaluates line's request against a cached policy set, if one was
// compiled from the same text around the request.
func (c *caseCache) decide(line string, cut int, reqRaw string) (*eval.CaseResult, bool) {
	req, ok := readRequest(reqRaw)
	if !ok {
		return nil, false // let RunCase say what is wrong with it
	}
	trust := strings.EqualFold(req.Action, "sts:AssumeRole")
	after := line[cut+len(reqRaw):]
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if e.cut != cut || e.trust != trust || len(e.rest) != cut+len(after) || e.rest[:cut] != line[:cut] || e.rest[cut:] != after {
			continue
		}
		copy(c.entries[1:i+1], c.entries[:i])
		c.entries[0] = e
		c.hits++
		var r eval.Result
		e.set.Evaluate(req, &r, opts)
		res := eval.NewCaseResult(e.id, &r)
		res.Policies = e.all
		return res, true
	}
	return nil, false
}

// remember caches the policies RunCase compiled for line, once a decision
// from them reproduces RunCase's answer exactly.
func (c *caseCache) remember(line string, cut int, reqRaw string, res *eval.CaseResult) {
	var shape struct {
		SCPs []json.RawMessage `json:"scps"`
		RCPs []json.RawMessage `json:"rcps"`
	}
	if json.Unmarshal([]byte(line), &shape) != nil {
		return
	}
	set, ok := setOf(res.Policies, len(shape.SCPs), len(shape.RCPs))
	req, okReq := readRequest(reqRaw)
	if !ok || !okReq {
		return
	}
	var r eval.Result
	set.Evaluate(req, &r, opts)
	check := eval.NewCaseResult(res.ID, &r)
	a, _ := json.Marshal(check)
	b, _ := json.Marshal(res)
	if string(a) != string(b) {
		return // the set is not the one RunCase used: never cache a guess
	}
	e := &compiledCase{cut: cut, rest: line[:cut] + line[cut+len(reqRaw):], trust: strings.EqualFold(req.Action, "sts:AssumeRole"),
		id: res.ID, set: set, all: res.Policies}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append([]*compiledCase{e}, c.entries...)
	if len(c.entries) > cacheSize {
		c.entries = c.entries[:cacheSize]
	}
}

// setOf puts compiled policies back in their places, read from the ids
// results name them by (CONTRACT 1.3): identity[i], resource, boundary or
// boundary[i], session, scp[i] or scp[i][j], rcp[i] or rcp[i][j]. The case's
// SCP and RCP level counts keep empty levels, which hold no policy.
func setOf(all []*eval.Policy, scps, rcps int) (eval.Set, bool) {
	set := eval.Set{SCPs: make([][]*eval.Policy, scps), RCPs: make([][]*eval.Policy, rcps)}
	for _, p := range all {
		kind, idx, _ := strings.Cut(p.ID, "[")
		level := -1
		if idx != "" {
			first, _, _ := strings.Cut(idx, "]")
			n, err := strconv.Atoi(first)
			if err != nil {
				return set, false
			}
			level = n
		}
		switch kind {
		case "identity":
			set.Identity = append(set.Identity, p)
		case "resource":
			set.Resource = p
		case "boundary":
			set.Boundary = append(set.Boundary, p)
		case "session":
			set.Session = p
		case "scp", "rcp":
			levels := set.SCPs
			if kind == "rcp" {
				levels = set.RCPs
			}
			if level < 0 || level >= len(levels) {
				return set, false
			}
			levels[level] = append(levels[level], p)
		default:
			return set, false
		}
	}
	return set, true
}

// requestValue finds the case's one "request" member (matched as
// encoding/json matches field names, ignoring case): its raw value and
// where it starts. A case with none or several is not cached. The value is
// not checked here: readRequest decodes it with encoding/json, and a
// request it refuses goes through RunCase.
func requestValue(line string) (raw string, at int, ok bool) {
	doc := gjson.Parse(line)
	if !doc.IsObject() {
		return "", 0, false
	}
	n := 0
	doc.ForEach(func(k, v gjson.Result) bool {
		if strings.EqualFold(k.Str, "request") {
			n++
			raw, at = v.Raw, v.Index
		}
		return true
	})
	if n != 1 || at <= 0 || at+len(raw) > len(line) || line[at:at+len(raw)] != raw {
		return "", 0, false
	}
	return raw, at, true
}

package compare

import (
	"strconv"
	"strings"

	"slrplay/core/eval"
	"slrplay/core/jsontext"
	"slrplay/core/policy"
)

// JSON is `compare --json` (CONTRACT 7): {"result", "newInB", "newInA",
// "unknown"}. Each witness's request is an evaluation case's request
// (CONTRACT 1.2) with its complete context; "actions" lists every action
// the same request separates the policies on.
func (r *Result) JSON() []byte {
	o := jsontext.StartObject(nil)
	o.Str("result", r.Verdict)
	o.Str("headline", r.Headline())
	jsontext.List(&o, "newInB", nonNil(r.NewInB))
	jsontext.List(&o, "newInA", nonNil(r.NewInA))
	jsontext.List(&o, "unknown", nonNil(r.Unknown))
	return o.End()
}

func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// AppendJSON writes {"request": {...}, "statements": [...], "actions": [...]}.
func (w Witness) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Key("request")
	o.Value(w.appendRequest)
	jsontext.List(&o, "statements", nonNil(w.Statements))
	o.Strings("actions", nonNil(w.Actions))
	o.Str("sentence", w.Sentence)
	return o.End()
}

func (w Witness) appendRequest(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Str("principal", w.Principal)
	o.Str("action", w.Action)
	o.Str("resource", w.Resource)
	o.Str("resourceAccount", w.ResourceAccount)
	o.Key("context")
	o.Value(func(b []byte) []byte {
		c := jsontext.StartObject(b)
		for _, k := range w.Context {
			if len(k.Values) == 1 && !k.Multi {
				c.Str(k.Name, k.Values[0])
			} else {
				c.Strings(k.Name, nonNil(k.Values))
			}
		}
		return c.End()
	})
	return o.End()
}

// AppendJSON writes {"statement": {"policy", "index", "sid", "line",
// "column"}, "reason"}.
func (u Undecided) AppendJSON(b []byte) []byte {
	o := jsontext.StartObject(b)
	o.Key("statement")
	o.Value(func(b []byte) []byte {
		s := jsontext.StartObject(b)
		s.Str("policy", u.Policy)
		s.Int("index", u.Statement)
		s.StrOmit("sid", u.Sid)
		s.Int("line", u.Pos.Line)
		s.Int("column", u.Pos.Column)
		return s.End()
	})
	o.Str("reason", u.Reason)
	return o.End()
}

// Request is the witness as an evaluation case's request line (CONTRACT
// 1.2) for both policies, given as JSON texts: what `eval --batch` takes
// to show the difference again.
func (w Witness) Request() string { return string(w.appendRequest(nil)) }

// Headline says the verdict in a sentence.
func (r *Result) Headline() string {
	switch r.Verdict {
	case Equivalent:
		return "equivalent: A and B allow the same requests"
	case Broader:
		return "broader: B allows everything A allows, and more"
	case Narrower:
		return "narrower: B allows less than A: everything it allows, A allows too"
	case Incomparable:
		return "incomparable: each allows requests the other does not"
	}
	return "unknown: part of the question cannot be decided exactly (below)"
}

// sentence says a witness at a glance: "B adds s3:PutObject on
// arn:aws:s3:::b/* (statement 1 "Put")". The resource is the allowing
// statement's, with the witness's own when they differ.
func (w Witness) sentence(resources func(index int) string) string {
	var b strings.Builder
	b.WriteString(w.By + " adds ")
	svc, _, _ := strings.Cut(w.Actions[0], ":")
	switch n := len(w.Actions); {
	case n <= 3:
		b.WriteString(strings.Join(w.Actions, ", "))
	default:
		b.WriteString(strconv.Itoa(n) + " " + svc + " actions (" + strings.Join(w.Actions[:3], ", ") + ", ...)")
	}
	on := ""
	if len(w.Statements) > 0 && resources != nil {
		on = resources(w.Statements[0].StatementIndex)
	}
	switch {
	case on == "" && w.Resource == "*":
		b.WriteString(" on any resource")
	case on == "":
		b.WriteString(" on " + w.Resource)
	case on == w.Resource, on == "any resource" && w.Resource == "*":
		b.WriteString(" on " + on)
	default:
		b.WriteString(" on " + on + " (for example " + w.Resource + ")")
	}
	if len(w.Context) > 0 {
		var parts []string
		for _, k := range w.Context {
			switch {
			case len(k.Values) == 0:
				parts = append(parts, k.Name+" present without values")
			case k.Multi:
				parts = append(parts, k.Name+"=["+strings.Join(k.Values, ", ")+"]")
			default:
				parts = append(parts, k.Name+"="+k.Values[0])
			}
		}
		b.WriteString(" when " + strings.Join(parts, ", "))
	}
	if len(w.Statements) > 0 {
		var st []string
		for _, m := range w.Statements {
			s := strconv.Itoa(m.StatementIndex)
			if m.Sid != "" {
				s += ` "` + m.Sid + `"`
			}
			st = append(st, s)
		}
		b.WriteString(" (" + w.By + "'s statement " + strings.Join(st, ", ") + ")")
	}
	return b.String()
}

// Resources describes a statement's Resource element for Sentence: "*"
// as "any resource", NotResource as "any resource but ...".
func Resources(res, notRes []string) string {
	switch {
	case len(notRes) > 0:
		return "any resource but " + strings.Join(notRes, ", ")
	case len(res) == 1 && res[0] == "*":
		return "any resource"
	}
	return strings.Join(res, ", ")
}

// Text is the comparison for a reader: the verdict, then each witness in a
// sentence, then what could not be decided.
func (r *Result) Text() string {
	var out strings.Builder
	out.WriteString(r.Headline() + "\n")
	for _, list := range [][]Witness{r.NewInB, r.NewInA} {
		for _, w := range list {
			out.WriteString("  " + w.Sentence + "\n")
		}
	}
	for _, u := range r.Unknown {
		out.WriteString("  unknown: " + u.Policy + "'s statement " + strconv.Itoa(u.Statement))
		if u.Sid != "" {
			out.WriteString(` "` + u.Sid + `"`)
		}
		out.WriteString(" (line " + strconv.Itoa(u.Pos.Line) + "): " + u.Reason + "\n")
	}
	return out.String()
}

func statementResources(p *eval.Policy, i int) string {
	if p == nil || i < 0 || i >= len(p.Doc.Statements) {
		return ""
	}
	st := &p.Doc.Statements[i]
	texts := func(l policy.List) []string {
		var out []string
		for _, it := range l.Items {
			out = append(out, it.Text)
		}
		return out
	}
	return Resources(texts(st.Resource), texts(st.NotResource))
}

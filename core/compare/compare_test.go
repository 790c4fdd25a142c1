package compare

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"slrplay/core/eval"
	"slrplay/core/reference"
)

// run compares two policy texts and checks every witness again through
// eval.RunCase, the batch evaluator, from the witness's JSON alone.
func run(t *testing.T, a, b string, scp bool) *Result {
	t.Helper()
	pa, _, fa := ReadPolicy("A", "a.json", a, scp)
	pb, _, fb := ReadPolicy("B", "b.json", b, scp)
	if pa == nil || pb == nil {
		t.Fatalf("invalid policy: %v %v", fa, fb)
	}
	r, err := Compare(pa, pb, Options{SCP: scp, Catalog: reference.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Unconfirmed > 0 && len(r.Unknown) == 0 {
		t.Errorf("%d differences proposed that eval does not confirm", r.Unconfirmed)
	}
	for _, list := range []struct {
		ws           []Witness
		allow, other string
	}{{r.NewInB, b, a}, {r.NewInA, a, b}} {
		for _, w := range list.ws {
			if got := replay(t, w, list.allow, scp); got != "allowed" {
				t.Errorf("witness %s: the allowing policy gives %s", w.Request(), got)
			}
			if got := replay(t, w, list.other, scp); got == "allowed" || got == "error" {
				t.Errorf("witness %s: the other policy gives %s", w.Request(), got)
			}
		}
	}
	return r
}

// replay evaluates the witness's request, for each of its actions, as a
// batch case line, and returns the decision (the first that differs from
// the first action's, if any).
func replay(t *testing.T, w Witness, pol string, scp bool) string {
	t.Helper()
	first := ""
	actions := w.Actions
	if len(actions) > 4 { // the first, two from the middle, the last: eval confirmed each already
		actions = []string{actions[0], actions[len(actions)/3], actions[2*len(actions)/3], actions[len(actions)-1]}
	}
	for _, action := range actions {
		var req map[string]any
		if err := json.Unmarshal([]byte(w.Request()), &req); err != nil {
			t.Fatal(err)
		}
		req["action"] = action
		c := map[string]any{"request": req, "identityPolicies": []any{json.RawMessage(pol)}}
		if scp {
			c["identityPolicies"] = []any{json.RawMessage(allowEverythingText)}
			c["scps"] = []any{json.RawMessage(pol)}
		}
		line, _ := json.Marshal(c)
		res, err := eval.RunCase(line, eval.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := string(res.EvalDecision)
		if first == "" {
			first = d
		} else if d != first {
			return d
		}
	}
	return first
}

func pol(stmts ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",") + `]}`
}

func TestVerdicts(t *testing.T) {
	cases := []struct {
		name, a, b, want string
		scp              bool
	}{
		{"same", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`), Equivalent, false},
		{"action case and order", pol(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":["S3:PUTOBJECT","s3:getobject"],"Resource":["arn:aws:s3:::b/*"]}`), Equivalent, false},
		{"split statements", pol(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`, `{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}`), Equivalent, false},
		{"wildcard that covers the same actions", pol(`{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}`),
			pol(`{"Effect":"Allow","Action":"sts:GetCallerIdentit?","Resource":"*"}`), Equivalent, false},
		{"resource case matters", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::B/*"}`), Incomparable, false},
		{"more actions", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}`), Broader, false},
		{"narrower resource", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/x*"}`), Narrower, false},
		{"star covers the ARN", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:*:*:*:*:*"}`), Narrower, false},
		{"deny carve-out", pol(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}`),
			pol(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`), Broader, false},
		{"deny carve-out as NotAction", pol(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}`),
			pol(`{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}`, `{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}`), Equivalent, false},
		{"NotResource", pol(`{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"}`), Equivalent, false},
		{"IfExists allows an absent key", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}}`), Broader, false},
		// Not a rewrite: with two values, neither the plain StringNotEquals
		// of the Deny nor the StringEquals holds, so A allows and B does not.
		{"negated operator on a multi-valued key", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}`), Narrower, false},
		{"negated operator on an absent key", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringNotEquals":{"aws:SourceVpc":"vpc-1"}}}`, `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"Null":{"aws:SourceVpc":"true"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:SourceVpc":"vpc-1"},"Null":{"aws:SourceVpc":"false"}}}`), Equivalent, false},
		{"IgnoreCase against Equals", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:SourceVpc":"VPC-1"}}}`), Broader, false},
		{"Like against Equals", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}}}`), Narrower, false},
		{"numeric interval rewritten", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"10"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"9.99"}}}`), Narrower, false},
		{"numeric equal written two ways", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"10"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"1e1"}}}`), Equivalent, false},
		{"numeric by exact value", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"9007199254740993"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"9007199254740992"}}}`), Narrower, false},
		{"date as epoch and ISO", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"1767225600"}}}`), Equivalent, false},
		{"date later", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:01Z"}}}`), Broader, false},
		{"CIDR split in two", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/9","10.128.0.0/9"]}}}`), Equivalent, false},
		{"CIDR missing a half", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/9","10.128.0.0/10"]}}}`), Narrower, false},
		{"mapped IPv6 block is the IPv4 one", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"::ffff:203.0.113.0/120"}}}`), Equivalent, false},
		{"NotIpAddress deny against IpAddress allow", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}}`, `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:SourceIp":"true"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`), Narrower, false},
		{"ForAllValues true on absent key", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}}`), Incomparable, false},
		{"ForAllValues with Null", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"Null":{"aws:TagKeys":"false"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}`), Broader, false},
		{"Bool", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"TRUE"}}}`), Equivalent, false},
		{"ArnLike field by field", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}}`), Broader, false},
		{"unknown action names nothing", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`),
			pol(`{"Effect":"Allow","Action":["s3:GetObject","s3:NoSuchThing"],"Resource":"*"}`), Equivalent, false},
		{"policy variable is unknown", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`), Unknown, false},
		{"escaped star is literal", pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${*}"}`),
			pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`), Broader, false},
		{"SCP with a deny", pol(`{"Effect":"Allow","Action":"*","Resource":"*"}`),
			pol(`{"Effect":"Allow","Action":"*","Resource":"*"}`, `{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}`), Narrower, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.a, tc.b, tc.scp)
			if r.Verdict != tc.want {
				t.Errorf("verdict %s, want %s\n%s", r.Verdict, tc.want, r.JSON())
			}
		})
	}
}

// TestNegatedOnAbsentKey: a Deny with a negated operator fires on a request
// without the key, and the witness shows it: its context lacks the key.
func TestNegatedOnAbsentKey(t *testing.T) {
	a := pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`)
	b := pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}}`)
	r := run(t, a, b, false)
	if r.Verdict != Narrower {
		t.Fatalf("verdict %s, want narrower", r.Verdict)
	}
	absent := false
	for _, w := range r.NewInA {
		absent = absent || len(w.Context) == 0
	}
	if !absent {
		t.Errorf("no witness without aws:SourceVpc: %s", r.JSON())
	}
}

// TestUnconfirmedNeverReported: a request the search proposes that eval
// does not confirm (here one made up on purpose: B allows nothing on
// another bucket) is counted, never reported.
func TestUnconfirmedNeverReported(t *testing.T) {
	a := pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`)
	b := pol(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}`)
	pa, _, _ := ReadPolicy("A", "a", a, false)
	pb, _, _ := ReadPolicy("B", "b", b, false)
	cat := reference.Default()
	c := &comparer{opt: Options{Catalog: cat}, pols: [2]*eval.Policy{pa, pb}, patIndex: map[string]int{}, res: &Result{},
		unknown: map[*stmt]string{}, merged: map[string]int{}, resCache: map[string]resAtoms{}}
	c.read(0, pa)
	c.read(1, pb)
	g := &group{stmts: c.stmts, actions: []*reference.Action{cat.Action("s3:PutObject"), cat.Action("s3:GetObject")}}
	wrong := &finder{dims: []dim{{atoms: []atom{{resource: "arn:aws:s3:::other/x"}}}}, assign: []int{0}}
	c.witness(g, wrong, c.stmts[1])
	if len(c.res.NewInB) != 0 || c.res.Unconfirmed != 2 {
		t.Errorf("reported %v, %d unconfirmed; want none reported, 2 unconfirmed", c.res.NewInB, c.res.Unconfirmed)
	}
	// The right request for s3:PutObject, beside one for s3:GetObject that
	// B allows but A allows too: only the confirmed action is reported.
	right := &finder{dims: []dim{{atoms: []atom{{resource: "arn:aws:s3:::b/x"}}}}, assign: []int{0}}
	c.witness(g, right, c.stmts[1])
	if len(c.res.NewInB) != 1 || len(c.res.NewInB[0].Actions) != 1 || c.res.NewInB[0].Actions[0] != "s3:PutObject" || c.res.Unconfirmed != 3 {
		t.Errorf("reported %+v, %d unconfirmed", c.res.NewInB, c.res.Unconfirmed)
	}
}

// TestManyOverlappingPatterns: a Resource list of patterns that one ARN
// can match several of at once ("/apis/*/k1/*" and "/apis/*/k2/*" both
// match ".../apis/x/k1/y/k2/z"), as ViewOnlyAccess writes them, is decided:
// the list is one predicate, and a pattern that matches every continuation
// settles it. (Pattern by pattern, the combinations number 2^20.)
func TestManyOverlappingPatterns(t *testing.T) {
	var res []string
	for i := range 20 {
		res = append(res, `"arn:aws:apigateway:*::/apis/*/k`+strconv.Itoa(i)+`/*"`)
	}
	a := pol(`{"Effect":"Allow","Action":"apigateway:GET","Resource":[` + strings.Join(res, ",") + `]}`)
	b := pol(`{"Effect":"Allow","Action":"apigateway:GET","Resource":[` + strings.Join(res[:19], ",") + `]}`)
	r := run(t, a, b, false)
	if r.Verdict != Narrower || len(r.Unknown) > 0 {
		t.Fatalf("verdict %s, unknown %v, want narrower", r.Verdict, r.Unknown)
	}
	if w := r.NewInA[0]; !strings.Contains(w.Resource, "/k19/") {
		t.Errorf("witness %s does not need k19", w.Request())
	}
}

// TestVariablesDecidedWithoutTheirKeys: a policy variable's value comes
// with the request; compare decides the requests without its key (the
// default applies, or nothing matches), reports what it finds there, and
// says that the rest is undecided, naming the statement.
func TestVariablesDecidedWithoutTheirKeys(t *testing.T) {
	a := pol(`{"Sid":"Own","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}}`)
	b := pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`)
	r := run(t, a, b, false)
	if r.Verdict != Unknown || len(r.NewInB) == 0 || r.Unconfirmed > 0 {
		t.Fatalf("verdict %s, %d new in B, %d unconfirmed: %s", r.Verdict, len(r.NewInB), r.Unconfirmed, r.JSON())
	}
	if len(r.Unknown) != 1 || r.Unknown[0].Policy != "A" || r.Unknown[0].Sid != "Own" || !strings.Contains(r.Unknown[0].Reason, "${aws:PrincipalAccount}") {
		t.Errorf("unknown %+v", r.Unknown)
	}
	// With a default, the variable is its default there: no difference,
	// but not "equivalent" either.
	a = pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username, 'shared'}/*"}`)
	b = pol(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/shared/*"}`)
	if r := run(t, a, b, false); r.Verdict != Unknown || len(r.NewInA)+len(r.NewInB) != 0 {
		t.Errorf("verdict %s: %s", r.Verdict, r.JSON())
	}
	// The same statements on both sides, variables and all, are equivalent.
	if r := run(t, a, pol(`{"Sid":"Other","Effect":"Allow","Action":"S3:GetObject","Resource":"arn:aws:s3:::b/${aws:username, 'shared'}/*"}`), false); r.Verdict != Equivalent {
		t.Errorf("verdict %s: %s", r.Verdict, r.JSON())
	}
}

// TestHostileBounded: patterns made to multiply automaton states (stars
// between few letters, in many orders) get an answer in bounded time: a
// decided one, or "unknown" naming the statements, never a wait without
// end.
func TestHostileBounded(t *testing.T) {
	var sa, sb []string
	for i := range 24 {
		p := "arn:aws:s3:::"
		for j := range 12 {
			p += "*" + string(rune('a'+(i*7+j*j)%5)) + "?"
		}
		st := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + p + `","Condition":{"StringLike":{"aws:UserAgent":"` + strings.ReplaceAll(p, "arn:aws:s3:::", "") + `"}}}`
		if i%2 == 0 {
			sa = append(sa, st)
		} else {
			sb = append(sb, st)
		}
	}
	start := time.Now()
	r := run(t, pol(sa...), pol(sb...), false)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	t.Logf("%s in %v, %d unknown", r.Verdict, time.Since(start), len(r.Unknown))
}

// TestManyDisjointPatterns: a policy of hundreds of statements, each on its
// own bucket, against the same less one, is decided (each bucket's
// patterns are explored apart from the others'), and the witness is in
// the bucket left out.
func TestManyDisjointPatterns(t *testing.T) {
	var sa, sb []string
	for i := range 400 {
		n := strconv.Itoa(i)
		st := `{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-` + n + `/*x*y*","Condition":{"StringLike":{"aws:UserAgent":"agent-` + n + `/*"}}}`
		sa = append(sa, st)
		if i != 123 {
			sb = append(sb, st)
		}
	}
	start := time.Now()
	r := run(t, pol(sa...), pol(sb...), false)
	if r.Verdict != Narrower || len(r.NewInA) == 0 {
		t.Fatalf("verdict %s, %d unknown", r.Verdict, len(r.Unknown))
	}
	for _, w := range r.NewInA {
		if !strings.HasPrefix(w.Resource, "arn:aws:s3:::bucket-123/") {
			t.Errorf("witness %s", w.Request())
		}
	}
	t.Logf("%v", time.Since(start))
}

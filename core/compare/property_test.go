package compare

import (
	"math/rand/v2"
	"strings"
	"testing"

	"slrplay/core/eval"
	"slrplay/core/reference"
)

// The vocabulary random policies are written in: few enough words that
// policies overlap, varied enough to meet every rule compare decides.
var (
	randActions   = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:Get*", "s3:*Object", "S3:getobject", "sqs:SendMessage", "sqs:*", "ec2:DescribeInstances", "*", "s3:?etObject"}
	randResources = []string{"*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x*", "arn:aws:s3:::b", "arn:aws:s3:::*", "arn:aws:s3:::b/?", "arn:aws:s3:::B/*", "arn:aws:sqs:*:111122223333:q", "arn:*:*:*:*:*", "arn:aws:s3:::b/${*}"}
	randConds     = []string{
		`"StringEquals":{"aws:SourceVpc":"vpc-1"}`,
		`"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}`,
		`"StringLike":{"aws:SourceVpc":"vpc-*"}`,
		`"StringNotEquals":{"aws:SourceVpc":"vpc-1"}`,
		`"StringNotEqualsIfExists":{"aws:SourceVpc":"vpc-2"}`,
		`"StringEqualsIgnoreCase":{"aws:SourceVpc":"VPC-1"}`,
		`"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}`,
		`"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]}`,
		`"ForAnyValue:StringNotEquals":{"aws:TagKeys":"b"}`,
		`"Null":{"aws:TagKeys":"false"}`,
		`"Null":{"aws:SourceVpc":"true"}`,
		`"NumericLessThan":{"s3:max-keys":"10"}`,
		`"NumericGreaterThanEquals":{"s3:max-keys":["5","1e1"]}`,
		`"NumericNotEquals":{"s3:max-keys":"7.5"}`,
		`"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}`,
		`"IpAddress":{"aws:SourceIp":["10.0.0.0/9","10.128.0.0/9"]}`,
		`"NotIpAddressIfExists":{"aws:SourceIp":"10.1.0.0/16"}`,
		`"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`,
		`"DateGreaterThan":{"aws:CurrentTime":"1767225600"}`,
		`"Bool":{"aws:SecureTransport":"true"}`,
		`"BoolIfExists":{"aws:SecureTransport":"false"}`,
		`"ArnLike":{"aws:SourceArn":"arn:aws:sqs:*:111122223333:*"}`,
		`"ArnNotLike":{"aws:SourceArn":"arn:aws:sqs:eu-*"}`,
	}
	// Requests to try: the resources and values the vocabulary speaks of,
	// and some it does not.
	tryActions   = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "sqs:SendMessage", "ec2:DescribeInstances", "s3:GetBucketPolicy"}
	tryResources = []string{"*", "arn:aws:s3:::b/x", "arn:aws:s3:::b/y", "arn:aws:s3:::b/*", "arn:aws:s3:::b/xy", "arn:aws:s3:::b", "arn:aws:s3:::c/x", "arn:aws:s3:::B/x", "arn:aws:sqs:eu-west-1:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q"}
	tryValues    = map[string][]string{
		"aws:SourceVpc":       {"vpc-1", "vpc-2", "VPC-1", "vpc-3", "x"},
		"aws:TagKeys":         {"a", "b", "ab", "c"},
		"s3:max-keys":         {"4", "5", "7.5", "9", "10", "11", "x"},
		"aws:SourceIp":        {"10.0.0.1", "10.1.2.3", "10.200.0.1", "192.168.0.1", "::1", "x"},
		"aws:CurrentTime":     {"2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
		"aws:SecureTransport": {"true", "false", "x"},
		"aws:SourceArn":       {"arn:aws:sqs:eu-west-1:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:eu-west-1:444455556666:q"},
	}
)

func pick[T any](r *rand.Rand, l []T) T { return l[r.IntN(len(l))] }

func randStatement(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(`{"Effect":"`)
	if r.IntN(4) == 0 {
		b.WriteString("Deny")
	} else {
		b.WriteString("Allow")
	}
	b.WriteString(`",`)
	list := func(vocab []string) string {
		n := 1 + r.IntN(2)
		var items []string
		for range n {
			items = append(items, `"`+pick(r, vocab)+`"`)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	if r.IntN(6) == 0 {
		b.WriteString(`"NotAction":` + list(randActions) + `,`)
	} else {
		b.WriteString(`"Action":` + list(randActions) + `,`)
	}
	if r.IntN(6) == 0 {
		b.WriteString(`"NotResource":` + list(randResources))
	} else {
		b.WriteString(`"Resource":` + list(randResources))
	}
	if n := r.IntN(3); n > 0 {
		var conds []string
		used := map[string]bool{}
		for range n {
			c := pick(r, randConds)
			op, _, _ := strings.Cut(c, ":")
			if !used[op] { // one block per operator
				used[op] = true
				conds = append(conds, c)
			}
		}
		b.WriteString(`,"Condition":{` + strings.Join(conds, ",") + `}`)
	}
	b.WriteString("}")
	return b.String()
}

// rewrite writes the same statements otherwise: another order, actions
// in other case.
func rewrite(r *rand.Rand, stmts []string) []string {
	out := append([]string{}, stmts...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	for i := range out {
		if r.IntN(2) == 0 {
			out[i] = strings.ReplaceAll(out[i], `"s3:`, `"S3:`)
		}
	}
	return out
}

func randRequest(r *rand.Rand) (string, string, map[string][]string) {
	ctx := map[string][]string{}
	for k, vals := range tryValues {
		switch r.IntN(4) {
		case 0: // absent
		case 1:
			ctx[k] = []string{pick(r, vals)}
		case 2:
			ctx[k] = []string{pick(r, vals), pick(r, vals)}
		default:
			if r.IntN(3) == 0 {
				ctx[k] = []string{}
			} else {
				ctx[k] = []string{pick(r, vals)}
			}
		}
	}
	return pick(r, tryActions), pick(r, tryResources), ctx
}

// TestRandomPairs: for random pairs of policies, every witness is
// confirmed by eval (run checks each through eval.RunCase), and random
// requests never separate the policies in a direction compare found no
// difference in (so never where it answered "equivalent").
func TestRandomPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 7))
	pairs := 100
	if testing.Short() {
		pairs = 40
	}
	verdicts := map[string]int{}
	scps := 0
	for range pairs {
		var sa, sb []string
		for range 1 + r.IntN(3) {
			sa = append(sa, randStatement(r))
		}
		switch r.IntN(3) {
		case 0:
			sb = rewrite(r, sa)
		case 1:
			sb = append(rewrite(r, sa), randStatement(r))
		default:
			for range 1 + r.IntN(3) {
				sb = append(sb, randStatement(r))
			}
		}
		a, b := pol(sa...), pol(sb...)
		scp := r.IntN(5) == 0 // one pair in five compared as SCPs
		if scp {
			pa, _, _ := ReadPolicy("A", "a", a, true)
			pb, _, _ := ReadPolicy("B", "b", b, true)
			scp = pa != nil && pb != nil
		}
		res := run(t, a, b, scp)
		verdicts[res.Verdict]++
		if scp {
			scps++
		}
		if res.Unconfirmed > 0 {
			t.Errorf("%d unconfirmed for\nA %s\nB %s", res.Unconfirmed, a, b)
		}
		if res.Verdict == Unknown {
			continue
		}
		pa, _, _ := ReadPolicy("A", "a", a, scp)
		pb, _, _ := ReadPolicy("B", "b", b, scp)
		c := &comparer{opt: Options{SCP: scp, Catalog: reference.Default()}, pols: [2]*eval.Policy{pa, pb}}
		if scp {
			c.allowAll = allowEverything()
		}
		for range 200 {
			action, resource, ctx := randRequest(r)
			if len(eval.CheckRequest(c.opt.Catalog, action, resource)) > 0 {
				continue
			}
			inA, _ := c.allows(0, action, resource, ctx)
			inB, _ := c.allows(1, action, resource, ctx)
			if inA && !inB && len(res.NewInA) == 0 || inB && !inA && len(res.NewInB) == 0 {
				t.Fatalf("verdict %s, but %s on %s with %v separates them (A %v, B %v)\nA %s\nB %s", res.Verdict, action, resource, ctx, inA, inB, a, b)
			}
		}
	}
	t.Logf("verdicts: %v; %d pairs as SCPs", verdicts, scps)
	if verdicts[Equivalent] == 0 || verdicts[Incomparable] == 0 || verdicts[Broader] == 0 {
		t.Errorf("the pairs do not reach every verdict: %v", verdicts)
	}
}

package eval_test

import (
	"fmt"

	"slrplay/core/diag"
	"slrplay/core/eval"
	"slrplay/core/policy"
)

// The WorkMail console policy allows only MFA-authenticated users in
// eu-west-1: without MFA in the request, nothing allows it, and the result
// says which key was missing.
func ExampleSet_Evaluate() {
	text := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "workmail:List*", "Resource": "*",
	  "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "Bool": {"aws:MultiFactorAuthPresent": true}}}]}`
	doc, _ := policy.Parse(diag.NewSource("console.json", text))
	p, _ := eval.Prepare("identity[0]", doc, policy.Identity)
	set := eval.Set{Identity: []*eval.Policy{p}}

	for _, mfa := range []string{"", "true"} {
		ctx := eval.NewContext(map[string][]string{"aws:RequestedRegion": {"eu-west-1"}})
		if mfa != "" {
			ctx.Add("aws:MultiFactorAuthPresent", mfa)
		}
		req := eval.NewRequest("arn:aws:iam::111122223333:user/alice", "workmail:ListUsers", "*", "", ctx)
		var res eval.Result
		set.Evaluate(req, &res, eval.Options{})
		fmt.Println(res.Decision, res.Missing)
	}
	// Output:
	// implicitDeny [aws:MultiFactorAuthPresent]
	// allowed []
}

package policy_test

import (
	"os"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// The WorkMail guide's read-only policy, pasted as printed: a missing comma
// and a stray brace, each at its place.
func ExampleLint() {
	text := `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "ses:Describe*" "ses:Get*" ], "Resource": "*" } ] } }`
	src := diag.NewSource("read-only.json", text)
	_, _, findings := policy.Lint(src, policy.Auto)
	diag.Render(os.Stdout, src, findings)
	// Output:
	// read-only.json:1:91: error: expected ',' between array elements: add one after "ses:Describe*" [JSON_SYNTAX_ERROR]
	//     …low", "Action": [ "ses:Describe*" "ses:Get*" ], "Resource": "*" } ] } }
	//                                       ^
	// read-only.json:1:128: error: unexpected '}' after the end of the document: is it left over from an edit? [JSON_SYNTAX_ERROR]
	//     …s:Get*" ], "Resource": "*" } ] } }
	//                                       ^
}

package scenario_test

import (
	"fmt"

	"slrplay/core/scenario"
)

// A service-linked role is created, then submitted for deletion: the task
// does not start until the clock moves, and ends after the service's time.
func ExampleScenario_Run() {
	doc := `{"scenario": 1, "title": "delete", "seed": 1,
	  "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin",
	    "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}]}},
	  "steps": [
	    {"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "lex.amazonaws.com"}},
	    {"as": "admin", "op": "iam:DeleteServiceLinkedRole", "input": {"RoleName": "$0.Role.RoleName"}},
	    {"as": "admin", "op": "iam:GetServiceLinkedRoleDeletionStatus", "input": {"DeletionTaskId": "$1.DeletionTaskId"}},
	    {"as": "admin", "op": "clock:Advance", "input": {"Seconds": 10}},
	    {"as": "admin", "op": "iam:GetServiceLinkedRoleDeletionStatus", "input": {"DeletionTaskId": "$1.DeletionTaskId"}}]}`
	s, err := scenario.Load("delete.json", []byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := s.Run()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range t.Steps {
		fmt.Println(st.Op, st.Output["Status"], len(st.State.Roles))
	}
	// Output:
	// iam:CreateServiceLinkedRole <nil> 1
	// iam:DeleteServiceLinkedRole <nil> 1
	// iam:GetServiceLinkedRoleDeletionStatus NOT_STARTED 1
	// clock:Advance <nil> 0
	// iam:GetServiceLinkedRoleDeletionStatus SUCCEEDED 0
}

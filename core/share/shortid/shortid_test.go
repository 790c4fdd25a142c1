package shortid

import (
	"strings"
	"testing"
)

const scenario = `{
  "scenario": 1, "title": "WorkMail event logging", "account": "111122223333", "seed": 1,
  "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin"}},
  "steps": [{"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "events.workmail.amazonaws.com"}}]
}`

func TestOf(t *testing.T) {
	a, _ := Of([]byte(scenario))
	b, _ := Of([]byte(strings.ReplaceAll(scenario, "\n", "")))
	c, _ := Of([]byte(strings.Replace(scenario, "admin", "root", 1)))
	if a != b || a == c || !Valid(a) {
		t.Errorf("ids %q %q %q", a, b, c)
	}
	for _, bad := range []string{"", "short", "abc/def+ghi", "abcdefghijkl", "abc def ghi", "AAAAAAAAAA\n", "AAAAAAAAA\r\n", "\nAAAAAAAAAA", "AAAAAAAAAA="} {
		if Valid(bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
	if _, err := Of([]byte("{")); err == nil {
		t.Error("an id for broken JSON")
	}
}

package slr

import (
	"testing"
	"time"
)

// TestSessionsOnlyWhereTheRoleIs: a service holds sessions with its role
// only in Regions where it has one; a lowered quota still lets
// service-linked roles through.
func TestSessionsOnlyWhereTheRoleIs(t *testing.T) {
	a := NewAccount("111122223333", Builtin(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	if _, err := a.CreateServiceLinkedRole("ses.amazonaws.com", "", ""); err != nil {
		t.Fatal(err)
	}
	if err := a.StartSession("ses.amazonaws.com", "us-west-2"); err == nil || err.Code != "InvalidInput" {
		t.Errorf("session in a Region without the role: %v", err)
	}
	if err := a.StartSession("ses.amazonaws.com", "eu-west-1"); err != nil {
		t.Errorf("session in eu-west-1: %v", err)
	}
	a.Quota = 1
	if _, err := a.CreateRole("app", "/", "{}", RoleOptions{}); err == nil || err.Code != "LimitExceeded" {
		t.Errorf("ordinary role past a quota of 1: %v", err)
	}
	if _, err := a.CreateServiceLinkedRole("lex.amazonaws.com", "", ""); err != nil {
		t.Errorf("service-linked role past the quota: %v", err)
	}
}

// TestServicePolicyNotAttachable: a service-linked role's permissions
// policy cannot be attached to any other role.
func TestServicePolicyNotAttachable(t *testing.T) {
	a := NewAccount("111122223333", Builtin(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	a.CreateRole("app", "/", "{}", RoleOptions{})
	_, err := a.Modify("AttachRolePolicy", "app", "arn:aws:iam::aws:policy/aws-service-role/AmazonSESServiceRolePolicy", "")
	if err == nil || err.Code != "PolicyNotAttachable" || err.Message != "Cannot attach a Service Role Policy to a Customer Role." {
		t.Errorf("attaching SES's policy: %v", err)
	}
	if _, err := a.Modify("AttachRolePolicy", "app", "arn:aws:iam::aws:policy/ReadOnlyAccess", ""); err != nil {
		t.Errorf("attaching an ordinary managed policy: %v", err)
	}
}

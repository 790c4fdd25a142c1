package reference

import (
	"fmt"
	"strings"
	"testing"
)

// tiny is a catalog of one service in catalog.txt's format.
func tiny(body string) string {
	return "slrplay-reference 1 test\nglobals 1\naws:SourceIp\tIPAddress\tnetwork\nservices 1\n" +
		fmt.Sprintf("demo\tDemo Service\t2\t1\t2\t%d\n", len(body)) + body
}

const tinyBody = "demo:Flavour\tString\n" +
	"aws:ResourceTag/${TagKey}\tString\n" +
	"thing\tarn:${Partition}:demo:${Region}:${Account}:thing/${Name}\t1\n" +
	"ListThings\tL\t\t\n" +
	"PutThing\tT\t0*:1\t0\n"

func TestParseTiny(t *testing.T) {
	c, err := Parse(tiny(tinyBody))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	a := c.Action("DEMO:putthing")
	if a == nil || a.Name != "PutThing" || a.Level != Tagging || len(a.Resources) != 1 || !a.Resources[0].Required ||
		a.Resources[0].Type.Name != "thing" || a.ConditionKeys[0].Name != "demo:Flavour" || !a.SupportsKey("aws:resourcetag/team") {
		t.Fatalf("%+v", a)
	}
	if got, _ := c.Expand("demo:*"); len(got) != 2 || got[0].Name != "ListThings" {
		t.Errorf("demo:* gives %v", got)
	}
	if k := c.GlobalKey("AWS:SOURCEIP"); k == nil || k.Category != "network" {
		t.Errorf("%+v", k)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"", "catalog line 0: the catalog ends where the header should be"},
		{"catalog\n", "catalog line 1: not a catalog of this version"},
		{"slrplay-reference 1 x", "catalog line 1: the header: the last line has no newline"},
		{"slrplay-reference 1 x\nglobals two\n", `catalog line 2: "two" is not a number`},
		{"slrplay-reference 1 x\nglobals 1\naws:SourceIp\tIPAddress\n", "catalog line 3: a global condition key: 2 fields, want 3"},
		{"slrplay-reference 1 x\nglobals 0\nservices 1\n", "catalog line 3: the catalog ends where a service should be"},
		{"slrplay-reference 1 x\nglobals 0\nservices 1\nDemo\tD\t0\t0\t0\t0\n", `catalog line 4: service prefix "Demo" is not in lower case`},
		{"slrplay-reference 1 x\nglobals 0\nservices 1\ndemo\tD\t0\t0\t0\t9\n", "catalog line 4: demo: 9 bytes, and the catalog ends before"},
		{"slrplay-reference 1 x\nglobals 0\nservices 2\ndemo\tD\t0\t0\t0\t0\ndemo\tD\t0\t0\t0\t0\n", "catalog line 5: service demo twice"},
		{tiny(tinyBody) + "\n", "text after the last service"},
		{tiny(tinyBody)[:60], "cut short"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

// A service's lines are read when it is first asked about; what is wrong
// in them then empties the service and shows in Err and Check.
func TestParseServiceErrors(t *testing.T) {
	tests := []struct {
		body, want string
	}{
		{strings.Replace(tinyBody, "\tL\t", "\tX\t", 1), `catalog line 9: demo: action ListThings: access level "X"`},
		{strings.Replace(tinyBody, "0*:1", "3*", 1), `catalog line 10: demo: action PutThing: resource type "3" is not a number from 0 to 0`},
		{strings.Replace(tinyBody, "0*:1", "0*:7", 1), `catalog line 10: demo: action PutThing: condition key "7" is not a number from 0 to 1`},
		{strings.Replace(tinyBody, "thing/${Name}\t1", "thing/${Name}\t1,", 1), `catalog line 8: demo: resource type thing: condition key "" is not a number`},
		{strings.Replace(tinyBody, "PutThing", "listthings", 1), "catalog line 10: demo: action listthings twice"},
		{strings.Replace(tinyBody, "\tString\n", "\n", 1), "catalog line 6: demo: a condition key: 1 fields, want 2"},
		{tinyBody + "Extra\tR\t\t\n", "the header gives more bytes than the service's lines take"},
		{tinyBody[:len(tinyBody)-20], "the last line has no newline"},
		{strings.Replace(tinyBody, "0*:1", "0* ", 1), `catalog line 10: demo: action PutThing: resource type "" is not a number`},
	}
	for _, tc := range tests {
		c, err := Parse(tiny(tc.body))
		if err != nil {
			t.Errorf("%q: %v", tc.body, err)
			continue
		}
		s := c.Service("demo")
		if err := c.Check(); err == nil || !strings.Contains(err.Error(), tc.want) || s.Err() != err {
			t.Errorf("%q: %v, want %q", tc.body, err, tc.want)
		}
		if len(s.Actions()) != 0 || c.Action("demo:ListThings") != nil || s.ConditionKey("demo:Flavour") != nil {
			t.Errorf("%q: a service that does not parse has actions or keys", tc.body)
		}
	}
}

// FuzzParse: whatever the text, Parse and reading every service return
// an answer or an error, never a panic.
func FuzzParse(f *testing.F) {
	f.Add(tiny(tinyBody))
	f.Add(tiny(strings.Replace(tinyBody, "0*:1", "0*:", 1)))
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			return
		}
		c.Check()
		for _, s := range c.Services {
			for _, a := range s.Actions() {
				a.AllConditionKeys()
				c.Suggest(a.FullName() + "x")
			}
		}
		c.Expand("*")
	})
}

// Services are read on first use, by whichever goroutine asks first.
func TestConcurrentFirstUse(t *testing.T) {
	c, err := Parse(catalogText)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for _, name := range []string{"s3:GetObject", "S3:getobject", "ec2:DescribeInstances", "iam:PassRole"} {
		go func() {
			a := c.Action(name)
			got, _ := c.Expand(strings.Split(name, ":")[0] + ":*")
			if a == nil || len(got) != a.Service.ActionCount() {
				done <- name + " not found"
				return
			}
			done <- ""
		}()
	}
	for range 4 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

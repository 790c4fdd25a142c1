package share

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"strings"
	"testing"
)

const scenario = `{
  "scenario": 1, "title": "WorkMail event logging", "account": "111122223333", "seed": 1,
  "principals": {"admin": {"arn": "arn:aws:iam::111122223333:user/admin"}},
  "steps": [{"as": "admin", "op": "iam:CreateServiceLinkedRole", "input": {"AWSServiceName": "events.workmail.amazonaws.com"}}]
}`

func TestRoundTrip(t *testing.T) {
	frag, err := Encode([]byte(scenario), 3)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(frag, "s=1.") || !strings.HasSuffix(frag, "&step=3") {
		t.Errorf("fragment %q", frag)
	}
	// The same scenario, however written, gives the same link.
	again, _ := Encode([]byte(strings.ReplaceAll(scenario, "\n", " ")), 3)
	if again != frag {
		t.Errorf("not deterministic:\n%s\n%s", frag, again)
	}
	escaped := strings.Replace(strings.Replace(frag, "s=1.", "s=1%2E", 1), "step=3", "step=%33", 1) // as some mail clients rewrite links
	for _, link := range []string{frag, "#" + frag, "https://play.example/#" + frag, "  https://play.example/x?y=z#" + frag + "\n", escaped, "x=1&" + frag} {
		l, err := Decode(link)
		if err != nil {
			t.Fatalf("%q: %v", link, err)
		}
		if !strings.Contains(string(l.Scenario), `"title":"WorkMail event logging"`) || l.Step != 3 {
			t.Errorf("%q: %s step %d", link, l.Scenario, l.Step)
		}
	}
	if l, err := Decode(strings.TrimSuffix(frag, "&step=3")); err != nil || l.Step != 0 {
		t.Errorf("no step: %v %d", err, l.Step)
	}
}

// TestEncodeRefuses: Encode makes no link that Decode would refuse.
func TestEncodeRefuses(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"scenario": 1, "steps": [], "x": "` + strings.Repeat("a", MaxScenario) + `"}`, "larger than 1048576 bytes"},
		{`{"scenario": 2, "steps": []}`, `"scenario": 1`},
		{`{"scenario": 1, "steps": {}}`, `"steps" array`},
		{`{"scenario": 1,`, "not a scenario"},
	} {
		if frag, err := Encode([]byte(tc.doc), 0); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.40q: %q, %v; want an error about %q", tc.doc, frag, err, tc.want)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	deflate := func(s string) string {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, 9)
		w.Write([]byte(s))
		w.Close()
		return base64.RawURLEncoding.EncodeToString(b.Bytes())
	}
	tests := []struct{ link, want string }{
		{"s=2." + deflate(scenario), `version "2"`},
		{"s=1.ab*cd", "bad base64url"},
		{"s=1.%%%", "not readable"},
		{"s=1.AAAA", "does not inflate"},
		{"s=1." + deflate(`{"scenario": 1, "steps": []`), "not a scenario"},
		{"s=1." + deflate(`{"title": "x", "steps": []}`), `"scenario": 1`},
		{"s=1." + deflate(`{"scenario": 1}`), `"steps" array`},
		{"s=1." + deflate(`{"scenario": 1, "steps": [], "x": "`+strings.Repeat("a", MaxScenario)+`"}`), "larger than"},
		{"s=1", "no version"},
		{"x=1", "no scenario"},
		{"id=abcdefghijk", "short link"},
		{"s=1." + deflate(scenario) + "&step=-2", "not a step number"},
		{"s=1." + deflate(scenario) + "&step=%zz", "not readable"},
		{"id=abc", "short link"},
		{"step=2", "no scenario"},
	}
	for _, tc := range tests {
		if _, err := Decode(tc.link); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.40q: %v, want an error about %q", tc.link, err, tc.want)
		}
	}
}

// BenchmarkEncodeDecode: a typical scenario's link both ways. Target: at
// most 200 µs; the fragment under 2,000 characters.
func BenchmarkEncodeDecode(b *testing.B) {
	doc := []byte(scenario)
	frag, _ := Encode(doc, 0)
	b.ReportMetric(float64(len(frag)), "fragment-chars")
	for b.Loop() {
		f, _ := Encode(doc, 2)
		Decode(f)
	}
}

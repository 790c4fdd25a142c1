package policy_test

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"slrplay/core/diag"
	"slrplay/core/policy"
)

// TestSeedWorkMailPolicies pastes the WorkMail administrator guide verbatim:
// both of its policies are broken JSON, and each slip must be named at its
// line and column in the guide's own text.
func TestSeedWorkMailPolicies(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/seeds/003_d8c488b173167f2f.txt")
	if err != nil {
		t.Skip("seed documents not beside this checkout:", err)
	}
	lines := strings.Split(string(raw), "\n")
	var policies []int // line numbers (from 1) of the policies
	for i, l := range lines {
		if strings.HasPrefix(l, `{ "Version"`) {
			policies = append(policies, i+1)
		}
	}
	if len(policies) != 2 {
		t.Fatalf("found %d policies in the seed, want 2", len(policies))
	}
	tests := []struct {
		line  int
		after string // the element the missing comma follows
		stray bool   // a '}' left over at the end
	}{
		{policies[0], `"kms:ListAliases"`, false},
		{policies[1], `"ses:Describe*"`, true},
	}
	for _, tc := range tests {
		text := lines[tc.line-1]
		src := diag.NewSource("guide", text)
		_, _, all := policy.Lint(src, policy.Auto)
		findings := syntaxOnly(all)
		comma := strings.Index(text, tc.after) + len(tc.after)
		want := []diag.Pos{{Line: 1, Column: comma, Offset: comma}}
		if tc.stray {
			end := strings.LastIndex(text, "}")
			want = append(want, diag.Pos{Line: 1, Column: end, Offset: end})
		}
		if len(findings) != len(want) {
			t.Fatalf("line %d: %d findings, want %d: %+v", tc.line, len(findings), len(want), findings)
		}
		for i, f := range findings {
			if f.Code != "JSON_SYNTAX_ERROR" || f.Severity != diag.Error || f.Range.Start != want[i] {
				t.Errorf("line %d finding %d: %s at %+v, want JSON_SYNTAX_ERROR at %+v", tc.line, i, f.Code, f.Range.Start, want[i])
			}
		}
		if msg := findings[0].Message; !strings.Contains(msg, "expected ',' between array elements") || !strings.Contains(msg, tc.after) {
			t.Errorf("message %q does not say the comma is missing after %s", msg, tc.after)
		}
		// Pasted with the blank lines around it in the guide: same column,
		// the line counted from the paste.
		padded := diag.NewSource("guide", "\n\n"+text+"\n")
		_, _, again := policy.Lint(padded, policy.Auto)
		again = syntaxOnly(again)
		if len(again) != len(want) || again[0].Range.Start.Line != 3 || again[0].Range.Start.Column != comma {
			t.Errorf("padded paste: %+v", again)
		}
	}
}

// syntaxOnly keeps the JSON syntax errors: the guide's policies also name
// actions the reference has since dropped (ds:CreateDomain), beside the
// syntax errors the seed test is about.
func syntaxOnly(all diag.List) diag.List {
	var out diag.List
	for _, f := range all {
		if f.Code == "JSON_SYNTAX_ERROR" {
			out = append(out, f)
		}
	}
	return out
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, text string
		at         string // the text the first finding starts at
		msg        string
	}{
		{"missing comma in object", `{"Version": "2012-10-17" "Statement": []}`, ` "Statement`, "expected ',' between object elements"},
		{"missing colon", `{"Version" "2012-10-17"}`, ` "2012`, "expected ':'"},
		{"trailing comma", `{"Statement": [{"Effect": "Allow"},]}`, `,]`, "must not follow the last element"},
		{"unterminated", `{"Version": "2012-10-17`, `"2012-10-17`, "unterminated string"},
		{"bad escape", `{"Version": "a\qb"}`, `\q`, "invalid escape"},
		{"bad unicode escape", `{"Version": "\u12"}`, `\u12`, "four hexadecimal digits"},
		{"raw control character", "{\"Version\": \"a\tb\"}", "\tb", "control characters"},
		{"single quotes", `{'Version': 1}`, `'V`, "double quotes"},
		{"unquoted key", `{Version: 1}`, `Version`, "object keys must be in double quotes"},
		{"comment", "{\"a\": 1 // x\n}", `//`, "expected ',' or '}'"},
		{"bad number", `{"a": 01}`, `01`, "is not a JSON number"},
		{"bare word", `{"a": yes}`, `yes`, "is not a JSON value"},
		{"capital literal", `{"a": TRUE}`, `TRUE`, "write true"},
		{"mismatched", `{"a": [1}`, `}`, "expected ']' to close the array opened at line 1, column 7"},
		{"unclosed", `{"a": [1, 2`, ``, "unexpected end of the document"},
		{"stray", `{"a": 1}}`, `}`, "after the end of the document"},
		{"empty", "", "", "the document is empty"},
		{"number at top with junk", `1 2`, `2`, "after the end of the document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := diag.NewSource("p.json", tc.text)
			d, findings := policy.Parse(src)
			if len(findings) == 0 {
				t.Fatalf("no findings")
			}
			f := findings[0]
			if f.Code != "JSON_SYNTAX_ERROR" || !strings.Contains(f.Message, tc.msg) {
				t.Errorf("got %s %q, want JSON_SYNTAX_ERROR containing %q", f.Code, f.Message, tc.msg)
			}
			if !strings.HasPrefix(tc.text[f.Span.Start:], tc.at) {
				t.Errorf("finding starts at %q, want at %q", tc.text[f.Span.Start:], tc.at)
			}
			if tc.name != "missing comma in object" && tc.name != "missing colon" && tc.name != "trailing comma" && !d.Broken {
				t.Errorf("document not marked broken")
			}
		})
	}
}

// TestHostileInput: deep nesting and huge inputs stop at once with an error,
// never a stack overflow.
func TestHostileInput(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("[", 10<<20),
		strings.Repeat(`{"a":`, 100000),
		`{"Statement": ` + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + `}`,
	} {
		src := diag.NewSource("deep.json", text)
		d, _, findings := policy.Lint(src, policy.Auto)
		if !d.Broken || !findings.HasErrors() || !strings.Contains(findings[0].Message, "nesting deeper") {
			t.Errorf("%.20q...: broken=%v findings=%v", text, d.Broken, findings)
		}
	}
}

const workmailEvents = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`

// TestForms: every form people paste reads as the same policy, and places
// point into the text as given.
func TestForms(t *testing.T) {
	quoted := strings.ReplaceAll(workmailEvents, `"`, `\"`)
	tests := []struct {
		name, text string
		form       policy.Form
		wrapper    string
	}{
		{"bare", workmailEvents, policy.FormPolicy, ""},
		{"url encoded", url.QueryEscape(workmailEvents), policy.FormPolicy, "URL encoding"},
		{"url encoded lower hex", strings.ToLower(url.PathEscape(workmailEvents)[:3]) + url.PathEscape(workmailEvents)[3:], policy.FormPolicy, "URL encoding"},
		{"get-role-policy", `{"RoleName": "r", "PolicyName": "p", "PolicyDocument": ` + workmailEvents + `}`, policy.FormPolicy, "PolicyDocument"},
		{"get-policy-version", `{"PolicyVersion": {"Document": ` + workmailEvents + `, "VersionId": "v1"}}`, policy.FormPolicy, "PolicyVersion"},
		{"get-role", `{"Role": {"RoleName": "r", "AssumeRolePolicyDocument": ` + workmailEvents + `}}`, policy.FormPolicy, "Role"},
		{"get-bucket-policy string", `{"Policy": "` + quoted + `"}`, policy.FormPolicy, "Policy"},
		{"json string", `"` + quoted + `"`, policy.FormPolicy, "JSON string"},
		{"url encoded in a wrapper", `{"PolicyDocument": "` + url.QueryEscape(workmailEvents) + `"}`, policy.FormPolicy, "PolicyDocument"},
		{"statement", `{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}`, policy.FormStatement, ""},
		{"statement array", `[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]`, policy.FormStatements, ""},
		{"statements with commas", `{"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"*"}, {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}`, policy.FormStatements, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := diag.NewSource("p", tc.text)
			d, findings := policy.Parse(src)
			if len(findings) > 0 || d.Broken {
				t.Fatalf("findings: %+v", findings)
			}
			if d.Form != tc.form {
				t.Errorf("form %v, want %v", d.Form, tc.form)
			}
			if tc.wrapper != "" && (len(d.Wrapper) == 0 || d.Wrapper[0] != tc.wrapper) {
				t.Errorf("wrapper %v, want %s first", d.Wrapper, tc.wrapper)
			}
			var actions []string
			for _, st := range d.Statements {
				if st.Effect.Text != "Allow" {
					t.Errorf("effect %q", st.Effect.Text)
				}
				for _, a := range st.Action.Items {
					actions = append(actions, a.Text)
					// Every place maps back to the text as given: the span
					// covers the action there (encoded, escaped or not).
					given := src.Text[a.Span.Start:a.Span.End]
					if plain, _ := url.QueryUnescape(strings.ReplaceAll(given, `\"`, `"`)); strings.Trim(plain, `"`) != a.Text {
						t.Errorf("span of %q covers %q", a.Text, given)
					}
				}
			}
			if strings.Join(actions, ",") != "logs:CreateLogGroup,logs:CreateLogStream,logs:PutLogEvents" {
				t.Errorf("actions %v", actions)
			}
		})
	}
}

func TestURLDecodingError(t *testing.T) {
	src := diag.NewSource("p", "%7B%22Version%2")
	d, findings := policy.Parse(src)
	if !d.Broken || len(findings) != 1 || findings[0].Span.Start != 13 {
		t.Fatalf("got %+v", findings)
	}
}

// TestPositionsInCharacters: columns and offsets count characters, not bytes,
// as Access Analyzer does.
func TestPositionsInCharacters(t *testing.T) {
	text := "{\"Version\": \"2012-10-17\", \"Id\": \"über\",\n \"Statement\": [{\"Effect\": \"Erlauben\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"
	_, _, findings := policy.Lint(diag.NewSource("p", text), policy.Identity)
	if len(findings) != 1 || findings[0].Code != "INVALID_EFFECT" {
		t.Fatalf("got %+v", findings)
	}
	r := findings[0].Range
	byteOff := strings.Index(text, `"Erlauben"`)
	if r.Start.Line != 2 || r.Start.Column != strings.Index(strings.Split(text, "\n")[1], `"Erlauben"`) || r.Start.Offset != byteOff-1 {
		t.Errorf("range %+v (byte offset %d)", r, byteOff)
	}
}

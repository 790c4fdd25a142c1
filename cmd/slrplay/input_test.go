package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"slrplay/core/eval"
)

// invalidEffect is testdata/policies/invalid-effect.json: "allow" at line 5,
// column 23 (from 1).
const invalidEffect = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"allow\",\n            \"Action\": \"s3:GetObject\",\n            \"Resource\": \"*\"\n        }\n    ]\n}\n"

// write puts text in a file of a temporary directory and returns its path.
func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// toUTF16 writes s in UTF-16 little-endian, with a byte order mark if bom.
func toUTF16(s string, bom bool) string {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// TestInputs: every input, whatever its line ends, byte order mark or
// size, is read as its author sees it or refused with a message naming it;
// places are the same with and without a mark, and with CR, LF or CRLF.
func TestInputs(t *testing.T) {
	dir := t.TempDir()
	big := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": "` + strings.Repeat("a", 1<<20) + `"}]}`
	tests := []struct {
		name  string
		args  []string // "FILE" is replaced by the file written from text
		text  string
		stdin string
		code  int
		want  string // in stdout + stderr
	}{
		{"lint LF", []string{"lint", "FILE"}, invalidEffect, "", 1, "p.json:5:23: error:"},
		{"lint BOM", []string{"lint", "FILE"}, "\uFEFF" + invalidEffect, "", 1, "p.json:5:23: error:"},
		{"lint BOM line 1", []string{"lint", "FILE"}, "\uFEFF{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}", "", 1,
			"p.json:1:51: error:"},
		{"lint CR", []string{"lint", "FILE"}, strings.ReplaceAll(invalidEffect, "\n", "\r"), "", 1, "p.json:5:23: error:"},
		{"lint CRLF", []string{"lint", "FILE"}, strings.ReplaceAll(invalidEffect, "\n", "\r\n"), "", 1, "p.json:5:23: error:"},
		{"lint CR JSON", []string{"lint", "--json", "FILE"}, strings.ReplaceAll(invalidEffect, "\n", "\r"), "", 1, `"line": 5,`},
		{"lint UTF-16", []string{"lint", "FILE"}, toUTF16(invalidEffect, true), "", 2, "p.json is UTF-16 (little-endian); save it as UTF-8"},
		{"lint UTF-16 no BOM", []string{"lint", "-"}, "", toUTF16(invalidEffect, false), 2, "<stdin> is UTF-16 (little-endian); save it as UTF-8"},
		{"eval UTF-16", []string{"eval", "--policy", "FILE", "--action", "s3:GetObject"}, toUTF16(invalidEffect, true), "", 2, "p.json is UTF-16"},
		{"lint too large", []string{"lint", "FILE"}, big, "", 2, "p.json is 1.1 MiB; policies are read up to 1 MiB"},
		{"lint stdin too large", []string{"lint", "-"}, "", big, 2, "<stdin> is over 1 MiB; policies are read up to 1 MiB"},
		{"eval too large", []string{"eval", "--boundary", "FILE", "--action", "s3:GetObject"}, big, "", 2, "p.json is 1.1 MiB; policies are read up to 1 MiB"},
		{"eval context too large", []string{"eval", "--action", "s3:GetObject", "--context", "aws:x=" + strings.Repeat("v", 5000)}, "", "", 2,
			"--context aws:x...: 4.9 KiB; a context value is read up to 4 KiB"},
		{"eval at the cap", []string{"eval", "--policy", "FILE", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::bucket-7/k", "--context", "aws:RequestedRegion=eu-west-1"},
			densePolicy(eval.MaxPolicyBytes), "", 0, `statement 7 "S7" allows it`},
		{"eval invalid policy", []string{"eval", "--policy", "FILE", "--action", "s3:GetObject"}, invalidEffect, "", 1, "NOT EVALUATED"},
		{"eval context keys ignore case", []string{"eval", "--action", "s3:GetObject", "--context", "aws:X=1", "--context", "AWS:x=2"}, "", "", 0, "DENIED"},
	}
	for _, tt := range tests {
		file := write(t, dir, "p.json", tt.text)
		args := append([]string{}, tt.args...)
		for i, a := range args {
			if a == "FILE" {
				args[i] = file
			}
		}
		code, out, stderr := slrplay(t, tt.stdin, args...)
		all := strings.ReplaceAll(out+stderr, dir+string(filepath.Separator), "")
		if code != tt.code || !strings.Contains(all, tt.want) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%.600s", tt.name, code, tt.code, tt.want, all)
		}
	}
}

// TestBatchInputs: a batch line with an unknown field, a duplicate key or
// over the size cap gets an "error" result naming the problem and its place,
// and the other lines still run; lines end at CR, LF or CRLF; a case whose
// policy does not validate makes the exit status 1.
func TestBatchInputs(t *testing.T) {
	const (
		allow    = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
		boundary = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}`
		request  = `"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}`
	)
	ok := `{"id": "ok", "identityPolicies": [` + allow + `], ` + request + `}`
	misspelt := `{"id": "pb", "identityPolicies": [` + allow + `], "permissionBoundaries": ` + boundary + `, ` + request + `}`
	invalid := `{"id": "inv", "identityPolicies": [` + strings.ReplaceAll(allow, "Allow", "allow") + `], ` + request + `}`
	huge := `{"id": "huge", "identityPolicies": [` + strings.Repeat(" ", 4<<20) + allow + `], ` + request + `}`
	tests := []struct {
		name  string
		lines []string
		sep   string
		code  int
		want  []string // each line's decision
		err   string   // in stderr
	}{
		{"unknown field", []string{ok, misspelt, ok}, "\n", 2, []string{"allowed", "error", "allowed"},
			"b.jsonl:2:142: unknown field permissionBoundaries: did you mean permissionsBoundary?"},
		{"duplicate key", []string{`{"id": "d", "id": "e", ` + request + `}`, ok}, "\n", 2, []string{"error", "allowed"}, "b.jsonl:1:13: id is written twice"},
		{"CR ends lines", []string{ok, misspelt, ok}, "\r", 2, []string{"allowed", "error", "allowed"}, "b.jsonl:2:142:"},
		{"CRLF ends lines", []string{ok, "", misspelt}, "\r\n", 2, []string{"allowed", "error"}, "b.jsonl:3:142:"},
		{"BOM", []string{"\uFEFF" + misspelt}, "\n", 2, []string{"error"}, "b.jsonl:1:142:"},
		{"invalid policy", []string{ok, invalid}, "\n", 1, []string{"allowed", "error"}, ""},
		{"line too long", []string{ok, huge, ok}, "\n", 2, []string{"allowed", "error", "allowed"}, "b.jsonl:2: the case is 4.1 MiB; cases are read up to 4 MiB"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		file := write(t, dir, "b.jsonl", strings.Join(tt.lines, tt.sep))
		code, out, stderr := slrplay(t, "", "eval", "--batch", file)
		stderr = strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var r struct{ EvalDecision string }
			json.Unmarshal([]byte(l), &r)
			got = append(got, r.EvalDecision)
		}
		if code != tt.code || strings.Join(got, ",") != strings.Join(tt.want, ",") || !strings.Contains(stderr, tt.err) {
			t.Errorf("%s: exit %d, %v, stderr %q", tt.name, code, got, stderr)
		}
	}
	// The result names the field and its place, for readers of the output.
	_, out, _ := slrplay(t, misspelt+"\n", "eval", "--batch", "-")
	if !strings.Contains(out, `"findingDetails":"unknown field permissionBoundaries: did you mean permissionsBoundary?"`) ||
		!strings.Contains(out, `"locations":[{"path":[{"key":"permissionBoundaries"}],"span":{"start":{"line":1,"column":141,"offset":141}`) {
		t.Errorf("%s", out)
	}
	// UTF-16 is named, not read line by line as garbage.
	code, out, stderr := slrplay(t, toUTF16(ok+"\n", true), "eval", "--batch", "-")
	if code != 2 || out != "" || !strings.Contains(stderr, "<stdin> is UTF-16 (little-endian); save it as UTF-8") {
		t.Errorf("UTF-16: exit %d, %q, %q", code, out, stderr)
	}
}

// densePolicy is a policy of about size bytes made of many small
// statements with a condition each: the text that costs the most memory
// per byte to read.
func densePolicy(size int) string {
	var b strings.Builder
	b.WriteString("{\n \"Version\": \"2012-10-17\",\n \"Statement\": [")
	for i := 0; b.Len() < size-200; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  {\n   \"Sid\": \"S%d\",\n   \"Effect\": \"Allow\",\n   \"Action\": [\n    \"s3:GetObject\",\n    \"s3:PutObject\"\n   ],\n"+
			"   \"Resource\": \"arn:aws:s3:::bucket-%d/*\",\n   \"Condition\": {\n    \"StringEquals\": {\n     \"aws:RequestedRegion\": \"eu-west-1\"\n    }\n   }\n  }", i, i)
	}
	b.WriteString("\n ]\n}\n")
	return b.String()
}

// TestLintMemory: linting the largest policy accepted allocates at most ten
// times its size in all (so its peak is lower still). Before, a 1 MiB
// policy of small statements allocated 17 times its size.
func TestLintMemory(t *testing.T) {
	text := densePolicy(eval.MaxPolicyBytes)
	file := write(t, t.TempDir(), "p.json", text)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code := run([]string{"lint", file}, nil, io.Discard, io.Discard)
	runtime.ReadMemStats(&after)
	if used := after.TotalAlloc - before.TotalAlloc; code != 0 || used > 10*uint64(len(text)) {
		t.Errorf("exit %d; linting %d bytes allocated %d (%.1f times)", code, len(text), used, float64(used)/float64(len(text)))
	}
}

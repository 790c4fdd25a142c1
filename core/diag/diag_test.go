package diag_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"slrplay/core/diag"
)

func TestPos(t *testing.T) {
	src := diag.NewSource("p", "ab\ncé\r\nxyz")
	tests := []struct {
		off  int
		want diag.Pos
	}{
		{0, diag.Pos{Line: 1, Column: 0, Offset: 0}},
		{2, diag.Pos{Line: 1, Column: 2, Offset: 2}},
		{3, diag.Pos{Line: 2, Column: 0, Offset: 3}},
		{6, diag.Pos{Line: 2, Column: 2, Offset: 5}}, // after the two-byte é
		{8, diag.Pos{Line: 3, Column: 0, Offset: 7}},
		{99, diag.Pos{Line: 3, Column: 3, Offset: 10}}, // clamped to the end
		{-5, diag.Pos{Line: 1, Column: 0, Offset: 0}},
	}
	for _, tc := range tests {
		if got := src.Pos(tc.off); got != tc.want {
			t.Errorf("Pos(%d) = %+v, want %+v", tc.off, got, tc.want)
		}
	}
	if got := src.Line(2); got != "cé" {
		t.Errorf("Line(2) = %q", got)
	}
	if got := src.Line(4); got != "" {
		t.Errorf("Line(4) = %q", got)
	}
}

// TestPosLineEndsAndBOM: CR, LF and CRLF each end one line, as editors
// count them; a UTF-8 byte order mark takes no column. Before, a lone CR
// did not end a line and the mark shifted line 1 by a column.
func TestPosLineEndsAndBOM(t *testing.T) {
	tests := []struct {
		text  string
		at    string // the text at the offset looked up: its first occurrence
		want  diag.Pos
		line1 string
	}{
		{"a\rb\rc", "c", diag.Pos{Line: 3, Column: 0, Offset: 4}, "a"},
		{"a\r\nb\nc\rd", "d", diag.Pos{Line: 4, Column: 0, Offset: 7}, "a"},
		{"a\r", "", diag.Pos{Line: 2, Column: 0, Offset: 2}, "a"},
		{"\uFEFF{\"a\": 1}", "{", diag.Pos{Line: 1, Column: 0, Offset: 0}, `{"a": 1}`},
		{"\uFEFF{\"é\": 1}", "1", diag.Pos{Line: 1, Column: 6, Offset: 6}, `{"é": 1}`},
		{"\uFEFF{\r  \"é\": 1}", "1", diag.Pos{Line: 2, Column: 7, Offset: 9}, "{"},
	}
	for _, tc := range tests {
		src := diag.NewSource("p", tc.text)
		off := len(tc.text)
		if tc.at != "" {
			off = strings.Index(tc.text, tc.at)
		}
		if got := src.Pos(off); got != tc.want {
			t.Errorf("%q: Pos(%d) = %+v, want %+v", tc.text, off, got, tc.want)
		}
		if got := src.Line(1); got != tc.line1 {
			t.Errorf("%q: Line(1) = %q, want %q", tc.text, got, tc.line1)
		}
	}
	// The caret stands under the character, the mark not shown.
	src := diag.NewSource("p", "\uFEFF{\"x\": 1}")
	var b bytes.Buffer
	diag.Render(&b, src, diag.List{{Span: diag.Span{Start: 9, End: 10}, Message: "m", Code: "C"}}.Resolve(src))
	if want := "p:1:7: error: m [C]\n    {\"x\": 1}\n          ^\n"; b.String() != want {
		t.Errorf("rendered\n%s\nwant\n%s", b.String(), want)
	}
}

func TestResolveSortsAndDeduplicates(t *testing.T) {
	src := diag.NewSource("p", "0123456789")
	l := diag.List{
		{Code: "B", Severity: diag.Warning, Span: diag.Span{Start: 5, End: 6}},
		{Code: "A", Severity: diag.Error, Span: diag.Span{Start: 1, End: 2}, Message: "m"},
		{Code: "A", Severity: diag.Error, Span: diag.Span{Start: 1, End: 2}, Message: "m"},
		{Code: "C", Severity: diag.Error, Span: diag.Span{Start: 5, End: 6}},
	}.Resolve(src)
	var codes []string
	for _, f := range l {
		codes = append(codes, f.Code)
	}
	if strings.Join(codes, ",") != "A,C,B" {
		t.Errorf("order %v", codes)
	}
	if !l.HasErrors() {
		t.Error("HasErrors false")
	}
	if w, ok := l.Worst(); !ok || w != diag.Error {
		t.Errorf("Worst = %v %v", w, ok)
	}
	if (diag.List{{Severity: diag.Suggestion}}).HasErrors() {
		t.Error("a suggestion is not an error")
	}
}

// TestReportJSON: the JSON form is Access Analyzer's ValidatePolicyFinding.
func TestReportJSON(t *testing.T) {
	src := diag.NewSource("p", "{\n  \"Statement\": [{\"Effect\": \"Allow\"}]\n}")
	start := strings.Index(src.Text, "{\"Effect")
	l := diag.List{{
		Severity: diag.Error, Code: "MISSING_ACTION", Message: "Add an Action.", Link: "https://x",
		Path: diag.Path{}.Value("Statement").Index(0),
		Span: diag.Span{Start: start, End: start + 19},
		More: []diag.Place{{Path: diag.Path{}.Value("Statement").Key("Effect"), Span: diag.Span{Start: start + 1, End: start + 9}}},
	}}.Resolve(src)
	b, err := json.Marshal(l.Reports())
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"findingType":"ERROR","issueCode":"MISSING_ACTION","findingDetails":"Add an Action.","learnMoreLink":"https://x","locations":[` +
		`{"path":[{"value":"Statement"},{"index":0}],"span":{"start":{"line":2,"column":16,"offset":18},"end":{"line":2,"column":35,"offset":37}}},` +
		`{"path":[{"value":"Statement"},{"key":"Effect"}],"span":{"start":{"line":2,"column":17,"offset":19},"end":{"line":2,"column":25,"offset":27}}}]}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back []diag.Report
	if err := json.Unmarshal(b, &back); err != nil || back[0].Locations[1].Path[1].Name != "Effect" || back[0].Locations[0].Path[1].N != 0 {
		t.Errorf("round trip: %v %+v", err, back)
	}
	if b, _ := json.Marshal(diag.List{}.Reports()); string(b) != "[]" {
		t.Errorf("empty list is %s, want []", b)
	}
}

func TestRender(t *testing.T) {
	src := diag.NewSource("p.json", "{\n\t\"Effect\": \"Alow\"\n}")
	start := strings.Index(src.Text, `"Alow"`)
	l := diag.List{{Severity: diag.Error, Code: "INVALID_EFFECT", Message: "bad effect", Span: diag.Span{Start: start, End: start + 6}}}.Resolve(src)
	var b bytes.Buffer
	diag.Render(&b, src, l)
	want := "p.json:2:12: error: bad effect [INVALID_EFFECT]\n    \t\"Effect\": \"Alow\"\n    \t          ^~~~~~\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// TestRenderLongLine: one-line policies pasted from documentation show a
// window around the caret, and the caret stays under the right character.
func TestRenderLongLine(t *testing.T) {
	line := strings.Repeat("a", 500) + "X" + strings.Repeat("b", 500)
	src := diag.NewSource("p", line)
	l := diag.List{{Severity: diag.Warning, Code: "C", Message: "m", Span: diag.Span{Start: 500, End: 501}}}.Resolve(src)
	var b bytes.Buffer
	diag.Render(&b, src, l)
	out := strings.Split(b.String(), "\n")
	if len([]rune(out[1])) > 110 {
		t.Errorf("excerpt is %d characters", len([]rune(out[1])))
	}
	caret := strings.IndexRune(out[2], '^')
	if []rune(out[1])[len([]rune(out[2][:caret]))] != 'X' {
		t.Errorf("caret not under X:\n%s\n%s", out[1], out[2])
	}
	if !strings.HasPrefix(out[0], "p:1:501: warning: m [C]") {
		t.Errorf("header %q", out[0])
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []diag.Severity{diag.Error, diag.SecurityWarning, diag.Warning, diag.Suggestion} {
		if got, ok := diag.ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%s) = %v %v", s, got, ok)
		}
	}
	if _, ok := diag.ParseSeverity("FATAL"); ok {
		t.Error("FATAL accepted")
	}
}

// TestPosLongNonASCII: positions on a long line of multi-byte characters,
// across the checkpoints, agree with counting from the start.
func TestPosLongNonASCII(t *testing.T) {
	text := strings.Repeat("aü日€𝄞", 300) + "\nxé"
	src := diag.NewSource("p", text)
	for off := 0; off <= len(text); off++ {
		if off < len(text) && !utf8.RuneStart(text[off]) {
			continue
		}
		want := utf8.RuneCountInString(text[:off])
		if got := src.Pos(off).Offset; got != want {
			t.Fatalf("Pos(%d).Offset = %d, want %d", off, got, want)
		}
	}
	if p := src.Pos(len(text)); p.Line != 2 || p.Column != 2 {
		t.Errorf("end: %+v", p)
	}
}

// TestSourceConcurrent: positions asked of one Source from several
// goroutines at once agree with those asked of another one alone (run with
// -race: the line table is built by the first of them).
func TestSourceConcurrent(t *testing.T) {
	text := strings.Repeat("{\"ä\": 1,\n  \"b\": [2, 3]}\r\n", 40)
	alone := diag.NewSource("alone", text)
	want := make([]diag.Pos, len(text)+1)
	for off := range want {
		want[off] = alone.Pos(off)
	}
	shared := diag.NewSource("shared", text)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for off := g; off <= len(text); off += 7 {
				if got := shared.Pos(off); got != want[off] {
					t.Errorf("offset %d: %+v, want %+v", off, got, want[off])
					return
				}
			}
		}()
	}
	wg.Wait()
}

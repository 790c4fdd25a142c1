package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadRun: any document either loads and runs, or is refused with an
// error placed inside it; never a panic. A loaded document runs the same way
// twice.
//
//	go test ./core/scenario -run '^$' -fuzz FuzzLoadRun
func FuzzLoadRun(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/scenarios/*.json")
	for _, file := range files {
		if !strings.HasSuffix(file, ".golden.json") {
			b, _ := os.ReadFile(file)
			f.Add(b)
		}
	}
	f.Add([]byte(`{"scenario": 1, "principals": {"a": {"arn": "arn:aws:iam::111122223333:user/a"}}, "steps": [{"as": "a", "op": "sts:AssumeRole", "input": {"RoleArn": 5}}, {"as": "a", "op": "iam:GetServiceLinkedRoleDeletionStatus", "input": {"DeletionTaskId": "$0.x"}}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		s, err := Load("fuzz.json", doc)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("not a placed error: %v", err)
			}
			if e.Pos.Line < 1 || e.Pos.Offset > len([]rune(string(doc))) {
				t.Fatalf("error placed outside the document: %+v", e)
			}
			return
		}
		t1, err1 := s.Run()
		a, _ := json.Marshal(t1)
		s2, _ := Load("fuzz.json", doc)
		t2, err2 := s2.Run()
		b, _ := json.Marshal(t2)
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("two runs of the same document end differently: %v, %v", err1, err2)
		}
		if string(a) != string(b) {
			t.Fatal("two runs of the same document differ")
		}
	})
}

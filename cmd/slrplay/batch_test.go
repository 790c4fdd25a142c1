package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"slrplay/core/eval"
)

// corpusCases is testdata/eval's conformance corpus as evaluation cases
// (its annotations, which the evaluator refuses as unknown fields, left
// out; a line that is not JSON kept as it is), repeated times.
func corpusCases(t testing.TB, repeat int) []byte {
	t.Helper()
	files, err := filepath.Glob("../../testdata/eval/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var once bytes.Buffer
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(text, []byte("\n")) {
			var c map[string]json.RawMessage
			if json.Unmarshal(line, &c) == nil {
				for _, a := range []string{"expect", "doc", "rule", "note"} {
					delete(c, a)
				}
				line, _ = json.Marshal(c)
			}
			once.Write(line)
			once.WriteByte('\n')
		}
	}
	return bytes.Repeat(once.Bytes(), repeat)
}

// batch runs eval --batch over in with the given number of workers.
func batch(in []byte, workers int, explain bool) (int, string, string) {
	var out, errOut bytes.Buffer
	code := evalBatch("-", eval.Options{Trace: explain}, workers, bytes.NewReader(in), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestBatchParallelSameOutput: the workers change nothing a reader of the
// output sees: the same lines, in the same order, the same messages and
// status as one worker at a time, over the whole conformance corpus.
func TestBatchParallelSameOutput(t *testing.T) {
	in := corpusCases(t, 3)
	// And a line that is not a case, a blank line, and one too long.
	in = append(in, "{\"id\": \"broken\", \"request\": \n\n"...)
	in = append(in, `{"id": "big", "note": "`+strings.Repeat("x", eval.MaxCaseBytes)+`"}`+"\n"...)
	in = append(in, corpusCases(t, 1)...)
	for _, explain := range []bool{false, true} {
		code1, out1, err1 := batch(in, 1, explain)
		lines := strings.Count(out1, "\n")
		if lines < 3*400 || !strings.Contains(out1, `"evalDecision":"allowed"`) || !strings.Contains(out1, `"evalDecision":"explicitDeny"`) || code1 != 2 {
			t.Fatalf("one worker: exit %d, %d lines", code1, lines)
		}
		for _, workers := range []int{2, 3, 8} {
			code, out, errOut := batch(in, workers, explain)
			if code != code1 || out != out1 || errOut != err1 {
				t.Errorf("%d workers, explain %v: exit %d (want %d), output the same: %v, messages the same: %v", workers, explain, code, code1, out == out1, errOut == err1)
			}
		}
	}
}

// TestBatchStreams: each result is written as soon as the lines before it
// are, not when the input ends, so a program can talk to eval --batch
// through a pipe, a case at a time.
func TestBatchStreams(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() {
		done <- evalBatch("-", eval.Options{}, 2, inR, outW, io.Discard)
		outW.Close()
	}()
	results := bufio.NewReader(outR)
	for i := range 3 {
		fmt.Fprintf(inW, `{"id": "c%d", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}], "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}`+"\n", i)
		got := make(chan string, 1)
		go func() {
			line, _ := results.ReadString('\n')
			got <- line
		}()
		select {
		case line := <-got:
			if !strings.Contains(line, fmt.Sprintf(`"id":"c%d"`, i)) {
				t.Fatalf("case %d: %s", i, line)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("case %d: no result while the input stays open", i)
		}
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// BenchmarkEvalBatch evaluates the conformance corpus (20 copies) with as
// many workers as GOMAXPROCS: go test -bench EvalBatch -cpu 1,2 shows what
// a second core gives (ns/case) and what it costs (cpu-ns/case, the CPU
// time of the process: on a busy machine the wall time says less).
func BenchmarkEvalBatch(b *testing.B) {
	in := corpusCases(b, 20)
	cases := bytes.Count(in, []byte("\n"))
	workers := runtime.GOMAXPROCS(0)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if code := evalBatch("-", eval.Options{}, workers, bytes.NewReader(in), io.Discard, io.Discard); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cases), "ns/case")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N*cases), "cpu-ns/case")
}

// endless is a batch that never ends, counting what was read of it.
type endless struct {
	line []byte
	read atomic.Int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n+len(e.line) <= len(p) {
		n += copy(p[n:], e.line)
	}
	e.read.Add(int64(n))
	return n, nil
}

// stuck is an output nobody reads: writes block until the test ends.
type stuck struct{ release chan struct{} }

func (s stuck) Write(p []byte) (int, error) {
	<-s.release
	return 0, io.ErrClosedPipe
}

// TestBatchBoundedMemory: while the output waits, the batch reads ahead no
// more than its window, however much input there is.
func TestBatchBoundedMemory(t *testing.T) {
	in := &endless{line: []byte(`{"id": "c", "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}], "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}` + "\n")}
	out := stuck{make(chan struct{})}
	done := make(chan struct{})
	go func() {
		evalBatch("-", eval.Options{}, 2, in, out, io.Discard)
		close(done)
	}()
	var read int64
	for range 50 { // until reading stops
		time.Sleep(20 * time.Millisecond)
		if now := in.read.Load(); now == read && now > 0 {
			break
		} else {
			read = now
		}
	}
	// The window: 2 workers × batchWindow chunks of at most chunkLines
	// lines, the output's and the input's buffers, and a chunk in hand.
	limit := int64((2*batchWindow+3)*chunkLines*len(in.line) + 2*64<<10)
	if read == 0 || read > limit {
		t.Errorf("read %d bytes ahead of a stuck output; the window is %d", read, limit)
	}
	close(out.release)
	<-done
}

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"slrplay/core/eval"
)

// batchWindow is how many lines per worker a batch holds at once: read and
// waiting for a worker, being evaluated, or evaluated and waiting for the
// lines before them to be written. It bounds the memory (a line is at most
// eval.MaxCaseBytes) and keeps every worker busy while one case is slow.
const batchWindow = 4

// batchCase is one line of a batch on its way through the pipeline; done
// is closed once out holds its result line.
type batchCase struct {
	n    int    // the line's number in the file
	line []byte // nil when cut: larger than eval.MaxCaseBytes
	size int
	err  error // reading stopped here: no result, the batch ends

	out    []byte // the result line, with its newline
	msg    string // for standard error: why the case is not a case
	status int    // 2 for a line that is not a case, 1 for policies that do not validate
	done   chan struct{}
}

// evalBatch evaluates a JSON Lines file, streaming: one result line per case
// line, in the order of the lines, the cases evaluated by workers at once.
// A reader hands the lines to the workers and, in the same order, to the
// writer, which waits for each line's result in turn; at most batchWindow
// lines per worker are in flight, so memory stays bounded however long the
// file. The output is the same, byte for byte, whatever the number of
// workers. Its status is 2 if a line is not a case, else 1 if a case's
// policies do not validate.
func evalBatch(file string, opt eval.Options, workers int, stdin io.Reader, stdout, stderr io.Writer) int {
	var r io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
			return 2
		}
		defer f.Close()
		r = f
	}
	in := &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: eval.MaxCaseBytes}
	in.r.Peek(1) // what the first read gives, without waiting for more from a pipe
	start, _ := in.r.Peek(min(64, in.r.Buffered()))
	if err := checkEncoding(file, start); err != nil {
		fmt.Fprintf(stderr, "slrplay eval: %v\n", err)
		return 2
	}
	workers = max(workers, 1)
	order := make(chan *batchCase, workers*batchWindow) // the lines in flight, in order: its capacity is the window
	todo := make(chan *batchCase, workers)
	stop := make(chan struct{}) // closed when the writer gives up: the reader stops
	defer close(stop)
	go readBatch(in, order, todo, stop)
	for range workers {
		go func() {
			for c := range todo {
				c.evaluate(displayName(file), opt)
				close(c.done)
			}
		}()
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	status := 0
	for c := range order {
		<-c.done
		if c.err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "slrplay eval: %s: %v\n", displayName(file), c.err)
			return 2
		}
		if c.msg != "" {
			out.Flush() // the message follows the lines before it
			fmt.Fprint(stderr, c.msg)
		}
		out.Write(c.out)
		status = max(status, c.status)
		if len(order) == 0 {
			out.Flush() // the input is slower than the cases: show what is done (standard input, a pipe)
		}
	}
	return status
}

// readBatch reads the lines of a batch into cases, sent in order to the
// writer and to the workers; a read error is the last case. Blank lines
// have no result.
func readBatch(in *lineReader, order, todo chan<- *batchCase, stop <-chan struct{}) {
	defer close(order)
	defer close(todo)
	for n := 1; ; n++ {
		line, size, err := in.next()
		if err == io.EOF {
			return
		}
		c := &batchCase{n: n, size: size, err: err, done: make(chan struct{})}
		if err == nil && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err == nil && size <= eval.MaxCaseBytes {
			c.line = slices.Clone(line) // the reader's buffer is the next line's
		}
		select {
		case order <- c:
		case <-stop:
			return
		}
		if err != nil {
			close(c.done)
			return
		}
		select {
		case todo <- c:
		case <-stop:
			return
		}
	}
}

// evaluate runs the case and keeps its result line; a line that is not a
// case gets an error line and a message naming its place in file.
func (c *batchCase) evaluate(file string, opt eval.Options) {
	var res *eval.CaseResult
	var err error
	if c.line == nil {
		err = &eval.ErrCase{Reason: fmt.Sprintf("the case is %s; cases are read up to %s", eval.Size(c.size), eval.Size(eval.MaxCaseBytes)), Offset: -1}
	} else {
		res, err = eval.RunCase(c.line, opt)
	}
	var bad *eval.ErrCase
	switch {
	case errors.As(err, &bad):
		res = bad.Result(idOf(res), string(c.line))
		at := fmt.Sprintf("%s:%d", file, c.n)
		if loc := res.Errors[0].Locations; len(loc) > 0 {
			at += fmt.Sprintf(":%d", loc[0].Span.Start.Column+1)
		}
		c.msg = fmt.Sprintf("%s: %s\n", at, bad.Reason)
		c.status = 2
	case res.EvalDecision == eval.Error:
		c.status = 1
	}
	c.out = append(res.AppendJSON(nil), '\n')
	c.line = nil // done with: the window holds results, not cases
}

// idOf is the id of a case that could be read that far.
func idOf(res *eval.CaseResult) string {
	if res == nil {
		return ""
	}
	return res.ID
}

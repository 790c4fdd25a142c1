package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"slrplay/core/eval"
)

// A batch moves through its pipeline in chunks of lines, so that handing
// work between goroutines costs little beside a case's few microseconds.
// A chunk ends after chunkLines lines or chunkBytes bytes, or when the
// input has nothing more to read yet (a pipe: the cases so far are
// answered without waiting for the next).
const (
	chunkLines = 64
	chunkBytes = 256 << 10
	// batchWindow is how many chunks per worker are in flight at once:
	// read and waiting for a worker, being evaluated, or evaluated and
	// waiting for the chunks before them to be written. It bounds the
	// memory: window × (chunkBytes + a line of at most eval.MaxCaseBytes).
	batchWindow = 4
)

// chunk is a run of lines on its way through the pipeline; done is closed
// once out holds their result lines.
type chunk struct {
	text  []byte      // the lines read, one after another
	lines []chunkLine // where each is in text
	err   error       // reading stopped after these lines: the batch ends

	out    []byte    // the result lines, each with its newline
	msgs   []message // for standard error: why a line is not a case
	status int       // 2 if a line is not a case, 1 if a case's policies do not validate
	done   chan struct{}
}

// chunkLine is a line of a chunk: its number in the file, and its bytes in
// text (none when it was cut, larger than eval.MaxCaseBytes).
type chunkLine struct {
	n, from, to, size int
}

// message is a line's message, written once out[:at] is.
type message struct {
	at   int
	text string
}

// evalBatch evaluates a JSON Lines file, streaming: one result line per case
// line, in the order of the lines, the cases evaluated by workers at once.
// A reader hands chunks of lines to the workers and, in the same order, to
// the writer, which waits for each chunk's results in turn; at most
// batchWindow chunks per worker are in flight, so memory stays bounded
// however long the file. The output is the same, byte for byte, whatever
// the number of workers. Its status is 2 if a line is not a case, else 1
// if a case's policies do not validate.
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
	defer tuneGC()()
	workers = max(workers, 1)
	order := make(chan *chunk, workers*batchWindow) // the chunks in flight, in order: its capacity is the window
	todo := make(chan *chunk, workers)
	stop := make(chan struct{}) // closed when the writer is done: the reader stops
	defer close(stop)
	go readBatch(in, order, todo, stop)
	name := displayName(file)
	for range workers {
		go func() {
			for c := range todo {
				c.evaluate(name, opt)
				close(c.done)
			}
		}()
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	status := 0
	for c := range order {
		<-c.done
		at := 0
		for _, m := range c.msgs {
			out.Write(c.out[at:m.at])
			out.Flush() // the message follows the lines before it
			fmt.Fprint(stderr, m.text)
			at = m.at
		}
		out.Write(c.out[at:])
		status = max(status, c.status)
		if c.err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "slrplay eval: %s: %v\n", name, c.err)
			return 2
		}
		if len(order) == 0 {
			out.Flush() // the input is slower than the cases: show what is done (standard input, a pipe)
		}
		if _, err := out.Write(nil); err != nil { // bufio keeps a failed write's error: the output is gone, stop reading
			fmt.Fprintf(stderr, "slrplay eval: writing the results: %v\n", err)
			return 2
		}
	}
	return status
}

// tuneGC makes garbage collection rare while a batch runs, and returns
// what undoes it. A batch keeps little alive (its window) and allocates
// much: at Go's default (GOGC=100, a heap of 4 MB at least) it collects
// every few milliseconds, each time stopping every worker, so that a
// second core added half again to the CPU time. A heap of up to eleven
// times what is alive, within 256 MiB, cuts that to a tenth. GOGC or
// GOMEMLIMIT set in the environment win.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(256 << 20)
	percent := debug.SetGCPercent(1000)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// readBatch reads the lines of a batch into chunks, sent in order to the
// writer and to the workers; a read error ends the last chunk. Blank lines
// have no result.
func readBatch(in *lineReader, order, todo chan<- *chunk, stop <-chan struct{}) {
	defer close(order)
	defer close(todo)
	c := &chunk{done: make(chan struct{})}
	for n := 1; ; n++ {
		line, size, err := in.next()
		if err != nil && err != io.EOF {
			c.err = err
		}
		if err == nil && len(bytes.TrimSpace(line)) > 0 {
			l := chunkLine{n: n, from: len(c.text), size: size}
			if size <= eval.MaxCaseBytes {
				c.text = append(c.text, line...) // the reader's buffer is the next line's
			}
			l.to = len(c.text)
			c.lines = append(c.lines, l)
		}
		last := err != nil
		if !last && len(c.lines) < chunkLines && len(c.text) < chunkBytes && in.r.Buffered() > 0 {
			continue
		}
		if len(c.lines) > 0 || c.err != nil {
			select {
			case order <- c:
			case <-stop:
				return
			}
			select {
			case todo <- c:
			case <-stop:
				return
			}
			c = &chunk{done: make(chan struct{})}
		}
		if last {
			return
		}
	}
}

// evaluate runs the chunk's cases and keeps their result lines; a line that
// is not a case gets an error line and a message naming its place in file.
func (c *chunk) evaluate(file string, opt eval.Options) {
	for _, l := range c.lines {
		line := c.text[l.from:l.to]
		var res *eval.CaseResult
		var err error
		if l.size > eval.MaxCaseBytes {
			line = nil // not read: no place in it to name
			err = &eval.ErrCase{Reason: fmt.Sprintf("the case is %s; cases are read up to %s", eval.Size(l.size), eval.Size(eval.MaxCaseBytes)), Offset: -1}
		} else {
			res, err = eval.RunCase(line, opt)
		}
		var bad *eval.ErrCase
		switch {
		case errors.As(err, &bad):
			res = bad.Result(idOf(res), string(line))
			at := fmt.Sprintf("%s:%d", file, l.n)
			if loc := res.Errors[0].Locations; len(loc) > 0 {
				at += fmt.Sprintf(":%d", loc[0].Span.Start.Column+1)
			}
			c.msgs = append(c.msgs, message{at: len(c.out), text: fmt.Sprintf("%s: %s\n", at, bad.Reason)})
			c.status = 2
		case res.EvalDecision == eval.Error:
			c.status = max(c.status, 1)
		}
		c.out = append(res.AppendJSON(c.out), '\n')
	}
	c.text, c.lines = nil, nil // done with: the window holds results, not cases
}

// idOf is the id of a case that could be read that far.
func idOf(res *eval.CaseResult) string {
	if res == nil {
		return ""
	}
	return res.ID
}

// Why a Go program died, from what it printed: wasm_exec.js writes the
// program's output through globalThis.fs.writeSync (to the console), and a
// Go program that dies says so in a "fatal error:" or "panic:" line before
// its goroutines. Shared by the page's two core instances, with the words
// the page's messages use for why a core stopped and what it was doing.

/** reasons puts each reason in words for a sentence "The core … while …". */
export const reasons = {
  memory: 'ran out of memory',
  internal: 'hit an internal error',
  exit: 'stopped unexpectedly',
  crash: 'crashed',
  timeout: 'took too long',
};

/** doing says what each of the core's calls (wasm/browser/main.go) was doing, for the same sentence. */
export const doing = {
  lint: 'checking a policy',
  evaluate: 'deciding the request',
  run: 'running the scenario',
  encode: 'making a link',
  decode: 'reading a link',
  summarize: 'summarizing a policy',
  names: 'listing AWS’s names',
  describe: 'describing an action',
  describeKey: 'describing a condition key',
  compare: 'comparing two policies',
  useReference: 'taking in AWS’s catalog',
  useDetails: 'taking in the details of AWS’s actions',
};

/**
 * watch taps the output of the Go programs of this global (wasm_exec.js must
 * be loaded) and returns {reason(err), detail(err), reset()}: reason names
 * why the program that printed died ('memory', 'internal' or 'exit'), given
 * what it threw if anything; reset forgets, for the next program.
 */
export function watch() {
  let last = ''; // the line being written
  let fatal = ''; // the first fatal error or panic line
  const decoder = new TextDecoder();
  const write = globalThis.fs.writeSync;
  globalThis.fs.writeSync = function (fd, buf) {
    if (!fatal) {
      const lines = (last + decoder.decode(buf)).split('\n');
      last = lines.pop().slice(-1000);
      fatal = lines.find((l) => /^(fatal error|panic): /.test(l)) || '';
    }
    return write.call(this, fd, buf);
  };
  return {
    reason(err) {
      if (/out of memory/.test(fatal) || err instanceof RangeError) return 'memory';
      if (fatal || err) return 'internal';
      return 'exit';
    },
    detail: (err) => String((err && err.message) || fatal),
    reset() {
      last = '';
      fatal = '';
    },
  };
}

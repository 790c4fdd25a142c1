// Why a Go program died, from what it printed: wasm_exec.js writes the
// program's output through globalThis.fs.writeSync (to the console), and a
// Go program that dies says so in a "fatal error:" or "panic:" line before
// its goroutines. Shared by the page's two core instances.

/** reasons puts each reason in words for a sentence "The core … while …". */
export const reasons = {
  memory: 'ran out of memory',
  internal: 'hit an internal error',
  exit: 'stopped unexpectedly',
  crash: 'crashed',
  timeout: 'took too long',
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

// The page's second core instance: the same WebAssembly module, compiled
// once by the page and sent here, answering the page's heavy calls (lint,
// evaluate, run) off the main thread. main.go registers self.slrplay; a
// worker has no document, so nothing else is touched.
//
// When the core stops (the Go program exits: out of memory, a panic) or
// traps, this worker is no use any more: it says so, with the reason in a
// word the page can put in a sentence, and the page replaces it.
/* global Go, importScripts */
import { watch } from './gostop.js';

importScripts('wasm_exec.js');

// What the core printed says why it died.
const output = watch();

let go = null;
let stopped = false;
let maxAnswer = Infinity; // the most the page reads of an answer, in characters

/** stop tells the page the core is gone; the page terminates this worker. */
function stop(id, err) {
  if (stopped) return;
  stopped = true;
  self.postMessage({ type: 'stopped', id, reason: output.reason(err), detail: output.detail(err) });
}

self.onmessage = async (e) => {
  const m = e.data;
  if (m && m.type === 'init') {
    try {
      self.slrplayCatalog = m.catalog;
      self.slrplayReference = m.reference || '';
      self.slrplayDetails = m.details || '';
      maxAnswer = m.maxAnswer || Infinity;
      go = new Go();
      go.env = { GOGC: '400' }; // the core's garbage collection: see wasm/browser/main.go
      const instance = await WebAssembly.instantiate(m.module, go.importObject);
      // go.run settles when the Go program exits, which it never does on its own.
      const exited = go.run(instance);
      if (go.exited || !self.slrplay) throw new Error('the core did not register slrplay');
      exited.then(
        () => stop(undefined),
        (err) => stop(undefined, err),
      );
      self.postMessage({ type: 'ready' });
    } catch (err) {
      self.postMessage({ type: 'failed', message: String((err && err.message) || err) });
    }
    return;
  }
  if (stopped) return;
  let result;
  let wanted = [];
  try {
    result = self.slrplay[m.fn](...m.args);
    // The services whose details the answer needed and the core lacked: the page fetches them and asks again.
    if (self.slrplay.lastWanted) wanted = JSON.parse(self.slrplay.lastWanted);
  } catch (err) {
    // The core answers every input, errors included, with JSON: a throw
    // is a trap or an exception through the middle of the Go runtime,
    // which leaves it in no state to go on.
    stop(m.id, err);
    return;
  }
  if (go.exited || typeof result !== 'string') {
    stop(m.id);
    return;
  }
  if (result.length > maxAnswer) {
    const mb = (n) => `${Math.ceil(n / (1024 * 1024))} MB`;
    self.postMessage({ id: m.id, error: `the answer is ${mb(result.length)}, more than the page can show (${mb(maxAnswer)})` });
    return;
  }
  self.postMessage({ id: m.id, result, wanted });
};
